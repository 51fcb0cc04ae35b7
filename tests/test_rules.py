"""Rule problems and their proofs (issue 10): each premise's failure, the reference
formats against enumeration, and a soundness property over random rule systems:
`proved` is never issued where enumeration up to size 6 finds a counterexample.

LENGTHCHECK_SLOW=1 runs the random properties with more examples.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lengthcheck import Slot, SpecError, token_function
from lengthcheck.checker import check_problem
from lengthcheck.cli import main
from lengthcheck.engines.exploration import explore
from lengthcheck.loader import load
from lengthcheck.properties.causal import causal_function
from lengthcheck.properties.consistency import check_recover
from lengthcheck.report.proof import proof_json, proof_text
from lengthcheck.rules import EDGE, Block, MarkerRule, Rule, RuleProblem, Segment
from lengthcheck.rules.prove import prove

RULES = Path(__file__).parent.parent / "problems" / "rules"
REFERENCE = load(str(RULES))
GOOD = [p for p in REFERENCE if p.expect_proof["holds"]]
BAD = [p for p in REFERENCE if not p.expect_proof["holds"]]
SLOW = os.environ.get("LENGTHCHECK_SLOW") == "1"


@functools.cache
def _proof(problem: RuleProblem):
    """One proof per reference problem for the whole module (prove is pure)."""
    return prove(problem)


# ---------------------------------------------------------------------------
# the reference problems


def test_there_are_enough_rule_problems():
    assert len(GOOD) >= 6 and len(BAD) >= 4
    assert all(p.expect for p in REFERENCE)


@pytest.mark.parametrize("problem", REFERENCE, ids=[p.name for p in REFERENCE])
def test_proof_matches_the_hand_derivation(problem):
    proof = _proof(problem)
    want = problem.expect_proof
    assert proof.holds is want["holds"], proof_text(proof)
    failed = sorted(p.name for p in proof.premises if p.status != "proved" and p.name != "answer")
    assert failed == sorted(want["failed"]), proof_text(proof)
    if proof.holds:
        assert (proof.n, proof.r) == (want["n"], want["r"])
        termination = proof.certificate.termination
        assert termination is not None
        assert termination.method == want.get("termination", "weights")
        assert (proof.certificate.weights is not None) == (termination.method == "weights")
    else:
        assert {f.premise for f in proof.failures} >= set(want["failed"])


@pytest.mark.parametrize("problem", GOOD, ids=[p.name for p in GOOD])
def test_enumeration_agrees_with_the_proof(problem):
    """check_problem (enumeration) finds the format consistent with r <= the proof's r."""
    proof = _proof(problem)
    size = min(problem.max_size, 4)
    result = check_problem(type(problem), engine="enumerate", max_size=size, form="recover",
                           n_max=proof.n, r_max=proof.r)
    assert result.causal.well_defined
    rule = "min" if proof.n == 1 else "greedy"
    found = [m for m in result.minimal_r if m.form == "recover" and m.n == proof.n
             and (m.n == 1 or m.anchor_rule == rule)]
    assert found and found[0].value is not None and found[0].value <= proof.r, result.minimal_r
    exploration = explore(problem, size)
    assert check_recover(exploration, proof.n, proof.r, rule).holds


@pytest.mark.parametrize("name", [p.name for p in GOOD])
def test_z3_engine_agrees_with_the_proof(name):
    """Every good rule format: z3 up to n = 4 finds an r no larger than the proof's."""
    (problem,) = [p for p in GOOD if p.name == name]
    proof = _proof(problem)
    result = check_problem(type(problem), engine="smt", max_size=4, form="recover",
                           n_max=proof.n, r_max=proof.r)
    values = [m.value for m in result.minimal_r if m.n == proof.n and m.value is not None]
    assert values and min(values) <= proof.r


def test_ready_is_every_match_and_step_the_leftmost():
    (arith,) = [p for p in GOOD if p.name == "rules-arith"]
    s = tuple("1+2+3*1")
    ready = arith.ready(s)
    assert sorted(st.reads for st in ready) == [(0, 1, 2, 3), (4, 5, 6)]
    assert arith.step(s).reads == (0, 1, 2, 3)
    assert arith.step(("3",)) is None
    assert arith.normal_form(s) == ("2",)  # 1 + 2 + 3 = 6 ≡ 2


