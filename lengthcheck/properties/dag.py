"""The reasoning DAG of one trace (DESIGN §2): elements as nodes, reads as edges.

An element is a token occurrence. It keeps its identity while a step leaves it
in place (append, same-length rewrite of other positions, splice outside the
read span, or a step's `moved` map), exactly as the tracer follows identity for
the at-most-once check. A step adds an edge from every element it reads to
every element it creates. Where identity is lost (an explicit output without
`moved`), every element of the next state counts as created by that step: the
graph then over-approximates the dependencies and says so in `identity`.

Node attributes: token, step (the creating step, -1 for inputs), position
(where it was created), readers (how many steps read it), final (still present
at the end). Graph attributes: problem, size, instance, identity, acyclic.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lengthcheck.spec import Problem
from lengthcheck.trace import Trace, _follow_identity

if TYPE_CHECKING:
    import networkx as nx


def element_dag(problem: Problem, trace: Trace) -> nx.DiGraph:
    """Build the DAG of `trace`; `problem` is asked again only for each step's `moved` map."""
    import networkx as nx  # imported when used: it is slow to load

    g = nx.DiGraph(
        problem=problem.name or type(problem).__name__,
        size=trace.size,
        instance=" ".join(trace.instance),
        identity="followed",
    )
    ids: list[int] = list(range(len(trace.instance)))
    for pos, token in enumerate(trace.instance):
        g.add_node(pos, token=token, step=-1, position=pos, readers=0, final=False)
    fresh = itertools.count(len(trace.instance))
    for st in trace.steps:
        reads = [ids[i] for i in st.reads]
        for element in reads:
            g.nodes[element]["readers"] += 1
        step = problem.step(st.state)  # deterministic spec code: same Step as the trace's
        nxt, note = _follow_identity(ids, st.state, st.reads, st.next, st.mode, step, fresh)
        if nxt is None:
            g.graph["identity"] = (
                f"lost at step {st.index} ({note}); dependencies over-approximated"
            )
            nxt = [next(fresh) for _ in st.next]
        known = set(ids)
        for pos, element in enumerate(nxt):
            if element in known:
                continue
            g.add_node(element, token=st.next[pos], step=st.index, position=pos, readers=0,
                       final=False)
            g.add_edges_from(((r, element) for r in reads), step=st.index)
        ids = nxt
    for element in ids:
        g.nodes[element]["final"] = True
    g.graph["acyclic"] = nx.is_directed_acyclic_graph(g)
    return g


def layered_layout(g: nx.DiGraph) -> dict[int, tuple[float, float]]:
    """Positions for drawing: row = topological generation, column = element position.

    Inputs form the top row at their positions; each later element sits in
    the row after its deepest input, under the position it was written to.
    Elements that would share a cell are pushed right. (networkx's own layouts
    need numpy, which lengthcheck does not depend on.)
    """
    import networkx as nx  # imported when used: it is slow to load

    pos: dict[int, tuple[float, float]] = {}
    generations = nx.topological_generations(g) if g.graph.get("acyclic", True) else [list(g)]
    for row, generation in enumerate(generations):
        column = -1.0
        for node in sorted(generation, key=lambda v: (g.nodes[v]["position"], v)):
            column = max(float(g.nodes[node]["position"]), column + 1)
            pos[node] = (column, float(row))
    return pos


@dataclass(frozen=True)
class DagPicture:
    """What a report needs to draw a DAG: the graph and where each node goes."""

    graph: nx.DiGraph
    layout: dict[int, tuple[float, float]]


def dag_picture(problem: Problem, trace: Trace) -> DagPicture:
    graph = element_dag(problem, trace)
    return DagPicture(graph, layered_layout(graph))
