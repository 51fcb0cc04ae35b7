"""`engines.race`: contenders in forked children, the first accepted result kept (issue 13).

What `auto` rests on: a result comes back whole (value, exception with its
traceback, progress lines), the losers are stopped, and a child that dies
without a word is reported as a crash rather than waited for.
"""

from __future__ import annotations

import os
import time

import pytest

from lengthcheck.engines.race import ContenderCrashed, race
from lengthcheck.errors import SpecError


def alive(pid: int) -> bool:
    """Running or sleeping: not gone, and not a zombie nobody reaped (init may not reap)."""
    try:
        os.kill(pid, 0)
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (ProcessLookupError, FileNotFoundError):
        return False


def test_the_first_accepted_result_wins_and_the_other_contender_is_stopped(tmp_path):
    pid_file = tmp_path / "slow.pid"

    def slow(progress):
        pid_file.write_text(str(os.getpid()))
        time.sleep(60)
        return "slow"

    def fast(progress):
        while not pid_file.exists():  # the slow one is surely running when this one finishes
            time.sleep(0.01)
        return "fast"

    started = time.monotonic()
    finished = race({"slow": slow, "fast": fast}, accept=lambda outcome: True)
    assert time.monotonic() - started < 30
    assert [(f.name, f.value, f.error) for f in finished] == [("fast", "fast", None)]
    assert not alive(int(pid_file.read_text()))


def test_without_an_accepted_result_every_contender_is_waited_for_in_finishing_order():
    def after(seconds, value):
        def run(progress):
            time.sleep(seconds)
            return value
        return run

    finished = race({"late": after(0.6, 1), "early": after(0.0, 2)}, accept=lambda o: False)
    assert [(f.name, f.value) for f in finished] == [("early", 2), ("late", 1)]


def test_progress_lines_reach_the_caller_in_order():
    def chatty(progress):
        for size in range(1, 4):
            progress(f"size {size}")
        return "done"

    lines: list[str] = []
    finished = race({"chatty": chatty}, accept=lambda o: True, progress=lines.append)
    assert lines == ["size 1", "size 2", "size 3"] and finished[0].value == "done"


def test_an_exception_comes_back_with_its_type_and_traceback():
    def broken(progress):
        raise SpecError("step() returned a string", problem="p", hint="return a Step")

    (outcome,) = race({"broken": broken}, accept=lambda o: True)
    assert isinstance(outcome.error, SpecError) and "returned a string" in str(outcome.error)
    assert "in broken" in outcome.trace


def test_a_contender_that_dies_without_a_result_is_a_crash_not_a_hang():
    def dies(progress):
        os._exit(3)

    (outcome,) = race({"dies": dies}, accept=lambda o: True)
    assert isinstance(outcome.error, ContenderCrashed) and "dies" in str(outcome.error)


def test_an_exception_that_does_not_pickle_comes_back_as_its_text():
    class Local(Exception):  # defined in a function: pickle cannot find it by name
        pass

    def raises(progress):
        raise Local("deep inside")

    (outcome,) = race({"raises": raises}, accept=lambda o: True)
    assert isinstance(outcome.error, ContenderCrashed)
    assert "Local: deep inside" in str(outcome.error) and "deep inside" in outcome.trace


@pytest.mark.parametrize("value", [list(range(200_000)), {"nested": [("a",) * 5] * 10_000}])
def test_large_results_come_back_whole(value):
    (outcome,) = race({"big": lambda progress: value}, accept=lambda o: True)
    assert outcome.value == value
