"""The patterns a verdict rests on, per step: what a training set must show (Cor 3.1.1).

Two kinds, both read off one step of a trace:

* a **causal input**: the tokens the step reads, in positional order (an element of
  X, the domain of the causal function f);
* a **window pattern** of the route's consistency check: the windows at the step's
  anchor tuple (n windows of length r, placed by the route's anchor or cover rule)
  and the step's label there (where it reads and writes).

Only the windows steps are read from count: the windows at positions that anchor
no step (NONE), which a model must also learn to reject, grow with the states and
are not what the coverage of Thm 3.3 / Cor 3.1.1 is about (docs/decisions.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lengthcheck.properties.windows import anchors, step_label, window
from lengthcheck.results import ConsistencyCheck
from lengthcheck.trace import Trace

Pattern = tuple[object, ...]  # ("input", tokens) | ("window", windows, label)


@dataclass(frozen=True)
class Route:
    """The (n, r) and rule the window patterns are taken under."""

    n: int
    r: int
    rule: str  # the anchor rule (n = 1) or the cover rule (n >= 2)

    @classmethod
    def of(cls, check: ConsistencyCheck | None) -> Route | None:
        if check is None or not check.holds:
            return None
        return cls(check.n, check.r, check.anchor_rule or "min")


def trace_patterns(trace: Trace, route: Route | None) -> Iterator[tuple[int, Pattern]]:
    """(step index, pattern) for every pattern of every step of the trace (every ready
    step, where the format declares them: a model may take any)."""
    for st in trace.steps:
        for k, reads in enumerate(st.ready):
            yield st.index, ("input", tuple(st.state[i] for i in reads))
            if route is None:
                continue
            h = (route.r - 1) // 2
            anchor = anchors(reads, route.n, h, route.rule)
            if anchor is None:
                continue
            into = st.ready_into[k] if st.ready_into else ()
            key = tuple(window(st.state, c, h) for c in anchor)
            yield st.index, ("window", key, step_label(reads, into, anchor, h, route.rule))
