"""The layers of issue 20, read from the source: no import circle, and the engines never
import the verdict, the reports or the front doors.

The graph holds every `import` the interpreter can run: at module level and inside
functions (a lazy import is still an edge); imports under `if TYPE_CHECKING:` are
type hints only and are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).parent.parent / "lengthcheck"


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        hints = {id(node) for branch in ast.walk(tree) if isinstance(branch, ast.If)
                 and "TYPE_CHECKING" in ast.unparse(branch.test) for node in ast.walk(branch)}
        here = _module(path)
        graph.add_node(here)
        for node in ast.walk(tree):
            if id(node) in hints:
                continue
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("lengthcheck"):
                graph.add_edge(here, node.module)
            elif isinstance(node, ast.Import):
                graph.add_edges_from((here, a.name) for a in node.names
                                     if a.name.startswith("lengthcheck"))
    return graph


def test_there_is_no_import_circle():
    cycles = list(nx.simple_cycles(import_graph()))
    assert cycles == [], f"{len(cycles)} import circles, e.g. {sorted(cycles, key=len)[:3]}"


def test_engines_depend_only_on_the_spec_the_model_and_the_properties():
    graph = import_graph()
    forbidden = ("lengthcheck.verdict", "lengthcheck.report", "lengthcheck.cli",
                 "lengthcheck.checker", "lengthcheck.pytest_plugin", "lengthcheck.outcome")
    wrong = [(a, b) for a, b in graph.edges
             if a.startswith("lengthcheck.engines") and b.startswith(forbidden)]
    assert wrong == []


def test_properties_never_import_an_engine_or_a_report():
    graph = import_graph()
    wrong = [(a, b) for a, b in graph.edges if a.startswith("lengthcheck.properties")
             and b.startswith(("lengthcheck.engines", "lengthcheck.report", "lengthcheck.verdict"))]
    assert wrong == []


def test_reports_compute_nothing():
    """Reports read results; they never run an engine or decide a verdict."""
    graph = import_graph()
    wrong = [(a, b) for a, b in graph.edges if a.startswith("lengthcheck.report")
             and b.startswith(("lengthcheck.engines", "lengthcheck.verdict",
                               "lengthcheck.checker"))]
    assert wrong == []
