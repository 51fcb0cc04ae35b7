"""The cause everywhere (issue 19): the Thm 3.5 warning with its cause in `explain` and in
pytest failures, the bound to try in a pytest failure for `unknown`, and a PROVED headline
that says it once."""

from __future__ import annotations

from pathlib import Path

import pytest

from lengthcheck.cli import main

ROOT = Path(__file__).parent.parent
CONSUMED = str(ROOT / "problems" / "consume_leftmost_zero.py")
CAUSE = "Cause — consumed input left in place"


def test_explain_shows_the_cause(capsys):
    main(["explain", CONSUMED, "--max-size", "5", "-q"])
    out = capsys.readouterr().out
    assert "WARNING: " in out and CAUSE in out


def test_a_pytest_failure_shows_the_cause(pytester):
    pytester.makepyfile(test_it=f'''
from lengthcheck.loader import load

def test_consumed(lengthcheck):
    lengthcheck.assert_supported(load({CONSUMED!r})[0], max_size=5)
''')
    outcome = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    outcome.assert_outcomes(failed=1)
    assert CAUSE in outcome.stdout.str()


@pytest.mark.parametrize("collected", [False, True])
def test_a_pytest_failure_for_unknown_names_the_bound_in_pytest_spelling(pytester, collected):
    spec = (ROOT / "tests" / "specs" / "good_parity_fill.py").read_text()
    if collected:  # the --lengthcheck items: a spec file without expect block, bound 2
        pytester.makepyfile(spec_parity=spec.replace("max_size = 8", "max_size = 2"))
        outcome = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--lengthcheck",
                                               "spec_parity.py")
    else:
        pytester.makepyfile(test_it=f'''
from lengthcheck.loader import load

def test_small_bound(lengthcheck):
    lengthcheck.assert_supported(load({str(ROOT / "tests/specs/good_parity_fill.py")!r})[0],
                                 max_size=2)
''')
        outcome = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    text = outcome.stdout.str()
    assert "try a larger bound: max_size=" in text and "--lengthcheck-max-size" in text
    assert "try --max-size" not in text.split("try a larger bound")[1].splitlines()[0]


def test_the_proved_headline_says_it_once():
    from lengthcheck import check
    from lengthcheck.loader import load

    result = check(load(str(ROOT / "problems" / "rules" / "parity_fill.py"))[0])
    line = f"{result.verdict.headline} — {result.verdict.route}"
    assert result.verdict.word == "proved"
    assert line.count("proved") + line.count("PROVED") == 1
    assert line.count("consistent for every n") == 0 and line.count("for every n") == 1
    assert line.count("(1, 5)") == 1 and line.count("rules prover") == 1
    assert line.startswith("PROVED for every n ((1, 5)-consistent, rules prover) — ")


@pytest.mark.parametrize("command", ["check", "explain"])
def test_check_and_explain_say_the_proved_claim_once(capsys, command):
    main([command, str(ROOT / "problems" / "rules" / "parity_fill.py"), "-q"])
    out = capsys.readouterr().out
    verdict = next(line for line in out.splitlines() if "VERDICT: " in line)
    assert "PROVED for every n ((1, 5)-consistent, rules prover) — causal function" in verdict
    assert "proved: (1, 5)" not in out  # the claim not again in the proof block under it
    assert "for every n, causal function" not in out
