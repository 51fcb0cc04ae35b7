"""The z3 engine agrees with exhaustive enumeration, property by property.

Random problems come from `lengthcheck.strategies.random_problems()`: random
local rewrite rules tabulated as a token function, random read sets, random
markers, in three modes (fill slots, rewrite in place, append), with optional
value-dependent read sets (the engine must fork) and hidden dependencies (f not
well defined). Every random problem runs under both engines at sizes 1..3 and
every property must agree at every size: R and R_io, |X|, f, arity,
at-most-once, every (form, n, r) tried with its fail size and coverage, the
minimal r series of both forms, and the verdict.

The reference problems are compared the same way at small bounds, the slower
ones (SLOW_REFERENCE) too, at the same bounds LENGTHCHECK_SLOW=1 used: about
21 s in all on one core (mul-faith-fate 7 s, mul-multirow 6 s, add-multirow
5 s, the rest under 2 s). They ran only under LENGTHCHECK_SLOW before issue
18, so never in CI.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings

from lengthcheck import check
from lengthcheck.loader import load
from lengthcheck.strategies import random_problems

PROBLEMS = Path(__file__).parent.parent / "problems"
OPTIONS = dict(n_max=2, r_max=9)


def summary(result) -> dict:
    """Everything both engines must agree on."""
    upper = any("upper bound" in note for note in result.scope.notes)
    return dict(
        R=result.distance.by_size,
        R_io=result.distance.io_by_size,
        X=result.causal.x_by_size,
        f=result.causal.well_defined,
        f_coverage=result.causal.coverage_size,
        arity=result.causal.arity_by_size,
        at_most_once=result.at_most_once.holds,
        minimal={(m.form, m.n): (m.by_size, m.not_applicable is not None, m.locators)
                 for m in result.minimal_r},
        checks=[(c.form, c.n, c.r, c.locators, c.holds, c.fail_size,
                 None if upper else c.coverage_size) for c in result.checks],
        verdict=result.verdict.word,
        upper=upper,
    )


def assert_agree(problem, max_size: int, **options) -> bool:
    """Compare the engines; return whether z3 itself answered (a spec that forks like
    enumeration is handed to enumeration, and would then be compared with itself)."""
    by_enumeration = check(problem, max_size=max_size, engine="enumerate", **options)
    by_z3 = check(problem, max_size=max_size, engine="smt", **options)
    diff = differences(by_enumeration, by_z3)
    assert not diff, f"{problem.name}: enumerate vs smt differ: {diff}"
    return by_z3.scope.engine == "smt"


def differences(by_enumeration, by_z3) -> dict:
    """What two results of one problem disagree on (the summary's keys), as (enumerate, z3)."""
    enumerated, decided = summary(by_enumeration), summary(by_z3)
    if decided["upper"]:  # coverage from shapes: an upper bound, never below the exact one
        enumerated["checks"] = [c[:-1] + (None,) for c in enumerated["checks"]]
    enumerated["upper"] = decided["upper"]
    return {k: (enumerated[k], decided[k]) for k in enumerated if enumerated[k] != decided[k]}


AGREE = settings(max_examples=125, deadline=None, derandomize=True)


@AGREE
@given(random_problems())
def test_random_rules_agree_n1(problem):
    assert_agree(problem, 3, n_max=1, r_max=9)


@AGREE
@given(random_problems())
def test_random_rules_agree_n2(problem):
    assert_agree(problem, 3, n_max=2, r_max=7)


FAST_REFERENCE = {
    "add_column.py": 5, "add_plain.py": 4, "add_reversed.py": 4, "copy_repeated.py": 4,
    "copy_unique.py": 4, "parity_append.py": 5, "parity_direct.py": 5, "parity_fill.py": 6,
    "parity_reduce.py": 6, "arith_fixed_order.py": 4, "copy_slots.py": 4,
}
# arith_running_example has ready(): z3 follows one order only, so its verdict is capped
# at unknown there (tests/test_claims_checked.py) and the per-size series need not agree
SLOW_REFERENCE = {
    "add_multirow.py": 4, "arith_front.py": 4, "consume_leftmost_zero.py": 5,
    "div_column.py": 5, "mul_column.py": 5, "mul_faith_fate.py": 4, "mul_multirow.py": 3,
}


def _reference(table: dict[str, int]) -> list:
    out = []
    for name, bound in sorted(table.items()):
        path = PROBLEMS / name
        if path.exists():
            out.extend(pytest.param(p, bound, id=p.name) for p in load(str(path)))
    return out


@pytest.mark.parametrize(("problem", "bound"), _reference(FAST_REFERENCE))
def test_reference_problems_agree(problem, bound):
    assert assert_agree(problem, bound), f"{problem.name}: z3 did not answer itself"


@pytest.mark.parametrize(("problem", "bound"), _reference(SLOW_REFERENCE))
def test_reference_problems_agree_slow(problem, bound):
    """CI bound: the full SLOW_REFERENCE bound of each problem (issue 18).

    Once behind LENGTHCHECK_SLOW; about 21 s in all on one core, so CI runs the whole claim
    rather than a smaller bound.
    """
    assert_agree(problem, bound)
