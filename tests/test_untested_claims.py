"""Claims the README and DESIGN make that no test held (issue 18, "smaller gaps").

A mutation read of the suite found features that could break with every test
still passing: evidence rule (a) on its own, `--no-final-states`,
`--progress`, the "slot" cause of the Thm 3.5 warning, and the warning a proof
gets when the bounded check refutes it. Each test here asserts what the
program computed, so that breaking the feature fails it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pytest

from lengthcheck import check, cli, cli_support
from lengthcheck.cli import main
from lengthcheck.engines import compute
from lengthcheck.engines.contract import Options
from lengthcheck.loader import load
from lengthcheck.properties.trend import classify
from lengthcheck.report.console import CheckProgress, ParallelProgress
from lengthcheck.results import NONE, Computed
from lengthcheck.trace import Runner
from lengthcheck.verdict import (
    NOT_GUARANTEED,
    PROVED,
    SUPPORTED,
    UNKNOWN,
    decide,
    with_proof,
)

from .conftest import SPECS
from .oracle import Oracle
from .test_first_hour import NOT_GUARANTEED as COPY_BITS  # copying bits by appending

TESTS = Path(__file__).parent
GOOD = str(SPECS / "good_parity_fill.py")
HALTING_FAR = str(TESTS / "formats" / "claims" / "halting_far.py")


# ---------------------------------------------------------------------------
# evidence rule (a): a series the route rests on must be flat over [n0, N], N >= 2·n0


BOUND = 10


@pytest.fixture(scope="module")
def supported_facts() -> Computed:
    """The facts of a check that is supported at n = 10, as the engine computed them."""
    (problem,) = load(GOOD)
    opts = Options(max_size=BOUND, engine="enumerate", n_max=1, form="recover")
    facts = compute(problem, BOUND, opts)
    verdict = _verdict(facts)
    assert verdict.word == SUPPORTED, verdict.reasons  # the baseline every case departs from
    return facts


def _verdict(facts: Computed):
    return decide(facts)


def _x_flat_from(facts: Computed, n0: int) -> Computed:
    """The same facts, except that |X| reaches its final value only at n = n0.

    Only the |X| series changes: R, the fan-in, the minimal r, the coverage
    size and the instance lengths stay as computed, so rule (b) (sizes longer
    than the window), rule (c) (coverage by N/2) and rule (d) (no opposite
    verdict from N/2 on: |X| never makes a bound not-guaranteed) are exactly
    what they were for the supported baseline. Only rule (a) can tell the
    two apart.
    """
    series = dict(facts.causal.x_by_size)
    final = series[max(series)]
    assert final is not None and final > 1
    x = {k: (final if k >= n0 else final - 1) for k in series}
    causal = replace(facts.causal, x_by_size=x, x_trend=classify(x))
    return replace(facts, causal=causal)


def _x_evidence(verdict):
    (x,) = [s for s in verdict.evidence.series if s.name == "|X|"]
    return x


def test_rule_a_alone_makes_a_short_flat_run_unknown(supported_facts):
    n0 = BOUND // 2 + 1  # the flat run [6, 10] does not double
    assert BOUND < 2 * n0
    verdict = _verdict(_x_flat_from(supported_facts, n0))
    assert verdict.word == UNKNOWN
    ev = verdict.evidence
    assert ev is not None and ev.failed_rule == "a"
    assert ev.reason.startswith("rule (a)") and "|X|" in ev.reason
    reasons = " ".join(verdict.reasons)
    assert "rule (a)" in reasons
    assert not any(f"rule ({other})" in reasons for other in "bcd")
    x = _x_evidence(verdict)
    assert (x.flat_from, x.flat_to) == (n0, BOUND)
    assert ev.next_bound == 2 * n0  # the bound at which the run would double
    assert verdict.headline.endswith(f"try max_size={2 * n0}")
    assert verdict.flat_since is None and verdict.log_growth_bound is None


def test_rule_a_met_by_a_run_that_exactly_doubles_is_supported(supported_facts):
    n0 = BOUND // 2  # the flat run [5, 10]: N = 2·n0 exactly
    verdict = _verdict(_x_flat_from(supported_facts, n0))
    assert verdict.word == SUPPORTED
    assert verdict.evidence.holds and verdict.evidence.failed_rule is None
    x = _x_evidence(verdict)
    assert (x.flat_from, x.flat_to) == (n0, BOUND)
    assert verdict.flat_since == n0  # the last change of any series: |X| at n0
    assert verdict.log_growth_bound == n0 * n0


def test_rule_a_judges_every_bound_of_a_larger_run(supported_facts):
    """The same facts at every n0: supported exactly when the run [n0, N] doubles."""
    for n0 in range(3, BOUND + 1):  # from 3 on every instance is longer than the window
        verdict = _verdict(_x_flat_from(supported_facts, n0))
        if BOUND >= 2 * n0:
            assert verdict.word == SUPPORTED, (n0, verdict.reasons)
        else:
            assert verdict.word == UNKNOWN, n0
            assert verdict.evidence.failed_rule == "a", (n0, verdict.evidence.reason)


# ---------------------------------------------------------------------------
# --no-final-states


def _oracle_minimal_local(include_final: bool, bound: int, r_max: int = 21) -> int | None:
    (problem,) = load(HALTING_FAR)
    oracle = Oracle(problem, bound)
    return next((r for r in range(1, r_max + 1, 2)
                 if oracle.local_fail_size(r, include_final=include_final) is None), None)


def test_no_final_states_is_said_and_changes_what_is_computed(capsys):
    args = ["check", HALTING_FAR, "--form", "local-rule", "--max-size", "6", "--no-color"]
    main(args)
    with_final = capsys.readouterr().out
    main([*args, "--no-final-states"])
    without_final = capsys.readouterr().out
    (line,) = [x for x in without_final.splitlines() if x.strip().startswith("semantics:")]
    assert "final states excluded" in line
    (line,) = [x for x in with_final.splitlines() if x.strip().startswith("semantics:")]
    assert "final states excluded" not in line and "final states take part" in line

    main([*args, "--json"])
    (kept,) = json.loads(capsys.readouterr().out)
    main([*args, "--json", "--no-final-states"])
    (left_out,) = json.loads(capsys.readouterr().out)
    assert kept["options"]["include_final"] is True
    assert left_out["options"]["include_final"] is False
    assert "final states excluded" in left_out["semantics"]
    # halting is decided by far tokens: with final states no window of one local rule works
    assert kept["minimal_r"]["local-rule"]["1"] is None
    assert kept["minimal_r"]["local-rule"]["1"] == _oracle_minimal_local(True, 6)
    assert kept["verdict"] == NOT_GUARANTEED
    # without them the rule `(1|#) 0` is read off windows of 3, as the oracle finds too
    local = left_out["minimal_r"]["local-rule"]["1"]
    assert local is not None and local == _oracle_minimal_local(False, 6) == 3
    assert left_out["verdict"] != NOT_GUARANTEED


# ---------------------------------------------------------------------------
# --progress


@pytest.fixture
def progress_every_check(monkeypatch):
    """A plain progress line for every message (the command's interval is 10 s)."""
    monkeypatch.setattr(cli, "CheckProgress", partial(CheckProgress, every=0.0))  # explain
    for name, display in (("CheckProgress", CheckProgress), ("ParallelProgress",
                                                             ParallelProgress)):
        monkeypatch.setattr(cli_support, name, partial(display, every=0.0))  # every check


def _progress_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("progress: ")]


