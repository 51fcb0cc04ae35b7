"""`lengthcheck repair` (issue 21): each transformation repairs a format written for it, the
others do not; the decode check catches a broken transformation; the written file checks
to the same verdict.

The expected best transformation of each format is derived by hand in the format's
docstring (tests/formats/repair_targets.py); the verdicts are computed here.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from lengthcheck.checker import check_problem
from lengthcheck.cli import main
from lengthcheck.errors import SpecError
from lengthcheck.loader import load
from lengthcheck.outcome import ProblemResult
from lengthcheck.repair.search import RepairSearch, search
from lengthcheck.repair.transforms import Repair, repaired
from lengthcheck.spec import Problem, State

FORMATS = Path(__file__).parent / "formats"
PROBLEMS = Path(__file__).parent.parent / "problems"
sys.path.insert(0, str(FORMATS))

import repair_targets as targets  # noqa: E402

ParityAppend = type(load(str(PROBLEMS / "parity_append.py"))[0])


def _search(problem_class: type[Problem], max_size: int, **given) -> RepairSearch:
    """The search with the enumeration engine, the single transformations only unless
    `chains` are given (each chain is one more check)."""
    given.setdefault("chains", ())
    options = {"engine": "enumerate", "max_size": max_size}

    def check(problems: Sequence[Problem]) -> Iterator[ProblemResult | SpecError]:
        for problem in problems:
            try:
                yield check_problem(problem, **options)
            except SpecError as exc:
                yield exc

    problem = problem_class()
    original = check_problem(problem, **options)
    return search(problem, original, check, max_size, 2_000_000, **given)


# format, its bound, the cheapest repair, other transformations that also repair it, and
# transformations that do not help (derived by hand in each format's docstring)
CASES = [
    (ParityAppend, 8, "answers-in-columns", ("mark-consumed",), ("cursor", "index-hints-2")),
    (targets.TickFlip, 6, "cursor", (), ("mark-consumed", "declare-ready")),
    (targets.OnesThenZeros, 7, "declare-ready", (), ("cursor", "mark-consumed")),
    (targets.XorColumns, 4, "interleave", (), ("interleave-reversed", "cursor",
                                               "answers-in-columns")),
    (targets.XorColumnsMirrored, 4, "interleave-reversed", (), ("interleave", "cursor")),
    (targets.FlipEvenReady, 8, "index-hints-2", (),
     ("index-hints-3", "cursor", "mark-consumed")),
]


@pytest.mark.parametrize(("format_class", "bound", "best", "also", "useless"), CASES,
                         ids=[case[0].__name__ for case in CASES])
def test_each_transformation_repairs_a_format_and_the_cheapest_ranks_first(
        format_class, bound, best, also, useless):
    found = _search(format_class, bound)
    assert found.needed, "the format must fail before it can be repaired"
    first = found.candidates[0]
    assert (first.transform, first.is_repair) == (best, True), [
        (c.transform, c.status) for c in found.candidates]
    by_name = {c.transform: c for c in found.candidates}
    for name in also:
        assert by_name[name].is_repair, (name, by_name[name].status)
    for name in useless:
        assert not by_name[name].is_repair, (name, by_name[name].status)
    # ranked: every repair before every candidate that is not one, cheaper repairs first
    statuses = [c.is_repair for c in found.candidates]
    assert statuses == sorted(statuses, reverse=True)
    costs = [c.decoded.cost.key() for c in found.repairs]
    assert all(c.result.verdict.word == "supported" for c in found.repairs)
    assert costs == sorted(costs)
    assert first.decoded is not None and first.decoded.max_size == bound
    assert first.decoded.failure is None and first.decoded.cost is not None


def test_index_hints_report_the_k_they_need():
    found = _search(targets.FlipEvenReady, 8)
    status = {c.transform: c.status for c in found.candidates}
    assert status["index-hints-2"] == "supported"
    assert status["index-hints-3"] != "supported"  # i mod 3 does not show the parity
    assert status["declare-ready"] == "not-applicable"  # it declares ready(s) already


class SwapsFirstTwo(Repair):
    """Deliberately broken: the instance's first two tokens are swapped, and decode does not
    swap them back."""

    abstract = True
    transform = "swap-first-two"
    what = "the first two tokens swapped (broken on purpose)"

    def encode_initial(self, s: State, n: int) -> State:  # the rest is the identity
        return (s[1], s[0], *s[2:]) if len(s) > 2 else s  # two bits, then `=`


def test_the_decode_check_catches_a_broken_transformation():
    found = _search(ParityAppend, 4, transforms=(SwapsFirstTwo,))
    (candidate,) = found.candidates
    assert candidate.status == "broken"
    assert not candidate.is_repair and candidate.result is None  # never checked, never ranked
    assert "decodes to" in (candidate.decoded.failure or "")


def test_the_decode_check_passes_the_real_transformations():
    from lengthcheck.repair.search import decode_check
    from lengthcheck.repair.transforms import MarkConsumed

    decoded = decode_check(ParityAppend(), repaired(ParityAppend, MarkConsumed)(), 5, 10_000)
    assert decoded.failure is None and decoded.not_applicable is None
    assert decoded.instances == sum(2**n for n in range(1, 6))


def test_a_transformation_that_does_not_fit_says_why():
    found = _search(ParityAppend, 4)
    interleave = next(c for c in found.candidates if c.transform == "interleave")
    assert interleave.status == "not-applicable"
    assert "two slot blocks" in (interleave.decoded.not_applicable or "")


def test_repair_command_writes_files_that_check_to_the_same_verdict(tmp_path, capsys,
                                                                   monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "repaired"
    code = main(["repair", str(PROBLEMS / "parity_append.py"), "-o", str(out), "--json", "-q",
                 "-j", "1", "--max-candidates", "3"])
    assert code == 0
    (entry,) = json.loads(capsys.readouterr().out)
    best = entry["candidates"][0]
    assert set(best) >= {"transform", "verdict", "n", "r", "cost", "file"}
    assert best["transform"] == "mark-consumed" and best["verdict"] == "supported"
    assert len(entry["candidates"]) == 3 and entry["not_tried"]
    written = Path(best["file"])
    assert written.parent == out and "original_from(__file__" in written.read_text()
    (problem,) = load(str(written))  # only the candidate is a format there
    code = main(["check", str(written), "--max-size", "8", "--json", "-q"])
    (checked,) = json.loads(capsys.readouterr().out)
    assert checked["verdict"] == best["verdict"] and code == 0
    assert problem.name == "parity-append+mark-consumed"


def test_repair_of_a_format_that_already_works_says_so(capsys):
    code = main(["repair", str(PROBLEMS / "parity_fill.py"), "-q"])
    assert code == 0
    assert "Nothing to repair" in capsys.readouterr().out


def test_a_chain_moves_the_answers_next_to_interleaved_columns(tmp_path):
    from lengthcheck.repair import files
    from lengthcheck.repair.search import decode_check
    from lengthcheck.repair.transforms import AnswersInColumns, Interleave, chained

    AddReversed = type(load(str(PROBLEMS / "add_reversed.py"))[0])
    candidate = chained(AddReversed, (Interleave, AnswersInColumns))()
    # `a0 a1 + b0 b1 =` becomes `+ = a0 b0 □ a1 b1 □ □`: the `=` the first step reads
    # stands before the first column, each answer goes in the slot after its column
    encoded = candidate.encode_fully(("1", "0", "+", "1", "1", "="), 2)
    assert encoded == ("+", "=", "1", "1", "□", "0", "1", "□", "□")
    step = candidate.step(encoded)
    assert step is not None and max(step.reads) - min(step.reads) == 2
    decoded = decode_check(AddReversed(), candidate, 3, 10_000)
    assert decoded.failure is None and decoded.not_applicable is None
    result = check_problem(candidate, engine="enumerate", max_size=3)
    written = files.write(type(candidate), tmp_path, result, "lengthcheck check {file}")
    text = written.read_text(encoding="utf-8")
    assert "class _Step1(Interleave):" in text and "original = _Step1" in text
    (loaded,) = load(str(written))  # the step of the chain is not a format of its own
    assert loaded.name == "add-reversed+interleave+answers-in-columns"
    assert loaded.encode_fully(("1", "0", "+", "1", "1", "="), 2) == encoded


def test_answers_in_columns_needs_a_format_that_appends():
    from lengthcheck.repair.search import decode_check
    from lengthcheck.repair.transforms import AnswersInColumns, chained

    decoded = decode_check(targets.TickFlip(), chained(targets.TickFlip, (AnswersInColumns,))(),
                           3, 1000)
    assert decoded.not_applicable and "does not append" in decoded.not_applicable
