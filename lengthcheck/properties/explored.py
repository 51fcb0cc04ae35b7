"""The reachable states an exploration found: the store the properties are computed from.

`engines.exploration.explore` fills it (enumeration, the ready closure);
`properties.*` read it. It lives here, not in the engine, so that the
properties never import the engine that calls them (issue 20: no circles).

The store (`States`) keeps, per reachable state, only what the consistency
searches need: the state packed one byte per token (`Codec`), the step's
signature (reads, ready reads, output; interned, so shared by every state
whose step looks the same) and, per run of consecutive new states of one
trace, the instance, the first step index and the state that follows the run.
`Exploration.reached` and `states_by_size()` give the same states as records
(`Reached`) built on demand.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lengthcheck.errors import SpecError, definition_location
from lengthcheck.results import Counterexample, StopReason
from lengthcheck.spec import Problem, State
from lengthcheck.trace import PAD, Runner, Trace, TraceStep

if TYPE_CHECKING:
    from lengthcheck.properties.causal import CausalTracker, OnceTracker
    from lengthcheck.properties.distance import SpanTracker

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
                not_deterministic(runner, self.entry(i), trace, st.state, st)
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
            not_deterministic(runner, self.entry(i), trace, trace.final, None)
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


def describe_step(step: TraceStep | ReachedStep | None) -> str:
    return "halts" if step is None else f"reads {step.reads} and gives {' '.join(step.next)}"


def not_deterministic(runner: Runner, seen: Reached, trace: Trace, state: State,
                       step: TraceStep | None) -> None:
    raise SpecError(
        f"step() is not a function of the state: state {' '.join(state)} "
        f"{describe_step(seen.step)} "
        f"in the trace of instance {' '.join(seen.instance)} (size {seen.size}), but "
        f"{describe_step(step)} in the trace of instance {' '.join(trace.instance)} "
        f"(size {trace.size})",
        problem=runner.name,
        location=definition_location(runner.problem.step),
        hint="step(s) (and ready(s)) may depend only on s: keep no state on self between "
        "calls (e.g. a mode set by instances()), and encode what the step needs in the tokens",
    )