# ---------------------------------------------------------------------------
# each premise's failure


@token_function
def _same(*tokens):
    return tokens[0]


class _Base(RuleProblem):
    alphabet = ("a", "b", "c")
    shape = (Block((Slot(("a", "b")),)),)
    max_size = 4


def test_termination_failure_names_no_weights():
    (bad,) = [p for p in BAD if p.name == "rules-bad-nonterminating"]
    proof = _proof(bad)
    assert proof.premise("termination").status == "failed"
    (f,) = [f for f in proof.failures if f.premise == "termination"]
    assert "no weights" in f.explanation and f.counterexample["state"] == ["x", "y", "w"]


def test_confluence_failure_gives_the_critical_pair():
    (bad,) = [p for p in BAD if p.name == "rules-bad-nonconfluent"]
    proof = _proof(bad)
    (f,) = [f for f in proof.failures if f.premise == "confluence"]
    assert f.counterexample["state"] == ["0", "-", "0", "-", "1"]
    assert f.counterexample["normal_forms"] == [[["3"]], [["1"]]]
    assert any(not c.joinable for c in proof.certificate.critical_pairs)


def test_anchor_conflict_is_found_statically_and_reached():
    (bad,) = [p for p in BAD if p.name == "rules-bad-anchor-conflict"]
    (f,) = [f for f in _proof(bad).failures if f.premise == "consistency"]
    assert f.counterexample["reads"] == [[0, 1], [0]]
    assert f.counterexample["reachable"]["state"] == ["a", "b"]


def test_duplicated_marker_fails_the_marker_premise():
    (bad,) = [p for p in BAD if p.name == "rules-bad-marker-duplicated"]
    (f,) = [f for f in _proof(bad).failures if f.premise == "markers"]
    assert f.counterexample["after"].count("^S") == 2
    assert f.counterexample["reachable"]["state"].count("^S") == 2


def test_causal_function_failure():
    @token_function
    def to_b(x, y):
        return "c" if y == "b" else x

    class TwoOutputs(_Base):
        # `a` before `b` is rewritten to c by one rule and kept by the other
        rules = (Rule(pattern=("a",), right=("b",), rewrite=to_b, name="one"),
                 Rule(left=("a",), pattern=("b",), rewrite=lambda a, b: "c", name="two"))

    proof = prove(TwoOutputs)
    assert proof.premise("causal-function").status == "failed"
    (f,) = [f for f in proof.failures if f.premise == "causal-function"]
    assert f.counterexample["reads"] == ["a", "b"]


def test_edge_context_conflict_is_found():
    class EdgeConflict(_Base):
        # at the left edge both match at 0: reads (0,) and (0, 1)
        rules = (Rule(left=((EDGE,),), pattern=("a",), rewrite=lambda e, a: "c", name="start"),
                 Rule(pattern=("a", ("a", "b")), rewrite=lambda a, x: ("c", x), name="pair"))

    proof = prove(EdgeConflict)
    assert proof.premise("consistency").status == "failed"


def test_markers_without_shape_are_bounded_only():
    class NoShape(RuleProblem):
        alphabet = ("^", "a", "b")
        max_size = 3
        rules = (MarkerRule(segments=(Segment("^", ("a",)),),
                            rewrite=lambda m, a: ("b", "^"), name="walk"),)

        def instances(self, n):
            for bits in itertools.product("ab", repeat=n):
                yield ("^",) + bits

    proof = prove(NoShape)
    assert proof.premise("markers").status == "bounded-only"
    assert not proof.holds


def test_marker_in_a_block_is_not_proved():
    class MarkerInBlock(RuleProblem):
        alphabet = ("M", "N", "a", "b")
        max_size = 3
        shape = ("M", Block((Slot(("a", "N")),)), "N")
        rules = (MarkerRule(segments=(Segment("M", ("a",)), Segment("N", ())),
                            rewrite=lambda m, a, n: (("b", "M"), ("N",)), name="r"),)

    proof = prove(MarkerInBlock)
    assert proof.premise("markers").status == "failed"
    assert "Slot" in proof.premise("markers").text or "Block" in proof.premise("markers").text


