"""Plain specs proved through inferred rules (issue 23, part 3).

The rules are read off the spec's traces up to a bound; the tests check, independently
of the inference, that the rules rewrite every instance to the spec's own final state
(by the RuleProblem's own matcher), that the prover proves them, and that the report
says the equality with step() is shown only up to the bound.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lengthcheck.cli import main
from lengthcheck.loader import load
from lengthcheck.rules.infer import infer
from lengthcheck.rules.prove import prove
from lengthcheck.trace import Runner

PROBLEMS = Path(__file__).parent.parent / "problems"


def _spec(name: str):
    (problem,) = load(str(PROBLEMS / f"{name}.py"))
    return problem


@pytest.mark.parametrize(("name", "bound"), [("parity_fill", 6), ("add_column", 4),
                                             ("div_column", 4), ("mul_column", 4),
                                             ("arith_running_example", 5)])
def test_reference_specs_are_proved_through_inferred_rules(name, bound):
    spec = _spec(name)
    inferred = infer(spec, bound)
    assert inferred.rule_problem is not None, inferred.why_not
    rules = inferred.rule_problem()
    runner = Runner(spec)
    for n in range(spec.min_size, bound + 1):  # the rules compute what step() computes
        for instance in runner.instances(n):
            assert rules.normal_form(instance) == runner.run(instance, n).final
    proof = prove(inferred.rule_problem, answer_max_size=0)
    assert proof.holds, [p.text for p in proof.premises if p.status != "proved"]
    assert f"rules inferred up to n = {bound}" in proof.problem


def test_a_span_that_grows_with_n_is_said_and_nothing_is_inferred():
    inferred = infer(_spec("copy_slots"), 6)
    assert inferred.rule_problem is None and "grows with n" in (inferred.why_not or "")


def test_a_global_order_cannot_be_written_as_local_rules():
    for bound in (4, 5):  # at 4 a context of 3 sees whole states, but not at 2 and 3
        inferred = infer(_spec("arith_fixed_order"), bound)
        assert inferred.rule_problem is None
        why = inferred.why_not or ""
        assert "not shown to be flat" in why or "no context radius" in why, why


def test_prove_accepts_a_plain_spec_and_states_the_bound(capsys):
    assert main(["prove", str(PROBLEMS / "parity_fill.py"), "--max-size", "6",
                 "--show-rules"]) == 0
    out = capsys.readouterr().out
    assert "PROVED" in out and "shown only up to n = 6" in out and "Rule(pattern=" in out
    assert main(["prove", str(PROBLEMS / "copy_slots.py"), "--max-size", "5"]) == 1
    assert "no rules could be inferred" in capsys.readouterr().out
