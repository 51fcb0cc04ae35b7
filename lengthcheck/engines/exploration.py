"""Enumerate every instance of every size and run its trace: the concrete state space.

The result, an `Exploration`, is what the properties are computed from: the
traces by size and the reachable states, each kept once with the smallest
size that reaches it (so counterexamples come out smallest first).

Two things are checked while exploring, because only here are all states seen:
* determinism (DESIGN §2): a state reached twice with different steps is a
  spec error naming both instances — a step reading hidden state (set, say,
  by `instances()`) would otherwise be judged by whichever step came first;
* the ready closure: when `ready(s)` returns `Step`s with their next states,
  the states reached by taking any ready step are explored too (a model may
  take any of them); their steps enter R, f and consistency.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from lengthcheck.errors import SpecError, definition_location
from lengthcheck.spec import Problem, State
from lengthcheck.trace import Runner, Trace, TraceStep

ENGINE = "enumerate"
CLOSURE_CAP = 200_000  # states added by the ready closure, in all


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
    min_length: dict[int, int] = field(default_factory=dict)  # shortest instance per size
    closure: dict[int, list[Trace]] = field(default_factory=dict)  # other ready orders' runs
    problem_spec: Problem | None = None
    ready_cycle: tuple[State, ...] | None = None  # ready steps that lead back to a state
    closure_cut: bool = False  # the closure cap stopped before every order was explored

    @property
    def max_size(self) -> int:
        return self.sizes[-1] if self.sizes else 0

    def all_traces(self, size: int) -> list[Trace]:
        """The traces of a size and the runs of its ready closure (for R and f)."""
        return self.traces[size] + self.closure.get(size, [])

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


def default_memory_budget() -> int:
    """Half of the machine's memory, in bytes (a check must never run a machine out of it)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2
    except (ValueError, OSError, AttributeError):  # not POSIX: 4 GiB
        return 4 << 30


