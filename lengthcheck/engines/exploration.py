"""Enumerate every instance of every size and run its trace: the concrete state space.

The result, an `Exploration`, is what the properties are computed from: the
reachable states, each kept once with the smallest size that reaches it (so
counterexamples come out smallest first), and what the traces showed.

Traces are streamed, not kept (issue 13): each trace is recorded into the
state store and shown to the properties that need whole traces — R
(`properties.distance.SpanTracker`), f and at most once
(`properties.causal.CausalTracker`, `OnceTracker`) — then dropped. A report
that needs a trace again replays it from its instance (`trace.Runner.run`).

The store (`States`) keeps, per reachable state, only what the consistency
searches need: the state packed one byte per token (`Codec`), the step's
signature (reads, ready reads, output; interned, so shared by every state
whose step looks the same) and, per run of consecutive new states of one
trace, the instance, the first step index and the state that follows the run.
`Exploration.reached` and `states_by_size()` give the same states as records
(`Reached`) built on demand.

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
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice

from lengthcheck.errors import SpecError, definition_location
from lengthcheck.events import Event, Notice, SizeDone
from lengthcheck.properties.causal import CausalTracker, OnceTracker
from lengthcheck.properties.distance import SpanTracker
from lengthcheck.results import Counterexample, Query, StopReason
from lengthcheck.spec import Problem, State
from lengthcheck.trace import PAD, Runner, Trace, TraceStep

ENGINE = "enumerate"
CLOSURE_CAP = 200_000  # states added by the ready closure, in all
RUN_STATES = 256  # a run's length at most: finding a state seen before scans its run


@dataclass(frozen=True, slots=True)
class ReachedStep:
    """The step taken from a reachable state, as the properties see it."""

    reads: tuple[int, ...]
    next: State
    out: tuple[str, ...]
    ready: tuple[tuple[int, ...], ...]  # every ready step's reads
    ready_next: tuple[State | None, ...]  # next state of each ready step (None: reads only)
    ready_into: tuple[tuple[int, ...], ...] = ()  # each ready step's writes into the state


@dataclass(frozen=True, slots=True)
class Reached:
    """A reachable state: where it was first seen and the step taken from it."""

    state: State
    size: int
    instance: State
    step_index: int
    step: ReachedStep | None  # None for a final state


class Codec:
    """How the store keeps states: one byte per token when the alphabet allows it.

    Tokens get codes 0..k-1 in alphabet order and the pad token ⊥ the code k,
    so a padded window is a slice of `pad * h + key + pad * h`. An alphabet of
    255 tokens or more keeps states as the tuples they are (same interface).
    """

    def __init__(self, alphabet: Sequence[str]) -> None:
        tokens = tuple(dict.fromkeys(alphabet))
        self.packed = len(tokens) < 255
        if self.packed:
            self.tokens: tuple[str, ...] = tokens + (PAD,)
            self.codes = {t: i for i, t in enumerate(tokens)}
            self.pad: bytes | tuple = bytes([len(tokens)])
        else:
            self.tokens = tokens
            self.codes = {t: t for t in tokens}
            self.pad = (PAD,)

    def pack(self, state: State):
        if self.packed:
            return bytes(map(self.codes.__getitem__, state))
        return state

    def unpack(self, key) -> State:
        if self.packed:
            return tuple(map(self.tokens.__getitem__, key))
        return key

    def code(self, token: str):
        """The code of one token (what indexing a key gives); 255, never in a key, if unknown."""
        if self.packed:
            return self.codes.get(token, 255)
        return token

    def token(self, code) -> str:
        return self.tokens[code] if self.packed else code


Sig = tuple  # (reads, ready, out, ready_into) of a step: interned, shared by every state
# showing it


class States:
    """Every reachable state once, in the order first reached (so grouped by size).

    Per state: `keys[i]` (the packed state) and `sig[i]` (the step's signature
    number in `sigs`, -1 for a final state). A run is a stretch of new states
    recorded one after another from one trace: `run_start`, `run_instance`
    (into `instances`), `run_step` (the step index of its first state) and
    `run_after` (the state that follows its last one, -1 when that one is
    final). `where` maps a key to its run.
    """

    def __init__(self, codec: Codec, with_ready: bool) -> None:
        self.codec = codec
        self.keys: list = []
        self.where: dict = {}
        self.sig = array("i")
        self.sigs: list[Sig] = []
        self._sig_numbers: dict[Sig, int] = {}
        self.run_start = array("i")
        self.run_instance = array("i")
        self.run_step = array("i")
        self.run_after = array("i")
        self.instances: list = []
        self.ready_next: list | None = [] if with_ready else None
        self.size_start: dict[int, int] = {}
        self._sizes: list[int] = []
        self._starts: list[int] = []
        self.same_length = True  # every step keeps the state's length

    def __len__(self) -> int:
        return len(self.keys)

    # -- looking up --------------------------------------------------------

    def index(self, state: State) -> int | None:
        """The number of a reachable state, or None."""
        try:
            key = self.codec.pack(state)
        except (KeyError, TypeError):
            return None
        run = self.where.get(key)
        return None if run is None else self._find(key, run)

    def _find(self, key, run: int) -> int:
        return self.keys.index(key, self.run_start[run], self._run_end(run))

    def _run_end(self, run: int) -> int:
        return self.run_start[run + 1] if run + 1 < len(self.run_start) else len(self.keys)

    def _run(self, i: int) -> int:
        return bisect_right(self.run_start, i) - 1

    def next_index(self, i: int) -> int | None:
        """The state the step from state i leads to (None for a final state)."""
        if self.sig[i] < 0:
            return None
        run = self._run(i)
        return i + 1 if i + 1 < self._run_end(run) else self.run_after[run]

    def state(self, i: int) -> State:
        return self.codec.unpack(self.keys[i])

    def instance(self, i: int) -> State:
        return self.codec.unpack(self.instances[self.run_instance[self._run(i)]])

    def step_index(self, i: int) -> int:
        run = self._run(i)
        return self.run_step[run] + i - self.run_start[run]

    def size(self, i: int) -> int:
        """The smallest size reaching state i."""
        return self._sizes[bisect_right(self._starts, i) - 1]

    def step(self, i: int) -> ReachedStep | None:
        number = self.sig[i]
        if number < 0:
            return None
        reads, ready, out, ready_into = self.sigs[number]
        nxt = self.state(self.next_index(i))
        if self.ready_next is None:
            ready_next: tuple = (nxt,)
        else:
            ready_next = tuple(None if s is None else self.codec.unpack(s)
                               for s in self.ready_next[i])
        return ReachedStep(reads, nxt, out, ready, ready_next, ready_into)

    def entry(self, i: int, size: int | None = None) -> Reached:
        return Reached(self.state(i), self.size(i) if size is None else size, self.instance(i),
                       self.step_index(i), self.step(i))

    # -- recording ---------------------------------------------------------

    def begin_size(self, size: int) -> None:
        self.size_start[size] = len(self.keys)
        self._sizes.append(size)
        self._starts.append(len(self.keys))

    def add_instance(self, instance: State) -> int:
        self.instances.append(self.codec.pack(instance))
        return len(self.instances) - 1

    def record(self, runner: Runner, trace: Trace, instance_number: int) -> None:
        """Add a trace's new states; a state seen before must take the same step."""
        pack = self.codec.pack
        steps = trace.steps
        packed = [pack(st.state) for st in steps]
        packed.append(pack(trace.final))
        if steps and self.instances[instance_number] == packed[0]:
            self.instances[instance_number] = packed[0]  # share the object
        where, keys, sig = self.where, self.keys, self.sig
        run = -1
        for j, st in enumerate(steps):
            key = packed[j]
            found = where.get(key)
            if found is None:
                if run < 0 or len(keys) - self.run_start[run] >= RUN_STATES:
                    if run >= 0:
                        self.run_after[run] = len(keys)
                    run = self._open(instance_number, st.index)
                where[key] = run
                keys.append(key)
                sig.append(self._intern(st))
                if self.ready_next is not None:
                    self.ready_next.append(
                        tuple(None if s is None else pack(s) for s in st.ready_next))
                if len(st.next) != len(st.state):
                    self.same_length = False
                continue
            i = self._find(key, found)
            if not self._same_step(i, st, packed[j + 1]):
                _not_deterministic(runner, self.entry(i), trace, st.state, st)
            if run >= 0:
                self.run_after[run] = i
                run = -1
        key = packed[-1]
        found = where.get(key)
        if found is None:
            if trace.partial:  # pragma: no cover - a partial run stops at an explored state
                raise AssertionError("a partial run ended at an unexplored state")
            # a final state is numbered len(steps), also at the end of a closure run that
            # began at a later step (as before issue 13: reports show the same index)
            if run >= 0 and (self.run_step[run] + len(keys) - self.run_start[run] != len(steps)
                             or len(keys) - self.run_start[run] >= RUN_STATES):
                self.run_after[run] = len(keys)
                run = -1
            if run < 0:
                run = self._open(instance_number, len(steps))
            where[key] = run
            keys.append(key)
            sig.append(-1)
            if self.ready_next is not None:
                self.ready_next.append(())
            return
        i = self._find(key, found)
        if not trace.partial and self.sig[i] >= 0:
            _not_deterministic(runner, self.entry(i), trace, trace.final, None)
        if run >= 0:
            self.run_after[run] = i

    def _open(self, instance_number: int, step_index: int) -> int:
        self.run_start.append(len(self.keys))
        self.run_instance.append(instance_number)
        self.run_step.append(step_index)
        self.run_after.append(-1)
        return len(self.run_start) - 1

    def _intern(self, st: TraceStep) -> int:
        sig = (st.reads, st.ready, st.out, st.ready_into)
        number = self._sig_numbers.get(sig)
        if number is None:
            number = self._sig_numbers[sig] = len(self.sigs)
            self.sigs.append(sig)
        return number

    def _same_step(self, i: int, st: TraceStep, next_key) -> bool:
        number = self.sig[i]
        if number < 0 or self.sigs[number] != (st.reads, st.ready, st.out, st.ready_into):
            return False
        if self.keys[self.next_index(i)] != next_key:
            return False
        if self.ready_next is not None:
            pack = self.codec.pack
            return self.ready_next[i] == tuple(None if s is None else pack(s)
                                               for s in st.ready_next)
        return True