def _copy_with(*extra):
    """copy-slots (the 2-segment marker rule) with extra rules beside it, no answer()."""
    (copy,) = [p for p in GOOD if p.name == "rules-copy-slots"]

    class CopyWith(type(copy)):
        answer = None
        rules = type(copy).rules + extra

    return CopyWith


def test_marker_rule_overlapping_a_local_rule_is_proved_from_its_critical_pairs():
    # a2b rewrites the token the source segment (^S, x) reads: the peak ^S a … ^T ? is a
    # critical pair in two pieces, and it joins (a2b renames the copy too)
    cls = _copy_with(Rule(pattern=("a",), rewrite=lambda a: "b", name="a2b"))
    proof = prove(cls)
    assert proof.holds, proof_text(proof)
    (pair,) = [c for c in proof.certificate.critical_pairs if c.placement]
    assert (pair.first, pair.second, pair.offset, pair.joinable) == ("copy", "a2b", 1, True)
    assert pair.placement == "copy[^S]@0, a2b@1 | copy[^T]@0"
    assert "pieces copy[^S]@0, a2b@1 | copy[^T]@0" in proof_text(proof)
    assert _bounded_refutation(cls(), proof.n, proof.r, 5) is None


def test_marker_critical_pair_that_does_not_join_fails_with_a_reachable_witness():
    # a2c turns the source token into one the copy rule does not read: ^S a … ^T ? ends
    # in c ^S … c ^T one way and stays ^S c … ^T ? the other
    class NoC(_copy_with(Rule(pattern=("a",), rewrite=lambda a: "c", name="a2c"))):
        shape = ("^S", Block((Slot(("a", "b")),)), "=", "^T", Block(("?",)))
        rules = (MarkerRule(segments=(Segment("^S", (("a", "b"),)), Segment("^T", ("?",))),
                            rewrite=lambda s, x, t, q: ((x, "^S"), (x, "^T")), name="copy"),
                 Rule(pattern=("a",), rewrite=lambda a: "c", name="a2c"))

    proof = prove(NoC)
    confluence = proof.premise("confluence")
    assert confluence.status == "failed"
    assert "two orders of steps end in different states" in confluence.text
    (failure,) = [f for f in proof.failures if f.premise == "confluence"]
    assert len(failure.counterexample["normal_forms"]) == 2


def test_marker_critical_pair_joined_only_through_a_gap_stays_bounded():
    # `y a → y b` needs a token before the a. In the frame `a ^S … a ^T` the a's stand at
    # the start of a piece, whose left neighbour is unknown, so the pair does not join
    # there; in every real state a `#` or a token stands before them and it does. The
    # prover says it could not show it (bounded), never that it failed.
    sigma = ("#", "a", "b", "=", "?", "^S", "^T")

    class Gap(_copy_with()):
        alphabet = sigma
        shape = ("#", "^S", Block((Slot(("a", "b")),)), "=", "^T", Block(("?",)))
        rules = (MarkerRule(segments=(Segment("^S", (("a", "b"),)), Segment("^T", ("?",))),
                            rewrite=lambda s, x, t, q: ((x, "^S"), (x, "^T")), name="copy"),
                 Rule(left=(sigma,), pattern=("a",), rewrite=lambda y, a: "b", name="a2b"))

    proof = prove(Gap)
    confluence = proof.premise("confluence")
    assert confluence.status == "bounded-only", confluence.text
    assert "do not join in the pieces shown" in confluence.text
    assert "one normal form per instance" in confluence.text


def test_two_marker_rules_meeting_are_checked_piece_by_piece():
    # two copy rules share the target cursor: one copies a source token, the other writes
    # a `b` at a second cursor ^U and into the target. Their ^T segments always meet (the
    # marker is unique), so every peak of the two is a critical pair; they do not join
    # (the target gets a or b first), and a reachable instance shows it
    class TwoCopies(_copy_with()):
        alphabet = ("a", "b", "=", "?", "^S", "^T", "^U", "u")
        shape = ("^S", Block((Slot(("a",)),)), "=", "^U", Block(("u",)), "=", "^T",
                 Block(("?",), per_n=2))
        rules = (MarkerRule(segments=(Segment("^S", ("a",)), Segment("^T", ("?",))),
                            rewrite=lambda s, x, t, q: ((x, "^S"), (x, "^T")), name="copy"),
                 MarkerRule(segments=(Segment("^U", ("u",)), Segment("^T", ("?",))),
                            rewrite=lambda s, x, t, q: (("b", "^U"), ("b", "^T")), name="put"))

    proof = prove(TwoCopies)
    pairs = [c for c in proof.certificate.critical_pairs if c.placement]
    assert pairs and all(c.first == "copy" and c.second == "put" for c in pairs)
    assert proof.premise("confluence").status == "failed"


