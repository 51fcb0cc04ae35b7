"""Which engine runs (issue 13): `auto` by cost, and the z3 engine's retreat on branchy specs.

The point of every test here is that the choice never changes an answer: the
verdict, the series and the counterexample are the enumeration's, whichever
engine computed them, and the scope says which one did and why.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lengthcheck import Problem, Step, check
from lengthcheck.engines import auto as auto_engine
from lengthcheck.engines.exploration import count_instances
from lengthcheck.engines.smt import engine as smt_engine
from lengthcheck.loader import load

from .conftest import PROBLEMS

SPECS = Path(__file__).parent.parent / "benchmarks" / "specs"


def spec(name: str):
    return load(str(SPECS / name))[0]


def same_answer(a, b) -> None:
    assert a.verdict.word == b.verdict.word
    assert a.distance.by_size == b.distance.by_size
    assert [m.by_size for m in a.minimal_r] == [m.by_size for m in b.minimal_r]


def test_branchy_spec_under_smt_is_enumerated_and_says_why():
    """Bubble sort forks at every comparison: as many paths as instances, so z3 would only
    repeat enumeration pair by pair."""
    smt = check(spec("bubble_sort.py"), max_size=6, engine="smt")
    enum = check(spec("bubble_sort.py"), max_size=6, engine="enumerate")
    assert smt.scope.engine == "enumerate"
    assert any("branches on tokens" in note and "size 3" in note for note in smt.scope.notes)
    same_answer(smt, enum)
    assert [c.counterexample for c in smt.checks] == [c.counterexample for c in enum.checks]


def test_branchy_spec_stays_symbolic_when_enumeration_is_not_affordable(monkeypatch):
    monkeypatch.setattr(smt_engine, "ENUMERATION_AFFORDABLE", 10)
    smt = check(spec("bubble_sort.py"), max_size=4, engine="smt")
    assert smt.scope.engine == "smt"
    same_answer(smt, check(spec("bubble_sort.py"), max_size=4, engine="enumerate"))


def test_auto_enumerates_few_instances_and_says_so():
    parity = load(str(PROBLEMS / "parity_fill.py"))[0]  # 2,046 instances up to n = 10
    result = check(parity, engine="auto")
    assert result.scope.engine == "enumerate"
    assert any(note.startswith("auto: enumerated, 2,046 instances") for note in result.scope.notes)


def test_auto_sends_many_branch_free_instances_to_z3(monkeypatch):
    monkeypatch.setattr(auto_engine, "ENUMERATE_BELOW", 100)
    monkeypatch.setattr(auto_engine, "SECONDS_PER_INSTANCE", 1.0)  # time enough on a busy machine
    subtraction = spec("binary_subtraction.py")
    auto = check(subtraction, max_size=4, engine="auto")  # 340 instances, one path per size
    assert auto.scope.engine == "smt"
    assert auto.scope.describe().endswith("sizes 1–4 decided by z3 over all instances (smt)")
    same_answer(auto, check(subtraction, max_size=4, engine="enumerate"))


class Unlaid(Problem):
    """Mark the first `a`; no layout, so z3 cannot read its instances."""

    alphabet = ("a", "b")
    max_size = 3

    def instances(self, n):
        yield ("a",) * n

    def step(self, s):
        if "a" not in s:
            return None
        p = s.index("a")
        return Step(reads=(p,), next=s[:p] + ("b",) + s[p + 1:])


def test_auto_without_a_layout_enumerates():
    result = check(Unlaid(), engine="auto")
    assert result.scope.engine == "enumerate"
    assert any("no layout" in note for note in result.scope.notes)


@pytest.mark.parametrize("cap", [0, 5, 40])
def test_instance_count_stops_at_the_cap_with_a_filter(cap):
    mul = load(str(PROBLEMS / "mul_column.py"))[0]
    count = count_instances(mul, range(1, mul.max_size + 1), cap)  # its layout has a filter
    assert count == cap + 1  # listed only until the cap was passed


def test_auto_enumerates_when_z3_cannot_decide_within_what_enumeration_costs(monkeypatch):
    monkeypatch.setattr(auto_engine, "ENUMERATE_BELOW", 100)
    monkeypatch.setattr(auto_engine, "SECONDS_PER_INSTANCE", 0.0)  # z3 gets no time at all
    subtraction = spec("binary_subtraction.py")
    auto = check(subtraction, max_size=4, engine="auto")
    assert auto.scope.engine == "enumerate"
    assert any(note.startswith("auto: the z3 engine could not decide") for note in
               auto.scope.notes)
    same_answer(auto, check(subtraction, max_size=4, engine="enumerate"))
