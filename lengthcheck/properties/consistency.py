"""(n, r)-consistency: can n windows of length r find the next step at every length?

Two forms (DESIGN §2):

* recover (arXiv Def 3.3): every state and increasing k-tuple of positions
  (k <= n) is a query; its key is the k windows, its label the read offsets if
  the tuple anchors a ready step, else NONE. Consistent iff equal keys always
  carry equal labels.
* local-rule (ICLR Def 3.2): for same-length steps, every position's next token
  is a function of its window (and, for n >= 2, of the windows at the unique
  positions of some marker tokens).

For one window (n = 1) every query of every state goes through one dict
(`_scan_single`); for n >= 2 tuples are never enumerated: each state's
positions are indexed by window and only tuples that reproduce a true anchor
key are looked at (`_scan_tuples`). Sizes are processed in increasing order,
so the first conflict found has the smallest larger size; among those, the
smallest total size is reported.

States come from the exploration's store (`exploration.States`) by number:
windows are slices of the packed state (bytes, one byte per token), and what
a step's ready reads give (anchor tuples and labels) is computed once per step
signature, not once per state. Queries shown to the user are rebuilt from
the state's tokens (`_query`), exactly as before.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from lengthcheck.events import CheckTried
from lengthcheck.properties.explored import Exploration, Groups, States
from lengthcheck.properties.trend import classify
from lengthcheck.properties.windows import (
    COVER_RULES,
    Key,
    Offsets,
    Own,
    Unlabelled,
    ready_labels,
    uncoverable_detail,
    window,
)
from lengthcheck.results import NONE, ConsistencyCheck, Counterexample, MinimalR, Query

# ---------------------------------------------------------------------------
# one check: (form, n, r) at the bound


@dataclass
class _Failure:
    """A conflict; its counterexample is built only if this failure is the one reported."""

    bound: int  # the larger size of the two queries
    total: int  # both sizes added
    build: Callable[[], Counterexample]

    @property
    def counterexample(self) -> Counterexample:
        return self.build()


def _query(store: States, i: int, anchor: tuple[int, ...], h: int, label: object,
           size: int | None = None) -> Query:
    """A query on state number i, with the windows cut from its tokens."""
    state = store.state(i)
    wins = tuple(window(state, c, h) for c in anchor)
    return Query(store.instance(i), store.size(i) if size is None else size,
                 store.step_index(i), state, anchor, wins, label)


BuildCounterexample = Callable[[], Counterexample]  # called only when the failure is reported
_MISSING = object()


def _problem_counterexample(store: States, i: int, problem: Unlabelled, n: int, h: int,
                            size: int | None = None) -> BuildCounterexample:
    if problem.kind == "uncoverable":
        reads = tuple(sorted(problem.reads))
        return lambda: Counterexample(
            "uncoverable",
            _query(store, i, reads, h, "reads", size),
            detail=uncoverable_detail(reads, n, h),
        )
    a, first, second = problem.anchor, problem.first, problem.second
    return lambda: Counterexample(
        "anchor-conflict",
        _query(store, i, a, h, first, size),
        _query(store, i, a, h, second, size),
        detail="two ready steps share an anchor tuple but read different positions",
    )


class _ReadyLabels:
    """`ready_labels` per step signature, computed once for a check."""

    def __init__(self, store: States, n: int, h: int, rule: str) -> None:
        self.store, self.n, self.h, self.rule = store, n, h, rule
        self.cache: dict[int, tuple[Own, Unlabelled | None]] = {}

    def __call__(self, number: int) -> tuple[Own, Unlabelled | None]:
        got = self.cache.get(number)
        if got is None:
            sig = self.store.sigs[number]
            got = self.cache[number] = ready_labels(sig[1], sig[3], self.n, self.h, self.rule)
        return got


# make(i) -> (namespace, keys, labels), a counterexample builder, or None to skip the state
QueryMaker = Callable[[int], "tuple[object, list[Key], Sequence] | BuildCounterexample | None"]


def _scan_single(
    groups: Groups,
    make: QueryMaker,
    rebuild: Callable[[int, int, object], Query],
    shown: Callable[[object], object] | None = None,
) -> tuple[_Failure | None, int | None]:
    """One query per position of each state: equal keys must carry equal labels.

    `make(i)` gives state i's namespace (a part of the key shared by all its
    positions, e.g. the locator windows), keys and labels — or a function that
    builds a counterexample, or None to skip the state. `shown` turns a label
    as stored into the label shown (a token code into the token). Returns the
    smallest failure and, when none, the coverage size (the last size that
    showed a new key).
    """
    tables: dict[object, dict[Key, tuple[object, int]]] = {}
    coverage = None
    ranges = groups.ranges
    for size in sorted(ranges):
        found: list[_Failure] = []
        conflicts = []
        for i in ranges[size]:
            made = make(i)
            if made is None:
                continue
            if callable(made):
                found.append(_Failure(size, 2 * size, made))
                continue
            space, keys, labels = made
            first = tables.setdefault(space, {})
            before = len(first)
            remember = first.setdefault
            for pos, key in enumerate(keys):
                value = (labels[pos], size)
                got = remember(key, value)
                if got[0] != value[0]:
                    conflicts.append(
                        (got[1] + size, i, pos, (space, key), got[0], got[1], value[0])
                    )
            if len(first) > before:
                coverage = size
        if conflicts:
            total, i, pos, key, old_label, old_size, label = min(conflicts, key=lambda c: c[0])
            earlier = _find_first(ranges[old_size], make, key, old_label, rebuild)
            later = rebuild(i, pos, label)
            if shown is not None:
                old_label, label = shown(old_label), shown(label)
            kind = "decoy" if NONE in (old_label, label) else "anchor-conflict"
            if old_label == NONE:  # keep the true anchor first: the decoy "looks like" it
                earlier, later = later, earlier
            cx = Counterexample(kind, earlier, later)
            found.append(_Failure(size, total, lambda cx=cx: cx))
        if found:
            return min(found, key=lambda f: f.total), None
    return None, coverage


def _find_first(numbers: range, make: QueryMaker, key: Key, label: object, rebuild) -> Query:
    for i in numbers:
        made = make(i)
        if made is None or callable(made):
            continue
        space, keys, labels = made
        for pos, k in enumerate(keys):
            if (space, k) == key and labels[pos] == label:
                return rebuild(i, pos, label)
    raise AssertionError("a recorded key has no witness")  # pragma: no cover


def check_recover(
    exploration: Exploration,
    n: int,
    r: int,
    rule: str = "min",
    include_final: bool = True,
) -> ConsistencyCheck:
    """Decide the recover form of (n, r)-consistency over every reachable state.

    `rule` is the anchor rule for n = 1 and the cover rule for n >= 2.
    """
    h = (r - 1) // 2
    groups = exploration.states_by_size()
    if n == 1:
        failure, coverage = _recover_single(groups, h, rule, include_final)
    else:
        failure, coverage = _recover_tuples(groups, n, h, rule, include_final)
    return _result("recover", n, r, failure, coverage, anchor_rule=rule)


def _result(form, n, r, failure, coverage, anchor_rule=None, locators=()) -> ConsistencyCheck:
    if failure is None:
        return ConsistencyCheck(form, n, r, True, None, None, anchor_rule, locators, coverage)
    cx = failure.counterexample
    cx = Counterexample(cx.kind, cx.first, cx.second, form, n, r, anchor_rule, cx.detail)
    return ConsistencyCheck(form, n, r, False, failure.bound, cx, anchor_rule, locators, None)


def _recover_single(groups: Groups, h: int, rule: str, include_final: bool):
    store = groups.store
    keys, sig = store.keys, store.sig
    pad = store.codec.pad * h
    width = 2 * h + 1
    ready_labels = _ReadyLabels(store, 1, h, rule)
    label_lists: dict[tuple[int, int], list | None] = {}

    def labels_for(number: int, length: int) -> list | None:
        """Each position's label for a step signature and a state length (shared)."""
        labels: list[object] = [NONE] * length
        if number >= 0:
            own, problem = ready_labels(number)
            if problem is not None:
                return None
            for (a,), label in own.items():
                labels[a] = label
        return labels

    def make(i: int):
        number = sig[i]
        if number < 0 and not include_final:
            return None
        key = keys[i]
        length = len(key)
        labels = label_lists.get((number, length), _MISSING)
        if labels is _MISSING:
            labels = label_lists[(number, length)] = labels_for(number, length)
        if labels is None:
            return _problem_counterexample(store, i, ready_labels(number)[1], 1, h)
        padded = pad + key + pad
        return None, [padded[c : c + width] for c in range(length)], labels

    def rebuild(i: int, pos: int, label: object) -> Query:
        return _query(store, i, (pos,), h, label)

    return _scan_single(groups, make, rebuild)


