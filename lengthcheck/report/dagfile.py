"""Writing the element DAG for other tools: DOT, GraphML, node-link JSON.

GraphML and JSON come from networkx's own writers. DOT is written here
because networkx writes it only through pydot or pygraphviz, which
lengthcheck does not depend on.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

FORMATS = ("dot", "graphml", "json")


if TYPE_CHECKING:
    import networkx as nx


def _quote(value: object) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def to_dot(g: nx.DiGraph) -> str:
    """Graphviz DOT: one node per element (label = token), one edge per read."""
    name = f"{g.graph.get('problem', 'dag')} n={g.graph.get('size', '?')}"
    lines = [f"digraph {_quote(name)} {{"]
    attrs = ", ".join(f"{key}={_quote(value)}" for key, value in g.graph.items())
    lines.append(f"  graph [rankdir=TB, {attrs}];")
    lines.append('  node [shape=circle, fontname="monospace"];')
    for node, data in g.nodes(data=True):
        attrs = ", ".join(f"{key}={_quote(value)}" for key, value in data.items())
        lines.append(f"  {node} [label={_quote(data['token'])}, {attrs}];")
    for a, b, data in g.edges(data=True):
        attrs = ", ".join(f"{key}={_quote(value)}" for key, value in data.items())
        lines.append(f"  {a} -> {b} [{attrs}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_graphml(g: nx.DiGraph) -> str:
    import networkx as nx  # imported when used: it is slow to load

    return "\n".join(nx.generate_graphml(g)) + "\n"


def to_json(g: nx.DiGraph) -> str:
    """networkx node-link data: {"directed", "graph", "nodes": [...], "edges": [...]}."""
    import networkx as nx  # imported when used: it is slow to load

    try:
        data = nx.node_link_data(g, edges="edges")
    except TypeError:  # networkx < 3.4 names them "links"
        data = nx.node_link_data(g)
        data["edges"] = data.pop("links")
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write(g: nx.DiGraph, fmt: str) -> str:
    return {"dot": to_dot, "graphml": to_graphml, "json": to_json}[fmt](g)
