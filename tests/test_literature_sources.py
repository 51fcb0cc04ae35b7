"""The literature specs' `published` outcomes: a valid class, a source, and a computed agreement.

Issue 24: every literature module names its outcome class (`generalized`,
`generalized-with-device`, `failed`, `not-reported`, `unknown`) and a source
string that names the paper, the figure/table/section and whether the source
is primary or secondary; the comparison table's agreement column is computed
from that class (lengthcheck/report/compare.py, `agreement()`), never copied.
These tests run the checker once, on one small format, at a small bound.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from pathlib import Path

import pytest

from lengthcheck import check
from lengthcheck.loader import load
from lengthcheck.outcome import ProblemResult
from lengthcheck.report import compare as comparison
from lengthcheck.spec import Problem

from .conftest import PROBLEMS

FOLDER = PROBLEMS / "literature"
LITERATURE = load(str(FOLDER)) + load(str(FOLDER / "base10"))
ORIGINALS = [p for p in LITERATURE if comparison.published_of(p).get("outcome") != "repair"]
REPAIRS = [p for p in LITERATURE if comparison.published_of(p).get("outcome") == "repair"]
VERDICTS = ("proved", "supported", "not-guaranteed", "unknown")
CLASSES = ("generalized", "generalized-with-device", "failed", "not-reported", "unknown")

PAPER = re.compile(r"\b(19|20)\d\d\b")  # a paper is named with its year
WHERE = re.compile(r"Fig\.|Table|§|abstract|caption|config|repo |data file", re.IGNORECASE)
KIND = re.compile(r"\b(primary|secondary)\b")


def _ids(problems: list[Problem]) -> list[str]:
    return [p.name for p in problems]


def test_the_classes_are_the_issues_five():
    assert set(comparison.CLASSES) == set(CLASSES)
    assert set(comparison.OUTCOMES) == set(CLASSES) | {"repair"}


def test_every_literature_module_defines_a_problem_with_a_published_block():
    modules = {f.stem for f in Path(FOLDER).glob("*.py") if not f.name.startswith("_")}
    assert modules == {comparison.module_of(p) for p in load(str(FOLDER))}
    for p in LITERATURE:
        assert comparison.published_of(p), f"{p.name} has no `published` mapping"


@pytest.mark.parametrize("problem", ORIGINALS, ids=_ids(ORIGINALS))
def test_every_format_has_an_outcome_class_and_a_source(problem: Problem):
    pub = comparison.published_of(problem)
    assert pub.get("outcome") in CLASSES
    assert pub.get("id") and pub.get("summary")
    source = str(pub.get("source", ""))
    assert PAPER.search(source), f"{problem.name}: the source names no paper (year): {source}"
    assert WHERE.search(source), f"{problem.name}: no figure/table/section in: {source}"
    assert KIND.search(source), f"{problem.name}: primary or secondary? {source}"
    if pub["outcome"] == "generalized-with-device":
        assert str(pub.get("device", "")).strip(), "a device outcome names its device"
    else:
        assert not str(pub.get("device", "")).strip(), "only a device outcome names a device"
    if "borrowed" in pub:
        assert str(pub["borrowed"]).strip() and "borrowed" in source


@pytest.mark.parametrize("problem", REPAIRS, ids=_ids(REPAIRS))
def test_every_repair_names_its_original_and_its_change(problem: Problem):
    pub = comparison.published_of(problem)
    modules = {comparison.module_of(p) for p in LITERATURE}
    assert pub["repairs"] in modules and pub.get("change")


def test_the_corrected_outcomes_of_issue_24():
    by_id = {comparison.published_of(p)["id"]: comparison.published_of(p) for p in ORIGINALS
             if comparison.module_of(p) != "literature10"}
    expected = {"L-1": "not-reported", "L-2": "failed", "L-3": "not-reported",
                "L-4": "not-reported", "Z-1": "failed", "Z-2": "generalized-with-device",
                "M-1": "generalized-with-device", "C-2": "unknown", "D-1": "failed",
                "H-1": "generalized-with-device"}
    assert {k: v["outcome"] for k, v in by_id.items()} == expected
    assert "FIRE" in by_id["Z-2"]["device"]
    assert "parity" in by_id["H-1"]["borrowed"]
    assert "not in the abstract" not in by_id["D-1"]["summary"]
    assert "can rapidly decay with increased task complexity" in by_id["D-1"]["source"]


def _rule(outcome: str, verdict: str) -> bool:
    """The agreement rule of compare.py's docstring, restated."""
    holds = verdict in ("supported", "proved")
    if outcome == "failed":
        return not holds
    if outcome == "generalized":
        return holds
    return True  # a device outside the tokens, or nothing to compare


@pytest.mark.parametrize("verdict", VERDICTS)
@pytest.mark.parametrize("outcome", CLASSES)
def test_agreement_is_computed_from_the_class(outcome: str, verdict: str):
    a = comparison.agreement(outcome, verdict, device="FIRE")
    assert a.agrees is _rule(outcome, verdict)
    assert a.violation is (outcome == "failed" and verdict in ("supported", "proved"))
    assert a.text.startswith("agrees" if a.agrees else ("VIOLATION" if a.violation
                                                         else "disagrees"))
    if outcome in ("not-reported", "unknown"):
        assert "any verdict" in a.text and "nothing to compare" in a.text
    if outcome == "generalized-with-device":
        assert "FIRE" in a.text


def test_a_borrowed_outcome_says_so_and_a_repair_is_not_compared():
    a = comparison.agreement("generalized-with-device", "not-guaranteed", "Hard-ALiBi",
                             borrowed="addition")
    assert a.agrees and "borrowed from addition" in a.text
    assert comparison.agreement("repair", "supported").agrees is None
    assert comparison.agreement("repair", "not-guaranteed").agrees is None
    assert comparison.agreement("guaranteed", "supported").agrees is None  # not a class


@cache
def _small() -> tuple[Problem, ProblemResult]:
    (problem,) = [p for p in LITERATURE if comparison.module_of(p) == "c2_parity_scratchpad"]
    return problem, check(problem, max_size=4)


@pytest.mark.parametrize("outcome", CLASSES)
def test_the_table_row_follows_the_class(outcome: str):
    """Only the class changes between these rows; the agreement column follows it."""
    problem, result = _small()
    variant = copy.copy(problem)
    variant.published = {"id": "T-1", "outcome": outcome, "summary": "s",
                         "device": "a device" if outcome == "generalized-with-device" else "",
                         "source": "Test et al. 2024, Fig. 1 (primary)"}
    (row,) = comparison.rows([(variant, result)])
    assert row.outcome == outcome
    assert row.agrees is _rule(outcome, result.verdict.word)
    assert row.agreement == comparison.agreement(outcome, result.verdict.word,
                                                 "a device" if outcome ==
                                                 "generalized-with-device" else "").text
    assert row.source == "Test et al. 2024, Fig. 1 (primary)"
    assert row.published.startswith("generalized with a device" if outcome ==
                                    "generalized-with-device" else outcome)
    line = comparison.markdown([row]).splitlines()[-1]
    assert row.agreement in line and row.source in line
