"""Every reference problem against its expect block, at its default bound.

The expect blocks were derived by hand (see each module's docstring); here
they are only compared with what the checker computed.
"""

from __future__ import annotations

import pytest

from lengthcheck import check
from lengthcheck.expect import compare
from lengthcheck.loader import load

from .conftest import PROBLEMS
from .meaning import check_meaning

REFERENCE = load(str(PROBLEMS))


def test_there_are_enough_reference_problems():
    assert len(REFERENCE) >= 14
    assert all(p.expect for p in REFERENCE)
    verdicts = {p.expect.get("verdict") for p in REFERENCE}
    # good and bad formats, and good ones whose evidence needs a larger bound (docstrings)
    assert verdicts == {"supported", "not-guaranteed", "unknown"}


@pytest.mark.parametrize("problem", REFERENCE, ids=[p.name for p in REFERENCE])
def test_reference_problem_matches_its_expect_block(problem):
    result = check(problem)
    assert compare(result, problem.expect) == []
    check_meaning(problem.name, result.to_dict())


RULE_FORMATS = load(str(PROBLEMS / "rules"))


@pytest.mark.parametrize("problem", RULE_FORMATS, ids=[p.name for p in RULE_FORMATS])
def test_rule_format_matches_its_expect_block(problem):
    # the bounded verdict and the proof together (issue 18: a rule format whose ready
    # orders end apart is refuted by the bounded check, not only by the prover)
    result = check(problem)
    assert compare(result, problem.expect) == []
    check_meaning(problem.name, result.to_dict())


def test_running_example_numbers_from_the_design():
    """DESIGN §2: with the fixed order the minimal r is 7, 11, 15 at bounds 3, 4, 5;
    with ready(s) it is 7 at every one of those bounds, within 4R + 1 = 9."""
    by_name = {p.name: p for p in REFERENCE}
    fixed = check(by_name["arith-fixed-order"], max_size=5, form="recover", n_max=1)
    ready = check(by_name["arith-running-example"], max_size=5, form="recover", n_max=1)
    (fixed_r,) = fixed.minimal_r
    (ready_r,) = ready.minimal_r
    assert [fixed_r.by_size[m] for m in (3, 4, 5)] == [7, 11, 15]
    assert [ready_r.by_size[m] for m in (3, 4, 5)] == [7, 7, 7]
    assert ready.distance.value == 2
    # (1, 7) holds, but only sizes whose instances are all longer than 7 count (rule (b))
    assert ready.verdict.word == "unknown" and ready.verdict.evidence.failed_rule == "b"
    assert fixed.verdict.word == "not-guaranteed"
    assert any("Thm 3.5 predicts otherwise" in w for w in fixed.verdict.warnings)
    # the cause, classified from the counterexample: a later step is already possible
    assert any("a fixed order among independent steps" in w for w in fixed.verdict.warnings)
    assert fixed.verdict.note_counterexample is not None


def test_consume_leftmost_zero_is_the_loud_thm_3_5_case():
    """DESIGN §2: R = 0, each bit read once, yet no window finds the next 0."""
    (problem,) = [p for p in REFERENCE if p.name == "consume-leftmost-zero"]
    result = check(problem)
    assert result.distance.value == 0 and result.at_most_once.holds is True
    assert result.verdict.word == "not-guaranteed"
    assert result.verdict.warnings and result.verdict.counterexample is not None
    assert "consumed input left in place" in result.verdict.warnings[0]
