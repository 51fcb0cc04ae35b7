"""(n, r)-consistency in the recover form, its coverage and the minimal r search, for the z3 engine.

A site is a position (n = 1) or an increasing tuple of positions (n >= 2) of a
state; its key is the window(s) of length r around it and its label is what
the concrete engine's anchor rule gives it (the offsets of the reads it
anchors, or NONE). A conflict is two sites whose keys can be equal while the
labels differ (`Decider.search`); a ready step whose reads cannot be anchored
is a failure of its own. Coverage is the last size with a new key. The search
for the minimal r is the concrete engine's (properties.consistency), run over
these checks. The local-rule form is in `local_rule`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from lengthcheck.engines.smt.decide.core import Decider, Group, Site
from lengthcheck.engines.smt.decide.images import image_sizes
from lengthcheck.engines.smt.decide.repeats import fresh_positions, padded_values, previous_key
from lengthcheck.engines.smt.symbolic import SolverGaveUp
from lengthcheck.events import relabelled
from lengthcheck.properties.consistency import minimal_recover
from lengthcheck.properties.windows import ready_labels, uncoverable_detail, window
from lengthcheck.results import NONE, ConsistencyCheck, Counterexample, MinimalR, Query


def _recover_states(d: Decider, include_final: bool, up_to: int | None = None
                    ) -> Iterator[tuple[int, Any, int, tuple, bool, Any]]:
    """Each state the recover form labels, once: (size, trace, t, state, final, path literals).

    A state repeated from a smaller size (`d.dup`) is skipped; final states
    only with `include_final`; sizes past `up_to` not at all.
    """
    for size in d.sizes:
        if up_to is not None and size > up_to:
            return
        for trace in d.traces[size]:
            for t, state in enumerate(trace.states):
                if (id(trace), t) in d.dup:
                    continue
                final = t == len(trace.steps)
                if final and not include_final:
                    continue
                yield size, trace, t, state, final, (
                    trace.lits if final else trace.lits[: trace.steps[t].nlits])


def check_recover(d: Decider, n: int, r: int, rule: str, include_final: bool
                  ) -> ConsistencyCheck:
    """Whether the traces are (n, r)-consistent in the recover form with the given anchor rule."""
    if n != 1:
        return _check_recover_tuples(d, n, r, rule, include_final)
    h = (r - 1) // 2
    w = 2 * h + 1
    sites: list[Site] = []
    own_failures: list[tuple[int, int, Any]] = []
    built: dict[tuple[int, int], dict] = {}  # states whose sites were built: their labels
    for size, trace, t, state, final, lits in _recover_states(d, include_final):
        labels: dict[int, Any] = {}
        if not final:
            own, problem = _ready_labels(trace.steps[t], 1, h, rule)
            if problem is not None:
                own_failures.append((size, 2 * size, (trace, t, problem)))
                continue
            labels = {a[0]: lab for a, lab in own.items()}
        positions = fresh_positions(d, trace, t, h, built, labels)
        built[(id(trace), t)] = labels
        padded = padded_values(d, trace, t, h)
        for c in range(len(state)) if positions is None else positions:
            sites.append(Site(size, trace, t, (c,), padded[c:c + w], w, lits,
                              labels.get(c, NONE)))
    return _finish_labelled(d, "recover", n, r, h, sites, own_failures, rule)


def _finish_labelled(d: Decider, form, n, r, h, sites, own_failures, rule) -> ConsistencyCheck:
    groups = d.group(sites)
    nkey = sites[0].nkey if sites else 0
    found = d.search(groups, nkey, lambda a, b: a.label != b.label, False)
    own = min(own_failures, key=lambda f: f[:2]) if own_failures else None
    anchor_rule = rule
    if found is None and own is None:
        coverage = _coverage(d, groups, nkey)
        return ConsistencyCheck(form, n, r, True, None, None, anchor_rule, (), coverage)
    return _failed(d, form, n, r, anchor_rule, h, own, found)


def _coverage(d: Decider, groups: list[Group], nkey: int) -> int | None:
    new_by_size, _exact = image_sizes(d, groups, nkey)
    coverage = None
    for size in d.sizes:
        if new_by_size[size]:
            coverage = size
    return coverage


def _own_counterexample(d: Decider, what, n: int, h: int) -> Counterexample:
    trace, t, problem = what
    concrete = d.replay(trace, d.path_instance(trace))
    state = concrete.states[t]
    size = trace.size
    if problem.kind == "uncoverable":
        anchor = tuple(sorted(problem.reads))
        q = Query(concrete.instance, size, t, state, anchor,
                  tuple(window(state, c, h) for c in anchor), "reads")
        return Counterexample("uncoverable", q, detail=uncoverable_detail(anchor, n, h))
    anchor, la, lb = problem.anchor, problem.first, problem.second
    wins = tuple(window(state, c, h) for c in anchor)
    return Counterexample(
        "anchor-conflict",
        Query(concrete.instance, size, t, state, anchor, wins, la),
        Query(concrete.instance, size, t, state, anchor, wins, lb),
        detail="two ready steps share an anchor tuple but read different positions",
    )

# ---------------------------------------------------------------------------
# n >= 2: increasing tuples of positions


def _check_recover_tuples(d: Decider, n: int, r: int, cover: str, include_final: bool
                          ) -> ConsistencyCheck:
    """n >= 2: true anchors against every increasing tuple of positions showing their key."""
    h = (r - 1) // 2
    w = 2 * h + 1
    anchor_sites: list[Site] = []
    own_failures: list[tuple[int, int, Any]] = []
    owns: dict[tuple[int, int], dict] = {}
    for size in d.sizes:
        for trace in d.traces[size]:
            for t, st in enumerate(trace.steps):
                if (id(trace), t) in d.dup:
                    continue
                own, problem = _ready_labels(st, n, h, cover)
                if problem is not None:
                    own_failures.append((size, 2 * size, (trace, t, problem)))
                    continue
                owns[(id(trace), t)] = own
                lits = trace.lits[: st.nlits]
                for anchor, label in own.items():
                    anchor_sites.append(Site(size, trace, t, anchor,
                                             d.windows(st.state, anchor, h),
                                             len(anchor) * w, lits, label))
    anchor_groups = d.group(anchor_sites)
    # every (tuple, label) that shows the key of an anchor group: decoys and anchors alike
    candidates: list[Site] = list(anchor_sites)
    bound_cap = min((f[0] for f in own_failures), default=None)
    built: dict[tuple[int, int], dict] = {}
    compatible: dict[tuple, bool] = {}  # (group, window index, window terms): values meet
    compat_lists: dict[tuple[int, int], list] = {}  # per built state and group
    for size, trace, t, state, final, lits in _recover_states(d, include_final, up_to=bound_cap):
        own = owns.get((id(trace), t), {}) if not final else {}
        if not final and (id(trace), t) not in owns:
            continue
        positions = fresh_positions(d, trace, t, h, built, own)
        built[(id(trace), t)] = own
        padded = padded_values(d, trace, t, h)
        fresh = range(len(state)) if positions is None else positions
        fresh_set = set(fresh)
        before = (None if positions is None
                  else compat_lists[previous_key(d, trace, t)])
        mine = compat_lists[(id(trace), t)] = []
        for gi, g in enumerate(anchor_groups):
            k = len(g.sites[0].pos)
            roots = g.shape.roots
            lists = []
            for j in range(k):
                part = roots[j * w:(j + 1) * w]
                compat = []
                for c in fresh:
                    win = padded[c:c + w]
                    key = (gi, j, win)
                    ok = compatible.get(key)
                    if ok is None:
                        ok = compatible[key] = all(part[i].vals & win[i].vals
                                                   for i in range(w))
                    if ok:
                        compat.append(c)
                if before is not None:  # the other positions show the same windows
                    compat = sorted(compat + [c for c in before[gi][j]
                                              if c < len(state) and c not in fresh_set])
                lists.append(compat)
            mine.append(lists)
            tuples = (_increasing(lists) if positions is None
                      else _increasing_fresh(lists, fresh_set))
            for tup in tuples:
                label = own.get(tup, NONE)
                if label == g.label:
                    continue
                key = ()
                for c in tup:
                    key += padded[c:c + w]
                candidates.append(Site(size, trace, t, tup, key, len(key), lits,
                                       label))
        d.budget.check("recover form, n >= 2")
    groups = d.group(candidates)
    by_k: dict[int, list[Group]] = {}
    for g in groups:
        by_k.setdefault(len(g.sites[0].pos), []).append(g)
    found = None
    for k, gs in sorted(by_k.items()):
        got = d.search(gs, k * w, lambda a, b: a.label != b.label, False)
        if got is not None and (found is None or got[:2] < found[:2]):
            found = got
    own = min(own_failures, key=lambda f: f[:2]) if own_failures else None
    if found is None and own is None:
        coverage = _coverage_tuples(d, anchor_groups, include_final, w)
        return ConsistencyCheck("recover", n, r, True, None, None, cover, (), coverage)
    return _failed(d, "recover", n, r, cover, h, own, found)


def _coverage_tuples(d: Decider, anchor_groups: list[Group], include_final: bool, w: int
                     ) -> int:
    """As the concrete engine: the last size with a new true key or a new single window."""
    coverage = 0
    for k in sorted({len(g.sites[0].pos) for g in anchor_groups}):
        gs = [g for g in anchor_groups if len(g.sites[0].pos) == k]
        new_by_size, _ = image_sizes(d, gs, k * w)
        for size in d.sizes:
            if new_by_size[size]:
                coverage = max(coverage, size)
    h = (w - 1) // 2
    sites = []
    built: dict[tuple[int, int], Any] = {}
    for size, trace, t, state, _final, lits in _recover_states(d, include_final):
        positions = fresh_positions(d, trace, t, h, built)
        built[(id(trace), t)] = None
        padded = padded_values(d, trace, t, h)
        for c in range(len(state)) if positions is None else positions:
            sites.append(Site(size, trace, t, (c,), padded[c:c + w], w, lits, None))
    new_by_size, _ = image_sizes(d, d.group(sites), w)
    for size in d.sizes:
        if new_by_size[size]:
            coverage = max(coverage, size)
    return coverage


def _increasing(lists: list[list[int]], after: int = -1) -> Iterable[tuple[int, ...]]:
    if not lists:
        yield ()
        return
    for p in lists[0]:
        if p > after:
            for rest in _increasing(lists[1:], p):
                yield (p,) + rest


def _increasing_fresh(lists: list[list[int]], fresh: set[int]) -> Iterable[tuple[int, ...]]:
    """The tuples of `_increasing` with at least one position in `fresh`, in the same order."""
    only_fresh = [[c for c in positions if c in fresh] for positions in lists]
    return _increasing_need(lists, only_fresh, fresh, 0, -1, True)


def _increasing_need(lists: list[list[int]], only_fresh: list[list[int]], fresh: set[int],
                     level: int, after: int, need: bool) -> Iterable[tuple[int, ...]]:
    if level == len(lists):
        if not need:
            yield ()
        return
    last = level == len(lists) - 1
    for p in (only_fresh if need and last else lists)[level]:
        if p > after:
            for rest in _increasing_need(lists, only_fresh, fresh, level + 1, p,
                                         need and p not in fresh):
                yield (p,) + rest


def _ready_labels(st, n: int, h: int, rule: str):
    """`windows.ready_labels` on a symbolic step's concrete positions."""
    return ready_labels(st.ready, st.ready_into, n, h, rule)


