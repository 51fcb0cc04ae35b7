"""The console report (rich): the per-problem block, `explain`, drawings, progress.

Everything is built as rich `Text`/`Table` with styles; printed through a
console without colour (NO_COLOR, --no-color) the styles drop, and printed to
something that is not a terminal no escape codes are written at all, so the
same layout is also the plain-text report (the snapshots in tests/snapshots).
"""

from __future__ import annotations

import io
import os
import textwrap
import time
from types import TracebackType
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.padding import Padding
from rich.spinner import Spinner
from rich.table import Table
from rich.text import Text

from lengthcheck.events import CheckTried, Notice, SizeDone
from lengthcheck.properties.sample_trace import SampleTrace
from lengthcheck.report.layout import Cell, Figure, counterexample_figure, trace_figure, why
from lengthcheck.report.text import KIND_WORDS, config_text, strength_text, tokens, witness_text
from lengthcheck.results import (
    ConsistencyCheck,
    Counterexample,
    Evidence,
    MinimalR,
    Scope,
)

if TYPE_CHECKING:
    from lengthcheck.outcome import ProblemResult, UntilDecided

VERDICT_STYLE = {"proved": "bold green", "supported": "bold green", "not-guaranteed": "bold red",
                 "unknown": "bold yellow"}
WINDOW_BG = "on grey23"
INDENT = "    "


def display_path(source: str | None) -> str | None:
    """A spec location relative to the working directory when it lies inside it."""
    if source is None:
        return None
    here = os.getcwd() + os.sep
    return source[len(here):] if source.startswith(here) else source


def series(values: dict[int, int | None]) -> str:
    if not values:
        return "-"
    return " ".join(f"{n}:{'-' if v is None else v}" for n, v in sorted(values.items()))


def emit(console: Console, renderable: RenderableType) -> None:
    """Print to a terminal as is; elsewhere as plain text without trailing blanks."""
    if console.is_terminal:
        console.print(renderable)
        return
    console.file.write(plain(console, renderable))


def plain(console: Console, renderable: RenderableType) -> str:
    """The renderable as plain text (no escape codes, lines right-stripped)."""
    with console.capture() as captured:
        console.print(renderable)
    return "\n".join(line.rstrip() for line in captured.get().split("\n"))


# ---------------------------------------------------------------------------
# drawings


def _cell_style(cell: Cell) -> str:
    parts = []
    if cell.read:
        parts.append("bold yellow")
    elif cell.written:
        parts.append("bold green")
    elif cell.position is None:
        parts.append("dim")
    if cell.windows:
        parts.append(WINDOW_BG)
    return " ".join(parts)


def _bracket(cells: tuple[Cell, ...], j: int, width: int) -> str:
    """The frame line over window j: ┌── wj ──┐ spanning its cells."""
    covered = [k for k, c in enumerate(cells) if j in c.windows]
    if not covered:
        return ""
    start, end = covered[0] * (width + 1), covered[-1] * (width + 1) + width
    span = end - start
    name = f" w{j + 1} "
    if span == 1:
        frame = "╷"
    elif span - 2 >= len(name) + 2:
        left = (span - 2 - len(name)) // 2
        frame = "┌" + "─" * left + name + "─" * (span - 2 - len(name) - left) + "┐"
    else:
        frame = "┌" + "─" * (span - 2) + "┐"
    return " " * start + frame


def figure_text(fig: Figure, indent: str = INDENT) -> Text:
    """A figure as lines of text: title, window frames, tokens, marks, label."""
    width = fig.width
    out = Text()
    for row in fig.rows:
        out.append(f"{indent[:-2]}{row.title}", style="bold")
        out.append(f"  {row.detail}\n" if row.detail else "\n")
        for j in range(row.window_count):
            out.append(indent + _bracket(row.cells, j, width) + "\n", style="cyan")
        out.append(indent)
        for k, cell in enumerate(row.cells):
            if k:
                joined = set(cell.windows) & set(row.cells[k - 1].windows)
                out.append(" ", style=WINDOW_BG if joined else "")
            out.append(cell.token.center(width), style=_cell_style(cell))
        out.append("\n")
        marks = " ".join(
            ("^" if c.read else "+" if c.written else " ").center(width) for c in row.cells
        ).rstrip()
        legend = []
        if any(c.read for c in row.cells):
            legend.append("^ = causal input")
        if any(c.written and not c.read for c in row.cells):
            legend.append(f"+ = {fig.written_means}")
        if marks:
            out.append(indent + marks, style="yellow")
            out.append("   " + ", ".join(legend) + "\n", style="dim")
        out.append(f"{indent}→ {row.label}\n", style="italic")
    out.rstrip()
    return out