def test_a_growing_rule_reads_the_same_in_every_state():
    # found by the slow cross-check: `b b → b a b` read as the cheapest edit of each state
    # was `a` written and `b` appended in `b b` but all of `b a b` written in `b b a b`,
    # a causal conflict of the checker's own making that the prover (rightly) does not see
    class Grow(_Base):
        alphabet = ("a", "b")
        shape = (Block((Slot(("b",)),)),)
        rules = (Rule(pattern=("b", "b"), rewrite=lambda x, y: ("b", "a", "b"), name="grow"),)

    proof = prove(Grow)
    assert proof.holds, proof_text(proof)
    assert _bounded_refutation(Grow(), proof.n, proof.r, 6) is None
    assert check_problem(Grow(), max_size=6, engine="enumerate").verdict.word == "proved"


def test_wrong_answer_fails_premise_7():
    class WrongAnswer(_Base):
        rules = (Rule(pattern=("a",), rewrite=lambda a: "c", name="a2c"),)

        def answer(self, instance):
            return instance

    proof = prove(WrongAnswer)
    assert proof.premise("answer").status == "failed" and not proof.holds


def test_spec_errors():
    class BadToken(_Base):
        rules = (Rule(pattern=("z",), rewrite=_same),)

    class EdgeInPattern(_Base):
        rules = (Rule(pattern=((EDGE, "a"),), rewrite=_same),)

    class VaryingLength(_Base):
        rules = (Rule(pattern=(("a", "b"),), rewrite=lambda x: ("c",) if x == "a" else ()),)

    for cls in (BadToken, EdgeInPattern, VaryingLength):
        with pytest.raises(SpecError):
            prove(cls)


def test_prove_is_pure_and_json_serializable():
    (problem,) = [p for p in GOOD if p.name == "rules-parity-fill"]
    one, two = prove(problem), prove(problem)
    assert proof_json(one) == proof_json(two)
    json.dumps(proof_json(one))


# ---------------------------------------------------------------------------
# the command


def test_cli_exit_codes(capsys):
    assert main(["prove", str(RULES / "parity_fill.py")]) == 0
    out = capsys.readouterr().out
    assert "PROVED" in out and "weights:" in out and "(n, r) = (1, 5)" in out
    assert main(["prove", str(RULES / "bad_nonconfluent.py")]) == 1
    assert "not joinable" in capsys.readouterr().out
    # a plain spec is proved through rules inferred from its traces (issue 23)
    assert main(["prove", str(RULES.parent / "parity_fill.py"), "--max-size", "6"]) == 0
    assert main(["prove", str(RULES.parent / "copy_slots.py"), "--max-size", "5"]) == 1
    capsys.readouterr()
    assert main(["prove", str(RULES / "copy_slots.py"), "--json"]) == 0
    (data,) = json.loads(capsys.readouterr().out)
    assert data["holds"] and data["n"] == 2 and data["r"] == 3
    assert data["certificate"]["markers"][0]["per_instance"] == 1


# ---------------------------------------------------------------------------
# soundness: proved => enumeration up to size 6 finds nothing


SIGMA = ("a", "b", "c")


def _bounded_refutation(problem: RuleProblem, n: int, r: int, max_size: int = 6) -> str | None:
    """What enumeration up to max_size finds wrong with a proved problem (None: nothing)."""
    try:
        exploration = explore(problem, max_size, max_instances=50_000)
    except SpecError as exc:
        return f"spec error: {exc.what}"
    if not causal_function(exploration).well_defined:
        return "causal function not well defined"
    rule = "min" if n == 1 else "greedy"
    check = check_recover(exploration, n, r, rule)
    if not check.holds:
        return f"({n}, {r}) fails: {check.counterexample}"
    markers = {m for rule_ in problem.rules if isinstance(rule_, MarkerRule)
               for m in (s.marker for s in rule_.segments)}
    for size in range(problem.min_size, max_size + 1):
        for inst in problem.instances(size):
            graph, todo = {}, [tuple(inst)]
            while todo:  # every order of steps
                s = todo.pop()
                if s in graph:
                    continue
                graph[s] = [m.next for m in problem.matches(s)]
                if any(s.count(m) != 1 for m in markers):
                    return f"marker count in {s}"
                todo.extend(graph[s])
                if len(graph) > 20_000:
                    return "too many states: termination?"
            finals = [s for s, nxt in graph.items() if not nxt]
            if len(finals) != 1:
                return f"{len(finals)} normal forms from {inst}"
            if _has_cycle(graph):
                return f"a cycle from {inst}"
    return None


