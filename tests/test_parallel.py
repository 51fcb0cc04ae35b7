"""`lengthcheck check -j N` (issue 13): problems checked at once, reported as if one by one."""

from __future__ import annotations

import json
import shutil
import time

import pytest

from lengthcheck import Problem, Step
from lengthcheck.parallel import check_in_parallel

from .conftest import PROBLEMS, SPECS
from .test_first_hour import INTERRUPTED, lengthcheck

# The user's Ctrl-C reaches the command (the parent) once First is reported; the worker then
# sleeps on: the command must not wait for it.
INTERRUPTED_IN_PARALLEL = INTERRUPTED.replace(
    "HOW", "import time; time.sleep(3.0); os.kill(os.getppid(), signal.SIGINT); time.sleep(30)")


@pytest.fixture
def folder(tmp_path):
    """Four problems and a broken spec: good, bad and an error, in a known order."""
    for name in ("parity_fill.py", "parity_append.py", "parity_direct.py"):
        shutil.copy(PROBLEMS / name, tmp_path / name)
    shutil.copy(SPECS / "bad_raises.py", tmp_path / "b_bad_raises.py")
    shutil.copy(SPECS / "good_until_five.py", tmp_path / "good_until_five.py")
    return tmp_path


def test_parallel_output_is_the_sequential_output(folder):
    one = lengthcheck("check", str(folder), "--max-size", "6", "-j", "1")
    three = lengthcheck("check", str(folder), "--max-size", "6", "-j", "3")
    assert one.returncode == three.returncode == 2  # the spec error decides the exit code
    assert three.stdout == one.stdout and three.stderr == one.stderr
    assert "spec error" in three.stderr and "Traceback" not in three.stderr


def test_parallel_json_keeps_the_input_order(folder):
    one = lengthcheck("check", str(folder), "--max-size", "6", "-j", "1", "--json")
    two = lengthcheck("check", str(folder), "--max-size", "6", "-j", "2", "--json")
    sequential, parallel = json.loads(one.stdout), json.loads(two.stdout)
    for entry in parallel:  # each worker gets its share of the memory and cores, and says so
        if "options" in entry:
            assert entry["options"].pop("max_memory") > 0
            assert entry["options"].pop("cores") >= 1
    for entry in sequential:
        if "options" in entry:
            assert entry["options"].pop("max_memory") is None  # the default: half the machine
            assert entry["options"].pop("cores") is None  # the default: every core
    for entry in parallel + sequential:  # with one core a worker does not race: auto may
        if "scope" in entry:  # take the other engine, which only these two keys say
            entry["scope"].pop("engine_answered")
            entry["scope"].pop("details")
    assert parallel == sequential
    names = [entry["problem"] for entry in parallel]
    assert names[0] == "bad-raises" and len(names) == 5  # sorted by file name, error included


def test_ctrl_c_in_parallel_keeps_finished_results_and_stops_the_workers(tmp_path):
    spec = tmp_path / "spec.py"
    spec.write_text(INTERRUPTED_IN_PARALLEL)
    proc = lengthcheck("check", str(spec), "-j", "2")
    assert proc.returncode == 130, proc.stderr
    assert "First" in proc.stdout and "VERDICT" in proc.stdout
    assert "interrupted: 1 of 3 problems checked" in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


def test_jobs_must_be_positive():
    proc = lengthcheck("check", str(PROBLEMS / "parity_fill.py"), "-j", "0")
    assert proc.returncode == 2 and "-j" in proc.stderr


class _Mark(Problem):
    """Mark each `a` in turn; `delay` seconds before the first step of every trace."""

    alphabet = ("a", "b")
    max_size = 2
    delay = 0.0

    def instances(self, n):
        yield ("a",) * n

    def step(self, s):
        if "a" not in s:
            return None
        if s.count("a") == len(s):
            time.sleep(self.delay)
        p = s.index("a")
        return Step(reads=(p,), next=s[:p] + ("b",) + s[p + 1:])


class _Slow(_Mark):
    name = "slow"
    delay = 1.0


class _Fast(_Mark):
    name = "fast"


def test_results_come_in_input_order_not_finishing_order():
    finished = []
    results = list(check_in_parallel([_Slow(), _Fast()], {}, jobs=2,
                                     finished=lambda done, total: finished.append(done)))
    assert [r.problem for r in results] == ["slow", "fast"]  # fast finished first
    assert finished == [1, 2]