def counterexample_text(cx: Counterexample, indent: str = INDENT) -> Text:
    """The counterexample in full: what fails, both states drawn, the two labels, why."""
    fig = counterexample_figure(cx)
    head = Text(indent[:-2])
    head.append(f"{cx.kind}", style="bold red")
    head.append(f": {KIND_WORDS.get(cx.kind, cx.kind)}")
    config = config_text(cx)
    if config:
        head.append(f"  [{config}]", style="dim")
    head.append("\n")
    out = Text.assemble(head)
    if fig.windows:
        out.append(f"{indent[:-2]}windows: {fig.windows}\n", style="dim")
    out.append_text(figure_text(fig, indent))
    out.append(f"\n{indent[:-2]}why: ", style="bold")
    out.append(why(cx) + "\n")
    if cx.detail:
        out.append(f"{indent[:-2]}{cx.detail}\n", style="dim")
    out.rstrip()
    return out


def drawing(cx: Counterexample) -> str:
    """The counterexample drawing as plain text (JSON, pytest failures, assertion messages)."""
    console = Console(width=160, no_color=True, highlight=False, soft_wrap=True,
                      file=io.StringIO())
    return textwrap.dedent(plain(console, counterexample_text(cx))).strip("\n")


def trace_text(sample: SampleTrace, indent: str = INDENT) -> Text:
    fig = trace_figure(sample)
    trace = sample.trace
    out = Text(f"{indent[:-2]}trace of instance {tokens(trace.instance)} (n = {trace.size})\n")
    if fig.windows:
        out.append(f"{indent[:-2]}windows: {fig.windows}\n", style="dim")
    else:
        out.append(f"{indent[:-2]}no window to draw (R is not bounded and no r holds)\n",
                   style="dim")
    out.append_text(figure_text(fig, indent))
    out.rstrip()
    return out


# ---------------------------------------------------------------------------
# the per-problem block of `lengthcheck check`


def _line(*parts: tuple[str, str] | str) -> Text:
    text = Text("  ")
    for part in parts:
        if isinstance(part, tuple):
            text.append(part[0], style=part[1])
        else:
            text.append(part)
    return text


def amo_reason(reason: str) -> str:
    """The at-most-once reason without repeating the word printed before it ("not checked")."""
    return reason.removeprefix("not checked: ")


def tried(checks: list[ConsistencyCheck], m: MinimalR) -> str:
    """Every r tried for this form and n, runs collapsed: "✗ 1–9 · ✓ 11"."""
    holds: dict[int, bool] = {}
    for c in checks:
        same_rule = m.form != "recover" or c.anchor_rule == m.anchor_rule
        if c.form == m.form and c.n == m.n and same_rule:
            holds[c.r] = holds.get(c.r, False) or c.holds
    if not holds and m.n >= 2:
        return "as n − 1"  # nothing to try: the (n - 1) series carries over (fan-in, shortcut)
    runs: list[tuple[bool, int, int]] = []
    for r, ok in sorted(holds.items()):
        if runs and runs[-1][0] == ok and runs[-1][2] == r - 2:
            runs[-1] = (ok, runs[-1][1], r)
        else:
            runs.append((ok, r, r))
    return " · ".join(
        f"{'✓' if ok else '✗'} {lo}" + (f"–{hi}" if hi != lo else "") for ok, lo, hi in runs
    ) or "-"


def found_by(m: MinimalR) -> str:
    """How the windows of a (form, n) are placed: the anchor rule or the locator tokens."""
    if m.anchor_rule:
        return f"cover {m.anchor_rule}" if m.n >= 2 else f"anchor {m.anchor_rule}"
    return f"locators {', '.join(m.locators)}" if m.locators else "no locators"