def _has_cycle(graph: dict) -> bool:
    indegree = dict.fromkeys(graph, 0)
    for nxt in graph.values():
        for t in nxt:
            indegree[t] += 1
    todo = [s for s, d in indegree.items() if d == 0]
    seen = 0
    while todo:
        s = todo.pop()
        seen += 1
        for t in graph[s]:
            indegree[t] -= 1
            if indegree[t] == 0:
                todo.append(t)
    return seen != len(graph)


def _table_rewrite(table: dict):
    def rewrite(*tokens):
        return table[tokens]

    rewrite.table = table  # shown when a cross-check fails (_rules_text)
    return rewrite


def _rules_text(cls) -> str:
    """A drawn system's rules with their tables, so that a failure can be replayed."""
    lines = [f"shape {cls.shape!r}"]
    for rule in cls.rules:
        table = getattr(rule.rewrite, "table", None)
        if isinstance(rule, MarkerRule):
            lines.append(f"{rule.name}: segments {rule.segments!r}")
        else:
            lines.append(f"{rule.name}: left {rule.left!r} pattern {rule.pattern!r} "
                         f"right {rule.right!r}")
        lines.append(f"  table {table!r}")
    return "\n".join(lines)


@st.composite
def _class(draw, tokens, edge: bool):
    pool = tokens + ((EDGE,) if edge else ())
    return tuple(draw(st.lists(st.sampled_from(pool), min_size=1, max_size=len(pool),
                               unique=True)))


@st.composite
def local_rules(draw, tokens=SIGMA):
    width = draw(st.integers(1, 3))
    plen = draw(st.integers(1, width))
    nleft = draw(st.integers(0, width - plen))
    left = tuple(draw(_class(tokens, True)) for _ in range(nleft))
    pattern = tuple(draw(_class(tokens, False)) for _ in range(plen))
    right = tuple(draw(_class(tokens, True)) for _ in range(width - plen - nleft))
    out = draw(st.sampled_from([max(plen - 1, 0), plen - 1, plen, plen, plen + 1]))
    out = max(out, 0)
    combos = list(itertools.product(*(left + pattern + right)))
    outs = draw(st.lists(st.tuples(*[st.sampled_from(tokens)] * out),
                         min_size=len(combos), max_size=len(combos)))
    return Rule(pattern=pattern, left=left, right=right,
                rewrite=_table_rewrite(dict(zip(combos, outs))))


@st.composite
def local_systems(draw):
    k = draw(st.integers(2, 3))
    sigma = SIGMA[:k]
    rules = tuple(draw(st.lists(local_rules(sigma), min_size=1, max_size=3)))
    rules = tuple(Rule(r.pattern, r.rewrite, r.left, r.right, f"r{i}")
                  for i, r in enumerate(rules))
    start = tuple(draw(st.lists(st.sampled_from(sigma), min_size=1, max_size=2, unique=True)))
    prefix = draw(st.sampled_from([(), ("a",)]))

    class Random(RuleProblem):
        name = "random-local"
        alphabet = sigma
        max_size = 6

    Random.rules = rules
    Random.shape = prefix + (Block((Slot(start),)),)
    return Random


@st.composite
def _segment(draw, marker, tokens):
    after = tuple(draw(_class(tokens, False)) for _ in range(draw(st.integers(0, 2))))
    return Segment(marker, after)


