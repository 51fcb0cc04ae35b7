"""Decided by default (issue 19): auto is the default engine and its report does not depend
on which engine answered; one canonical witness under both engines; `--until-decided`;
no advice loop for a format whose vocabulary grows with n; a limit said at once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from lengthcheck import check
from lengthcheck.cli import main
from lengthcheck.engines import auto as auto_engine
from lengthcheck.engines.race import Finished
from lengthcheck.events import Notice
from lengthcheck.loader import load
from lengthcheck.report.console import plain, problem_report
from lengthcheck.report.json import counterexample_json

from .conftest import PROBLEMS

ROOT = Path(__file__).parent.parent
SUBTRACTION = ROOT / "benchmarks" / "specs" / "binary_subtraction.py"
DEPTH = Path(__file__).parent / "formats" / "depth_counter.py"

# every reference problem, at a bound where both engines finish in seconds on 2 cores
REFERENCE_BOUNDS = {
    "add_column.py": 5, "add_multirow.py": 4, "add_plain.py": 5, "add_reversed.py": 5,
    "arith_fixed_order.py": 4, "arith_front.py": 4, "arith_running_example.py": 3,
    "consume_leftmost_zero.py": 6, "copy_repeated.py": 5, "copy_slots.py": 5,
    "copy_unique.py": 5, "div_column.py": 4, "mul_column.py": 4, "mul_faith_fate.py": 3,
    "mul_multirow.py": 3, "parity_append.py": 8, "parity_direct.py": 8, "parity_fill.py": 8,
    "parity_reduce.py": 8,
}


def one(path: Path):
    return load(str(path))[0]


def text(result) -> str:
    return plain(Console(width=160, no_color=True), problem_report(result, None))


def in_order(order: tuple[str, ...]):
    """A race that finishes its contenders in `order`, one after the other, in this process:
    what a race looks like when one engine is faster than the other."""
    def race(contenders, accept, progress=None):
        finished = []
        for name in order:
            try:
                outcome = Finished(name, value=contenders[name](lambda line: None))
            except Exception as exc:  # noqa: BLE001 - the race hands errors back as outcomes
                outcome = Finished(name, error=exc)
            finished.append(outcome)
            if accept(outcome):
                break
        return finished
    return race


def test_every_reference_problem_is_listed():
    assert sorted(REFERENCE_BOUNDS) == sorted(p.name for p in PROBLEMS.glob("*.py"))


def test_auto_is_the_default_engine():
    result = check(one(PROBLEMS / "parity_direct.py"), max_size=4)
    assert result.options["engine"] == "auto" and result.scope.engine == "auto"
    assert result.scope.answered_by in ("enumerate", "smt")


@pytest.mark.parametrize("name", sorted(REFERENCE_BOUNDS))
def test_the_report_is_the_same_whichever_engine_wins_the_race(monkeypatch, name):
    """Enumeration first, then z3 first: byte for byte the same report (timing aside)."""
    problem = one(PROBLEMS / name)
    reports, answered = [], []
    for order in ((auto_engine.ENUMERATION, auto_engine.Z3),
                  (auto_engine.Z3, auto_engine.ENUMERATION)):
        monkeypatch.setattr(auto_engine, "race", in_order(order))
        monkeypatch.setattr(auto_engine, "available_cores", lambda: 2)
        result = check(problem, max_size=REFERENCE_BOUNDS[name], engine="auto", cores=2)
        reports.append(text(result))
        answered.append(result.scope.answered_by)
    assert reports[0] == reports[1], f"{name}: answered by {answered}"
    assert "z3:" not in reports[0] and "answered" not in reports[0]  # details stay out


def test_a_real_race_gives_the_same_report_twice():
    problem = one(PROBLEMS / "add_plain.py")
    first, second = (text(check(problem, max_size=5, engine="auto", cores=2)) for _ in "ab")
    assert first == second


@pytest.mark.parametrize(("name", "size"), [("add_plain.py", 5), ("arith_front.py", 4)])
def test_both_engines_show_the_same_witnesses(name, size):
    """The canonical witness: the one enumeration finds first (engines/canonical.py), for
    every witness a report draws (the other failed checks keep z3's, in JSON only)."""
    problem = one(PROBLEMS / name)
    by_enum = check(problem, max_size=size, engine="enumerate")
    by_z3 = check(problem, max_size=size, engine="smt")
    assert by_z3.scope.answered_by == "smt"
    assert by_z3.distance.witness == by_enum.distance.witness
    assert counterexample_json(by_z3.verdict.counterexample) == counterexample_json(
        by_enum.verdict.counterexample)
    assert counterexample_json(by_z3.verdict.note_counterexample) == counterexample_json(
        by_enum.verdict.note_counterexample)  # the (1, 4R+1) failure behind the warning


def test_verbose_names_the_engine_that_answered(capsys):
    main(["check", str(PROBLEMS / "parity_direct.py"), "--max-size", "4", "-q", "-v"])
    shown = capsys.readouterr().out
    assert "engine that answered:" in shown
    main(["check", str(PROBLEMS / "parity_direct.py"), "--max-size", "4", "-q"])
    assert "engine that answered" not in capsys.readouterr().out
    main(["check", str(PROBLEMS / "parity_direct.py"), "--max-size", "4", "-q", "--json"])
    scope = json.loads(capsys.readouterr().out)[0]["scope"]
    assert scope["engine"] == "auto" and scope["engine_answered"] in ("enumerate", "smt")


# --- until decided ------------------------------------------------------------------------

def test_until_decided_reaches_a_verdict_on_binary_subtraction():
    """Unknown at 6 ("try 7"); one call follows the advice until the verdict is decided."""
    problem = one(SUBTRACTION)
    assert check(problem, max_size=6).verdict.word == "unknown"
    result = check(problem, max_size=6, until_decided=600)
    path = result.until_decided
    assert path is not None and path.stopped == "decided"
    assert result.verdict.word in ("supported", "not-guaranteed")
    sizes = [t.max_size for t in path.tried]
    assert sizes[0] == 6 and sizes == sorted(set(sizes)) and len(sizes) >= 2
    assert [t.verdict for t in path.tried[:-1]] == ["unknown"] * (len(sizes) - 1)
    assert result.scope.max_size == sizes[-1]


def test_until_decided_stops_when_no_bound_would_decide():
    result = check(one(DEPTH), max_size=10, until_decided=60)
    assert result.verdict.word == "unknown"
    assert [t.max_size for t in result.until_decided.tried] == [10]
    assert result.until_decided.stopped.startswith("no larger bound")


def test_until_decided_is_a_flag_and_a_setting(capsys):
    code = main(["check", str(DEPTH), "--max-size", "8", "--until-decided", "30", "-q"])
    out = capsys.readouterr().out
    assert code == 3 and "until decided: n = 8 unknown" in out


# --- no advice loops ----------------------------------------------------------------------

def test_a_growing_vocabulary_is_named_and_no_bound_is_suggested():
    for engine in ("enumerate", "smt"):
        result = check(one(DEPTH), max_size=10, engine=engine)
        v = result.verdict
        assert v.word == "unknown" and v.next_bound is None
        assert "try max_size" not in v.headline
        (reason,) = v.reasons
        assert "d10 first appears at n = 10" in reason, engine
        assert "no bound decides it" in reason and "fixed vocabulary" in reason


def test_a_flat_run_too_short_still_suggests_its_bound():
    result = check(one(SUBTRACTION), max_size=6, engine="enumerate")
    assert result.verdict.next_bound is not None
    assert f"try max_size={result.verdict.next_bound}" in result.verdict.headline  # library


# --- a limit said at once -------------------------------------------------------------------

def test_enumeration_that_cannot_reach_the_bound_says_so_before_it_starts():
    seen: list[str] = []
    result = check(one(PROBLEMS / "parity_fill.py"), max_size=40, engine="enumerate",
                   max_instances=3000, progress=seen.append)
    assert isinstance(seen[0], Notice)  # the first thing the user hears
    assert "can reach n = 10 only" in seen[0] and "engine='smt'" in seen[0]
    assert result.scope.max_size == 10


# --- R over every ready step ----------------------------------------------------------------

def test_R_counts_every_ready_step_not_only_the_prescribed_one():
    """The running example's rule version at n = 4: a ready `+` with context on both sides
    reads a span of 4 in the first state, although the prescribed first step's span is 3."""
    problem = one(PROBLEMS / "rules" / "arith_running_example.py")
    result = check(problem, max_size=4, engine="enumerate")
    assert result.distance.by_size[4] == 4
    witness = result.distance.witness
    assert witness.size == 4 and witness.step_index == 0 and witness.span == 4


def test_until_decided_in_pytest_as_a_keyword_and_an_option(pytester):
    """The fixture keyword `until_decided=` and `--lengthcheck-until-decided` reach the check."""
    pytester.makepyfile(test_depth=f'''
from lengthcheck.loader import load

DEPTH = load({str(DEPTH)!r})[0]

def test_keyword(lengthcheck):
    result = lengthcheck.check(DEPTH, max_size=8, until_decided=30)
    assert [t.max_size for t in result.until_decided.tried] == [8]

def test_option(lengthcheck):
    result = lengthcheck.check(DEPTH, max_size=8)
    assert result.until_decided is not None and result.until_decided.budget == 25
''')
    outcome = pytester.runpytest_inprocess("-p", "no:cacheprovider",
                                           "--lengthcheck-until-decided", "25")
    outcome.assert_outcomes(passed=2)