def test_progress_prints_plain_lines_on_stderr(capsys, progress_every_check):
    args = ["check", GOOD, "--max-size", "4", "--no-color", "-j", "1"]
    main([*args, "--progress"])
    captured = capsys.readouterr()
    lines = _progress_lines(captured.err)
    assert lines, captured.err
    name = load(GOOD)[0].name
    assert all(line.startswith(f"progress: {name} · ") for line in lines)
    assert any("enumerated" in line for line in lines)  # the checker's own messages
    assert not _progress_lines(captured.out) and "VERDICT" in captured.out
    main(args)
    captured = capsys.readouterr()
    assert not _progress_lines(captured.err) and not _progress_lines(captured.out)
    main([*args, "--progress", "-q"])  # -q: no progress display, whatever else is asked
    assert not _progress_lines(capsys.readouterr().err)


def test_progress_with_workers_counts_finished_problems(capsys, progress_every_check):
    args = ["check", GOOD, f"{SPECS / 'good_two_markers.py'}", "--max-size", "3", "-j", "2"]
    main([*args, "--progress"])
    lines = _progress_lines(capsys.readouterr().err)
    assert "progress: 2 of 2 problems checked" in " ".join(lines), lines
    main(args)
    assert not _progress_lines(capsys.readouterr().err)


# ---------------------------------------------------------------------------
# the Thm 3.5 warning's "slot" cause


SLOT = '''
import itertools

from lengthcheck import Problem, Step


class SuffixParityInPlace(Problem):
    """b1 ... bn #: right to left, each bit becomes the parity of its suffix."""

    name = "suffix-parity-in-place"
    alphabet = ("0", "1", "#", ".")
    max_size = 4

    def instances(self, n):
        for bits in itertools.product("01", repeat=n):
            yield (*bits, "#")

    def step(self, s):
        bar = s.index("#")
        done = len(s) - bar - 1  # one tally "." per step, far from every window
        if done == bar:
            return None
        k = bar - 1 - done  # the slot filled now: nothing near it says so
        right = "0" if s[k + 1] == "#" else s[k + 1]
        value = "1" if (s[k] == "1") != (right == "1") else "0"
        return Step(reads=(k, k + 1), next=s[:k] + (value,) + s[k + 1:] + (".",),
                    moved={i: i for i in range(len(s)) if i != k})
'''

