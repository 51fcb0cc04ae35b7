"""The causal function f: well defined, |X| by size, at most once (DESIGN §2).

Traces are not kept (issue 13): `CausalTracker` and `OnceTracker` see every
trace while the exploration runs, and `causal_function` / `at_most_once` read
what they kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lengthcheck.properties.trend import classify
from lengthcheck.results import AtMostOnceResult, CausalResult, Counterexample, Query
from lengthcheck.spec import State
from lengthcheck.trace import Trace, TraceStep

if TYPE_CHECKING:
    from lengthcheck.properties.explored import Exploration

# The first step showing a causal input: (out, instance, size, step index, state, reads).
FirstStep = tuple[tuple, State, int, int, State, tuple[int, ...]]


def _step_query(trace: Trace, st: TraceStep, label: object) -> Query:
    read_tokens = tuple(st.state[i] for i in st.reads)
    return Query(trace.instance, trace.size, st.index, st.state, st.reads, (read_tokens,), label)


def _first_query(first: FirstStep, label: object) -> Query:
    _, instance, size, index, state, reads = first
    return Query(instance, size, index, state, reads, (tuple(state[i] for i in reads),), label)


class CausalTracker:
    """Each causal input's first output, |X| and the arity per size, fed one trace at a time.

    Within a size the traces come first and then the closure runs (`regular`
    False), each in the order run, so "first" means what it meant when every
    trace was kept and read in that order. `first_regular` is the same table
    over the traces alone (the sample engine's reference; the same dict when
    the problem has no ready closure). A size counts only once `end_size` is
    called (a size cut short never does).
    """

    def __init__(self, with_closure: bool = False) -> None:
        self.first: dict[tuple, FirstStep] = {}
        self.first_regular: dict[tuple, FirstStep] = {} if with_closure else self.first
        self.x_by_size: dict[int, int] = {}
        self.arity_by_size: dict[int, int] = {}
        self.arity = 0
        self.conflict: Counterexample | None = None
        self.coverage: int | None = None
        self._arity = 0
        self._known = 0  # len(first) when the size began
        self._candidate: tuple | None = None  # this size's conflict with the smallest sizes

    def add(self, trace: Trace, regular: bool = True) -> None:
        first = self.first
        regular_only = self.first_regular if regular and self.first_regular is not first else None
        arity = self._arity
        size = trace.size
        for st in trace.steps:
            state = st.state
            # every step a model may take here (each ready step whose output is known)
            for reads, output in st.ready_outputs():
                x = tuple(state[i] for i in reads)  # reads are in positional order
                if len(x) > arity:
                    arity = len(x)
                seen = first.get(x)
                made = (output, trace.instance, size, st.index, state, reads)
                if seen is None:
                    first[x] = entry = made
                else:
                    entry = None
                    if seen[0] != output and self.conflict is None and (
                            self._candidate is None or seen[2] < self._candidate[0][2]):
                        self._candidate = (seen, made)
                if regular_only is not None and x not in regular_only:
                    regular_only[x] = entry or made
        self._arity = arity

    def end_size(self, size: int) -> None:
        self.x_by_size[size] = len(self.first)
        if len(self.first) > self._known:
            self.coverage = size
        self._known = len(self.first)
        self.arity = max(self.arity, self._arity)
        self.arity_by_size[size] = self.arity
        if self._candidate is not None and self.conflict is None:
            seen, made = self._candidate
            self.conflict = Counterexample(
                "causal-conflict",
                _first_query(seen, seen[0]),
                _first_query(made, made[0]),
                detail="the same causal input gives two different outputs",
            )
        self._candidate = None


def causal_function(exploration: Exploration) -> CausalResult:
    """f is well defined iff equal read tokens always give equal outputs.

    Also the arity (most reads of one step) by size: with a finite alphabet, X
    is finite exactly when the arity is bounded (|X| <= |alphabet|^arity).
    """
    causal = exploration.causal
    x_by_size = {m: causal.x_by_size[m] for m in exploration.sizes}
    arity_by_size = {m: causal.arity_by_size[m] for m in exploration.sizes}
    first_size: dict[str, int] = {}
    for x, entry in causal.first.items():
        for token in x:
            if entry[2] < first_size.get(token, entry[2] + 1):
                first_size[token] = entry[2]
    return CausalResult(
        causal.conflict is None, x_by_size, classify(x_by_size), causal.conflict,
        causal.coverage, arity_by_size, classify(arity_by_size), first_size,
    )


class OnceTracker:
    """At most once, fed the traces (not the closure runs) in the order run.

    Checking stops at the first trace that fails (or cannot be followed); it
    counts only if its size was finished.
    """

    def __init__(self) -> None:
        self.found: AtMostOnceResult | None = None
        self.found_size: int | None = None

    def add(self, trace: Trace) -> None:
        if self.found is None:
            self.found = _check_once(trace)
            if self.found is not None:
                self.found_size = trace.size

    def result(self, sizes: list[int]) -> AtMostOnceResult:
        if self.found is not None and self.found_size in sizes:
            return self.found
        return AtMostOnceResult(True, "every element is read by at most one step")


def identity_lost(step: int, instance: State, identity_note: str) -> AtMostOnceResult:
    """At most once cannot be followed past a step that loses element identity (both engines)."""
    return AtMostOnceResult(
        None,
        f"not checked: element identity is lost at step {step - 1} of instance "
        f"{' '.join(instance)} ({identity_note}), so the reads of step {step} cannot be "
        f"followed; give step {step - 1} a `moved` map (steps count from 0)",
    )


def read_twice(size: int, first: int, second: int, first_read: Query,
               second_read: Query) -> AtMostOnceResult:
    """At most once fails: steps `first` and `second` read one element (both engines)."""
    return AtMostOnceResult(
        False,
        f"an element is read by steps {first} and {second} (size {size})",
        Counterexample("reused-element", first_read, second_read,
                       detail=f"element first read at step {first}"),
    )


def _check_once(trace: Trace) -> AtMostOnceResult | None:
    """Why a trace reads an element twice (or cannot tell), or None when it does not."""
    size = trace.size
    reader: dict[int, TraceStep] = {}
    for st in trace.steps:
        if st.read_ids is None:
            return identity_lost(st.index, trace.instance, trace.identity_note)
        for element, pos in zip(st.read_ids, st.reads):
            earlier = reader.get(element)
            if earlier is not None:
                return read_twice(size, earlier.index, st.index,
                                  _step_query(trace, earlier, "read"),
                                  _step_query(trace, st, f"read again at position {pos}"))
            reader[element] = st
    return None


def at_most_once(exploration: Exploration) -> AtMostOnceResult:
    """Each element (token occurrence) is read by at most one step of its trace."""
    return exploration.once.result(exploration.sizes)
