"""The z3 engine: layouts, what it cannot follow, resource limits, replay, scope, auto."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings

from lengthcheck import Layout, Problem, Slot, SpecError, Step, check, token_function
from lengthcheck.engines import auto as auto_engine
from lengthcheck.engines.smt.decide import Budget, Decider, distance
from lengthcheck.engines.smt.engine import SymbolicUnsupported, symbolic_traces
from lengthcheck.engines.smt.symbolic import Oracle
from lengthcheck.engines.smt.terms import Terms
from lengthcheck.trace import Runner


@token_function
def xor(a: str, b: str) -> str:
    return "1" if a != b else "0"


class ParityAppend(Problem):
    """Append the running parity: fine for both engines."""

    name = "smt-parity-append"
    alphabet = ("0", "1", "=")
    max_size = 4

    def layout(self, n):
        return Layout((Slot("01"),) * n + ("=",))

    def instances(self, n):
        for bits in itertools.product("01", repeat=n):
            yield bits + ("=",)

    def step(self, s):
        n = s.index("=")
        k = len(s) - n - 1
        if k == n:
            return None
        prev = s[-1] if k else "0"
        reads = (k, len(s) - 1) if k else (k,)
        return Step(reads=reads, next=s + (xor(prev if k else "0", s[k]),))


class NoLayout(ParityAppend):
    name = "smt-no-layout"

    def layout(self, n):
        return None


class UsesInt(ParityAppend):
    name = "smt-uses-int"

    def step(self, s):
        n = s.index("=")
        if len(s) - n - 1 == n:
            return None
        total = int(s[0])  # the symbolic engine cannot follow this line
        return Step(reads=(0,), next=s + (str(total),))


class WrongLayout(ParityAppend):
    name = "smt-wrong-layout"

    def layout(self, n):
        return Layout((Slot("01"),) * n + ("=", "="))


def test_layout_api():
    layout = Layout(("#", Slot("ab"), Slot("01")), where=lambda s: s[1] != "a" or s[2] != "1")
    assert layout.slots == (1, 2)
    assert layout.count() == 4
    assert sorted(layout.instances()) == [("#", "a", "0"), ("#", "b", "0"), ("#", "b", "1")]
    assert Problem().layout(3) is None

    @settings(max_examples=20, deadline=None, derandomize=True)
    @given(layout.strategy())
    def drawn(state):
        assert state in set(layout.instances())

    drawn()


def test_smt_agrees_on_a_small_problem_and_says_so_in_the_scope():
    smt = check(ParityAppend(), max_size=4, engine="smt")
    enum = check(ParityAppend(), max_size=4, engine="enumerate")
    assert smt.verdict.word == enum.verdict.word
    assert smt.distance.by_size == enum.distance.by_size
    assert [m.by_size for m in smt.minimal_r] == [m.by_size for m in enum.minimal_r]
    assert "sizes 1–4 decided by z3 over all instances" in smt.scope.describe()


def test_no_layout_is_a_clear_error_and_auto_falls_back(monkeypatch):
    monkeypatch.setattr(auto_engine, "ENUMERATE_BELOW", 2)
    with pytest.raises(SymbolicUnsupported, match="needs a layout"):
        check(NoLayout(), max_size=3, engine="smt")
    auto = check(NoLayout(), max_size=3, engine="auto", cores=1)
    assert auto.scope.answered_by == "enumerate"
    assert any("no layout" in note for note in auto.scope.details)


def test_cannot_follow_names_the_line_and_auto_falls_back(monkeypatch):
    monkeypatch.setattr(auto_engine, "ENUMERATE_BELOW", 2)
    with pytest.raises(SymbolicUnsupported) as info:
        check(UsesInt(), max_size=3, engine="smt")
    assert "int() of a symbolic token" in info.value.what
    assert info.value.location is not None and info.value.location.line > 0
    assert "the symbolic engine cannot follow this line" in open(
        info.value.location.file).read().splitlines()[info.value.location.line - 1]
    auto = check(UsesInt(), max_size=3, engine="auto", cores=1)
    assert any("z3 engine cannot run" in note for note in auto.scope.details)


def test_a_layout_that_differs_from_instances_is_a_spec_error():
    with pytest.raises(SpecError, match="does not describe the same instances"):
        check(WrongLayout(), max_size=2, engine="smt")


def test_resource_out_is_unknown_never_a_pass(monkeypatch):
    monkeypatch.setenv("LENGTHCHECK_SMT_RLIMIT", "1")
    result = check(ParityAppend(), max_size=4, engine="smt")
    assert result.verdict.word == "unknown"
    assert any("z3" in reason for reason in result.verdict.reasons)


def test_time_budget_is_unknown(monkeypatch):
    monkeypatch.setenv("LENGTHCHECK_SMT_BUDGET", "0")
    result = check(ParityAppend(), max_size=4, engine="smt")
    assert result.verdict.word == "unknown"


def test_counterexamples_are_concrete_and_replay():
    result = check(ParityAppend(), max_size=4, engine="smt")
    failing = [c for c in result.checks if not c.holds and c.counterexample is not None]
    assert failing
    runner = Runner(ParityAppend())
    for c in failing:
        for q in (c.counterexample.first, c.counterexample.second):
            if q is None:
                continue
            trace = runner.run(q.instance, q.size)
            assert trace.states[q.step_index] == q.state
        if c.counterexample.second is not None:
            assert c.counterexample.first.windows == c.counterexample.second.windows
            assert c.counterexample.first.label != c.counterexample.second.label


def test_runs_are_deterministic():
    a = check(ParityAppend(), max_size=4, engine="smt")
    b = check(ParityAppend(), max_size=4, engine="smt")
    assert a.verdict.word == b.verdict.word
    assert [c.counterexample for c in a.checks] == [c.counterexample for c in b.checks]


def test_forks_cover_value_dependent_positions():
    """A cursor found by value: each fork has concrete positions, together every instance."""

    class LeftmostOne(ParityAppend):
        name = "smt-leftmost-one"

        def step(self, s):
            if "1" not in s:
                return None
            p = s.index("1")
            return Step(reads=(p,), next=s[:p] + ("0",) + s[p + 1:])

        def layout(self, n):
            return Layout((Slot("01"),) * n + ("=",))

    problem = LeftmostOne()
    terms = Terms()
    traces = symbolic_traces(problem, [3], terms, Oracle(terms))
    assert len(traces[3]) == 8  # one path per instance here: every bit decides the cursor
    d = Decider(problem, terms, traces, Budget(None))
    assert distance(d).by_size == {3: 0}
    result = check(problem, max_size=4, engine="smt")
    assert result.distance.by_size == check(problem, max_size=4).distance.by_size