class Groups(Mapping):
    """Size -> the reachable states first reached at that size (finished sizes only).

    The consistency searches read `store` and `ranges` (state numbers) directly;
    indexing by size gives `Reached` records, built on demand.
    """

    def __init__(self, store: States, ranges: dict[int, range]) -> None:
        self.store = store
        self.ranges = ranges

    def __getitem__(self, size: int) -> Sequence[Reached]:
        return _Entries(self.store, self.ranges[size], size)

    def __iter__(self) -> Iterator[int]:
        return iter(self.ranges)

    def __len__(self) -> int:
        return len(self.ranges)


class _Entries(Sequence):
    def __init__(self, store: States, numbers: range, size: int) -> None:
        self.store, self.numbers, self.size = store, numbers, size

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self.store.entry(i, self.size) for i in self.numbers[k]]
        return self.store.entry(self.numbers[k], self.size)

    def __iter__(self) -> Iterator[Reached]:
        for i in self.numbers:
            yield self.store.entry(i, self.size)


class ReachedView(Mapping):
    """Every reachable state (also of a size cut short) -> its `Reached` record."""

    def __init__(self, store: States) -> None:
        self.store = store

    def __getitem__(self, state: State) -> Reached:
        i = self.store.index(state)
        if i is None:
            raise KeyError(state)
        return self.store.entry(i)

    def __contains__(self, state: object) -> bool:
        return isinstance(state, tuple) and self.store.index(state) is not None

    def __iter__(self) -> Iterator[State]:
        unpack = self.store.codec.unpack
        return (unpack(key) for key in self.store.keys)

    def __len__(self) -> int:
        return len(self.store)

    def values(self) -> Iterator[Reached]:  # type: ignore[override]
        """The records in the order reached, built one at a time (never all at once)."""
        return (self.store.entry(i) for i in range(len(self.store)))


