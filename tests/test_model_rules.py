"""DESIGN §2 model rules: cover rules for n >= 2, the ready closure, identity, outputs, types."""

from __future__ import annotations

import itertools

import pytest

from lengthcheck import Problem, Step, check
from lengthcheck.engines.exploration import explore
from lengthcheck.errors import SpecError
from lengthcheck.loader import load
from lengthcheck.properties.windows import anchors, offsets
from lengthcheck.trace import Runner

from .conftest import PROBLEMS


def test_cover_rules_anchor_tuples():
    assert anchors((3, 4), 2, 1, "per-read") == (3, 4)
    assert anchors((3, 4), 2, 1, "greedy") == (3,)
    assert anchors((1, 2, 3), 2, 5, "per-read") is None  # three reads, two windows
    assert offsets((3, 4), (3, 4), 1, "per-read") == ((0, 0), (1, 0))
    assert offsets((3, 4), (3,), 1, "greedy") == ((0, 0), (0, 1))


def test_copy_unique_is_two_three_per_read_and_not_greedy():
    (problem,) = load(str(PROBLEMS / "copy_unique.py"))
    result = check(problem, max_size=5, form="recover", n_max=2)
    rows = {(m.n, m.anchor_rule): m for m in result.minimal_r}
    per_read, greedy = rows[(2, "per-read")], rows[(2, "greedy")]
    assert all(v == 3 for m, v in per_read.by_size.items() if m >= 2)
    assert greedy.value is not None and greedy.value > 3


def test_shortcut_stays_within_a_rule():
    """With --anchor max the n = 2 greedy row is not seeded from the max-anchor row."""
    (problem,) = load(str(PROBLEMS / "copy_unique.py"))
    with_min = check(problem, max_size=4, form="recover", n_max=2, anchor="min")
    with_max = check(problem, max_size=4, form="recover", n_max=2, anchor="max")

    def greedy(result):
        return next(m for m in result.minimal_r if m.n == 2 and m.anchor_rule == "greedy")

    assert greedy(with_max).by_size == greedy(with_min).by_size


class FrontReduce(Problem):
    """Combine two neighbouring bits anywhere (ready: every pair); step takes the leftmost."""

    name = "front-reduce-ready"
    alphabet = ("0", "1")

    def instances(self, n):
        yield from itertools.product("01", repeat=n)

    def _steps(self, s):
        for i in range(len(s) - 1):
            bit = "1" if (s[i] == "1") != (s[i + 1] == "1") else "0"
            yield Step(reads=(i, i + 1), next=s[:i] + (bit,) + s[i + 2 :])

    def ready(self, s):
        return list(self._steps(s))

    def step(self, s):
        return next(iter(self._steps(s)), None)


class OneInstance(FrontReduce):
    def instances(self, n):
        yield ("1",) * (n - 2) + ("0", "1")


def test_ready_steps_explore_the_closure():
    exploration = explore(OneInstance(), 4)
    # 1 1 0 1: the leftmost-first trace never reaches "1 1 1" (combining the last pair)
    assert ("1", "1", "1") in exploration.reached
    runner = Runner(OneInstance())
    trace = runner.run(("1", "1", "0", "1"), 4)
    assert ("1", "1", "1") not in trace.states
    assert exploration.closure[4], "closure runs recorded"


def test_ready_read_tuples_still_work_and_bad_items_are_spec_errors():
    class Tuples(FrontReduce):
        def ready(self, s):
            return [step.reads for step in self._steps(s)]

    class Ints(FrontReduce):
        def ready(self, s):
            return [i for i in range(len(s) - 1)]

    assert explore(Tuples(), 3).closure[3] == 0  # no closure run
    with pytest.raises(SpecError, match="each item must be a Step or a tuple of positions"):
        explore(Ints(), 3)


def test_step_arguments_are_validated_where_the_user_builds_them():
    with pytest.raises(SpecError, match="reads must be a tuple of positions") as info:
        Step(reads=3, next=("0",))
    assert info.value.location is not None and info.value.location.file.endswith(
        "test_model_rules.py")
    with pytest.raises(SpecError, match="positions are 0-based ints"):
        Step(reads=("1",), next=("0",))


class InPlaceXor(Problem):
    """x_0 ^= x_1, then x_0 ^= x_2, ...: the same element x_0 is rewritten each step."""

    name = "in-place-xor"
    alphabet = ("0", "1", "_")
    declare_writes = True

    def instances(self, n):
        for bits in itertools.product("01", repeat=n):
            yield bits + ("_",)

    def step(self, s):
        if s[1] == "_":
            return None
        bit = "1" if (s[0] == "1") != (s[1] == "1") else "0"
        nxt = (bit,) + s[2:] + ("_",)  # consume s[1]: shift the rest left
        moved = {i: i - 1 for i in range(2, len(s))}
        moved[0] = 0
        if self.declare_writes:
            del moved[0]  # position 0 is written: a new element, whatever its token
        return Step(reads=(0, 1), next=nxt, moved=moved)


def test_a_written_position_is_a_new_element():
    good = check(InPlaceXor, max_size=4, n_max=1, form="recover")
    assert good.at_most_once.holds is True

    class KeepsIdentity(InPlaceXor):
        declare_writes = False

    # keeping position 0's identity while the step writes another token there is a lie
    # (issue 18): a moved element keeps its token
    with pytest.raises(SpecError, match="survives at 0, but the next state holds"):
        check(KeepsIdentity, max_size=4, n_max=1, form="recover")


