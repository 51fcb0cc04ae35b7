"""Properties that must hold on every problem, checked on random ones.

The n >= 2 recover check never enumerates tuples; here it is compared with a
brute force over all pairs of positions, and the one-window fast path with the
general tuple path at n = 1.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings

from lengthcheck.engines.exploration import explore
from lengthcheck.loader import load
from lengthcheck.properties.consistency import (
    _recover_single,
    _recover_tuples,
    anchors,
    offsets,
    window,
)
from lengthcheck.results import NONE
from lengthcheck.spec import has_ready
from lengthcheck.strategies import random_problems

from .conftest import PROBLEMS

FAST = settings(max_examples=60, deadline=None, derandomize=True)


def brute_force_fail_size(exploration, n: int, h: int, cover: str = "greedy") -> int | None:
    """The smallest bound at which (n, 2h+1) fails under a cover rule, listing every query."""
    groups = exploration.states_by_size()
    labels: dict[tuple, set] = {}
    first_size: dict[tuple, dict] = {}
    uncoverable = None
    for size in sorted(groups):
        for entry in groups[size]:
            own = {}
            if entry.step is not None:
                for reads in entry.step.ready:
                    a = anchors(reads, n, h, cover)
                    if a is None:
                        uncoverable = uncoverable or size  # the causal input does not fit
                        continue
                    own[a] = offsets(reads, a, h, cover)
            for k in range(1, n + 1):
                for tup in itertools.combinations(range(len(entry.state)), k):
                    key = tuple(window(entry.state, c, h) for c in tup)
                    label = own.get(tup, NONE)
                    labels.setdefault(key, set()).add(label)
                    first_size.setdefault(key, {}).setdefault(label, size)
    worst = None
    for key, labs in labels.items():
        if len(labs) > 1 and any(lab != NONE for lab in labs):
            sizes = sorted(first_size[key].values())
            bound = sizes[1]  # the second label to appear makes the conflict
            worst = bound if worst is None else min(worst, bound)
    return min((b for b in (worst, uncoverable) if b is not None), default=None)


@FAST
@given(random_problems())
def test_tuple_path_agrees_with_brute_force_at_n2(problem):
    ex = explore(problem, 3)
    groups = ex.states_by_size()
    for cover in ("per-read", "greedy"):
        for h in (0, 1, 2):
            failure, _ = _recover_tuples(groups, 2, h, cover, True)
            expected = brute_force_fail_size(ex, 2, h, cover)
            assert (failure.bound if failure else None) == expected, (cover, h)


@FAST
@given(random_problems())
def test_single_window_fast_path_agrees_with_tuple_path(problem):
    ex = explore(problem, 3)
    groups = ex.states_by_size()
    for h in (0, 1, 2, 3):
        fast, _ = _recover_single(groups, h, "min", True)
        general, _ = _recover_tuples(groups, 1, h, "min", True)
        assert (fast.bound if fast else None) == (general.bound if general else None)
        if fast:
            cx = fast.counterexample
            assert cx.kind == "uncoverable" or cx.first.windows == cx.second.windows
            assert cx.second is None or cx.first.label != cx.second.label


@FAST
@given(random_problems())
def test_counterexamples_are_real(problem):
    """Both queries of a reported conflict are reachable and show the same windows."""
    from lengthcheck.properties.consistency import check_recover

    ex = explore(problem, 3)
    for r in (1, 3, 5):
        check = check_recover(ex, 1, r)
        if check.holds:
            continue
        cx = check.counterexample
        for q in (cx.first, cx.second):
            if q is not None:
                assert q.state in ex.reached
                assert tuple(window(q.state, c, (r - 1) // 2) for c in q.anchor) == q.windows


@FAST
@given(random_problems())
def test_fan_in_shortcut_gives_the_series_a_full_search_gives(problem):
    """n above the fan-in: (n, r) has exactly the conflicts of (n - 1, r) under both covers."""
    from lengthcheck.properties.consistency import check_recover, minimal_recover

    ex = explore(problem, 3)

    def check(n, r, name):
        return check_recover(ex, n, r, name, True)

    fan_in = max((len(reads) for e in ex.reached.values() if e.step is not None
                  for reads in e.step.ready), default=0)
    _, full = minimal_recover(check, ex.sizes, 4, 9, "min")
    _, short = minimal_recover(check, ex.sizes, 4, 9, "min", fan_in=fan_in)
    assert [(m.n, m.anchor_rule, m.by_size) for m in full] == \
        [(m.n, m.anchor_rule, m.by_size) for m in short]


def assert_store_matches_the_spec(problem, max_size: int) -> None:
    """Streaming exploration (issue 13) keeps states packed, in runs, with interned steps and
    no traces; rebuilt here from the spec itself — every instance, then every state any ready
    step leads to — each reachable state must be in the store once, with its smallest size,
    its step (reads, next state, ready reads) and nothing else in the store."""
    ex = explore(problem, max_size)
    expected: dict = {}
    for size in ex.sizes:
        todo = list(problem.instances(size))
        while todo:
            state = todo.pop()
            if state in expected:
                continue
            step = problem.step(state)
            if step is None:
                expected[state] = (size, None, None, None)
                continue
            ready = problem.ready(state) if has_ready(problem) else [step]
            expected[state] = (size, tuple(step.reads), tuple(step.next),
                               tuple(tuple(r.reads) for r in ready))
            todo.append(tuple(step.next))
            todo.extend(tuple(r.next) for r in ready)
    stored = {
        entry.state: (entry.size, None, None, None) if entry.step is None
        else (entry.size, entry.step.reads, entry.step.next, entry.step.ready)
        for entry in ex.reached.values()
    }
    assert len(stored) == len(ex.reached)
    assert stored == expected


@FAST
@given(random_problems())
def test_the_state_store_holds_what_running_the_spec_shows(problem):
    assert_store_matches_the_spec(problem, 4)


@pytest.mark.parametrize("path", sorted((PROBLEMS / "rules").glob("*.py")), ids=lambda p: p.stem)
def test_the_state_store_holds_every_ready_order_of_the_rule_formats(path):
    """Rule formats give Steps from ready(s): the store must hold their whole closure."""
    for problem in load(str(path)):
        assert_store_matches_the_spec(problem, 5)
