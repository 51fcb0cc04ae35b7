"""Which engine runs (issue 13): `auto` by cost, and the z3 engine's retreat on branchy specs.

The point of every test here is that the choice never changes an answer: the
verdict, the series and the counterexample are the enumeration's, whichever
engine computed them, and the scope says which one did and why.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest

from lengthcheck import Problem, Step, check, parallel
from lengthcheck.engines import auto as auto_engine
from lengthcheck.engines.exploration import count_instances
from lengthcheck.engines.race import ContenderCrashed
from lengthcheck.engines.smt import engine as smt_engine
from lengthcheck.errors import SpecError
from lengthcheck.loader import load
from lengthcheck.parallel import check_in_parallel
from lengthcheck.results import Finding, FindingKind

from .conftest import PROBLEMS
from .test_first_hour import lengthcheck
from .test_race import alive

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
    assert any("branches on tokens" in note and "size 3" in note for note in smt.scope.details)
    same_answer(smt, enum)
    assert [c.counterexample for c in smt.checks] == [c.counterexample for c in enum.checks]


def test_branchy_spec_stays_symbolic_when_enumeration_is_not_affordable(monkeypatch):
    monkeypatch.setattr(smt_engine, "ENUMERATION_AFFORDABLE", 10)
    smt = check(spec("bubble_sort.py"), max_size=4, engine="smt")
    assert smt.scope.engine == "smt"
    same_answer(smt, check(spec("bubble_sort.py"), max_size=4, engine="enumerate"))


def test_auto_enumerates_few_instances_and_says_so():
    parity = load(str(PROBLEMS / "parity_fill.py"))[0]  # 2,046 instances up to n = 10
    result = check(parity, engine="auto", cores=1)
    assert result.scope.answered_by == "enumerate"
    assert any(note.startswith("auto: enumerated, 2,046 instances")
               for note in result.scope.details)


def test_auto_sends_many_branch_free_instances_to_z3(monkeypatch):
    monkeypatch.setattr(auto_engine, "ENUMERATE_BELOW", 100)
    monkeypatch.setattr(auto_engine, "SECONDS_PER_INSTANCE", 1.0)  # time enough on a busy machine
    subtraction = spec("binary_subtraction.py")
    auto = check(subtraction, max_size=4, engine="auto", cores=1)  # 340 instances, 1 path/size
    assert auto.scope.answered_by == "smt"
    assert auto.scope.describe().endswith("(auto)")  # the text does not say which answered
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
    assert result.scope.answered_by == "enumerate"
    assert any("no layout" in note for note in result.scope.details)


@pytest.mark.parametrize("cap", [0, 5, 40])
def test_instance_count_stops_at_the_cap_with_a_filter(cap):
    mul = load(str(PROBLEMS / "mul_column.py"))[0]
    count = count_instances(mul, range(1, mul.max_size + 1), cap)  # its layout has a filter
    assert count == cap + 1  # listed only until the cap was passed


def test_auto_enumerates_when_z3_cannot_decide_within_what_enumeration_costs(monkeypatch):
    monkeypatch.setattr(auto_engine, "ENUMERATE_BELOW", 100)
    monkeypatch.setattr(auto_engine, "SECONDS_PER_INSTANCE", 0.0)  # z3 gets no time at all
    subtraction = spec("binary_subtraction.py")
    auto = check(subtraction, max_size=4, engine="auto", cores=1)
    assert auto.scope.answered_by == "enumerate"
    assert any(note.startswith("auto: the z3 engine could not decide") for note in
               auto.scope.details)
    same_answer(auto, check(subtraction, max_size=4, engine="enumerate"))


# --- two cores: enumeration and z3 race, the first complete answer is kept ---------------

def slowed(real, seconds: float):
    """An engine that starts `seconds` late: decides which one finishes first in a race."""
    def run(*args, **kwargs):
        time.sleep(seconds)
        return real(*args, **kwargs)
    return run


@pytest.mark.parametrize("late", ["enumeration", "z3"])
def test_the_race_keeps_the_first_answer_and_it_is_the_enumerations(monkeypatch, late):
    if late == "enumeration":
        monkeypatch.setattr(auto_engine, "compute_enumerated",
                            slowed(auto_engine.compute_enumerated, 5.0))
    else:
        monkeypatch.setattr(smt_engine, "compute_smt", slowed(smt_engine.compute_smt, 5.0))
    subtraction = spec("binary_subtraction.py")
    auto = check(subtraction, max_size=4, engine="auto", cores=2)
    first = "z3" if late == "enumeration" else "enumeration"
    assert auto.scope.answered_by == ("smt" if first == "z3" else "enumerate")
    assert f"{first} answered first" in auto.scope.details[-1]
    same_answer(auto, check(subtraction, max_size=4, engine="enumerate"))


def test_an_undecided_z3_answer_does_not_win_the_race(monkeypatch):
    real = smt_engine.compute_smt

    def undecided(*args, **kwargs):
        computed = real(*args, **kwargs)
        return replace(computed, findings=(Finding(
            FindingKind.UNDECIDED, f"{smt_engine.UNDECIDED}: a query timed out"),))

    monkeypatch.setattr(smt_engine, "compute_smt", undecided)
    monkeypatch.setattr(auto_engine, "compute_enumerated",
                        slowed(auto_engine.compute_enumerated, 5.0))
    subtraction = spec("binary_subtraction.py")
    auto = check(subtraction, max_size=4, engine="auto", cores=2)
    assert auto.scope.answered_by == "enumerate"
    assert auto.scope.details[-1].endswith("z3 finished first, but the z3 engine could not decide: "
                                         "a query timed out, so enumeration's answer is kept")
    same_answer(auto, check(subtraction, max_size=4, engine="enumerate"))


def test_z3_does_not_win_the_race_where_its_coverage_bound_could_change_the_verdict(
        monkeypatch):
    """Binary subtraction at N = 6: z3's local-rule routes fail rule (c) on a coverage size
    it knows only as an upper bound, and nothing after (c) fails them: the exact size could
    make the verdict `supported`, so only enumeration's answer will do."""
    monkeypatch.setattr(auto_engine, "compute_enumerated",
                        slowed(auto_engine.compute_enumerated, 5.0))
    subtraction = spec("binary_subtraction.py")
    auto = check(subtraction, max_size=6, engine="auto", cores=2)
    assert auto.scope.answered_by == "enumerate"
    assert "z3 finished first, but z3 could give some coverage sizes only as upper bounds" \
        in auto.scope.details[-1]
    same_answer(auto, check(subtraction, max_size=6, engine="enumerate"))