def test_writes_declares_same_value_rewrites():
    class SameValue(Problem):
        name = "same-value"
        alphabet = ("0", "1")

        def instances(self, n):
            yield ("0",) * (n + 1)

        def step(self, s):
            if len(s) < 2 or s[-1] == "1":
                return None
            return Step(reads=(0, len(s) - 1), next=s[:-1] + ("1",), writes=(0, len(s) - 1))

    trace = Runner(SameValue()).run(("0", "0", "0"), 2)
    (st,) = trace.steps
    assert st.writes == (0, 2) and st.out == ("0", "1")


def test_rewrite_and_append_outputs_only_what_changed():
    class RewriteAppend(Problem):
        name = "rewrite-append"
        alphabet = ("a", "b", "x", "?", "=")

        def instances(self, n):
            yield ("a",) * n + ("?", "=")

        def step(self, s):
            if "?" not in s:
                return None
            p = s.index("?")
            # reads a_0 and the last token, fills the slot and appends a token
            return Step(reads=(0, len(s) - 1), next=s[:p] + ("x",) + s[p + 1 :] + ("b",))

    trace = Runner(RewriteAppend()).run(("a", "a", "?", "="), 2)
    (st,) = trace.steps
    assert st.mode == "rewrite+append" and st.out == ("x", "b") and st.writes == (2, 4)


def test_r_is_null_at_sizes_without_a_step():
    class LateStart(Problem):
        name = "late-start"
        alphabet = ("0", "1")

        def instances(self, n):
            yield ("0",) * n

        def step(self, s):
            if len(s) < 3 or s[-1] == "1":
                return None
            return Step(reads=(len(s) - 1,), next=s[:-1] + ("1",))

    result = check(LateStart, max_size=6, n_max=1)
    assert result.distance.by_size[1] is None and result.distance.by_size[2] is None
    assert result.distance.by_size[3] == 0


def test_rule_problems_get_the_proved_verdict_with_their_certificate(capsys):
    import json

    from lengthcheck.cli import main

    (good,) = load(str(PROBLEMS / "rules" / "parity_fill.py"))
    result = check(good)
    assert result.verdict.word == "proved" and result.proof.holds
    assert result.verdict.headline.startswith("PROVED for every n ((1, 5)")
    assert main(["check", str(PROBLEMS / "rules" / "parity_fill.py"), "--json"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["verdict"] == "proved" and entry["proof"]["holds"] is True


def test_ready_steps_that_loop_are_not_guaranteed():
    """flip/flop can be taken forever: the bounded check sees the cycle, the prover no weights."""
    (bad,) = load(str(PROBLEMS / "rules" / "bad_nonterminating.py"))
    result = check(bad)
    assert result.verdict.word == "not-guaranteed"
    assert "never ends" in result.verdict.reasons[0]
    assert not result.proof.holds


def test_an_int_token_is_named_as_such():
    class IntToken(FrontReduce):
        def instances(self, n):
            yield (1,) * n

    with pytest.raises(SpecError, match="tokens are strings") as info:
        explore(IntToken(), 2)
    assert "'1'" in info.value.render()


def test_memory_budget_stops_enumeration_with_a_note():
    """A budget below what the process already uses stops at once; the note says why."""
    exploration = explore(FrontReduce(), 14, max_memory=1)
    assert any("memory budget" in note for note in exploration.notes)
    assert exploration.max_size < 14


def test_a_layout_past_the_instance_cap_is_not_started():
    (problem,) = load(str(PROBLEMS / "parity_fill.py"))
    exploration = explore(problem, 12, max_instances=1000)
    assert exploration.sizes == list(range(1, 9))  # 2 + 4 + … + 256 = 510; 512 more is past it
    assert "not started" in exploration.notes[0]


def test_plain_progress_lines_when_not_a_terminal():
    import io

    from rich.console import Console

    from lengthcheck.report.console import CheckProgress

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=False, width=200)
    with CheckProgress(console, "demo", 1, 3, enabled=False, plain=True, every=0.0) as progress:
        progress("demo: size 3/12 running (1,024 instances, 40%)")
    assert "progress: demo (1/3)" in buffer.getvalue() and "size 3/12" in buffer.getvalue()
    quiet = io.StringIO()
    with CheckProgress(Console(file=quiet), "demo", enabled=False) as progress:
        progress("demo: size 1/2 enumerated")
    assert quiet.getvalue() == ""


def test_a_cut_ready_closure_is_unknown(monkeypatch):
    import lengthcheck.engines.exploration as enumerate_engine

    monkeypatch.setattr(enumerate_engine, "CLOSURE_CAP", 1)
    result = check(OneInstance, max_size=5, n_max=1)
    assert result.verdict.word == "unknown"
    assert any("closure was cut" in reason for reason in result.verdict.reasons)


def test_steps_count_from_zero_in_the_identity_message():
    """A step no form describes (no append, rewrite or splice, no `moved`) is a spec error
    naming the step 0-based, as the DAG export and the traces name it (issue 9 item 17);
    identity is never silently lost any more (issue 18)."""

    class LosesIdentity(Problem):
        name = "loses-identity"
        alphabet = ("a", "b", "x")

        def instances(self, n):
            yield ("a",) * n + ("b",)

        def step(self, s):
            if "b" in s:  # step 0: neither append, rewrite nor splice; no moved map
                return Step(reads=(len(s) - 1,), next=("x",) + s[1:-1], out=("x",))
            if "a" in s:
                p = s.index("a")
                return Step(reads=(p,), next=s[:p] + ("x",) + s[p + 1 :])
            return None

    with pytest.raises(SpecError) as err:
        check(LosesIdentity, max_size=3, n_max=1, form="recover")
    assert "step: 0" in str(err.value) and "moved=" in str(err.value)