def resident_memory() -> int | None:
    """This process's resident memory in bytes (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def explore(
    problem: Problem,
    max_size: int,
    *,
    max_instances: int = 2_000_000,
    max_memory: int | None = None,
    progress: Progress | None = None,
) -> Exploration:
    """Run every instance of sizes min_size..max_size.

    Stops before a size whose instance count (from the layout, when it has
    no filter) would pass the instance cap, and during a size when the cap
    or the memory budget (`max_memory` bytes, default half the machine) is
    reached; the sizes finished by then are the scope, and a note says why.
    """
    runner = Runner(problem)
    result = Exploration(runner.name, ENGINE, [], {}, {}, problem_spec=problem)
    total = 0
    budget = max_memory if max_memory is not None else default_memory_budget()
    closure_left = [CLOSURE_CAP]
    sizes = range(problem.min_size, max_size + 1)
    for size in sizes:
        expected = _layout_count(problem, size)
        if expected is not None and total + expected > max_instances:
            result.notes.append(
                f"size {size} not started: its layout has {expected:,} instances, past "
                f"--max-instances {max_instances:,} with the {total:,} before it (raise "
                "--max-instances, lower --max-size, or use --engine smt)"
            )
            return result
        traces: list[Trace] = []
        closure: list[Trace] = []
        shortest = None
        for instance in runner.instances(size):
            total += 1
            if total > max_instances:
                result.notes.append(
                    f"size {size} not finished: more than {max_instances} instances in all "
                    "(raise --max-instances, or lower --max-size)"
                )
                return result
            if total % 2048 == 0:
                used = resident_memory()
                if used is not None and used > budget:
                    result.notes.append(
                        f"size {size} not finished: the memory budget ({budget / 2**30:.1f} "
                        f"GiB, --max-memory) was reached at {total:,} instances; the sizes "
                        "before it are the scope (lower --max-size, or use --engine smt)"
                    )
                    return result
                if progress is not None:
                    share = f", {100 * len(traces) // expected}%" if expected else ""
                    progress(f"{runner.name}: size {size}/{sizes[-1]} running "
                             f"({len(traces):,} instances{share})")
            trace = runner.run(instance, size)
            traces.append(trace)
            shortest = len(instance) if shortest is None else min(shortest, len(instance))
            _record(runner, result.reached, trace)
            if runner.with_ready:
                _close(runner, result, trace, closure, closure_left)
        result.sizes.append(size)
        result.traces[size] = traces
        result.closure[size] = closure
        result.instance_count[size] = len(traces)
        result.min_length[size] = shortest or 0
        if progress is not None:
            progress(f"{runner.name}: size {size}/{sizes[-1]} enumerated ({len(traces):,} "
                     "instances)")
    if runner.with_ready:
        result.ready_cycle = ready_cycle(result.reached)
    return result


def ready_cycle(reached: dict[State, Reached]) -> tuple[State, ...] | None:
    """States that ready steps lead around in a circle: then some order never ends.

    The theory's reasoning is a DAG; a model may take any ready step, so a
    cycle among the ready steps' next states means a model that follows the
    rules can run forever (a rewrite system that does not terminate).
    """
    import networkx as nx

    graph = nx.DiGraph()
    for state, entry in reached.items():
        if entry.step is None:
            continue
        for nxt in entry.step.ready_next:
            if nxt is not None and nxt in reached:
                graph.add_edge(state, nxt)
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return None
    return tuple(edge[0] for edge in cycle)


def _layout_count(problem: Problem, size: int) -> int | None:
    """The instance count the layout promises for a size (None: no layout, or a filter)."""
    try:
        layout = problem.layout(size)
    except Exception:  # the layout is checked where it is used (z3 engine); here a hint only
        return None
    if layout is None or layout.where is not None:
        return None
    return layout.count()


def _close(runner: Runner, result: Exploration, trace: Trace, closure: list[Trace],
           left: list[int]) -> None:
    """Explore the states other ready steps lead to, continuing each run from there."""
    pending = [trace]
    while pending:
        run = pending.pop()
        for st in run.steps:
            for nxt in st.ready_next:
                if nxt is None or nxt in result.reached:
                    continue
                if left[0] <= 0:
                    result.closure_cut = True
                    note = (f"the ready closure was cut at {CLOSURE_CAP} states: some states "
                            "reached by other step orders were not explored")
                    if note not in result.notes:
                        result.notes.append(note)
                    return
                branch = runner.run(run.instance, run.size, start=nxt, first_index=st.index + 1,
                                    stop_at=result.reached.__contains__)
                left[0] -= len(branch.steps) + 1
                _record(runner, result.reached, branch)
                closure.append(branch)
                pending.append(branch)


def _record(runner: Runner, reached: dict[State, Reached], trace: Trace) -> None:
    for st in trace.steps:
        seen = reached.get(st.state)
        if seen is None:
            reached[st.state] = Reached(st.state, trace.size, trace.instance, st.index, st)
        elif seen.step is None or not _same_step(seen.step, st):
            _not_deterministic(runner, seen, trace, st.state, st)
    if trace.partial:
        return
    seen = reached.get(trace.final)
    if seen is None:
        reached[trace.final] = Reached(
            trace.final, trace.size, trace.instance, len(trace.steps), None
        )
    elif seen.step is not None:
        _not_deterministic(runner, seen, trace, trace.final, None)


def _same_step(a: TraceStep, b: TraceStep) -> bool:
    return a.reads == b.reads and a.next == b.next and a.ready == b.ready and \
        a.ready_next == b.ready_next and a.out == b.out


def _describe(step: TraceStep | None) -> str:
    return "halts" if step is None else f"reads {step.reads} and gives {' '.join(step.next)}"


def _not_deterministic(runner: Runner, seen: Reached, trace: Trace, state: State,
                       step: TraceStep | None) -> None:
    raise SpecError(
        f"step() is not a function of the state: state {' '.join(state)} {_describe(seen.step)} "
        f"in the trace of instance {' '.join(seen.instance)} (size {seen.size}), but "
        f"{_describe(step)} in the trace of instance {' '.join(trace.instance)} "
        f"(size {trace.size})",
        problem=runner.name,
        location=definition_location(runner.problem.step),
        hint="step(s) (and ready(s)) may depend only on s: keep no state on self between "
        "calls (e.g. a mode set by instances()), and encode what the step needs in the tokens",
    )
