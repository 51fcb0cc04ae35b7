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
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lengthcheck.engines.exploration import Exploration, Reached
from lengthcheck.properties.trend import classify
from lengthcheck.results import NONE, ConsistencyCheck, Counterexample, MinimalR, Query
from lengthcheck.trace import PAD

ANCHOR_RULES = ("min", "max", "mid")  # n = 1
COVER_RULES = ("per-read", "greedy")  # n >= 2, each checked on its own
Key = tuple
Offsets = tuple[tuple[int, int], ...]


def windows(state: tuple[str, ...], h: int) -> list[tuple[str, ...]]:
    """W_h(s, c) for every position c, padded with ⊥ outside the state."""
    pad = (PAD,) * h
    padded = pad + state + pad
    r = 2 * h + 1
    return [padded[c : c + r] for c in range(len(state))]


def window(state: tuple[str, ...], c: int, h: int) -> tuple[str, ...]:
    return tuple(state[i] if 0 <= i < len(state) else PAD for i in range(c - h, c + h + 1))


def anchors(reads: tuple[int, ...], n: int, h: int, rule: str = "min") -> tuple[int, ...] | None:
    """The anchor tuple of a step, or None when n windows of radius h cannot cover it.

    n = 1 uses the anchor rule (min, max, mid). n >= 2 uses a cover rule
    (DESIGN §2): "per-read" — the reads themselves, one window each, when
    there are at most n; "greedy" — from the left, the next anchor is the
    smallest read not within h of an earlier anchor.
    """
    ordered = sorted(reads)
    if n == 1:
        a = {"min": ordered[0], "max": ordered[-1], "mid": ordered[(len(ordered) - 1) // 2]}[rule]
        return (a,) if ordered[0] >= a - h and ordered[-1] <= a + h else None
    if rule == "per-read":
        return tuple(ordered) if len(ordered) <= n else None
    chosen = [ordered[0]]
    for i in ordered:
        if i - chosen[-1] > h:
            chosen.append(i)
    return tuple(chosen) if len(chosen) <= n else None


def offsets(reads: tuple[int, ...], anchor: tuple[int, ...], h: int, rule: str = "greedy"
            ) -> Offsets:
    """The label of an anchor tuple: each read as (window index, offset).

    Per read, every read is its own window's centre (offset 0); otherwise each
    read goes to the first window that covers it.
    """
    if rule == "per-read":
        return tuple((j, 0) for j in range(len(anchor)))
    result = []
    for i in sorted(reads):
        j = next(k for k, a in enumerate(anchor) if abs(i - a) <= h)
        result.append((j, i - anchor[j]))
    return tuple(result)


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


def _query(entry: Reached, anchor: tuple[int, ...], h: int, label: object) -> Query:
    wins = tuple(window(entry.state, c, h) for c in anchor)
    return Query(entry.instance, entry.size, entry.step_index, entry.state, anchor, wins, label)


BuildCounterexample = Callable[[], Counterexample]  # called only when the failure is reported


def _ready_labels(
    entry: Reached, n: int, h: int, rule: str
) -> tuple[dict[tuple[int, ...], Offsets], BuildCounterexample | None]:
    """Anchor tuple -> offsets for every ready step of a state; or why it fails."""
    own: dict[tuple[int, ...], Offsets] = {}
    if entry.step is None:
        return own, None
    for reads in entry.step.ready:
        anchor = anchors(reads, n, h, rule)
        if anchor is None:
            return own, lambda reads=reads: Counterexample(
                "uncoverable",
                _query(entry, tuple(sorted(reads)), h, "reads"),
                detail=f"the causal input {tuple(sorted(reads))} does not fit in {n} "
                f"window(s) of length {2 * h + 1}",
            )
        label = offsets(reads, anchor, h, rule)
        if anchor in own and own[anchor] != label:
            return own, lambda a=anchor, first=own[anchor], second=label: Counterexample(
                "anchor-conflict",
                _query(entry, a, h, first),
                _query(entry, a, h, second),
                detail="two ready steps share an anchor tuple but read different positions",
            )
        own[anchor] = label
    return own, None


QueryMaker = Callable[[Reached], "tuple[list[Key], list[object]] | BuildCounterexample | None"]


def _scan_single(
    groups: dict[int, list[Reached]],
    make: QueryMaker,
    rebuild: Callable[[Reached, int, object], Query],
) -> tuple[_Failure | None, int | None]:
    """One query per position of each state: equal keys must carry equal labels.

    `make(entry)` gives the state's namespace (a part of the key shared by all
    its positions, e.g. the locator windows), keys and labels — or a function
    that builds a counterexample, or None to skip the state. Returns the
    smallest failure and, when none, the coverage size (the last size that
    showed a new key).
    """
    tables: dict[object, dict[Key, tuple[object, int]]] = {}
    coverage = None
    for size in sorted(groups):
        found: list[_Failure] = []
        conflicts = []
        for entry in groups[size]:
            made = make(entry)
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
                        (got[1] + size, entry, pos, (space, key), got[0], got[1], value[0])
                    )
            if len(first) > before:
                coverage = size
        if conflicts:
            total, entry, pos, key, old_label, old_size, label = min(conflicts, key=lambda c: c[0])
            earlier = _find_first(groups[old_size], make, key, old_label, rebuild)
            later = rebuild(entry, pos, label)
            kind = "decoy" if NONE in (old_label, label) else "anchor-conflict"
            if old_label == NONE:  # keep the true anchor first: the decoy "looks like" it
                earlier, later = later, earlier
            cx = Counterexample(kind, earlier, later)
            found.append(_Failure(size, total, lambda cx=cx: cx))
        if found:
            return min(found, key=lambda f: f.total), None
    return None, coverage


def _find_first(
    entries: list[Reached], make: QueryMaker, key: Key, label: object, rebuild
) -> Query:
    for entry in entries:
        made = make(entry)
        if made is None or callable(made):
            continue
        space, keys, labels = made
        for pos, k in enumerate(keys):
            if (space, k) == key and labels[pos] == label:
                return rebuild(entry, pos, label)
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


def _recover_single(groups, h, rule, include_final):
    def make(entry: Reached):
        if entry.step is None and not include_final:
            return None
        own, problem = _ready_labels(entry, 1, h, rule)
        if problem is not None:
            return problem
        labels: list[object] = [NONE] * len(entry.state)
        for (a,), label in own.items():
            labels[a] = label
        return None, windows(entry.state, h), labels

    def rebuild(entry: Reached, pos: int, label: object) -> Query:
        return _query(entry, (pos,), h, label)

    return _scan_single(groups, make, rebuild)


def _recover_tuples(groups, n, h, cover, include_final):
    """n >= 2: register every true anchor key, then look for decoys by window index."""
    true: dict[Key, tuple[Offsets, Reached, tuple[int, ...]]] = {}
    best: _Failure | None = None

    def keep(failure: _Failure) -> None:
        nonlocal best
        if best is None or (failure.bound, failure.total) < (best.bound, best.total):
            best = failure

    own_by_state: dict[tuple, dict] = {}
    coverage = 0
    pad = (PAD,) * h
    for size in sorted(groups):
        if best is not None and size > best.bound:
            break  # a failure found later could only have a larger bound
        for entry in groups[size]:
            own, problem = _ready_labels(entry, n, h, cover)
            if problem is not None:
                keep(_Failure(size, 2 * size, problem))
                continue
            own_by_state[entry.state] = own
            padded = pad + entry.state + pad
            for anchor, label in own.items():
                key = tuple(padded[a : a + 2 * h + 1] for a in anchor)
                seen = true.get(key)
                if seen is None:
                    true[key] = (label, entry, anchor)
                    coverage = max(coverage, size)
                elif seen[0] != label:
                    old_label, old_entry, old_anchor = seen
                    keep(
                        _Failure(
                            size,
                            size + old_entry.size,
                            lambda a=(old_entry, old_anchor, old_label), b=(entry, anchor, label):
                            Counterexample(
                                "anchor-conflict",
                                _query(a[0], a[1], h, a[2]),
                                _query(b[0], b[1], h, b[2]),
                            ),
                        )
                    )
    by_first: dict[tuple, list[Key]] = {}
    for key in true:
        by_first.setdefault(key[0], []).append(key)
    seen_windows: set[tuple] = set()
    for size in sorted(groups):
        if best is not None and size > best.bound:
            break
        for entry in groups[size]:
            if entry.step is None and not include_final:
                continue
            index: dict[tuple, list[int]] = {}
            for pos, w in enumerate(windows(entry.state, h)):
                index.setdefault(w, []).append(pos)
            if not seen_windows.issuperset(index):
                seen_windows.update(index)
                coverage = max(coverage, size)
            own = own_by_state.get(entry.state, {})
            for w in index:
                for key in by_first.get(w, ()):
                    label, witness, anchor = true[key]
                    cost = (max(size, witness.size), size + witness.size)
                    if best is not None and cost >= (best.bound, best.total):
                        continue
                    decoy = _decoy(index, key, own, label)
                    if decoy is None:
                        continue
                    cx = Counterexample(
                        "decoy",
                        _query(witness, anchor, h, label),
                        _query(entry, decoy, h, own.get(decoy, NONE)),
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
    return all(
        len(e.step.next) == len(e.state) for e in exploration.reached.values() if e.step is not None
    )


def locator_candidates(exploration: Exploration) -> list[str]:
    """Tokens that occur exactly once in every non-final state (DESIGN §2: a locator
    picks the unique position holding it; a state without one defeats it)."""
    candidates: set[str] | None = None
    for entry in exploration.reached.values():
        if entry.step is None:
            continue
        once = {t for t in set(entry.state) if entry.state.count(t) == 1}
        candidates = once if candidates is None else candidates & once
        if not candidates:
            return []
    return sorted(candidates or ())


def check_local_rule(
    exploration: Exploration,
    n: int,
    r: int,
    locators: tuple[str, ...] = (),
    window_cache: dict[tuple, list] | None = None,
) -> ConsistencyCheck:
    """Each position's next token must be a function of its window (and the locators').

    `window_cache` (state -> its windows at this r) lets a search over locator
    sets compute each state's windows once.
    """
    h = (r - 1) // 2
    groups = exploration.states_by_size()
    cache = {} if window_cache is None else window_cache

    def located(state):
        return tuple(window(state, state.index(m), h) if m in state else None for m in locators)

    def make(entry: Reached):
        if entry.step is None:
            return None
        wins = cache.get(entry.state)
        if wins is None:
            wins = cache[entry.state] = windows(entry.state, h)
        return (located(entry.state) if locators else None), wins, entry.step.next

    def rebuild(entry: Reached, pos: int, label: object) -> Query:
        shown = (pos,) + tuple(entry.state.index(m) for m in locators if m in entry.state)
        return _query(entry, shown, h, label)

    failure, coverage = _scan_single(groups, make, rebuild)
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
                    progress(f"recover form, n = {n} ({name}), r = {r}")
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
                    progress(f"local-rule form, n = {n}, locators {locs}, r = {r}")
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

    fan_in = max((len(reads) for entry in exploration.reached.values() if entry.step is not None
                  for reads in entry.step.ready), default=0)
    return minimal_recover(check, exploration.sizes, n_max, r_max, rule, progress, fan_in)


def search_local_rule(
    exploration: Exploration,
    n_max: int,
    r_max: int,
    max_locator_sets: int = 64,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[ConsistencyCheck], list[MinimalR]]:
    """The minimal r of the local-rule form over an exploration."""
    caches: dict[int, dict[tuple, list]] = {}

    def check(n: int, r: int, locators: tuple[str, ...]) -> ConsistencyCheck:
        if r not in caches:  # the search tries every locator set at one r before the next
            caches.clear()
            caches[r] = {}
        return check_local_rule(exploration, n, r, locators, caches[r])

    return minimal_local_rule(
        check, exploration.sizes, same_length(exploration),
        lambda: locator_candidates(exploration), n_max, r_max, max_locator_sets, progress,
    )