@st.composite
def marker_rules(draw, name: str, tokens=("a", "b")):
    """A rule over segments M and N (in either order), every step shrinking."""
    segs = (draw(_segment("M", tokens)), draw(_segment("N", tokens)))
    if draw(st.booleans()):
        segs = segs[::-1]
    classes = [((s.marker,),) + s.after for s in segs]
    combos = list(itertools.product(*(c for cls in classes for c in cls)))
    # per segment a fixed replacement length (one shorter or two: every step shrinks)
    keeps = [draw(st.integers(max(len(cls) - 2, 0), len(cls) - 1)) for cls in classes]
    table = {}
    for combo in combos:
        parts = []
        for keep, seg in zip(keeps, segs):
            body = list(draw(st.lists(st.sampled_from(tokens), min_size=keep, max_size=keep)))
            body.insert(draw(st.integers(0, keep)), seg.marker)
            parts.append(tuple(body))
        table[combo] = tuple(parts)
    return MarkerRule(segments=segs, rewrite=_table_rewrite(table), name=name)


@st.composite
def marker_systems(draw):
    """A marker rule, sometimes with a local rule or a second marker rule beside it (their
    spans may overlap the first rule's segments: the marker critical pairs, issue 23)."""
    tokens = ("a", "b")
    rules = [draw(marker_rules("m", tokens))]
    if draw(st.booleans()):
        extra = draw(local_rules(tokens))
        rules.append(Rule(extra.pattern, extra.rewrite, extra.left, extra.right, "loc"))
    if draw(st.integers(0, 3)) == 0:
        rules.append(draw(marker_rules("m2", tokens)))
    order = draw(st.booleans())

    class RandomMarkers(RuleProblem):
        name = "random-markers"
        alphabet = ("M", "N") + tokens
        max_size = 4

    first, second = ("M", "N") if order else ("N", "M")
    RandomMarkers.rules = tuple(rules)
    RandomMarkers.shape = (first, Block((Slot(tokens),)), second, Block((Slot(tokens),)))
    return RandomMarkers


