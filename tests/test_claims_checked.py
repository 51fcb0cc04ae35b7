"""Every claim a spec makes is checked against what its step does (issue 18).

Each format in tests/formats/claims/ was written to fool the check: the old
code gave it a top verdict (or took its word) although it does not
length-generalize. Each test asserts the new verdict and the counterexample's
kind under every engine that applies.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lengthcheck import check
from lengthcheck.errors import SpecError
from lengthcheck.loader import load
from lengthcheck.verdict import NOT_GUARANTEED, UNKNOWN

CLAIMS = Path(__file__).parent / "formats" / "claims"


def problem(module: str, name: str | None = None):
    found = load(str(CLAIMS / f"{module}.py"))
    if name is None:
        (only,) = found
        return only
    return next(p for p in found if p.name == name)


# --- class 1: where a step writes -------------------------------------------------


@pytest.mark.parametrize("engine", ["enumerate", "smt", "auto"])
def test_a_write_placed_by_rank_is_part_of_f(engine):
    result = check(problem("write_rank_slot"), engine=engine, max_size=6)
    assert result.verdict.word == NOT_GUARANTEED
    cx = result.verdict.counterexample
    assert cx.kind == "causal-conflict"
    # the same read tokens, written at two different offsets: the outputs show both
    assert cx.first.label[0] == cx.second.label[0]
    assert [t for t in cx.first.label if isinstance(t, tuple)] != \
        [t for t in cx.second.label if isinstance(t, tuple)]


def test_r_io_counts_writes_into_the_state_not_appends():
    rank = check(problem("write_rank_slot"), max_size=6, form="recover", n_max=1)
    assert rank.distance.value == 1
    assert rank.distance.io_by_size[6] > rank.distance.io_by_size[3]  # the slot moves away
    from lengthcheck.loader import load as load_path

    (fill,) = load_path("problems/parity_fill.py")
    plain = check(fill, max_size=6, form="recover", n_max=1)
    assert plain.distance.io_by_size[6] == plain.distance.io_by_size[3] == 2  # next to its reads


# --- class 2 and 9: declared out and moved are cross-checked ----------------------


@pytest.mark.parametrize("engine", ["enumerate", "smt"])
def test_a_declared_out_that_hides_a_far_write_is_a_spec_error(engine):
    with pytest.raises(SpecError) as err:
        check(problem("declared_out_far"), engine=engine, max_size=3)
    text = str(err.value)
    assert "declares out=('0',)" in text or "declares out=('1',)" in text
    assert "'!'" in text  # the write it hid is named


@pytest.mark.parametrize("engine", ["enumerate", "auto"])
def test_moved_that_lies_is_a_spec_error(engine):
    with pytest.raises(SpecError, match="declares out"):
        check(problem("moved_lie", "moved-empty"), engine=engine, max_size=3)
    with pytest.raises(SpecError, match="survives at"):
        check(problem("moved_lie", "moved-wrong-token"), engine=engine, max_size=3)


# --- class 3: the order of reads carries nothing ----------------------------------


@pytest.mark.parametrize("engine", ["enumerate", "smt", "auto"])
def test_x_is_built_in_positional_order(engine):
    result = check(problem("read_order_flag"), engine=engine, max_size=4)
    assert result.verdict.word == NOT_GUARANTEED
    cx = result.verdict.counterexample
    assert cx.kind == "causal-conflict"
    assert cx.first.windows == cx.second.windows  # the same tokens, in positional order
    assert cx.first.label != cx.second.label


# --- class 4 and 7: every ready order must end alike, and be explored ------------


@pytest.mark.parametrize("engine", ["enumerate", "auto"])
def test_ready_orders_that_end_differently_are_a_counterexample(engine):
    result = check(problem("greedy_matching", "greedy-matching"), engine=engine, max_size=8)
    assert result.verdict.word == NOT_GUARANTEED
    cx = result.verdict.counterexample
    assert cx.kind == "order-dependent"
    assert cx.first.state == cx.second.state == ("a", "a", "a")
    assert {cx.first.anchor, cx.second.anchor} == {(0, 1), (1, 2)}
    assert cx.first.label != cx.second.label  # the two final states


def test_ready_read_tuples_cap_the_verdict_at_unknown():
    result = check(problem("greedy_matching", "greedy-matching-reads"), max_size=8)
    assert result.verdict.word == UNKNOWN
    assert any("give Steps" in r for r in result.verdict.reasons)


def test_z3_with_ready_is_capped_at_unknown():
    # greedy matching with Steps: z3 follows one order; it must not answer either way.
    # max_instances=1 keeps z3 from handing the spec back to enumeration.
    result = check(problem("greedy_matching", "greedy-matching"), engine="smt", max_size=6,
                   max_instances=1)
    assert result.scope.engine == "smt"
    assert result.verdict.word == UNKNOWN
    assert any("prescribed step order" in r for r in result.verdict.reasons)


# --- class 5: halting in every route ----------------------------------------------


@pytest.mark.parametrize("engine", ["enumerate", "smt"])
def test_halting_must_be_recognizable_in_the_local_rule_form(engine):
    result = check(problem("halting_far"), engine=engine, max_size=8, form="local-rule")
    assert result.verdict.word == NOT_GUARANTEED
    local = [m for m in result.minimal_r if m.form == "local-rule"]
    assert all(m.trend.kind == "grows" for m in local)  # r must see the far `a`s
    failed = [c for c in result.checks if c.form == "local-rule" and not c.holds]
    assert failed and failed[0].counterexample.kind == "local-rule"
    # one side of the conflict is a final state (nothing changes there)
    sides = (failed[0].counterexample.first, failed[0].counterexample.second)
    assert any(q.label == q.state[q.anchor[0]] for q in sides)


def test_excluding_final_states_is_said_and_lets_the_local_rule_pass():
    result = check(problem("halting_far"), max_size=8, form="local-rule", include_final=False)
    assert any("final states excluded" in s for s in result.semantics)
    local = [m for m in result.minimal_r if m.form == "local-rule"]
    assert local[0].value == 3


# --- class 6: z3 decides the program Python runs -----------------------------------


def test_is_on_tokens_is_caught_by_the_concrete_replay():
    with pytest.raises(SpecError) as err:
        check(problem("identity_is"), engine="smt", max_size=4)
    text = str(err.value)
    assert "disagree" in text and "`tok is ONE`" in text


def test_auto_never_keeps_a_z3_answer_about_another_program():
    # whichever engine finishes first: enumeration refutes, z3's replay raises
    try:
        result = check(problem("identity_is"), engine="auto", max_size=4)
    except SpecError as err:
        assert "disagree" in str(err)
    else:
        assert result.verdict.word == NOT_GUARANTEED


def test_enumeration_sees_the_concrete_program():
    result = check(problem("identity_is"), engine="enumerate", max_size=4)
    assert result.verdict.word == NOT_GUARANTEED
    assert result.verdict.counterexample.kind == "causal-conflict"


def test_a_step_that_changes_after_many_calls_is_a_spec_error(tmp_path):
    spec = tmp_path / "impure.py"
    spec.write_text(
        "import itertools\n"
        "from lengthcheck import Problem, Step\n"
        "class Impure(Problem):\n"
        "    name = 'impure'\n"
        "    alphabet = ('#', '0', '1', '?')\n"
        "    max_size = 6\n"
        "    calls = 0\n"
        "    def instances(self, n):\n"
        "        for bits in itertools.product('01', repeat=n):\n"
        "            yield ('#',) + tuple(t for b in bits for t in (b, '?'))\n"
        "    def step(self, s):\n"
        "        self.calls += 1\n"
        "        if '?' not in s:\n"
        "            return None\n"
        "        p = s.index('?')\n"
        "        reads = (p - 1,) if self.calls < 300 else (0, p - 1)\n"
        "        return Step(reads=reads, next=s[:p] + (s[p - 1],) + s[p + 1:])\n"
    )
    (impure,) = load(str(spec))
    with pytest.raises(SpecError, match="not a pure function"):
        check(impure, max_size=6)


@pytest.mark.parametrize("engine", ["enumerate", "smt"])
def test_a_reorder_is_a_write(engine):
    # moved= carries the bit n positions away and writes no token: the places differ
    result = check(problem("moved_reorder"), engine=engine, max_size=5)
    assert result.verdict.word == NOT_GUARANTEED
    cx = result.verdict.counterexample
    assert cx.kind == "causal-conflict"
    tokens_of = [[t for t in q.label if isinstance(t, str)] for q in (cx.first, cx.second)]
    assert tokens_of == [[], []]  # nothing written: the outputs differ only in where
