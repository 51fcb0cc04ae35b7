"""R, the maximal input element distance (DESIGN §2 "Distance R").

Traces are not kept (issue 13): `SpanTracker` sees every trace and closure
run while the exploration runs, and `distance` reads what it kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lengthcheck.properties.trend import classify
from lengthcheck.results import DistanceResult, Span
from lengthcheck.trace import Trace

if TYPE_CHECKING:
    from lengthcheck.properties.explored import Exploration


class SpanTracker:
    """The largest span (and I/O span) per size over every ready step, fed one trace at a time.

    Within a size the traces come first and then the closure runs, each in the
    order run; the witness is the first step showing the largest span, as if
    every trace of every size were read in that order. A size counts only
    once `end_size` is called (a size cut short never does).
    """

    def __init__(self) -> None:
        self.by_size: dict[int, int | None] = {}
        self.io_by_size: dict[int, int | None] = {}
        self.best: Span | None = None
        self.best_io: int | None = None
        self._best: Span | None = None  # this size's, so far
        self._io: int | None = None

    def add(self, trace: Trace) -> None:
        best = self._best
        top = -1 if best is None else best.span
        io = -1 if self._io is None else self._io
        for st in trace.steps:
            # every step a model may take from this state: each ready step (DESIGN §2)
            for k, reads in enumerate(st.ready):
                span = reads[-1] - reads[0]  # reads are in positional order
                if span > top:
                    best = Span(trace.instance, trace.size, st.index, st.state, reads, span)
                    top = span
                # R_io: reads and the writes *into* the state; an append's position is not
                # something a model has to find
                touched = reads + (st.ready_into[k] if st.ready_into else ())
                io = max(io, max(touched) - min(touched))
        self._best = best
        if io >= 0:
            self._io = io

    def end_size(self, size: int) -> None:
        if self._best is not None and (self.best is None or self._best.span > self.best.span):
            self.best = self._best
        if self._io is not None:
            self.best_io = max(self.best_io or 0, self._io)
        self.by_size[size] = self.best.span if self.best is not None else None  # no step: no R
        self.io_by_size[size] = self.best_io
        self._best = self._io = None


def distance(exploration: Exploration) -> DistanceResult:
    """R_m for every bound m (largest span over steps of sizes <= m), and R_io.

    R_m is None while no instance of size <= m takes a step (there is no span to
    measure, which is not the same as a span of 0). Steps reached by other
    ready orders (the closure) count too.
    """
    spans = exploration.spans
    by_size = {m: spans.by_size[m] for m in exploration.sizes}
    io_by_size = {m: spans.io_by_size[m] for m in exploration.sizes}
    return DistanceResult(by_size, io_by_size, spans.best, classify(by_size))


def theorem_3_5_distance(dist: DistanceResult) -> int | None:
    """R_io at the bound when neither R nor R_io still grows: (1, 4·R_io+1) is tried with it.

    The route uses R_io (DESIGN §2): a step's label holds where it reads and
    where it writes into the state, so the window must span both. Whether the
    series are flat long enough to rest a verdict on is the verdict's
    evidence rule (a); the check itself is run whenever R_io has a value.
    """
    values = dist.io_by_size
    if not values or dist.trend.kind == "grows" or classify(values).kind == "grows":
        return None
    return values[max(values)]