def checks_table(result: ProblemResult) -> Table:
    """One row per (form, n): how windows are found, the r tried, minimal r by size."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for name in ("form", "n", "windows found by", "r tried", "minimal r by size", "trend"):
        table.add_column(name, no_wrap=name != "minimal r by size")
    for m in result.minimal_r:
        if m.not_applicable:
            continue
        how = found_by(m)
        trend_style = {"bounded": "green", "grows": "red"}.get(m.trend.kind, "yellow")
        table.add_row(m.form, str(m.n), how, tried(result.checks, m), series(m.by_size),
                      Text(m.trend.kind, style=trend_style))
    return table


def problem_report(result: ProblemResult, mismatches: list[str] | None = None,
                   verbose: bool = False) -> Group:
    """The block `lengthcheck check` prints for one problem (`verbose`: the engine's details
    too, which engine answered among them: not part of the default text, see engines.auto)."""
    v, d, c, amo = result.verdict, result.distance, result.causal, result.at_most_once
    title = Text(result.problem, style="bold")
    if result.description:
        title.append(f"  —  {result.description}")
    lines: list[RenderableType] = [title]
    if result.source:
        lines.append(_line("spec: ", (display_path(result.source) or "", "dim")))
    lines.append(_line("R by size: ", (series(d.by_size), "bold"),
                       f"  ({d.trend.kind}: {d.trend.reason})"))
    if d.witness is not None:
        lines.append(_line("R witness: ", witness_text(d.witness)))
    lines.append(_line("R_io by size: ", series(d.io_by_size)))
    lines.append(_line("|X| by size: ", (series(c.x_by_size), "bold"), f"  ({c.x_trend.kind}); "
                       "f well defined: ", ("yes", "green") if c.well_defined else ("NO", "red")))
    lines.append(_line("fan-in by size: ", series(c.arity_by_size), f"  ({c.arity_trend.kind})"))
    amo_word = {True: ("yes", "green"), False: ("no", "red"), None: ("not checked", "yellow")}
    lines.append(_line("at most once: ", amo_word[amo.holds], f" ({amo_reason(amo.reason)})"))
    if any(not m.not_applicable for m in result.minimal_r):
        lines.append(Padding(checks_table(result), (1, 0, 1, 2), expand=False))
    lines.extend(_line(f"{m.form} form: not applicable ({m.not_applicable})")
                 for m in result.minimal_r if m.not_applicable)
    if result.coverage_size is not None:
        lines.append(_line("coverage size N_cov: ", (str(result.coverage_size), "bold")))
    lines.append(_line(("semantics: " + "; ".join(result.semantics), "dim")))
    verdict = _line((f"VERDICT: {v.headline or v.word.upper()}",
                     VERDICT_STYLE.get(v.word, "bold")))
    if v.route:
        verdict.append(f" — {v.route}")
    lines.append(verdict)
    lines.append(_line(f"scope: {v.scope}"))
    if result.until_decided is not None:
        lines.append(_line(f"until decided: {until_decided_text(result.until_decided)}"))
    if v.evidence is not None:
        lines.extend(evidence_lines(v.evidence))
    strength = strength_text(v, result.scope)
    if strength is not None:
        lines.append(_line("  evidence strength: ", strength))
    if v.theorems:
        lines.append(_line(f"theorems: {'; '.join(v.theorems)}"))
    if result.proof is not None:
        from lengthcheck.report.proof import proof_text

        lines.append(_line(("proof for every n (rules prover):", "bold")))
        rows = proof_text(result.proof).splitlines()[1:]
        if v.word == "proved":  # its claim is the VERDICT line's: said once
            rows = rows[1:]
        lines.extend(_line(f"  {row}") for row in rows)
    lines.extend(_line(f"- {reason}") for reason in v.reasons)
    lines.extend(_line(("WARNING: ", "bold red"), warning) for warning in v.warnings)
    if v.note_counterexample is not None and v.note_counterexample is not v.counterexample:
        lines.append(_line(("the (1, 4R+1) counterexample behind the warning:", "bold")))
        lines.append(counterexample_text(v.note_counterexample, indent="      "))
    lines.extend(_line((f"note: {note}", "dim")) for note in v.caveats + result.scope.notes)
    if verbose:
        lines.extend(_line((text, "dim")) for text in details_text(result.scope))
    if v.counterexample is not None:
        lines.append(_line(("counterexample:", "bold")))
        lines.append(counterexample_text(v.counterexample, indent="      "))
    if mismatches is not None:
        if mismatches:
            lines.append(_line(("expect block: DIFFERS", "bold red")))
            lines.extend(_line(f"  - {m}") for m in mismatches)
        else:
            lines.append(_line(("expect block: matches what was computed", "green")))
    return Group(*lines)


def summary_line(words: list[str], spec_errors: int, differing: int) -> str:
    """The last line of a run over several problems: how many got each verdict.

    Printed only when more than one problem was checked (one report is its own summary).
    """
    total = len(words) + spec_errors
    counts = ", ".join(f"{words.count(word)} {word}" for word in VERDICT_STYLE
                       if word in words)
    text = f"{total} problems: {counts or 'none checked'}"
    text += f"; {spec_errors} spec error{'s' if spec_errors != 1 else ''}"
    if differing == 1:
        text += "; 1 differs from its expect block"
    elif differing:
        text += f"; {differing} differ from their expect blocks"
    return text


def until_decided_text(path: UntilDecided) -> str:
    """The bounds `--until-decided` tried, e.g. `n = 6 unknown (0.8 s) → n = 8 supported
    (2.1 s); decided` (timings: the one part of a report that differs run to run)."""
    tried = " → ".join(f"n = {t.max_size} {t.verdict} ({t.seconds:.1f} s)" for t in path.tried)
    return f"{tried}; {path.stopped} (budget {path.budget:g} s)"


def details_text(scope: Scope) -> list[str]:
    """What --verbose adds: the engine that answered, and the engine's own details."""
    return [f"engine that answered: {scope.answered_by}"] + [
        f"detail: {detail}" for detail in scope.details]


