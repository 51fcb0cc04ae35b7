"""Termination beyond token weights (issue 23): matrix interpretations, their independent
check, TPDB string rewriting systems, and the loop search that cross-checks every proof.

The oracle for "terminating" is `find_loop`: a bounded search that rewrites from every
short string looking for a string that contains its start. It shares no code with the
certificate search (z3) or with `verify` (plain arithmetic).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lengthcheck.loader import load
from lengthcheck.rules.prove import prove
from lengthcheck.rules.srs import SRS, find_loop, from_srs, terminates
from lengthcheck.rules.termination import TerminationCertificate, find, verify

ROOT = Path(__file__).parent.parent
TPDB = ROOT / "benchmarks" / "tpdb"


def _rule_problem(name: str):
    (problem,) = load(str(ROOT / "problems" / "rules" / f"{name}.py"))
    return problem


SWAP = [((("1", "0"), ("0", "1")),)]  # bubble sort's one step


def test_a_cursor_walk_is_proved_by_a_matrix_interpretation():
    proof = prove(_rule_problem("cursor_walk"), answer_max_size=0)
    assert proof.holds
    cert = proof.certificate.termination
    assert cert is not None and cert.method == "matrix" and cert.dimension == 2
    steps = [((("^", b), ("1" if b == "0" else "0", "^")),) for b in "01"]
    assert verify(cert, steps) is None  # checked again, by plain arithmetic


def test_bubble_sort_is_proved_by_inversions_and_by_matrices():
    proof = prove(_rule_problem("bubble_sort"), answer_max_size=0)
    assert proof.holds
    cert = proof.certificate.termination
    assert cert is not None and cert.method == "inversions"
    assert cert.ranks is not None and cert.ranks["0"] < cert.ranks["1"]
    assert verify(cert, SWAP) is None
    matrices, _ = find(("0", "1"), SWAP, methods=("weights", "matrix"))
    assert matrices is not None and matrices.method == "matrix" and matrices.dimension == 2
    assert verify(matrices, SWAP) is None


def test_inversions_after_weights_on_mixed_steps():
    # a swap that keeps the weight, and a rewrite that lowers it: (Σw, inversions) drops
    steps = [((("b", "a"), ("a", "b")),), ((("c",), ("a", "a")),)]
    cert, _ = find(("a", "b", "c"), steps)
    assert cert is not None and cert.method == "inversions", cert
    assert cert.weights["c"] > 2 * cert.weights["a"] and verify(cert, steps) is None
    # a step that moves a token from one segment to another keeps the multiset of the
    # whole string but not of each factor: inversions say nothing about it
    moving = [((("a", "b"), ("b", "a")),), ((("x", "a"), ("x",)), (("y",), ("y", "a")))]
    cert, why = find(("a", "b", "x", "y"), moving, methods=("weights", "inversions"))
    assert cert is None and "permute" in why


def test_the_independent_check_rejects_a_tampered_certificate():
    steps = [((("1", "0"), ("0", "1")),)]
    good = TerminationCertificate("matrix", dimension=2,
                                  matrices={"0": ((3, 2), (0, 1)), "1": ((2, 0), (0, 1))})
    assert verify(good, steps) is None
    swapped = TerminationCertificate("matrix", dimension=2,
                                     matrices={"1": ((3, 2), (0, 1)), "0": ((2, 0), (0, 1))})
    assert verify(swapped, steps) is not None
    corner = TerminationCertificate("matrix", dimension=2,
                                    matrices={"0": ((0, 2), (0, 1)), "1": ((2, 0), (0, 1))})
    assert "corner" in (verify(corner, steps) or "")
    weights = TerminationCertificate("weights", weights={"0": 1, "1": 1})
    assert verify(weights, steps) is not None  # a permutation never lowers weights
    order = TerminationCertificate("inversions", weights={"0": 0, "1": 0},
                                   ranks={"0": 0, "1": 1})
    assert verify(order, steps) is None
    reversed_order = TerminationCertificate("inversions", weights={"0": 0, "1": 0},
                                            ranks={"0": 1, "1": 0})
    assert "inversion" in (verify(reversed_order, steps) or "")
    not_a_permutation = [((("1", "0"), ("0", "0")),)]
    assert "permutes" in (verify(order, not_a_permutation) or "")


def test_a_tpdb_file_reads_as_its_rules():
    srs = from_srs(TPDB / "Zantema_04" / "z026.xml")
    assert srs.rules == ((("a", "b", "b"), ("b", "a", "a")), (("a", "a", "b"), ("b", "b", "a")))
    assert set(srs.alphabet) == {"a", "b"}


def test_the_loop_search_finds_a_loop():
    grows = SRS("grows", ("a", "b"), ((("a", "b"), ("b", "a", "b")),))
    found = find_loop(grows, max_length=4)
    assert found.loop is not None and found.loop[0] == ("a", "b")
    assert terminates(grows)[0] is None  # and the prover finds no certificate


@pytest.mark.parametrize("name", ["z026", "z085", "z093"])
def test_tpdb_systems_proved_terminating_have_no_loop(name):
    srs = from_srs(TPDB / "Zantema_04" / f"{name}.xml")
    cert, why = terminates(srs)
    assert cert is not None, why
    search = find_loop(srs, max_length=8, max_starts=3_000)
    assert search.loop is None and search.starts > 0


WORDS = st.lists(st.sampled_from("ab"), min_size=0, max_size=3).map(tuple)


@st.composite
def systems(draw) -> SRS:
    rules = draw(st.lists(st.tuples(WORDS.filter(bool), WORDS), min_size=1, max_size=3))
    return SRS("random", ("a", "b"), tuple(rules))


PROOFS: list[str] = []


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(systems())
def test_no_system_proved_terminating_has_a_loop(srs):
    cert, _ = terminates(srs, timeout_ms=2_000)
    if cert is None:
        return
    PROOFS.append(cert.method)
    steps = [((u, v),) for u, v in srs.rules]
    assert verify(cert, steps) is None
    found = find_loop(srs, max_length=5, max_nodes=100)
    assert found.loop is None, (srs.rules, cert.describe(), found.loop)
    if cert.method == "inversions":  # matrices come after inversions: ask for them too
        matrices, _ = find(srs.alphabet, steps, 2_000, methods=("weights", "matrix"))
        assert matrices is None or verify(matrices, steps) is None


def test_random_systems_include_inversion_and_matrix_proofs():
    """The property above means something for matrices only if systems like the ones it
    draws are proved by them; self-contained and seeded (it holds under xdist, and the
    same every run)."""
    rng = random.Random(23)

    def word(low: int) -> tuple[str, ...]:
        return tuple(rng.choice("ab") for _ in range(rng.randint(low, 3)))

    methods, matrices = [], 0
    for _ in range(120):
        rules = tuple((word(1), word(0)) for _ in range(rng.randint(1, 3)))
        cert, _ = terminates(SRS("random", ("a", "b"), rules), timeout_ms=2_000)
        if cert is not None:
            methods.append(cert.method)
        if cert is not None and cert.method == "inversions":
            steps = [((u, v),) for u, v in rules]
            other, _ = find(("a", "b"), steps, 2_000, methods=("weights", "matrix"))
            matrices += other is not None and other.method == "matrix"
    assert methods.count("weights") >= 3 and methods.count("inversions") >= 3, methods
    assert matrices >= 3, matrices  # the same systems, proved again by matrices alone
