"""The concrete engine: enumerate every instance of every size and run its trace.

The result, an `Exploration`, is what the properties are computed from: the
traces by size and the reachable states, each kept once with the smallest
size that reaches it (so counterexamples come out smallest first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lengthcheck.spec import Problem, State
from lengthcheck.trace import Runner, Trace, TraceStep

ENGINE = "enumerate"


@dataclass(frozen=True, slots=True)
class Reached:
    """A reachable state: where it was first seen and the step taken from it."""

    state: State
    size: int
    instance: State
    step_index: int
    step: TraceStep | None  # None for a final state


@dataclass
class Exploration:
    problem: str
    engine: str
    sizes: list[int]  # the sizes whose instances were all enumerated
    traces: dict[int, list[Trace]]
    reached: dict[State, Reached]
    notes: list[str] = field(default_factory=list)
    instance_count: dict[int, int] = field(default_factory=dict)

    @property
    def max_size(self) -> int:
        return self.sizes[-1] if self.sizes else 0

    def states_by_size(self) -> dict[int, list[Reached]]:
        """Reachable states grouped by the smallest size reaching them (computed once)."""
        cached = self.__dict__.get("_grouped")
        if cached is not None and cached[0] == len(self.reached):
            return cached[1]
        grouped: dict[int, list[Reached]] = {n: [] for n in self.sizes}
        for entry in self.reached.values():
            if entry.size in grouped:  # skip states of a size the instance cap cut short
                grouped[entry.size].append(entry)
        self.__dict__["_grouped"] = (len(self.reached), grouped)
        return grouped


Progress = Callable[[str], None]


def explore(
    problem: Problem,
    max_size: int,
    *,
    max_instances: int = 2_000_000,
    progress: Progress | None = None,
) -> Exploration:
    """Run every instance of sizes min_size..max_size (stopping early at the instance cap)."""
    runner = Runner(problem)
    result = Exploration(runner.name, ENGINE, [], {}, {})
    total = 0
    for size in range(problem.min_size, max_size + 1):
        traces: list[Trace] = []
        for instance in runner.instances(size):
            total += 1
            if total > max_instances:
                result.notes.append(
                    f"size {size} not finished: more than {max_instances} instances in all "
                    "(raise --max-instances, or lower --max-size)"
                )
                return result
            trace = runner.run(instance, size)
            traces.append(trace)
            _record(result.reached, trace)
        result.sizes.append(size)
        result.traces[size] = traces
        result.instance_count[size] = len(traces)
        if progress is not None:
            progress(f"{runner.name}: size {size} enumerated ({len(traces)} instances)")
    return result


def _record(reached: dict[State, Reached], trace: Trace) -> None:
    for st in trace.steps:
        if st.state not in reached:
            reached[st.state] = Reached(st.state, trace.size, trace.instance, st.index, st)
    if trace.final not in reached:
        reached[trace.final] = Reached(
            trace.final, trace.size, trace.instance, len(trace.steps), None
        )