@dataclass
class Exploration:
    problem: str
    engine: str
    sizes: list[int]  # the sizes whose instances were all enumerated
    store: States
    spans: SpanTracker  # R, from every trace and closure run
    causal: CausalTracker  # f, from every trace and closure run
    once: OnceTracker  # at most once, from every trace
    notes: list[str] = field(default_factory=list)
    instance_count: dict[int, int] = field(default_factory=dict)
    min_length: dict[int, int] = field(default_factory=dict)  # shortest instance per size
    closure: dict[int, int] = field(default_factory=dict)  # runs of other ready orders per size
    problem_spec: Problem | None = None
    ready_cycle: tuple[State, ...] | None = None  # ready steps that lead back to a state
    closure_cut: bool = False  # the closure cap stopped before every order was explored
    order_conflict: Counterexample | None = None  # two ready orders that end differently
    ready_reads_only: bool = False  # some ready step was given as reads, without its Step
    stopped_by: StopReason | None = None  # the limit that stopped it before the bound

    @property
    def max_size(self) -> int:
        return self.sizes[-1] if self.sizes else 0

    @property
    def reached(self) -> ReachedView:
        """Every reachable state and its record (built on demand: see `States`)."""
        return ReachedView(self.store)

    def states_by_size(self) -> Groups:
        """Reachable states grouped by the smallest size reaching them."""
        starts = self.store.size_start
        ranges = {}
        for k, n in enumerate(self.sizes):
            end = starts[self.sizes[k + 1]] if k + 1 < len(self.sizes) else (
                starts[n + 1] if n + 1 in starts else len(self.store))
            ranges[n] = range(starts[n], end)
        return Groups(self.store, ranges)


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
                f"--max-instances {max_instances:,} with the {total:,} before it (raise "
                "--max-instances, lower --max-size, or use --engine smt)"
            )
            result.stopped_by = StopReason.INSTANCES
            return result
        used_before = resident_memory()
        if expected is not None and per_instance is not None and used_before is not None \
                and used_before + expected * per_instance > budget:
            why = (f"size {size} not started: its {expected:,} instances would take about "
                   f"{expected * per_instance / 2**30:.1f} GiB more (at the last size's rate), "
                   f"past the memory budget ({budget / 2**30:.1f} GiB, --max-memory); the sizes "
                   "before it are the scope (lower --max-size, or use --engine smt)")
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
                    "(raise --max-instances, or lower --max-size)"
                )
                result.stopped_by = StopReason.INSTANCES
                return result
            if total % 2048 == 0:
                used = resident_memory()
                if used is not None and used > budget:
                    result.notes.append(
                        f"size {size} not finished: the memory budget ({budget / 2**30:.1f} "
                        f"GiB, --max-memory) was reached at {total:,} instances; the sizes "
                        "before it are the scope (lower --max-size, or use --engine smt)"
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
                f"{_describe(before)} when first explored, but {now} when called again",
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
                    f"--max-instances {max_instances:,} instances, so the check stops there, "
                    f"short of n = {sizes[-1]}; --engine smt (or auto, the default) decides "
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


def _describe(step: TraceStep | ReachedStep | None) -> str:
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