def _recover_tuples(groups: Groups, n: int, h: int, cover: str, include_final: bool):
    """n >= 2: register every true anchor key, then look for decoys by window index."""
    store = groups.store
    keys, sig = store.keys, store.sig
    ranges = groups.ranges
    ready_labels = _ReadyLabels(store, n, h, cover)
    true: dict[Key, tuple[Offsets, int, int, tuple[int, ...]]] = {}
    best: _Failure | None = None

    def keep(failure: _Failure) -> None:
        nonlocal best
        if best is None or (failure.bound, failure.total) < (best.bound, best.total):
            best = failure

    coverage = 0
    pad = store.codec.pad * h
    width = 2 * h + 1
    for size in sorted(ranges):
        if best is not None and size > best.bound:
            break  # a failure found later could only have a larger bound
        for i in ranges[size]:
            number = sig[i]
            if number < 0:
                continue  # a final state anchors nothing
            own, problem = ready_labels(number)
            if problem is not None:
                keep(_Failure(size, 2 * size,
                              _problem_counterexample(store, i, problem, n, h, size)))
                continue
            padded = pad + keys[i] + pad
            for anchor, label in own.items():
                key = tuple(padded[a : a + width] for a in anchor)
                seen = true.get(key)
                if seen is None:
                    true[key] = (label, i, size, anchor)
                    coverage = max(coverage, size)
                elif seen[0] != label:
                    old_label, old_i, old_size, old_anchor = seen
                    keep(
                        _Failure(
                            size,
                            size + old_size,
                            lambda a=(old_i, old_size, old_anchor, old_label),
                            b=(i, size, anchor, label):
                            Counterexample(
                                "anchor-conflict",
                                _query(store, a[0], a[2], h, a[3], a[1]),
                                _query(store, b[0], b[2], h, b[3], b[1]),
                            ),
                        )
                    )
    by_first: dict[Key, list[Key]] = {}
    for key in true:
        by_first.setdefault(key[0], []).append(key)
    seen_windows: set = set()
    nothing: Own = {}
    for size in sorted(ranges):
        if best is not None and size > best.bound:
            break
        for i in ranges[size]:
            number = sig[i]
            if number < 0 and not include_final:
                continue
            key_i = keys[i]
            padded = pad + key_i + pad
            index: dict[Key, list[int]] = {}
            for pos in range(len(key_i)):
                index.setdefault(padded[pos : pos + width], []).append(pos)
            if not seen_windows.issuperset(index):
                seen_windows.update(index)
                coverage = max(coverage, size)
            if number < 0:
                own = nothing
            else:
                own, problem = ready_labels(number)
                if problem is not None:
                    own = nothing
            for w in index:
                for key in by_first.get(w, ()):
                    label, witness, witness_size, anchor = true[key]
                    cost = (max(size, witness_size), size + witness_size)
                    if best is not None and cost >= (best.bound, best.total):
                        continue
                    decoy = _decoy(index, key, own, label)
                    if decoy is None:
                        continue
                    cx = Counterexample(
                        "decoy",
                        _query(store, witness, anchor, h, label, witness_size),
                        _query(store, i, decoy, h, own.get(decoy, NONE), size),
                    )
                    keep(_Failure(cost[0], cost[1], lambda cx=cx: cx))
    if best is not None:
        return best, None
    return None, coverage