def evidence_lines(ev: Evidence) -> list[Text]:
    """The evidence rules (DESIGN §2) for the route judged: each series' flat run and the rules."""
    runs = ", ".join(
        f"{s.name} {s.value if s.value is not None else '-'} from n = {s.flat_from}"
        if s.flat_from is not None else f"{s.name} has no value" for s in ev.series)
    mark = ("holds", "green") if ev.holds else (f"rule ({ev.failed_rule}) fails", "yellow")
    lines = [_line("evidence (", ev.route, "): ", mark, f" — flat runs: {runs}")]
    cov = "-" if ev.coverage_size is None else str(ev.coverage_size)
    bound = "" if ev.coverage_exact else " (an upper bound: z3 could not list every window)"
    lines.append(_line(f"  (b) sizes whose instances are all longer than r = {ev.window}: from "
                       f"n = {ev.eligible_from if ev.eligible_from is not None else '-'}; "
                       f"(c) N_cov = {cov}{bound}, must be ≤ {ev.coverage_limit}; "
                       f"(d) opposite verdicts at n = "
                       f"{', '.join(map(str, ev.opposite_bounds)) or 'none'}"))
    return lines


def explain_report(result: ProblemResult, sample: SampleTrace | None,
                   verbose: bool = False) -> Group:
    """`lengthcheck explain`: the counterexample in full, or a small trace with its windows;
    the warnings (the cause of a Thm 3.5 failure) as `check` prints them."""
    v = result.verdict
    title = Text(result.problem, style="bold")
    if result.description:
        title.append(f"  —  {result.description}")
    word = v.word.upper() + (" — not a proof" if v.word == "supported" else "")
    if v.word == "proved" and v.headline:  # the (n, r) proved is in the headline only
        word = v.headline
    verdict = _line((f"VERDICT: {word}", VERDICT_STYLE.get(v.word, "bold")))
    if v.route:
        verdict.append(f" — {v.route}")
    parts: list[RenderableType] = [title, verdict, _line(f"scope: {v.scope}")]
    parts.extend(_line(f"- {reason}") for reason in v.reasons)
    parts.extend(_line(("WARNING: ", "bold red"), warning) for warning in v.warnings)
    if verbose:
        parts.extend(_line((text, "dim")) for text in details_text(result.scope))
    if v.counterexample is not None:
        parts.append(Text())
        parts.append(counterexample_text(v.counterexample))
    if sample is not None:  # no counterexample, or an instance asked for (--instance, --size)
        if v.counterexample is None:
            parts.append(_line("no counterexample to draw; each step of a small instance "
                               "instead"))
        else:
            parts.append(Text())
            parts.append(_line("the instance asked for, step by step:"))
        parts.append(Text())
        parts.append(trace_text(sample))
    return Group(*parts)


