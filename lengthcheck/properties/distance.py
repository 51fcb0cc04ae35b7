"""R, the maximal input element distance (DESIGN §2 "Distance R")."""

from __future__ import annotations

from lengthcheck.engines.exploration import Exploration
from lengthcheck.properties.trend import classify
from lengthcheck.results import DistanceResult, Span


def distance(exploration: Exploration) -> DistanceResult:
    """R_m for every bound m (largest span over steps of sizes <= m), and R_io.

    R_m is None while no instance of size <= m takes a step (there is no span to
    measure, which is not the same as a span of 0). Steps reached by other
    ready orders (the closure) count too.
    """
    by_size: dict[int, int | None] = {}
    io_by_size: dict[int, int | None] = {}
    best: Span | None = None
    best_io: int | None = None
    for size in exploration.sizes:
        for trace in exploration.all_traces(size):
            for st in trace.steps:
                span = max(st.reads) - min(st.reads)
                if best is None or span > best.span:
                    best = Span(trace.instance, size, st.index, st.state, st.reads, span)
                touched = st.reads + st.writes
                best_io = max(best_io or 0, max(touched) - min(touched))
        by_size[size] = best.span if best is not None else None  # no step yet: no R
        io_by_size[size] = best_io
    return DistanceResult(by_size, io_by_size, best, classify(by_size))


def theorem_3_5_distance(dist: DistanceResult) -> int | None:
    """R at the bound when the series does not still grow: the R that (1, 4R+1) is tried with.

    Whether R is flat long enough to rest a guarantee on is the verdict's
    evidence rule (a); the check itself is run whenever R has a value.
    """
    values = dist.by_size
    if not values or dist.trend.kind == "grows":
        return None
    return values[max(values)]
