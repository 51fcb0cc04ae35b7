"""R (the largest read span), R_io (reads and writes) and at-most-once, for the z3 engine.

All three are concrete on each symbolic path (positions never depend on token
values within a path), so they are read off the steps directly; R_io
maximises over the "maybe writes" of a step with z3, and the witnesses are
concretised from the path condition and replayed.
"""

from __future__ import annotations

from lengthcheck.engines.smt.decide.core import Decider, step_query
from lengthcheck.engines.smt.tracer import SymTrace
from lengthcheck.properties.causal import identity_lost, read_twice
from lengthcheck.properties.trend import classify
from lengthcheck.results import AtMostOnceResult, DistanceResult, Span


def distance(d: Decider) -> DistanceResult:
    """R and R_io up to each size, with a replayed witness of the largest read span."""
    by_size: dict[int, int | None] = {}
    io_by_size: dict[int, int | None] = {}
    best: tuple[int, SymTrace, int] | None = None
    best_io: int | None = None
    for size in d.sizes:
        for trace in d.traces[size]:
            for st in trace.steps:
                span = max(st.reads) - min(st.reads)
                if best is None or span > best[0]:
                    best = (span, trace, st.index)
                touched = st.reads + st.into  # appended positions are not found, emitted
                best_io = max(best_io or 0, max(touched) - min(touched))
        by_size[size] = best[0] if best is not None else None  # no step yet: no R
        io_by_size[size] = best_io
    witness = None
    if best is not None:
        span, trace, index = best
        concrete = d.replay(trace, d.path_instance(trace))
        st = concrete.steps[index]
        witness = Span(concrete.instance, trace.size, index, st.state, st.reads, span)
    return DistanceResult(by_size, io_by_size, witness, classify(by_size))


def at_most_once(d: Decider) -> AtMostOnceResult:
    """Whether every element is read by at most one step (followed by element identity)."""
    for size in d.sizes:
        for trace in d.traces[size]:
            reader: dict[int, int] = {}
            for st in trace.steps:
                if st.read_ids is None:
                    concrete = d.replay(trace, d.path_instance(trace))
                    return identity_lost(st.index, concrete.instance, trace.identity_note)
                for element, pos in zip(st.read_ids, st.reads):
                    earlier = reader.get(element)
                    if earlier is not None:
                        concrete = d.replay(trace, d.path_instance(trace))
                        e, s = concrete.steps[earlier], concrete.steps[st.index]
                        return read_twice(size, earlier, st.index,
                                          step_query(concrete, e, "read"),
                                          step_query(concrete, s, f"read again at position {pos}"))
                    reader[element] = st.index
    return AtMostOnceResult(True, "every element is read by at most one step")
