"""The console report: plain when not a terminal, colour only when asked, explain, progress."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from lengthcheck import Problem, Step
from lengthcheck.checker import check_problem
from lengthcheck.cli import main
from lengthcheck.engines.exploration import explore
from lengthcheck.events import CheckTried, SizeDone
from lengthcheck.properties.causal import at_most_once
from lengthcheck.report.console import (
    CheckProgress,
    counterexample_text,
    plain,
    problem_report,
)
from lengthcheck.report.layout import counterexample_figure, why
from lengthcheck.results import NONE, Counterexample, Query

from .conftest import SPECS

ROOT = Path(__file__).parent.parent
GOOD = str(SPECS / "good_parity_fill.py")
TWO = str(SPECS / "good_two_markers.py")
SGR = re.compile(r"\x1b\[([0-9;]*)m")


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch):
    """No colour or terminal forced from outside, the repository as working directory."""
    for name in ("FORCE_COLOR", "NO_COLOR", "COLUMNS", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(ROOT)


def colour_codes(text: str) -> list[int]:
    """The foreground/background colour parameters among the escape codes of `text`."""
    found = []
    for match in SGR.finditer(text):
        for p in (int(x) for x in match.group(1).split(";") if x):
            if p in (38, 48) or 30 <= p <= 37 or 40 <= p <= 47 or 90 <= p <= 107:
                found.append(p)
    return found


class CausalConflict(Problem):
    """The appended token depends on the length, not on the token read."""

    name = "causal-conflict"
    alphabet = ("a", "=", "0", "1")

    def instances(self, n):
        yield ("a",) * n + ("=",)

    def step(self, s):
        if s[-1] != "=":
            return None
        return Step(reads=(0,), next=s + ("0" if len(s) % 2 else "1",))


class ReadFirstAlways(Problem):
    name = "read-first-always"
    alphabet = ("a", "b")

    def instances(self, n):
        yield ("a",) + ("b",) * n

    def step(self, s):
        if s.count("a") > len(s) // 2:
            return None
        return Step(reads=(0,), next=s + ("a",))


def render(renderable) -> str:
    return plain(Console(file=io.StringIO(), width=160), renderable)


# ---------------------------------------------------------------------------
# check


def test_check_is_plain_when_not_a_terminal(capsys):
    assert main(["check", GOOD, "--max-size", "8"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    for text in ("VERDICT: SUPPORTED", "no counterexample up to n = 8",
                 "spec: tests/specs/good_parity_fill.py:", "R by size: 1:1 2:1 3:1 4:1",
                 "|X| by size: 1:2 2:6 3:6 4:6", "at most once: yes", "coverage size N_cov: 4",
                 "theorems: Def 3.3"):  # the (1, 5) recover route (R_io = 2: Thm 3.5 wants
        # instances longer than 9 over a doubling run, past this bound)
        assert text in out
    assert all(line == line.rstrip() for line in out.splitlines())
    # the (form, n, r, holds) table: r = 1 and 3 fail, 5 holds for one window
    (row,) = [line for line in out.splitlines() if line.strip().startswith("recover      1")]
    assert "anchor min" in row and "✗ 1–3 · ✓ 5" in row and "1:5 2:5 3:5 4:5" in row


def test_failing_verdict_draws_the_counterexample(capsys):
    code = main(["check", TWO, "--n-max", "1", "--form", "recover", "--r-max", "9"])
    assert code == 1
    out = capsys.readouterr().out
    assert "VERDICT: NOT-GUARANTEED" in out
    after = out.split("counterexample:", 1)[1]
    assert "uncoverable" in after and "┌" in after and "why:" in after
    assert "L 0 0 0 0 R" in after


def test_colour_in_a_terminal_and_off_with_no_color(monkeypatch, capsys):
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert main(["check", GOOD, "--max-size", "8"]) == 0
    assert colour_codes(capsys.readouterr().out)
    assert main(["check", GOOD, "--max-size", "8", "--no-color"]) == 0
    out = capsys.readouterr().out
    assert not colour_codes(out) and "VERDICT: SUPPORTED" in out
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["check", GOOD, "--max-size", "8"]) == 0
    assert not colour_codes(capsys.readouterr().out)


def test_problem_report_styles_only_in_a_terminal():
    result = check_problem(load_good(), max_size=4)
    styled = io.StringIO()
    Console(file=styled, force_terminal=True, color_system="standard", width=160).print(
        problem_report(result))
    assert colour_codes(styled.getvalue())
    assert SGR.sub("", styled.getvalue()).split() == render(problem_report(result)).split()


def load_good():
    from lengthcheck.loader import load

    (problem,) = load(GOOD)
    return problem


# ---------------------------------------------------------------------------
# explain


def test_explain_counterexample(capsys):
    code = main(["explain", TWO, "--n-max", "1", "--form", "recover", "--r-max", "9"])
    assert code == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "A  n = 4, step 0  (instance L 0 0 0 0 R)" in out
    assert "windows: one window of length 9 (recover form, anchor min)" in out
    frame = next(i for i, line in enumerate(lines) if "┌" in line)
    tokens_line, marks = lines[frame + 1], lines[frame + 2]
    # the window spans ⊥ ⊥ ⊥ ⊥ L 0 0 0 0 (anchor 0, h = 4); the read at 5 lies outside it
    assert tokens_line.split() == ["⊥"] * 4 + ["L", "0", "0", "0", "0", "R"]
    assert lines[frame].rstrip().endswith("┐")
    assert len(lines[frame].rstrip()) == len(tokens_line.rstrip()) - 2
    assert marks.count("^") == 3 and "causal input" in marks  # two reads + the legend
    assert "why: The step reads positions 0 and 5 (5 apart)" in out


def test_explain_without_counterexample_draws_a_trace(capsys):
    assert main(["explain", GOOD, "--max-size", "4", "--size", "2", "--instance", "# 1 ? 0 ?"]) == 0
    out = capsys.readouterr().out
    assert "no counterexample to draw" in out
    assert "trace of instance # 1 ? 0 ? (n = 2)" in out
    assert "windows: (1, 5) recover form, anchor min: the check the verdict rests on" in out
    assert "t=0" in out and "t=2" in out and "→ final state" in out
    assert "→ reads 0, 1 → writes s1 at 2" in out
    assert "+ = written by the previous step" in out


def test_explain_errors(capsys):
    assert main(["explain", str(SPECS / "bad_raises.py")]) == 2
    assert "spec error" in capsys.readouterr().err
    assert main(["explain", GOOD, "--problem", "nope"]) == 2
    assert main(["explain", GOOD, "--max-size", "3", "--size", "2", "--instance", "# 1"]) == 2
    assert "not one of instances(2)" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# every kind of counterexample draws, says why, and keeps the windows aligned


def _all_counterexamples() -> list[Counterexample]:
    found = []
    for problem, options in ((load_good(), {"max_size": 3}),
                             (CausalConflict(), {"max_size": 3}),
                             (ReadFirstAlways(), {"max_size": 3})):
        result = check_problem(problem, **options)
        found += [c.counterexample for c in result.checks if c.counterexample]
        found += [cx for cx in (result.causal.conflict, result.at_most_once.witness) if cx]
    from lengthcheck.loader import load

    (two,) = load(TWO)
    found += [c.counterexample for c in check_problem(two, n_max=1, r_max=3).checks
              if c.counterexample]
    state = ("x", "y", "x", "y")
    a = Query(state, 2, 0, state, (0,), (("⊥", "x", "y"),), ((0, 0), (0, 1)))
    b = Query(state, 2, 0, state, (2,), (("y", "x", "y"),), ((0, -1), (0, 0)))
    found.append(Counterexample("anchor-conflict", a, b, "recover", 1, 3, "min"))
    return found


def test_every_kind_is_drawn_with_a_reason():
    found = _all_counterexamples()
    kinds = {cx.kind for cx in found}
    assert kinds >= {"decoy", "uncoverable", "local-rule", "causal-conflict", "reused-element",
                     "anchor-conflict"}
    for cx in found:
        text = render(counterexample_text(cx))
        assert cx.kind in text and "why: " in text and "→ " in text
        assert why(cx).endswith(".")
        fig = counterexample_figure(cx)
        assert len({len(row.cells) for row in fig.rows}) == 1  # shared columns
        if cx.form and cx.second is not None and cx.kind != "local-rule":
            covered = [[k for k, c in enumerate(row.cells) if 0 in c.windows] for row in fig.rows]
            assert covered[0] == covered[1]  # the first windows line up


def test_decoy_labels_and_reads():
    decoys = [cx for cx in _all_counterexamples() if cx.kind == "decoy" and cx.second]
    cx = decoys[0]
    assert cx.second.label == NONE
    fig = counterexample_figure(cx)
    assert any(c.read for c in fig.rows[0].cells) and not any(c.read for c in fig.rows[1].cells)
    assert "anchors no step" in why(cx)


def test_at_most_once_witness_is_a_reused_element():
    witness = at_most_once(explore(ReadFirstAlways(), 2)).witness
    assert witness is not None and witness.kind == "reused-element"
    assert "read the same element" in why(witness)


# ---------------------------------------------------------------------------
# progress


def test_progress_appears_after_the_delay_and_counts():
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=120)
    with CheckProgress(console, "demo", 1, 2, delay=0) as progress:
        progress(SizeDone("demo: size 1 enumerated (2 instances)"))
        progress(CheckTried("recover form, n = 1, r = 3"))
        progress(CheckTried("a check, however it is worded"))
        progress("enumerated form: plain text counts as nothing")  # issue 20: types, not words
        shown = render(progress._render())
    assert (progress.sizes, progress.checks) == (1, 2)
    assert "checking demo (1/2) · sizes 1 · checks 2" in shown
    assert "checking demo" in buf.getvalue()


def test_progress_stays_quiet_for_short_runs_and_when_disabled():
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True)
    with CheckProgress(console, "demo", delay=60) as progress:
        progress("demo: size 1 enumerated (2 instances)")
    with CheckProgress(console, "demo", delay=0, enabled=False) as progress:
        progress("demo: size 1 enumerated (2 instances)")
    assert buf.getvalue() == ""


def test_no_progress_on_stderr_when_it_is_not_a_terminal(capsys):
    main(["check", GOOD, "--max-size", "4"])
    assert capsys.readouterr().err == ""
