"""The causal function f: well defined, |X| by size, at most once (DESIGN §2)."""

from __future__ import annotations

from lengthcheck.engines.exploration import Exploration
from lengthcheck.properties.trend import classify
from lengthcheck.results import AtMostOnceResult, CausalResult, Counterexample, Query
from lengthcheck.trace import Trace, TraceStep


def _step_query(trace: Trace, st: TraceStep, label: object) -> Query:
    read_tokens = tuple(st.state[i] for i in st.reads)
    return Query(trace.instance, trace.size, st.index, st.state, st.reads, (read_tokens,), label)


def causal_function(exploration: Exploration) -> CausalResult:
    """f is well defined iff equal read tokens always give equal outputs.

    Also the arity (most reads of one step) by size: with a finite alphabet, X
    is finite exactly when the arity is bounded (|X| <= |alphabet|^arity).
    """
    first: dict[tuple, tuple[tuple, Trace, TraceStep]] = {}
    x_by_size: dict[int, int] = {}
    arity_by_size: dict[int, int] = {}
    arity = 0
    conflict: Counterexample | None = None
    coverage = None
    for size in exploration.sizes:
        candidates = []
        for trace in exploration.all_traces(size):
            for st in trace.steps:
                x = tuple(st.state[i] for i in st.reads)
                arity = max(arity, len(x))
                seen = first.get(x)
                if seen is None:
                    first[x] = (st.out, trace, st)
                    coverage = size
                elif seen[0] != st.out and conflict is None:
                    candidates.append((seen[1].size + size, seen, trace, st))
        x_by_size[size] = len(first)
        arity_by_size[size] = arity
        if candidates and conflict is None:
            _, (out, trace0, st0), trace1, st1 = min(candidates, key=lambda c: c[0])
            conflict = Counterexample(
                "causal-conflict",
                _step_query(trace0, st0, out),
                _step_query(trace1, st1, st1.out),
                detail="the same causal input gives two different outputs",
            )
    return CausalResult(
        conflict is None, x_by_size, classify(x_by_size), conflict, coverage,
        arity_by_size, classify(arity_by_size),
    )


def at_most_once(exploration: Exploration) -> AtMostOnceResult:
    """Each element (token occurrence) is read by at most one step of its trace."""
    for size in exploration.sizes:
        for trace in exploration.traces[size]:
            reader: dict[int, TraceStep] = {}
            for st in trace.steps:
                if st.read_ids is None:
                    return AtMostOnceResult(
                        None,
                        f"not checked: element identity is lost at step {st.index - 1} of "
                        f"instance {' '.join(trace.instance)} ({trace.identity_note}), so the "
                        f"reads of step {st.index} cannot be followed; give step "
                        f"{st.index - 1} a `moved` map (steps count from 0)",
                    )
                for element, pos in zip(st.read_ids, st.reads):
                    earlier = reader.get(element)
                    if earlier is not None:
                        return AtMostOnceResult(
                            False,
                            f"an element is read by steps {earlier.index} and {st.index} "
                            f"(size {size})",
                            Counterexample(
                                "reused-element",
                                _step_query(trace, earlier, "read"),
                                _step_query(trace, st, f"read again at position {pos}"),
                                detail=f"element first read at step {earlier.index}",
                            ),
                        )
                    reader[element] = st
    return AtMostOnceResult(True, "every element is read by at most one step")