# ---------------------------------------------------------------------------
# progress


class CheckProgress:
    """A transient status line on stderr while one problem is checked.

    It appears only once a run has taken `delay` seconds (short runs stay
    quiet) and shows sizes done (enumerated or traced by z3), checks tried and the
    elapsed time, from the messages the checker sends to `progress`.
    """

    def __init__(self, console: Console, name: str, index: int = 1, total: int = 1,
                 delay: float = 2.0, enabled: bool = True, plain: bool = False,
                 every: float = 10.0) -> None:
        self.console, self.name, self.index, self.total, self.delay = (
            console, name, index, total, delay)
        self.enabled = enabled
        self.plain, self.every = plain, every  # plain: a line every `every` s (no terminal)
        self.printed = time.monotonic()
        self.start = time.monotonic()
        self.sizes = self.checks = 0
        self.last = ""
        self.spinner = Spinner("dots")
        self.live: Live | None = None

    def __call__(self, message: str) -> None:
        if isinstance(message, Notice):  # a limit known now: said now, and kept on screen
            target = self.live.console if self.live is not None else self.console
            target.print(f"note: {self.name}: {message}", markup=False, highlight=False,
                         soft_wrap=True)
            return
        self.last = message
        if isinstance(message, SizeDone):
            self.sizes += 1
        elif isinstance(message, CheckTried):
            self.checks += 1
        now = time.monotonic()
        if self.plain and now - self.printed >= self.every:
            self.printed = now
            where = f" ({self.index}/{self.total})" if self.total > 1 else ""
            self.console.print(f"progress: {self.name}{where} · {now - self.start:.0f}s · "
                               f"{message}", markup=False, highlight=False, soft_wrap=True)
        if self.enabled and self.live is None and time.monotonic() - self.start >= self.delay:
            self.live = Live(console=self.console, transient=True, redirect_stdout=False,
                             redirect_stderr=False, get_renderable=self._render)
            self.live.start()

    def _render(self) -> RenderableType:
        elapsed = time.monotonic() - self.start
        text = Text()
        text.append(f"checking {self.name}", style="bold")
        if self.total > 1:
            text.append(f" ({self.index}/{self.total})")
        text.append(f" · sizes {self.sizes} · checks {self.checks}")
        text.append(f" · {elapsed:.0f}s", style="cyan")
        text.append(f"  {self.last}", style="dim")
        self.spinner.update(text=text)
        return self.spinner

    def __enter__(self) -> CheckProgress:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.live is not None:
            self.live.stop()


class ParallelProgress:
    """One status line on stderr while several problems are checked by worker processes.

    The workers' own progress messages stay in the workers; this line counts
    finished problems (`finished` may be called from another thread).
    """

    def __init__(self, console: Console, total: int, jobs: int, enabled: bool = True,
                 plain: bool = False, every: float = 10.0, delay: float = 2.0) -> None:
        self.console, self.total, self.jobs = console, total, jobs
        self.enabled, self.plain, self.every, self.delay = enabled, plain, every, delay
        self.start = self.printed = time.monotonic()
        self.done = 0
        self.spinner = Spinner("dots")
        self.live: Live | None = None

    def finished(self, done: int, total: int) -> None:
        self.done = done
        now = time.monotonic()
        if self.plain and now - self.printed >= self.every:
            self.printed = now
            self.console.print(f"progress: {done} of {total} problems checked · "
                               f"{now - self.start:.0f}s", markup=False, highlight=False)

    def tick(self) -> None:
        """Start the live line once the run has taken `delay` seconds (short runs stay quiet)."""
        if self.enabled and self.live is None and time.monotonic() - self.start >= self.delay:
            self.live = Live(console=self.console, transient=True, redirect_stdout=False,
                             redirect_stderr=False, get_renderable=self._render)
            self.live.start()

    def _render(self) -> RenderableType:
        text = Text()
        text.append(f"checking {self.total} problems with {self.jobs} workers", style="bold")
        text.append(f" · {self.done} done")
        text.append(f" · {time.monotonic() - self.start:.0f}s", style="cyan")
        self.spinner.update(text=text)
        return self.spinner

    def __enter__(self) -> ParallelProgress:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.live is not None:
            self.live.stop()