STATS = {"local": [0, 0, 0], "markers": [0, 0, 0]}  # drawn, proved, spec errors
FAST = settings(max_examples=2000 if SLOW else 500, deadline=None, derandomize=not SLOW,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FAST_MARKERS = settings(max_examples=1000 if SLOW else 150, deadline=None,
                        derandomize=not SLOW,
                        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _check_sound(cls, kind: str, max_size: int) -> None:
    try:
        proof = prove(cls)
    except SpecError as exc:
        # a malformed random system (e.g. a rewrite length that is not fixed): counted,
        # and the guard below makes sure such systems are not most of what is drawn
        STATS[kind][2] += 1
        assert str(exc)  # the error says what is wrong
        return
    STATS[kind][0] += 1
    if not proof.holds:
        return
    STATS[kind][1] += 1
    found = _bounded_refutation(cls(), proof.n, proof.r, max_size)
    assert found is None, f"proved {(proof.n, proof.r)} but enumeration finds: {found}\n" + \
        proof_text(proof) + "\n" + _rules_text(cls)


@FAST
@given(local_systems())
def test_proved_is_never_refuted_by_enumeration(cls):
    _check_sound(cls, "local", 6)


@FAST_MARKERS
@given(marker_systems())
def test_proved_marker_systems_are_never_refuted(cls):
    _check_sound(cls, "markers", 4)


def test_random_systems_were_proved_often_enough():
    """The soundness properties mean something only if many drawn systems are proved.

    Self-contained (issue 18: under xdist this test may run in a worker where the
    property tests did not, and it used to pass with nothing drawn): it draws its own
    systems from the same strategies, derandomized (the same 60 draws every run, so
    the counts cannot flake), and counts how many the prover proves.
    """
    for kind, strategy in (("local", local_systems()), ("markers", marker_systems())):
        counts = _count_proved(strategy)
        assert counts["drawn"] >= 20, (kind, counts)  # at most 40 of 60 draws were errors
        assert counts["proved"] >= 5, (kind, counts)


def _count_proved(strategy) -> dict[str, int]:
    """How many of 60 derandomized draws the prover takes (no spec error) and proves."""
    counts = {"drawn": 0, "proved": 0}

    @settings(max_examples=60, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def draw(cls):
        try:
            proof = prove(cls)
        except SpecError:
            return
        counts["drawn"] += 1
        counts["proved"] += bool(proof.holds)

    draw()
    return counts


def test_marker_critical_pairs_are_never_refuted_by_enumeration():
    """The cross-check above on seeded systems where a local rule rewrites what a marker
    rule's segments read (issue 23, part 4): proofs that rest on marker critical pairs
    occur every run, and enumeration never refutes one."""
    rng = random.Random(4)
    tokens = ("a", "b")
    proved_through_pairs = 0
    for _ in range(80):
        segments = (Segment("M", tuple((rng.choice([("a",), ("b",), tokens]))
                                       for _ in range(rng.randint(1, 2)))),
                    Segment("N", tuple(rng.choice([("a",), ("b",), tokens])
                                       for _ in range(rng.randint(0, 1)))))
        classes = [("M",), *segments[0].after, ("N",), *segments[1].after]
        widths = (len(segments[0].after), len(segments[1].after))
        table = {}  # M's segment shrinks by one token, N's keeps its length: every step shrinks
        for combo in itertools.product(*classes):
            table[combo] = (tuple(rng.choice(tokens) for _ in range(widths[0] - 1)) + ("M",),
                            ("N",) + tuple(rng.choice(tokens) for _ in range(widths[1])))
        local_in = rng.choice([("a",), ("b",), ("a", "b"), ("b", "a")])
        local_out = tuple(rng.choice(tokens) for _ in range(len(local_in) - rng.randint(0, 1)))

        class MarkerAndLocal(RuleProblem):
            name = "random-marker-and-local"
            alphabet = ("M", "N") + tokens
            max_size = 4
            shape = ("M", Block((Slot(tokens),)), "N", Block((Slot(tokens),)))

        MarkerAndLocal.rules = (
            MarkerRule(segments=segments, rewrite=_table_rewrite(table), name="m"),
            Rule(pattern=tuple((t,) for t in local_in), name="loc",
                 rewrite=_table_rewrite({local_in: local_out})))
        try:
            proof = prove(MarkerAndLocal)
        except SpecError:
            continue
        if not proof.holds:
            continue
        found = _bounded_refutation(MarkerAndLocal(), proof.n, proof.r, 4)
        assert found is None, f"proved but enumeration finds: {found}\n" + proof_text(proof)
        proved_through_pairs += any(c.placement for c in proof.certificate.critical_pairs)
    assert proved_through_pairs >= 8, proved_through_pairs  # 17 with this seed


@pytest.mark.parametrize("method", ["inversions", "matrix"])
def test_permuting_proofs_are_never_refuted_by_enumeration(method, monkeypatch):
    """The cross-check above, on rule systems whose termination weights cannot show (issue
    23): same-length rewrites that permute tokens, with and without contexts, drawn from a
    seeded generator (so that such proofs occur, every run, under xdist too). Inversions
    come before matrices in the prover; for `matrix` they are switched off, so that the
    same systems are proved by matrices."""
    import lengthcheck.rules.prove as prove_module
    from lengthcheck.rules.termination import find

    if method == "matrix":
        monkeypatch.setattr(prove_module, "find_termination",
                            functools.partial(find, methods=("weights", "matrix")))
    rng = random.Random(2023)
    sigma = ("a", "b", "c")
    by_method = 0
    for _ in range(60):
        rules = []
        for i in range(rng.randint(1, 2)):
            width = rng.randint(2, 3)
            pattern = tuple((rng.choice(sigma),) for _ in range(width))
            left = ((rng.choice(sigma),),) if rng.random() < 0.3 else ()
            combo = tuple(t[0] for t in left + pattern)
            out = list(combo[len(left):])
            rng.shuffle(out)  # a permutation: no weights can prove it
            rules.append(Rule(pattern=pattern, left=left, name=f"r{i}",
                              rewrite=_table_rewrite({combo: tuple(out)})))

        class Permuting(RuleProblem):
            name = "random-permuting"
            alphabet = sigma
            max_size = 5

        Permuting.rules = tuple(rules)
        Permuting.shape = (Block((Slot(sigma),)),)
        try:
            proof = prove(Permuting)
        except SpecError:
            continue
        termination = proof.certificate.termination
        if not proof.holds or termination is None or termination.method != method:
            continue
        by_method += 1
        found = _bounded_refutation(Permuting(), proof.n, proof.r, 5)
        assert found is None, f"proved {(proof.n, proof.r)} but enumeration finds: {found}"
    assert by_method >= 3, by_method
