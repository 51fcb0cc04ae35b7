"""Check several problems at once (`lengthcheck check -j N`), results in input order.

Problems are independent, so each runs in a worker process of its own (forked:
the workers inherit the loaded specs, nothing is pickled but the results).
The results come back in the order the problems were given, whatever order
they finish in, so the output does not depend on the number of workers. A
spec error stays a spec error of its problem; any other exception is a bug in
lengthcheck and propagates with its traceback, as in a sequential run.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from lengthcheck.checker import check_problem
from lengthcheck.engines.race import available_cores
from lengthcheck.errors import SpecError
from lengthcheck.outcome import ProblemResult
from lengthcheck.spec import Problem

Outcome = ProblemResult | SpecError

# What the workers check: set in the parent just before forking, inherited by the children.
_WORK: tuple[Sequence[Problem], dict[str, Any]] | None = None


def default_jobs() -> int:
    """The cores this process may run on."""
    return available_cores()


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def check_in_parallel(
    problems: Sequence[Problem],
    options: dict[str, Any],
    jobs: int,
    finished: Callable[[int, int], None] | None = None,
    waiting: Callable[[], None] | None = None,
) -> Iterator[Outcome]:
    """Each problem's result (or spec error), in input order, computed by `jobs` workers.

    `finished(done, total)` is called (from the pool's result thread) whenever
    a problem ends, in whatever order they end; `waiting()` every quarter of
    a second while the next result in order is not there yet (for a progress
    line). Each worker's share of the memory budget is the default budget
    divided by the workers, unless `max_memory` was given, and so is its
    share of the cores (`cores`, which `auto` races its engines on). Closing the
    generator (Ctrl-C in the caller) terminates the workers.
    """
    global _WORK
    options = dict(options)
    if options.get("max_memory") is None:
        from lengthcheck.engines.exploration import default_memory_budget

        options["max_memory"] = default_memory_budget() / 2**30 / jobs
    if options.get("cores") is None:  # what `auto` may race its two engines on
        options["cores"] = max(1, available_cores() // jobs)
    _WORK = (problems, options)
    context = multiprocessing.get_context("fork")
    pool = context.Pool(processes=jobs, initializer=_ignore_interrupts)
    done = [0]

    def count(_: object) -> None:
        done[0] += 1
        if finished is not None:
            finished(done[0], len(problems))

    try:
        pending = [pool.apply_async(_check_one, (index,), callback=count)
                   for index in range(len(problems))]
        for future in pending:
            while True:
                try:
                    outcome = future.get(timeout=0.25)
                    break
                except multiprocessing.TimeoutError:
                    if waiting is not None:
                        waiting()
            yield outcome
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        _WORK = None


def _ignore_interrupts() -> None:
    """Ctrl-C is the parent's to handle: it terminates the workers and reports what finished."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_one(index: int) -> Outcome:
    assert _WORK is not None, "workers are forked after the work is set"
    problems, options = _WORK
    try:
        return check_problem(problems[index], **options)
    except SpecError as exc:
        return exc
