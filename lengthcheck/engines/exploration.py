"""Enumerate every instance of every size and run its trace: the concrete state space.

The result, an `Exploration`, is what the properties are computed from: the
reachable states, each kept once with the smallest size that reaches it (so
counterexamples come out smallest first), and what the traces showed.

Traces are streamed, not kept (issue 13): each trace is recorded into the
state store and shown to the properties that need whole traces — R
(`properties.distance.SpanTracker`), f and at most once
(`properties.causal.CausalTracker`, `OnceTracker`) — then dropped. A report
that needs a trace again replays it from its instance (`trace.Runner.run`).

The reached states go into the store of `properties.explored` (`States`): what it
keeps per state, and how, is said there.

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
from collections.abc import Callable, Iterable
from itertools import islice

from lengthcheck.errors import SpecError, definition_location
from lengthcheck.events import Event, Notice, SizeDone
from lengthcheck.options import flag
from lengthcheck.properties.causal import CausalTracker, OnceTracker
from lengthcheck.properties.distance import SpanTracker
from lengthcheck.properties.explored import (
    Codec,
    Exploration,
    States,
    describe_step,
)
from lengthcheck.results import Counterexample, Query, StopReason
from lengthcheck.spec import Problem, State
from lengthcheck.trace import Runner, Trace

ENGINE = "enumerate"
CLOSURE_CAP = 200_000  # states added by the ready closure, in all


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
    store = States(Codec(problem.alphabet), runner.with_ready)
    spans, causal, once = SpanTracker(), CausalTracker(runner.with_ready), OnceTracker()
    result = Exploration(runner.name, ENGINE, [], store, spans, causal, once,
                         problem_spec=problem)
    total = 0
    budget = max_memory if max_memory is not None else default_memory_budget()
    closure_left = [CLOSURE_CAP]
    sizes = range(problem.min_size, max_size + 1)
    reach = affordable_sizes(problem, sizes, max_instances)
    if reach is not None and progress is not None:  # said at once, not after the sizes before
        progress(Notice(reach))
    per_instance: float | None = None  # bytes of memory the last size took per instance
    for size in sizes:
        expected = _layout_count(problem, size)
        if expected is not None and total + expected > max_instances:
            result.notes.append(
                f"size {size} not started: its layout has {expected:,} instances, past "
                f"{flag('max_instances', max_instances)} with the {total:,} before it "
                f"(raise {flag('max_instances')}, lower {flag('max_size')}, or use "
                f"{flag('engine', 'smt')})"
            )
            result.stopped_by = StopReason.INSTANCES
            return result
        used_before = resident_memory()
        if expected is not None and per_instance is not None and used_before is not None \
                and used_before + expected * per_instance > budget:
            why = (f"size {size} not started: its {expected:,} instances would take about "
                   f"{expected * per_instance / 2**30:.1f} GiB more (at the last size's rate), "
                   f"past the memory budget ({budget / 2**30:.1f} GiB, {flag('max_memory')}); "
                   f"the sizes before it are the scope (lower {flag('max_size')}, or use "
                   f"{flag('engine', 'smt')})")
            result.notes.append(why)
            result.stopped_by = StopReason.MEMORY
            if progress is not None:
                progress(Notice(why))
            return result
        store.begin_size(size)
        count = 0
        closure: list[Trace] = []  # this size's closure runs: they enter R and f after its traces
        shortest = None
        for instance in runner.instances(size):
            total += 1
            if total > max_instances:
                result.notes.append(
                    f"size {size} not finished: more than {max_instances} instances in all "
                    f"(raise {flag('max_instances')}, or lower {flag('max_size')})"
                )
                result.stopped_by = StopReason.INSTANCES
                return result
            if total % 2048 == 0:
                used = resident_memory()
                if used is not None and used > budget:
                    result.notes.append(
                        f"size {size} not finished: the memory budget ({budget / 2**30:.1f} "
                        f"GiB, {flag('max_memory')}) was reached at {total:,} instances; the "
                        f"sizes before it are the scope (lower {flag('max_size')}, or use "
                        f"{flag('engine', 'smt')})"
                    )
                    result.stopped_by = StopReason.MEMORY
                    return result
                if progress is not None:
                    share = f", {100 * count // expected}%" if expected else ""
                    progress(Event(f"{runner.name}: size {size}/{sizes[-1]} running "
                             f"({count:,} instances{share})"))
            trace = runner.run(instance, size)
            count += 1
            shortest = len(instance) if shortest is None else min(shortest, len(instance))
            number = store.add_instance(instance)
            store.record(runner, trace, number)
            spans.add(trace)
            causal.add(trace)
            once.add(trace)
            if runner.with_ready:
                _close(runner, result, trace, number, closure, closure_left)
        for run in closure:
            spans.add(run)
            causal.add(run, regular=False)
        spans.end_size(size)
        causal.end_size(size)
        result.sizes.append(size)
        used_after = resident_memory()
        if count and used_before is not None and used_after is not None:
            per_instance = max(used_after - used_before, 0) / count
        result.closure[size] = len(closure)
        result.instance_count[size] = count
        result.min_length[size] = shortest or 0
        if progress is not None:
            progress(SizeDone(f"{runner.name}: size {size}/{sizes[-1]} enumerated ({count:,} "
                              "instances)"))
    _rerun_sample(runner, store)
    if runner.with_ready:
        result.ready_cycle = ready_cycle(store)
        if result.ready_cycle is None:
            result.order_conflict = order_conflict(store)
        result.ready_reads_only = any(None in nexts for nexts in store.ready_next or ())
    return result


PURITY_SAMPLE = 64  # states whose step is taken again once the exploration is done


def _rerun_sample(runner: Runner, store: States) -> None:
    """Take the step of a sample of explored states again: it must be the same step.

    `step()` must be a pure function of the state (DESIGN §2). A step that
    changes after many calls (a counter kept on `self`) would otherwise be
    judged by what it did the first time each state was seen.
    """
    count = len(store)
    for i in range(0, count, max(1, count // PURITY_SAMPLE)):
        state = store.state(i)
        step = runner._call_step(state, {"problem": runner.name, "instance": store.instance(i),
                                         "step_index": store.step_index(i)})
        before = store.step(i)
        again = None if step is None else (tuple(sorted(step.reads)), tuple(step.next))
        if again != (None if before is None else (before.reads, before.next)):
            now = "halts" if again is None else f"reads {again[0]} and gives {' '.join(again[1])}"
            raise SpecError(
                f"step() is not a pure function of the state: state {' '.join(state)} "
                f"{describe_step(before)} when first explored, but {now} when called again",
                problem=runner.name,
                location=definition_location(runner.problem.step),
                hint="step(s) may depend only on s: keep no counter or cache on self that "
                "changes what it returns",
            )


def order_conflict(store: States) -> Counterexample | None:
    """A state from which two ready steps lead to different final states, smallest first.

    A model may take any ready step, so every order must end in the same final
    state (DESIGN §2, order independence). Each state's end under the
    prescribed steps is followed once; the check holds iff every ready step
    leads to a state with the same end as its source (then every order of every
    instance ends where the prescribed one does). States of the closure count:
    they are what other orders reach.
    """
    count = len(store.keys)
    end = [-1] * count
    for i in range(count):
        chain = []
        j = i
        while end[j] < 0 and store.sig[j] >= 0:
            chain.append(j)
            j = store.next_index(j)
        last = j if end[j] < 0 else end[j]
        for k in chain:
            end[k] = last
        end[j] = last
    assert store.ready_next is not None
    for i in range(count):  # in the order reached: the smallest size first
        number = store.sig[i]
        if number < 0:
            continue
        reads, ready = store.sigs[number][:2]
        for other, nxt in zip(ready, store.ready_next[i]):
            j = None if nxt is None else store.index(store.codec.unpack(nxt))
            if j is None or end[j] == end[i]:
                continue
            def order(first_reads: tuple[int, ...], final: int, i: int = i) -> Query:
                ends = " ".join(store.state(final))
                return Query(store.instance(i), store.size(i), store.step_index(i),
                             store.state(i), first_reads, (), f"ends in {ends}")

            return Counterexample(
                "order-dependent", order(reads, end[i]), order(other, end[j]),
                detail=f"from this state, the step reading {list(reads)} (then step() to the "
                f"end) and the ready step reading {list(other)} lead to different final states",
            )
    return None


def ready_cycle(store: States) -> tuple[State, ...] | None:
    """States that ready steps lead around in a circle: then some order never ends.

    The theory's reasoning is a DAG; a model may take any ready step, so a
    cycle among the ready steps' next states means a model that follows the
    rules can run forever (a rewrite system that does not terminate).
    """
    import networkx as nx

    graph = nx.DiGraph()
    where = store.where
    for i, key in enumerate(store.keys):
        if store.sig[i] < 0 or store.ready_next is None:
            continue
        for nxt in store.ready_next[i]:
            if nxt is not None and nxt in where:
                graph.add_edge(key, nxt)
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return None
    return tuple(store.codec.unpack(edge[0]) for edge in cycle)


def affordable_sizes(problem: Problem, sizes: range, max_instances: int) -> str | None:
    """Why enumeration cannot reach the last of `sizes` within the instance cap (None: it
    can, or the layouts cannot tell), counted from the layouts before anything runs."""
    total = 0
    for size in sizes:
        expected = _layout_count(problem, size)
        if expected is None:
            return None
        total += expected
        if total > max_instances:
            reach = f"n = {size - 1}" if size > sizes[0] else "no size"
            return (f"enumeration can reach {reach} only: sizes up to {size} have more than "
                    f"{flag('max_instances', max_instances)} instances, so the check "
                    f"stops there, short of n = {sizes[-1]}; {flag('engine', 'smt')} (or auto, "
                    "the default) decides "
                    f"n = {sizes[-1]} without listing them")
    return None


def count_instances(problem: Problem, sizes: Iterable[int], cap: int,
                    list_filtered: bool = True) -> int | None:
    """Instances over the sizes, from their layouts; None when a size has no layout.

    A layout without a filter is counted by multiplication. With a filter the
    instances are listed, only until the total passes `cap` (the total
    returned is then cap + 1), or, with `list_filtered=False`, the template's
    count stands in as an upper bound. What the engine choice is made from.
    """
    total = 0
    runner = Runner(problem)
    for n in sizes:
        layout = problem.layout(n)
        if layout is None:
            return None
        if layout.where is None or not list_filtered:
            total += layout.count()
        else:
            total += sum(1 for _ in islice(runner.instances(n), max(cap - total, 0) + 1))
        if total > cap:
            return total
    return total


def _layout_count(problem: Problem, size: int) -> int | None:
    """The instance count the layout promises for a size (None: no layout, or a filter)."""
    try:
        layout = problem.layout(size)
    except Exception:  # the layout is checked where it is used (z3 engine); here a hint only
        return None
    if layout is None or layout.where is not None:
        return None
    return layout.count()


def _close(runner: Runner, result: Exploration, trace: Trace, number: int,
           closure: list[Trace], left: list[int]) -> None:
    """Explore the states other ready steps lead to, continuing each run from there."""
    store = result.store
    pack, where = store.codec.pack, store.where

    def explored(state: State) -> bool:
        return pack(state) in where

    pending = [trace]
    while pending:
        run = pending.pop()
        for st in run.steps:
            for nxt in st.ready_next:
                if nxt is None or explored(nxt):
                    continue
                if left[0] <= 0:
                    result.closure_cut = True
                    note = (f"the ready closure was cut at {CLOSURE_CAP} states: some states "
                            "reached by other step orders were not explored")
                    if note not in result.notes:
                        result.notes.append(note)
                    return
                branch = runner.run(run.instance, run.size, start=nxt, first_index=st.index + 1,
                                    stop_at=explored)
                left[0] -= len(branch.steps) + 1
                store.record(runner, branch, number)
                closure.append(branch)
                pending.append(branch)
