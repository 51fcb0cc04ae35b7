"""The element DAG: nodes are token occurrences, edges are reads; exports round-trip."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from lengthcheck import Problem, Step
from lengthcheck.cli import main
from lengthcheck.errors import SpecError
from lengthcheck.properties.dag import element_dag, layered_layout
from lengthcheck.properties.sample_trace import sample_trace
from lengthcheck.report.dagfile import to_dot, to_graphml, to_json
from lengthcheck.trace import Runner

from .conftest import SPECS

GOOD = str(SPECS / "good_parity_fill.py")


class ReadFirstTwice(Problem):
    """Appends a copy of the first token n times: position 0 is read by every step."""

    name = "read-first-twice"
    alphabet = ("a", "b")

    def instances(self, n):
        yield ("a",) + ("b",) * n

    def step(self, s):
        if s.count("a") > len(s) // 2:
            return None
        return Step(reads=(0,), next=s + ("a",))


class SwapMoved(Problem):
    """Swaps two tokens: identity follows only through the `moved` map."""

    name = "swap-moved"
    alphabet = ("x", "y", "z")

    def instances(self, n):
        yield ("x", "y") + ("z",) * n

    def step(self, s):
        if s[0] == "y":
            return None
        kept = {0: 1, 1: 0} | {i: i for i in range(2, len(s))}
        return Step(reads=(0, 1), next=("y", "x") + s[2:] + ("z",), out=("z",), moved=kept)


class Explicit(SwapMoved):
    """A rewrite that is no append, same-length rewrite or splice, without `moved`."""

    name = "explicit"

    def step(self, s):
        if s[-1] == "y":
            return None
        return Step(reads=(0, 1), next=s[2:] + ("y", "x", "y"), out=("y",))


def _trace(problem, size):
    runner = Runner(problem)
    return runner.run(next(iter(runner.instances(size))), size)


def test_parity_fill_dag(spec):
    problem = spec("good_parity_fill")
    trace = Runner(problem).run(("#", "0", "?", "1", "?"), 2)
    g = element_dag(problem, trace)
    assert g.graph["acyclic"] and g.graph["identity"] == "followed"
    # 5 input elements, one new slot per step; each step reads the previous slot and a bit
    assert g.number_of_nodes() == 7 and g.number_of_edges() == 4
    inputs = [v for v, d in g.nodes(data=True) if d["step"] == -1]
    assert [g.nodes[v]["token"] for v in inputs] == ["#", "0", "?", "1", "?"]
    made = {d["step"]: (d["token"], d["position"]) for _, d in g.nodes(data=True) if d["step"] >= 0}
    assert made == {0: ("s0", 2), 1: ("s1", 4)}
    # the overwritten "?" are gone from the final state and nobody read them
    assert not g.nodes[2]["final"] and g.nodes[2]["readers"] == 0
    assert all(d["readers"] <= 1 for _, d in g.nodes(data=True))


def test_edges_match_the_tracer_read_ids(spec):
    """The DAG follows element identity exactly as the at-most-once check does."""
    problem = spec("good_two_markers")
    trace = _trace(problem, 3)
    g = element_dag(problem, trace)
    for st in trace.steps:
        created = [v for v, d in g.nodes(data=True) if d["step"] == st.index]
        assert created
        for v in created:
            assert set(g.predecessors(v)) == set(st.read_ids)


def test_an_element_read_by_every_step_is_counted():
    problem = ReadFirstTwice()
    g = element_dag(problem, _trace(problem, 3))
    assert g.nodes[0]["readers"] == 3
    assert g.out_degree(0) == 3 and nx.is_directed_acyclic_graph(g)


def test_moved_map_keeps_identity_and_a_step_without_a_form_is_an_error():
    moved = element_dag(SwapMoved(), _trace(SwapMoved(), 1))
    assert moved.graph["identity"] == "followed"
    # the swapped x and y are the input elements; only the appended z is new
    assert moved.number_of_nodes() == 4 and moved.nodes[0]["final"] and moved.nodes[1]["final"]
    # a step no form describes, without moved, is a spec error (issue 18): its out= alone
    # cannot say which elements survive, so identity is never silently lost
    with pytest.raises(SpecError, match="moved="):
        _trace(Explicit(), 1)


def test_layout_rows_are_generations_and_cells_are_distinct(spec):
    problem = spec("good_parity_fill")
    g = element_dag(problem, Runner(problem).run(("#", "0", "?", "1", "?"), 2))
    pos = layered_layout(g)
    assert set(pos) == set(g)
    assert len(set(pos.values())) == len(pos)
    assert all(pos[v][1] == 0 for v, d in g.nodes(data=True) if d["step"] == -1)
    for a, b in g.edges:
        assert pos[a][1] < pos[b][1]


def test_exports_round_trip(spec):
    problem = spec("good_parity_fill")
    g = element_dag(problem, sample_trace(problem, size=2).trace)
    back = nx.parse_graphml(to_graphml(g), node_type=int)
    assert set(back.edges) == set(g.edges)
    assert back.nodes[5]["token"] == g.nodes[5]["token"] and back.graph["acyclic"] is True
    data = json.loads(to_json(g))
    assert set(data) >= {"nodes", "edges", "graph"} and data["graph"]["acyclic"] is True
    assert len(data["edges"]) == g.number_of_edges()
    dot = to_dot(g)
    assert dot.startswith("digraph ") and dot.rstrip().endswith("}")
    assert dot.count(" -> ") == g.number_of_edges()
    assert 'label="s0"' in dot or 'label="s1"' in dot


@pytest.mark.parametrize("fmt", ["dot", "graphml", "json"])
def test_dag_command(fmt, capsys):
    assert main(["dag", GOOD, "--size", "2", "--instance", "# 1 ? 0 ?", "--format", fmt]) == 0
    out, err = capsys.readouterr()
    assert "acyclic" in err and "# 1 ? 0 ?" in err
    if fmt == "json":
        assert json.loads(out)["graph"]["instance"] == "# 1 ? 0 ?"
    else:
        assert ("digraph" if fmt == "dot" else "<graphml") in out


def test_dag_command_writes_a_file(tmp_path, capsys):
    target = tmp_path / "g.dot"
    assert main(["dag", GOOD, "--size", "2", "--instance", "#1?0?", "-o", str(target)]) == 0
    assert target.read_text().startswith("digraph")
    assert capsys.readouterr().out == ""


def test_dag_command_errors(capsys):
    # not an instance of that size: a usage error, exit 2, with a readable message
    assert main(["dag", GOOD, "--size", "3", "--instance", "# 1 ? 0 ?"]) == 2
    assert "not one of instances(3)" in capsys.readouterr().err
    assert main(["dag", str(SPECS / "no_such_spec.py"), "--size", "2"]) == 2
    assert main(["dag", str(SPECS / "bad_raises.py"), "--size", "2"]) == 2
    assert main(["dag", GOOD, "--size", "2", "--problem", "nope"]) == 2
    assert "choose one of" in capsys.readouterr().err
    # neither --size nor --instance: the small instance whose trace takes the most steps
    assert main(["dag", GOOD]) == 0
    assert "elements" in capsys.readouterr().err