def test_z3_never_wins_the_race_on_a_problem_with_ready_steps(monkeypatch):
    """z3 follows the prescribed order only; enumeration also explores every ready order."""
    monkeypatch.setattr(auto_engine, "compute_enumerated",
                        slowed(auto_engine.compute_enumerated, 5.0))
    arith = load(str(PROBLEMS / "arith_running_example.py"))[0]
    auto = check(arith, max_size=3, engine="auto", cores=2)
    assert auto.scope.answered_by == "enumerate"
    same_answer(auto, check(arith, max_size=3, engine="enumerate"))


def test_a_spec_error_from_the_engine_that_finishes_first_ends_the_race(monkeypatch):
    monkeypatch.setattr(auto_engine, "compute_enumerated",
                        slowed(auto_engine.compute_enumerated, 5.0))
    from .test_smt_engine import WrongLayout

    with pytest.raises(SpecError, match="does not describe the same instances"):
        check(WrongLayout(), max_size=2, engine="auto", cores=2)


def test_a_crash_in_either_engine_is_a_crash_of_auto(monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("inside the z3 engine")

    monkeypatch.setattr(smt_engine, "compute_smt", broken)
    monkeypatch.setattr(auto_engine, "compute_enumerated",
                        slowed(auto_engine.compute_enumerated, 5.0))
    with pytest.raises(ContenderCrashed, match="(?s)z3 failed.*ZeroDivisionError"):
        check(spec("binary_subtraction.py"), max_size=3, engine="auto", cores=2)


@pytest.mark.parametrize(("cores", "jobs", "races"), [(4, 2, True), (2, 2, False)])
def test_check_j_workers_race_only_with_two_cores_each(monkeypatch, cores, jobs, races):
    monkeypatch.setattr(parallel, "available_cores", lambda: cores)
    subtraction = spec("binary_subtraction.py")
    results = list(check_in_parallel([subtraction, subtraction],
                                     {"engine": "auto", "max_size": 3}, jobs))
    for result in results:  # a -j worker is a daemonic process: the race forks by hand
        assert any("side by side" in note for note in result.scope.details) == races
        assert result.options["cores"] == cores // jobs


RACE_INTERRUPTED = '''
import os
import signal
import time
from pathlib import Path

from lengthcheck import Layout, Problem, Step

COMMAND = os.getpid()  # the spec is loaded by the command; the racing engines are its children
PIDS = Path(__file__).with_suffix(".pids")


class Stuck(Problem):
    alphabet = ("a", "b")
    max_size = 4
    engine = "auto"

    def layout(self, n):
        return Layout(("a",) * n)

    def instances(self, n):
        yield ("a",) * n

    def step(self, s):
        if os.getpid() != COMMAND:  # an engine in the race: the user presses Ctrl-C now
            with PIDS.open("a") as pids:
                pids.write(f"{os.getpid()}\\n")
            os.kill(COMMAND, signal.SIGINT)
            time.sleep(60)
        if "a" not in s:
            return None
        p = s.index("a")
        return Step(reads=(p,), next=s[:p] + ("b",) + s[p + 1:])
'''


def test_ctrl_c_during_a_race_stops_both_engines(tmp_path):
    spec_file = tmp_path / "stuck.py"
    spec_file.write_text(RACE_INTERRUPTED)
    started = time.monotonic()
    proc = lengthcheck("check", str(spec_file), "-j", "1")
    assert proc.returncode == 130, proc.stderr
    assert time.monotonic() - started < 45  # the engines sleep 60 s: nobody waited for them
    assert "Traceback" not in proc.stdout + proc.stderr
    pids = [int(line) for line in (tmp_path / "stuck.pids").read_text().split()]
    assert pids
    assert not [pid for pid in pids if alive(pid)]
