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
from lengthcheck.rules.termination import TerminationCertificate, verify

ROOT = Path(__file__).parent.parent
TPDB = ROOT / "benchmarks" / "tpdb"


def _rule_problem(name: str):
    (problem,) = load(str(ROOT / "problems" / "rules" / f"{name}.py"))
    return problem


@pytest.mark.parametrize("name", ["bubble_sort", "cursor_walk"])
def test_permuting_rules_are_proved_by_a_matrix_interpretation(name):
    proof = prove(_rule_problem(name), answer_max_size=0)
    assert proof.holds
    cert = proof.certificate.termination
    assert cert is not None and cert.method == "matrix" and cert.dimension == 2
    steps = [((("1", "0"), ("0", "1")),)] if name == "bubble_sort" else [
        ((("^", b), ("1" if b == "0" else "0", "^")),) for b in "01"]
    assert verify(cert, steps) is None  # checked again, by plain arithmetic


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
    assert verify(cert, [((u, v),) for u, v in srs.rules]) is None
    found = find_loop(srs, max_length=5, max_nodes=100)
    assert found.loop is None, (srs.rules, cert.describe(), found.loop)


def test_random_systems_include_matrix_proofs():
    """The property above means something for matrices only if systems like the ones it
    draws are proved by them; self-contained and seeded (it holds under xdist, and the
    same every run)."""
    rng = random.Random(23)

    def word(low: int) -> tuple[str, ...]:
        return tuple(rng.choice("ab") for _ in range(rng.randint(low, 3)))

    methods = []
    for _ in range(120):
        rules = tuple((word(1), word(0)) for _ in range(rng.randint(1, 3)))
        cert, _ = terminates(SRS("random", ("a", "b"), rules), timeout_ms=2_000)
        if cert is not None:
            methods.append(cert.method)
    assert methods.count("matrix") >= 3 and methods.count("weights") >= 3, methods