def _decoy(index, key, own, label) -> tuple[int, ...] | None:
    """An increasing tuple of the state showing `key` that is not an anchor with `label`."""
    lists = [index.get(w) for w in key]
    if any(lst is None for lst in lists):
        return None
    for tup in _chains(lists, 0, -1):
        if own.get(tup) != label:
            return tup
    return None


def _chains(lists, j, after) -> Iterator[tuple[int, ...]]:
    if j == len(lists):
        yield ()
        return
    for p in lists[j]:
        if p > after:
            for rest in _chains(lists, j + 1, p):
                yield (p,) + rest


# ---------------------------------------------------------------------------
# local-rule form (same-length steps)


def same_length(exploration: Exploration) -> bool:
    return exploration.store.same_length


def locator_candidates(exploration: Exploration) -> list[str]:
    """Tokens that occur exactly once in every non-final state (DESIGN §2: a locator
    picks the unique position holding it; a state without one defeats it)."""
    store = exploration.store
    candidates: set | None = None
    for key, number in zip(store.keys, store.sig):
        if number < 0:
            continue
        once = {t for t in set(key) if key.count(t) == 1}
        candidates = once if candidates is None else candidates & once
        if not candidates:
            return []
    return sorted(store.codec.token(t) for t in candidates or ())


def check_local_rule(
    exploration: Exploration,
    n: int,
    r: int,
    locators: tuple[str, ...] = (),
    include_final: bool = True,
) -> ConsistencyCheck:
    """Each position's next token must be a function of its window (and the locators').

    A final state is a query too, every position labelled with its own token (the
    rule changes nothing there): halting must be recognizable from the windows,
    else a rule that rewrites a non-final state would also rewrite a final one.

    Windows are sliced again for every locator set: slicing bytes is cheaper than
    keeping every state's windows (which also took more memory than the states).
    """
    h = (r - 1) // 2
    width = 2 * h + 1
    groups = exploration.states_by_size()
    store = groups.store
    keys, sig = store.keys, store.sig
    codec = store.codec
    pad = codec.pad * h
    codes = tuple(codec.code(m) for m in locators)
    next_index = store.next_index

    def make(i: int):
        final = sig[i] < 0
        if final and not include_final:
            return None
        key = keys[i]
        padded = pad + key + pad
        wins = [padded[c : c + width] for c in range(len(key))]
        space = None
        if codes:
            space = tuple(padded[key.index(m) : key.index(m) + width] if m in key else None
                          for m in codes)
        return space, wins, key if final else keys[next_index(i)]

    def rebuild(i: int, pos: int, label: object) -> Query:
        state = store.state(i)
        at = (pos,) + tuple(state.index(m) for m in locators if m in state)
        return _query(store, i, at, h, codec.token(label))

    failure, coverage = _scan_single(groups, make, rebuild, codec.token)
    if failure is not None:
        cx = failure.counterexample
        failure = _Failure(failure.bound, failure.total,
                           lambda: Counterexample("local-rule", cx.first, cx.second))
    return _result("local-rule", n, r, failure, coverage, locators=locators)