# ---------------------------------------------------------------------------
# minimal r, as properties.consistency.search_recover (local_rule.search_local_rule)


def guarded(form: str, check):
    """Name the (n, r) a solver gave up on."""

    def call(n: int, r: int, *rest):
        try:
            return check(n, r, *rest)
        except SolverGaveUp as exc:
            raise SolverGaveUp(f"{form} form ({n}, {r}): {exc}") from None

    return call


def search_recover(d: Decider, n_max: int, r_max: int, rule: str, include_final: bool,
                   progress=None) -> tuple[list[ConsistencyCheck], list[MinimalR]]:
    """The concrete engine's search (properties.consistency.minimal_recover) over z3 checks."""
    check = guarded("recover",
                    lambda n, r, name: check_recover(d, n, r, name, include_final))
    z3_progress = (lambda m: progress(relabelled(m, f"z3: {m}"))) if progress else None
    fan_in = max((len(reads) for size in d.sizes for trace in d.traces[size]
                  for st in trace.steps for reads in st.ready), default=0)
    return minimal_recover(check, d.sizes, n_max, r_max, rule, z3_progress, fan_in)


def _failed(d: Decider, form: str, n: int, r: int, rule: str, h: int, own, found
            ) -> ConsistencyCheck:
    """The failed check: a state's own failure or a pair conflict, whichever is smaller."""
    if own is not None and (found is None or own[:2] <= found[:2]):
        cx, bound = _own_counterexample(d, own[2], n, h), own[0]
    else:
        assert found is not None
        cx, bound = d.pair_counterexample(found, h, n), found[0]
    cx = Counterexample(cx.kind, cx.first, cx.second, form, n, r, rule, cx.detail)
    return ConsistencyCheck(form, n, r, False, bound, cx, rule, (), None)
