"""No behaviour depends on a message's wording (issue 20, done means).

Every reason template (`report.wording.TEMPLATES`) and every engine finding's
text are replaced by gibberish of the same codes; the same problems are
checked again. Whatever a program can act on — the verdict word, the bound to
try next, the evidence rule that failed, coverage, the counterexample's kind,
the reason codes and the CLI's exit code — must not change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lengthcheck import check
from lengthcheck.cli import EXIT_NOT_GUARANTEED, EXIT_OK, EXIT_UNKNOWN, main
from lengthcheck.loader import load
from lengthcheck.report import wording
from lengthcheck.results import Finding

from .conftest import PROBLEMS
from .meaning import meaning

ROOT = Path(__file__).parent.parent
CASES = [  # (spec, bound): each verdict word, a next bound, a growing series, a proof
    (PROBLEMS / "parity_fill.py", 8), (PROBLEMS / "add_plain.py", 4),
    (PROBLEMS / "arith_front.py", 4), (PROBLEMS / "copy_unique.py", 5),
    (PROBLEMS / "parity_direct.py", 6), (PROBLEMS / "arith_fixed_order.py", 4),
    (ROOT / "benchmarks" / "specs" / "binary_subtraction.py", 6),
    (ROOT / "tests" / "formats" / "depth_counter.py", 8),
    (PROBLEMS / "rules" / "parity_fill.py", 6),
]


def _garbled(code):
    return lambda **params: f"⟦{code.value} {len(params)}⟧"


@pytest.fixture
def reworded(monkeypatch):
    monkeypatch.setattr(wording, "TEMPLATES", {code: _garbled(code) for code in wording.TEMPLATES})
    original = Finding.__init__

    def garbled_finding(self, kind, text, *rest, **named):
        original(self, kind, f"⟦finding {kind}⟧", *rest, **named)

    monkeypatch.setattr(Finding, "__init__", garbled_finding)


def behaviour(spec: Path, bound: int) -> dict:
    (problem,) = load(str(spec))
    result = check(problem, max_size=bound, engine="enumerate")
    v = result.verdict
    report = result.to_dict()
    return {**meaning(report), "next_bound": v.next_bound,
            "failed_rule": v.evidence.failed_rule if v.evidence else None,
            "code_names": [[c["code"] for c in report["reason_codes"][k]]
                           for k in ("reasons", "warnings", "caveats")]}


def test_the_rewording_reaches_the_reasons(reworded):
    (problem,) = load(str(PROBLEMS / "add_plain.py"))
    v = check(problem, max_size=4, engine="enumerate").verdict
    assert v.reasons and all(r.startswith("⟦") for r in v.reasons)


@pytest.mark.parametrize(("spec", "bound"), CASES, ids=[f"{s.stem}-{b}" for s, b in CASES])
def test_no_verdict_depends_on_a_sentence(monkeypatch, spec, bound):
    before = behaviour(spec, bound)
    monkeypatch.setattr(wording, "TEMPLATES", {c: _garbled(c) for c in wording.TEMPLATES})
    after = behaviour(spec, bound)
    assert after == before


def test_exit_codes_do_not_depend_on_a_sentence(reworded, capsys):
    """(`--until-decided` follows the verdict word and `next_bound`, compared above.)"""
    assert main(["check", str(PROBLEMS / "parity_fill.py"), "--engine", "enumerate"]) == EXIT_OK
    assert main(["check", str(PROBLEMS / "add_plain.py"), "--max-size", "4",
                 "--engine", "enumerate"]) == EXIT_NOT_GUARANTEED
    assert main(["check", str(PROBLEMS / "arith_front.py"), "--max-size", "4",
                 "--engine", "enumerate"]) == EXIT_UNKNOWN