# ---------------------------------------------------------------------------
# minimal r per bound


def _min_series(sizes, tried: dict[int, int | None], previous: dict[int, int | None] | None):
    """r_min(m) = the smallest r tried that holds at bound m (fail size > m)."""
    series: dict[int, int | None] = {}
    for m in sizes:
        ok = [r for r, fail in tried.items() if fail is None or fail > m]
        best = min(ok) if ok else None
        if previous is not None and previous.get(m) is not None:
            best = previous[m] if best is None else min(best, previous[m])
        series[m] = best
    return series


RecoverCheck = Callable[[int, int, str], ConsistencyCheck]  # (n, r, rule) -> check at the bound
LocalCheck = Callable[[int, int, tuple[str, ...]], ConsistencyCheck]  # (n, r, locators)


def minimal_recover(
    check: RecoverCheck,
    sizes: list[int],
    n_max: int,
    r_max: int,
    rule: str,
    progress: Callable[[str], None] | None = None,
    fan_in: int | None = None,
) -> tuple[list[ConsistencyCheck], list[MinimalR]]:
    """The minimal r for n = 1..n_max (recover form) at every bound, given an engine's check.

    n = 1 uses the anchor rule `rule`; each n >= 2 runs both cover rules, each
    with its own series. The shortcut (n-1, r) => (n, r) is taken only within
    one rule (and from n = 1 to greedy when the anchor rule is min, which is
    greedy with one window). Both engines run this one search; only `check`
    differs.

    `fan_in` (the most reads of any ready step): when n > fan_in, every anchor
    tuple has at most n - 1 windows under either rule, the n-tuples are all
    NONE and their keys are longer than any anchor's, so (n, r) fails exactly
    where (n - 1, r) does: the series is the previous one, no check is run.
    """
    checks: list[ConsistencyCheck] = []
    minimal: list[MinimalR] = []
    top = sizes[-1]
    previous: dict[str, dict[int, int | None]] = {}
    for n in range(1, n_max + 1):
        for name in ((rule,) if n == 1 else COVER_RULES):
            seed = previous.get(name)
            if n == 2 and name == "greedy" and rule == "min":
                seed = previous.get("min")
            if seed is not None and fan_in is not None and n > fan_in:
                series = dict(seed)  # (n, r) and (n - 1, r) have the same conflicts
                minimal.append(MinimalR("recover", n, series, classify(series), name))
                previous[name] = series
                continue
            limit = r_max
            if seed is not None and seed[top] is not None:
                limit = seed[top] - 2  # (n-1, r) holds => (n, r) holds, within this rule
            tried: dict[int, int | None] = {}
            for r in range(1, limit + 1, 2):
                if progress:
                    progress(CheckTried(f"recover form, n = {n} ({name}), r = {r}"))
                result = check(n, r, name)
                checks.append(result)
                tried[r] = result.fail_size
                if result.holds:
                    break
            series = _min_series(sizes, tried, seed)
            minimal.append(MinimalR("recover", n, series, classify(series), name))
            previous[name] = series
    return checks, minimal


