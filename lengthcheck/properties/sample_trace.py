"""The trace of one small instance, with the windows a check looks through.

Reports draw a trace (HTML grid, `explain` without a counterexample, the DAG)
but never run a problem; this module runs it and works out, for each step,
the window centres of the check worth showing (DESIGN §2 anchors), so that
the reports only draw.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lengthcheck.errors import SpecError
from lengthcheck.properties.windows import anchors
from lengthcheck.spec import Problem, State
from lengthcheck.trace import Runner, Trace, TraceStep

if TYPE_CHECKING:
    from lengthcheck.outcome import ProblemResult

MAX_STEPS = 24  # a sample trace longer than this makes a grid nobody reads
MAX_WIDTH = 40
CANDIDATES = 256  # instances of one size looked at when picking a sample


@dataclass(frozen=True)
class WindowChoice:
    """Which (form, n, r) the drawn windows belong to, and why that one."""

    form: str
    n: int
    r: int
    anchor_rule: str | None
    locators: tuple[str, ...]
    why: str

    def describe(self) -> str:
        how = f", anchor {self.anchor_rule}" if self.anchor_rule else ""
        if self.locators:
            how += f", locators {' '.join(self.locators)}"
        return f"({self.n}, {self.r}) {self.form} form{how}: {self.why}"


@dataclass(frozen=True)
class SampleTrace:
    """A trace plus, per step, the window centres (empty: the step is not coverable)."""

    problem: str
    trace: Trace
    centres: tuple[tuple[int, ...], ...]
    window: WindowChoice | None

    @property
    def h(self) -> int:
        return (self.window.r - 1) // 2 if self.window else 0


def choose_window(result: ProblemResult) -> WindowChoice | None:
    """The verdict's own check if it has one, else the failing one, else the smallest working."""
    v = result.verdict
    if v.consistency is not None:
        c = v.consistency
        return WindowChoice(c.form, c.n, c.r, c.anchor_rule, c.locators,
                            "the check the verdict rests on")
    cx = v.counterexample
    if cx is not None and cx.form is not None and cx.n is not None and cx.r is not None:
        return WindowChoice(cx.form, cx.n, cx.r, cx.anchor_rule, (), "the check that failed")
    for m in result.minimal_r:
        if m.form == "recover" and m.value is not None:
            return WindowChoice("recover", m.n, m.value, m.anchor_rule, (),
                                "the smallest window that holds at the bound")
    if result.distance.value is not None:
        return WindowChoice("recover", 1, 4 * result.distance.value + 1, "min", (),
                            "the window 4R+1 of Thm 3.3")
    return None


def sample_trace(
    problem: Problem,
    result: ProblemResult | None = None,
    size: int | None = None,
    instance: State | None = None,
) -> SampleTrace:
    """Run one small instance: `instance` if given, else a varied one of `size` or a small size.

    Without a size, the largest of the three smallest sizes whose trace still
    fits a readable grid is used. Raises SpecError for an instance that is
    not one of `instances(size)`.
    """
    runner = Runner(problem)
    window = choose_window(result) if result is not None else None
    if instance is not None:
        size = _size_of(runner, problem, instance, size)
        trace = runner.run(instance, size)
    elif size is not None:
        trace = runner.run(_varied_instance(runner, size), size)
    else:
        top = result.scope.max_size if result is not None and result.scope.sizes else (
            problem.max_size)
        trace = None
        for n in range(problem.min_size, max(problem.min_size, min(top, problem.min_size + 2)) + 1):
            candidate = runner.run(_varied_instance(runner, n), n)
            if trace is not None and not _fits(candidate):
                break
            trace = candidate
    assert trace is not None
    centres = tuple(_centres(st, window) for st in trace.steps)
    return SampleTrace(runner.name, trace, centres, window)


def _fits(trace: Trace) -> bool:
    return len(trace.steps) <= MAX_STEPS and max(map(len, trace.states)) <= MAX_WIDTH


def _varied_instance(runner: Runner, size: int) -> State:
    """Among the first instances of a size, the one with the most distinct tokens."""
    pool = list(itertools.islice(runner.instances(size), CANDIDATES))
    return max(pool, key=lambda s: len(set(s)))  # max keeps the first of equals


def _size_of(runner: Runner, problem: Problem, instance: State, size: int | None) -> int:
    """The size whose instances include `instance` (only `size` when given)."""
    sizes = [size] if size is not None else range(problem.min_size, problem.max_size + 1)
    for n in sizes:
        if any(s == instance for s in runner.instances(n)):
            return n
    where = f"instances({size})" if size is not None else (
        f"instances(n) for n = {problem.min_size}..{problem.max_size}")
    raise SpecError(
        f"{' '.join(instance)!r} is not one of {where}",
        problem=runner.name,
        hint="give an initial state that the problem's instances(n) yields (tokens "
        "separated by spaces), and its size with --size",
    )


def _centres(st: TraceStep, window: WindowChoice | None) -> tuple[int, ...]:
    if window is None:
        return ()
    h = (window.r - 1) // 2
    if window.form == "local-rule":  # the rule is applied at every position the step writes
        located = tuple(st.state.index(m) for m in window.locators if m in st.state)
        return tuple(sorted(set(st.writes) | set(located)))
    return anchors(st.reads, window.n, h, window.anchor_rule or "min") or ()
