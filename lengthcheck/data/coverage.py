"""`data coverage`: a training set against the patterns a format's verdict rests on.

The format is checked first (its verdict names the route: the (n, r) and rule the
window patterns are taken under, and N_cov). Then every instance up to the check's
bound is run and each pattern (`properties.patterns`) is kept with the first
instance that shows it; the training file's traces are read the same way. What the
spec shows and the file does not is missing, each with the spec's instance that
shows it (the smallest size first).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lengthcheck.checker import check_problem
from lengthcheck.data.dataset import DataProblem
from lengthcheck.data.records import TraceRecord
from lengthcheck.errors import SpecError
from lengthcheck.outcome import ProblemResult
from lengthcheck.properties.patterns import Pattern, Route, trace_patterns
from lengthcheck.spec import Problem, State
from lengthcheck.trace import Runner


@dataclass(frozen=True)
class Shown:
    """Where the spec first shows a pattern: an instance, its size, the step index, state."""

    size: int
    instance: State
    step_index: int
    state: State
    reads: tuple[int, ...]


@dataclass
class Coverage:
    """What the training file covers of what the verdict rests on."""

    result: ProblemResult  # the format's own check (its route, bound and N_cov)
    route: Route | None
    train: str  # the training file
    train_traces: int
    needed: int  # patterns the spec shows up to its bound
    covered: int
    missing: list[tuple[Pattern, Shown]] = field(default_factory=list)  # smallest first
    by_kind: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind -> (covered, all)
    differing: list[int] = field(default_factory=list)  # training lines unlike the format

    @property
    def fraction(self) -> float:
        return self.covered / self.needed if self.needed else 1.0

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def close_with_sizes(self) -> int | None:
        """The largest size a missing pattern first shows at: training data of every size up
        to it (in full) would close the gap."""
        return max((shown.size for _, shown in self.missing), default=None)


def spec_patterns(problem: Problem, result: ProblemResult, route: Route | None
                  ) -> dict[Pattern, Shown]:
    """Every pattern the spec shows at the sizes its check enumerated, first shown where."""
    runner = Runner(problem)
    shown: dict[Pattern, Shown] = {}
    for n in result.scope.sizes:
        for instance in runner.instances(n):
            trace = runner.run(instance, n)
            for index, pattern in trace_patterns(trace, route):
                if pattern not in shown:
                    st = trace.steps[index]
                    shown[pattern] = Shown(n, instance, index, st.state, st.reads)
    return shown


def measure(problem: Problem | type[Problem], records: list[TraceRecord], train: str,
            **options: Any) -> Coverage:
    """Check the format, then compare its patterns with the training traces'."""
    if isinstance(problem, type):
        problem = problem()
    result = check_problem(problem, **options)
    route = Route.of(result.verdict.consistency)
    needed = spec_patterns(problem, result, route)
    data = DataProblem(records, train)
    data_runner, spec_runner = Runner(data), Runner(problem)
    seen: set[Pattern] = set()
    differing: list[int] = []
    for n, instances in sorted(data.by_size.items()):
        for instance in instances:
            trace = data_runner.run(instance, n)
            seen.update(pattern for _, pattern in trace_patterns(trace, route))
            if not _follows_format(spec_runner, trace.states, n):
                differing.append(data.lines[instance])
    missing = sorted(((p, s) for p, s in needed.items() if p not in seen),
                     key=lambda item: (item[1].size, item[0][0] != "input"))
    by_kind: dict[str, tuple[int, int]] = {}
    for pattern in needed:
        got, total = by_kind.get(pattern[0], (0, 0))
        by_kind[pattern[0]] = (got + (pattern in seen), total + 1)
    return Coverage(result, route, train, sum(len(v) for v in data.by_size.values()),
                    len(needed), len(needed) - len(missing), missing, by_kind, differing)


def _follows_format(runner: Runner, states: tuple[State, ...], n: int) -> bool:
    """Whether the format itself, run on the trace's instance, makes the same trace."""
    try:
        return runner.run(states[0], n).states == states
    except SpecError:  # not an instance of the format at all
        return False