def minimal_local_rule(
    check: LocalCheck,
    sizes: list[int],
    same_length: bool,
    candidates: Callable[[], list[str]],
    n_max: int,
    r_max: int,
    max_locator_sets: int = 64,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[ConsistencyCheck], list[MinimalR]]:
    """The minimal r of the local-rule form, with locator sets of size n - 1 (n <= n_max).

    The series for n is the best over locator sets of size n - 1 and the series
    for n - 1 (more windows never hurt: a locator set can be padded). Both
    engines run this one search; only `check` and `candidates` differ.
    """
    if not same_length:
        reason = "some step changes the state's length; the local-rule form needs same-length steps"
        return [], [MinimalR("local-rule", 1, {}, classify({}), not_applicable=reason)]
    checks: list[ConsistencyCheck] = []
    minimal: list[MinimalR] = []
    tokens = candidates() if n_max >= 2 else []
    top = sizes[-1]
    best: dict[int, int | None] = {m: None for m in sizes}
    best_locators: tuple[str, ...] = ()
    for n in range(1, n_max + 1):
        sets = list(itertools.islice(itertools.combinations(tokens, n - 1), max_locator_sets))
        tried: dict[tuple[str, ...], dict[int, int | None]] = {locs: {} for locs in sets}
        limit = r_max if best[top] is None else best[top] - 2
        for r in range(1, limit + 1, 2):
            held = False
            for locs in sets:
                if progress:
                    progress(CheckTried(f"local-rule form, n = {n}, locators {locs}, r = {r}"))
                result = check(n, r, locs)
                checks.append(result)
                tried[locs][r] = result.fail_size
                held = held or result.holds
            if held:
                break  # the smallest r for this n; no set needs a wider window
        for locs in sets:
            series = _min_series(sizes, tried[locs], None)
            if series[top] is not None and (best[top] is None or series[top] < best[top]):
                best_locators = locs
            best = _min_series(sizes, tried[locs], best)
        minimal.append(
            MinimalR("local-rule", n, dict(best), classify(best), locators=best_locators)
        )
    return checks, minimal


def search_recover(
    exploration: Exploration,
    n_max: int,
    r_max: int,
    rule: str,
    include_final: bool,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[ConsistencyCheck], list[MinimalR]]:
    """The minimal r for n = 1..n_max (recover form) over an exploration."""

    def check(n: int, r: int, name: str) -> ConsistencyCheck:
        return check_recover(exploration, n, r, name, include_final)

    fan_in = max((len(reads) for sig in exploration.store.sigs for reads in sig[1]),
                 default=0)  # every signature is some reachable state's step
    return minimal_recover(check, exploration.sizes, n_max, r_max, rule, progress, fan_in)


def search_local_rule(
    exploration: Exploration,
    n_max: int,
    r_max: int,
    max_locator_sets: int = 64,
    progress: Callable[[str], None] | None = None,
    include_final: bool = True,
) -> tuple[list[ConsistencyCheck], list[MinimalR]]:
    """The minimal r of the local-rule form over an exploration."""

    def check(n: int, r: int, locators: tuple[str, ...]) -> ConsistencyCheck:
        return check_local_rule(exploration, n, r, locators, include_final)

    return minimal_local_rule(
        check, exploration.sizes, same_length(exploration),
        lambda: locator_candidates(exploration), n_max, r_max, max_locator_sets, progress,
    )


def telling_failure(checks: list[ConsistencyCheck]) -> ConsistencyCheck | None:
    """The failed check a reader learns most from: one window, the widest that failed.

    The verdict shows its counterexample; the z3 engine canonicalizes that one's witness.
    """
    failing = [c for c in checks if not c.holds and c.counterexample is not None]
    if not failing:
        return None
    return max(failing, key=lambda c: (c.form == "recover", -c.n, c.r, c.fail_size or 0))


def telling_counterexample(checks: list[ConsistencyCheck]) -> Counterexample | None:
    chosen = telling_failure(checks)
    return None if chosen is None else chosen.counterexample