SLOT_CAUSE = "a slot that looks like the current one"
OTHER_CAUSES = ("a fixed order among independent steps", "consumed input left in place")


def test_thm_3_5_names_the_slot_cause(tmp_path, capsys):
    spec = tmp_path / "untested_claims_suffix_parity.py"
    spec.write_text(SLOT)
    (problem,) = load(str(spec))
    result = check(problem, max_size=4, n_max=1, form="recover")
    verdict = result.verdict
    # the premises of Thm 3.5 hold, (1, 4·R_io+1) does not
    assert result.distance.trend.kind == "bounded" and result.at_most_once.holds is True
    (warning,) = [w for w in verdict.warnings if "Thm 3.5 predicts otherwise" in w]
    assert SLOT_CAUSE in warning
    assert not any(other in warning for other in OTHER_CAUSES)
    # the decoy of the (1, 4R+1) counterexample is a position written later in its own trace
    cx = verdict.note_counterexample
    assert cx is not None and cx.kind == "decoy"
    decoy = cx.second if cx.second.label == NONE else cx.first
    assert decoy.label == NONE
    trace = Runner(problem).run(decoy.instance, decoy.size)
    pos = decoy.anchor[0]
    assert trace.states[decoy.step_index] == decoy.state
    assert min(trace.steps[decoy.step_index].reads) != pos  # no step is anchored there now
    later = [st.index for st in trace.steps[decoy.step_index:] if pos in st.writes]
    assert later and f"is written later (step {later[0]})" in warning
    # the report says it too, with the counterexample behind it
    main(["check", str(spec), "--n-max", "1", "--form", "recover", "--no-color"])
    out = capsys.readouterr().out
    assert f"Cause — {SLOT_CAUSE}" in out
    assert "the (1, 4R+1) counterexample behind the warning" in out


# ---------------------------------------------------------------------------
# a proof the bounded check refutes


def _fake_proof(premises: tuple[str, ...] = ("locality", "causal-function", "termination",
                                              "confluence", "markers", "consistency")):
    """What the rules prover would return if it (wrongly) proved every premise."""
    return SimpleNamespace(
        holds=True, n=1, r=3, claim="every premise proved (a fake proof)",
        premises=[SimpleNamespace(name=name, status=PROVED, text="proved") for name in premises],
        certificate=SimpleNamespace(critical_pairs=(), weights={}, markers=(), width=2),
        failures=(),
    )




def test_a_proof_never_overrides_a_bounded_refutation(tmp_path):
    spec = tmp_path / "untested_claims_copy_bits.py"
    spec.write_text(COPY_BITS)
    (problem,) = load(str(spec))
    result = check(problem, max_size=4)
    refuted = result.verdict
    assert refuted.word == NOT_GUARANTEED and refuted.counterexample is not None
    after = with_proof(refuted, _fake_proof(), result.scope)
    assert after.word == NOT_GUARANTEED
    assert after.headline == refuted.headline and after.counterexample == refuted.counterexample
    assert after.route is None and after.reasons == refuted.reasons
    assert after.warnings[: len(refuted.warnings)] == refuted.warnings
    (bug,) = after.warnings[len(refuted.warnings):]
    assert "claims a proof for every n that the bounded check refutes" in bug
    assert "bug in lengthcheck" in bug


# --- locators: only tokens that occur exactly once in every non-final state ----------------


def test_locator_candidates_are_the_tokens_unique_in_every_state():
    """DESIGN §2 local-rule form: a locator picks *the unique* position holding a token.

    The expected set is computed here by running the spec directly (instances, then
    step() to the end), not from the exploration under test.
    """
    from lengthcheck.engines.exploration import explore
    from lengthcheck.properties.consistency import locator_candidates

    (problem,) = load(str(SPECS / "good_two_markers.py"))
    unique: set[str] | None = None
    for n in range(problem.min_size, 5):
        for state in problem.instances(n):
            while (step := problem.step(state)) is not None:
                once = {t for t in state if state.count(t) == 1}
                unique = once if unique is None else unique & once
                state = tuple(step.next)
    assert unique  # the fixture has markers, so the test compares something
    assert set(locator_candidates(explore(problem, 4))) == unique
    assert any(sum(1 for t in s if t == tok) > 1 for tok in problem.alphabet
               for n in range(1, 5) for s in problem.instances(n))  # others repeat
