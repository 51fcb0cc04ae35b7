"""The literature formats (problems/literature/) against expect blocks and published outcomes.

The expect blocks were derived by hand in each module's docstring; here they
are only compared with what the checker computed. The rule that must hold
whatever the checker's details: a format whose published training failed is
never `supported` (the theory gives a sufficient condition only).

The index-hint formats need a bound of 6 (their |X| stops growing at n = 3
and the evidence rules ask for a flat run that doubles), the interleaved
abacus a bound of 8 over 4^8 instances. They once ran only with
LENGTHCHECK_SLOW=1, which CI never sets. Since issue 18 CI checks every
module at its own default bound, the bound the table in docs/literature.md is built from
(no smaller one: a verdict at another bound is not the table's claim):
measured one at a time on one core, abacus-reversed-interleaved 47 s,
lee-reversed-hinted 28 s, lee-reversed-hinted-mirrored 20 s,
index-hints-reversed 19 s, all the others under 2 s; started first
(tests/conftest.py HEAVY).
"""

from __future__ import annotations

import inspect
import json
from functools import cache

import pytest

from lengthcheck import check
from lengthcheck.cli import main
from lengthcheck.expect import compare
from lengthcheck.loader import load
from lengthcheck.outcome import ProblemResult
from lengthcheck.report import compare as comparison
from lengthcheck.spec import Problem

from .conftest import PROBLEMS
from .meaning import check_meaning

FOLDER = PROBLEMS / "literature"
LITERATURE = load(str(FOLDER))


# Hand derivation and checker disagree here (expect: supported; computed: unknown by
# evidence rule (c)): the checker's coverage counts every true key *tuple* of the
# (n, r) route, and pairs of hint windows keep appearing up to n = 5; the hand
# derivation counted single windows. Kept as a strict xfail until someone settles
# which reading of DESIGN §2's coverage the format should be judged by.
OPEN_QUESTIONS = {"l2_lee_reversed_hinted_mirrored"}


def _param(problem: Problem, expect_test: bool = False):
    # the slow modules (19–47 s each on one core) run in CI too, at their full bounds (issue
    # 18: a claim the literature table states is checked at the bound the table is built from)
    marks: list = []
    if expect_test and comparison.module_of(problem) in OPEN_QUESTIONS:
        marks.append(pytest.mark.xfail(strict=True, reason="coverage of key tuples: see "
                                       "OPEN_QUESTIONS"))
    return pytest.param(problem, id=problem.name, marks=marks)


@cache
def _result(name: str) -> ProblemResult:
    """Each problem is checked once per test session, at its own default bound."""
    (problem,) = [p for p in LITERATURE if p.name == name]
    return check(problem)


def test_the_folder_holds_the_formats_the_issue_names():
    ids = {comparison.published_of(p).get("id") for p in LITERATURE}
    assert {"L-1", "L-2", "L-3", "L-4", "Z-1", "Z-2", "M-1", "C-2", "D-1", "H-1"} <= ids
    repairs = [p for p in LITERATURE if comparison.published_of(p).get("outcome") == "repair"]
    modules = {comparison.module_of(p) for p in LITERATURE}
    assert len(repairs) >= 3
    for p in repairs:
        assert comparison.published_of(p)["repairs"] in modules
        assert comparison.published_of(p)["change"]


@pytest.mark.parametrize("problem", LITERATURE, ids=[p.name for p in LITERATURE])
def test_every_spec_documents_itself(problem: Problem):
    pub = comparison.published_of(problem)
    assert pub.get("outcome") in comparison.OUTCOMES
    if pub["outcome"] != "repair":
        assert pub.get("source") and pub.get("summary") and pub.get("id")
    if pub["outcome"] == "generalized-with-device":
        assert pub.get("device")
    module_doc = inspect.getmodule(type(problem)).__doc__ or ""
    assert problem.expect and "derived by hand" in module_doc


@pytest.mark.parametrize("problem", [_param(p, expect_test=True) for p in LITERATURE])
def test_literature_problem_matches_its_expect_block(problem: Problem):
    """CI bound: each module's own max_size (6 for the hint formats, 8 for the interleaved
    abacus), the bound the literature table (docs/literature.md) is built from.

    The four slow modules cost about 115 s on one core in all; CI runs them (issue 18).
    """
    check_meaning(problem.name, _result(problem.name).to_dict())
    assert compare(_result(problem.name), problem.expect) == []


@pytest.mark.parametrize("problem", [_param(p) for p in LITERATURE
                                     if comparison.published_of(p).get("outcome") == "failed"])
def test_failed_in_training_is_never_supported(problem: Problem):
    """The theory is sufficient only: a format that failed cannot be certified."""
    assert _result(problem.name).verdict.word not in ("supported", "proved")


def test_the_comparison_table_pairs_repairs_with_their_originals():
    """The literature table's rows, every module at its own bound, in CI too (issue 18).

    Results are cached per process; under xdist this test's worker may check the slow
    modules again (up to ~115 s), so tests/conftest.py starts it first.
    """
    fast = list(LITERATURE)
    table = comparison.rows([(p, _result(p.name)) for p in fast])
    assert not any(r.violation for r in table)
    modules = [r.module for r in table]
    for i, r in enumerate(table):
        if r.repairs is not None and r.repairs in modules:
            assert table[i - 1].module == r.repairs or table[i - 1].repairs == r.repairs
    text = comparison.markdown(table)
    assert text.count("\n") == len(table) + 1
    by_module = {r.module: r for r in table}
    assert by_module["c2_parity_scratchpad"].lacks.startswith("R grows")
    assert by_module["l1_lee_plain"].lacks.startswith("fan-in grows")
    assert by_module["c2_parity_scratchpad_interleaved"].lacks == ""


def test_compare_flag_prints_json_with_a_comparison_array(capsys):
    pair = [str(FOLDER / "c2_parity_scratchpad.py"),
            str(FOLDER / "c2_parity_scratchpad_interleaved.py")]
    code = main(["check", *pair, "--compare", "--json", "-q"])
    document = json.loads(capsys.readouterr().out)
    assert code == 1  # the original is not-guaranteed
    assert [p["problem"] for p in document["problems"]] == [
        "parity-scratchpad-after-input", "parity-scratchpad-interleaved"]
    original, repair = document["comparison"]
    # issue 24: no published outcome was found for C-2 (the follow-up project's config)
    assert original["outcome"] == "unknown" and original["agrees"] is True
    assert original["verdict"] == "not-guaranteed" and original["lacks"]
    assert repair["repairs"] == "c2_parity_scratchpad" and repair["verdict"] == "supported"
