"""Reports of a training run: the console table, JSON and a self-contained HTML page.

Plain Python (no torch): drawing only, from a `RunResult` and a summary of the
checker's verdict, so the verdict and its empirical test sit side by side. Whether a
run fitted its training sizes is decided in `lengthcheck.train.fit`; its warning is
rendered here in the terminal, the JSON (`warnings`) and the HTML.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from lengthcheck.report.console import VERDICT_STYLE
from lengthcheck.train.fit import fit_warning  # whether a run fitted: decided there
from lengthcheck.version import __version__


@dataclass(frozen=True)
class SizeScore:
    """Accuracy counts at one size."""

    size: int
    split: str  # "train" (a training size: in-distribution) | "test"
    instances: int
    exact: int  # roll-outs that ended in the spec's final state
    steps: int  # teacher-forced steps scored
    steps_correct: int
    drawn: str  # how the instances were drawn: "all" | "sampled" | ...


@dataclass(frozen=True)
class RunResult:
    problem: str
    config: dict[str, Any]
    training: dict[str, Any]
    scores: list[SizeScore]


def wilson(successes: int, total: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval (95 % by default); (0, 1) when nothing was counted."""
    if total == 0:
        return 0.0, 1.0
    p = successes / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    lo = 0.0 if successes == 0 else max(0.0, centre - half)
    return lo, 1.0 if successes == total else min(1.0, centre + half)


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


# ---------------------------------------------------------------------------
# JSON


def run_json(verdict: dict[str, Any], run: RunResult) -> dict[str, Any]:
    """The `--json` object (schema/lengthcheck-train.schema.json)."""
    results = []
    for s in run.scores:
        lo, hi = wilson(s.exact, s.instances)
        slo, shi = wilson(s.steps_correct, s.steps)
        results.append({
            "size": s.size, "split": s.split, "instances": s.instances, "drawn": s.drawn,
            "exact_correct": s.exact, "exact_accuracy": _round(_ratio(s.exact, s.instances)),
            "exact_ci95": [_round(lo), _round(hi)],
            "steps": s.steps, "steps_correct": s.steps_correct,
            "step_accuracy": _round(_ratio(s.steps_correct, s.steps)),
            "step_ci95": [_round(slo), _round(shi)],
        })
    summary = {}
    for split in ("train", "test"):
        chosen = [s for s in run.scores if s.split == split]
        summary[f"{split}_exact_accuracy"] = _round(_ratio(sum(s.exact for s in chosen),
                                                           sum(s.instances for s in chosen)))
    warning = fit_warning(run)
    return {
        "problem": run.problem,
        "verdict": verdict,
        "config": run.config,
        "training": run.training,
        "results": results,
        "summary": summary,
        "warnings": [warning] if warning else [],
    }


def runs_json(verdict: dict[str, Any], runs: list[RunResult]) -> dict[str, Any]:
    """`--json`: the first run's object; with several runs (`--model a,b`) also `runs`, one
    object per run in the order asked (so a reader of one run reads the same keys)."""
    document = run_json(verdict, runs[0])
    if len(runs) > 1:
        document["runs"] = [run_json(verdict, run) for run in runs]
    return document


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


# ---------------------------------------------------------------------------
# console


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}% ({a}/{b})" if b else "-"


def config_line(run: RunResult) -> str:
    c, t = run.config, run.training
    if c["model"] == "local-global":
        how = f"window r = {c['window']} (h = {c['radius']}, {c['window_source']})"
    else:
        how = "learned absolute positions"
    return (f"train: {c['model']}, {how}, {c['layers']} layers × width {c['width']}, "
            f"sizes {_sizes(c['train_sizes'])}, {c['steps']} steps, seed {c['seed']}, "
            f"{c['device']} · {t['pairs']} training pairs · loss {t['loss_first']:.3g} → "
            f"{t['loss_last']:.3g} · {t['wall_seconds']:.0f} s")


def _sizes(sizes: list[int]) -> str:
    if sizes == list(range(sizes[0], sizes[-1] + 1)):
        return f"{sizes[0]}–{sizes[-1]}" if len(sizes) > 1 else str(sizes[0])
    return ",".join(map(str, sizes))


def scores_table(run: RunResult) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for name in ("size", "split", "exact match", "95% CI", "per-step", "instances"):
        table.add_column(name, no_wrap=True,
                         justify="right" if name in ("size", "instances") else "left")
    for s in run.scores:
        lo, hi = wilson(s.exact, s.instances)
        rate = _ratio(s.exact, s.instances)
        style = "green" if rate == 1 else "red" if rate is not None and rate < 0.5 else "yellow"
        drawn = "" if s.drawn == "all" else " sampled"
        table.add_row(str(s.size), s.split, Text(_pct(s.exact, s.instances), style=style),
                      f"[{100 * lo:.1f}, {100 * hi:.1f}]", _pct(s.steps_correct, s.steps),
                      f"{s.instances}{drawn}")
    return table


def console_report(verdict: dict[str, Any], runs: list[RunResult]) -> Group:
    """The checker's verdict line, then each run and its size → accuracy table."""
    title = Text(runs[0].problem, style="bold")
    if verdict.get("description"):
        title.append(f"  —  {verdict['description']}")
    word = verdict["word"]
    line = Text("  ")
    shown = verdict.get("headline") or word.upper()  # supported: "... — not a proof"
    line.append(f"VERDICT: {shown}", style=VERDICT_STYLE.get(word, "bold"))
    if verdict.get("route"):
        line.append(f" — {verdict['route']}")
    parts: list[RenderableType] = [title, line, Text(f"  scope: {verdict['scope']}")]
    for run in runs:
        parts.append(Text(f"  {config_line(run)}"))
        parts.append(Padding(scores_table(run), (1, 0, 0, 2), expand=False))
        warning = fit_warning(run)
        if warning:
            parts.append(Text.assemble("  ", ("WARNING: ", "bold red"), warning))
    parts.append(Text("  exact match: the roll-out of the spec's number of steps ends in its "
                      "final state; per-step: model(S_i) = S_(i+1) given the true S_i",
                      style="dim"))
    return Group(*parts)


# ---------------------------------------------------------------------------
# HTML

PLOT_W, PLOT_H = 560, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 46, 40

EXTRA_CSS = """
svg .train-range { fill: #eef3fb; } svg .train-label { font-size: 10px; fill: #1f5fbf; }
svg .ci { stroke-width: 1.2; }
.side { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.side > div { flex: 1 1 380px; }
table.scores td, table.scores th { padding: 2px 12px 2px 0; text-align: right;
  font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9rem; }
table.scores { border-collapse: collapse; } table.scores th { border-bottom: 1px solid #d5dae3; }
table.scores tr.train td { color: #5b6475; }
"""


def accuracy_plot(runs: list[RunResult]) -> str:
    """Exact match (with Wilson 95 % bars) against size, the training range shaded: with one
    run its per-step accuracy too, with several one exact-match line per run, on one axes."""
    scores = [s for run in runs for s in run.scores]
    if not scores:
        return ""
    sizes = sorted({s.size for s in scores})
    x0, x1 = min(sizes) - 0.5, max(sizes) + 0.5
    inner_w, inner_h = PLOT_W - LEFT - RIGHT, PLOT_H - TOP - BOTTOM

    def x(n: float) -> float:
        return LEFT + (n - x0) / (x1 - x0) * inner_w

    def y(v: float) -> float:
        return TOP + inner_h - v * inner_h

    first = runs[0]
    models = " vs ".join(run.config["model"] for run in runs)
    title = f"accuracy against size ({models}, trained on " \
            f"{_sizes(first.config['train_sizes'])})"
    out = [f'<svg class="plot" role="img" viewBox="0 0 {PLOT_W} {PLOT_H}" width="{PLOT_W}" '
           f'height="{PLOT_H}"><title>{escape(title)}</title>',
           f'<text class="plot-title" x="{LEFT}" y="16">{escape(title)}</text>']
    trained = [n for n in first.config["train_sizes"] if x0 < n < x1]
    if trained:
        a, b = x(min(trained) - 0.5), x(max(trained) + 0.5)
        out.append(f'<rect class="train-range" x="{a:.1f}" y="{TOP}" width="{b - a:.1f}" '
                   f'height="{inner_h}"><title>training sizes</title></rect>')
        out.append(f'<text class="train-label" x="{a + 4:.1f}" y="{TOP + 12}">training '
                   "range</text>")
    for v in (0, 0.25, 0.5, 0.75, 1):
        out.append(f'<line class="grid" x1="{LEFT}" y1="{y(v):.1f}" x2="{LEFT + inner_w}" '
                   f'y2="{y(v):.1f}"/><text class="tick" x="{LEFT - 6}" y="{y(v) + 4:.1f}" '
                   f'text-anchor="end">{int(v * 100)}%</text>')
    out.append(f'<line class="axis" x1="{LEFT}" y1="{TOP + inner_h}" x2="{LEFT + inner_w}" '
               f'y2="{TOP + inner_h}"/><line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" '
               f'y2="{TOP + inner_h}"/>')
    every = max(1, -(-len(sizes) // 16))
    for n in sizes[::every]:
        out.append(f'<text class="tick" x="{x(n):.1f}" y="{TOP + inner_h + 14}" '
                   f'text-anchor="middle">{n}</text>')
    out.append(f'<text class="axis-label" x="{LEFT + inner_w / 2:.1f}" y="{PLOT_H - 6}" '
               'text-anchor="middle">size n</text>')
    out.append(f'<text class="axis-label" transform="translate(12 {TOP + inner_h / 2:.1f}) '
               'rotate(-90)" text-anchor="middle">accuracy</text>')
    if len(runs) == 1:  # (name, points, exact?) per line
        series = [("exact match", [(s.size, _ratio(s.exact, s.instances), s)
                                   for s in first.scores], True),
                  ("per-step", [(s.size, _ratio(s.steps_correct, s.steps), s)
                                for s in first.scores], False)]
    else:
        series = [(f"{run.config['model']} exact match",
                   [(s.size, _ratio(s.exact, s.instances), s) for s in run.scores], True)
                  for run in runs]
    legend_step = (PLOT_W - LEFT - RIGHT) // max(len(series), 2)
    for k, (name, points, exact) in enumerate(series):
        known = [(n, v, s) for n, v, s in points if v is not None]
        if len(known) > 1:
            line = " ".join(f"{x(n):.1f},{y(v):.1f}" for n, v, _ in known)
            out.append(f'<polyline class="series s{k}" points="{line}"/>')
        for n, v, s in known:
            if exact:
                lo, hi = wilson(s.exact, s.instances)
                out.append(f'<line class="ci s{k}" x1="{x(n):.1f}" y1="{y(lo):.1f}" '
                           f'x2="{x(n):.1f}" y2="{y(hi):.1f}"/>')
                label = f"n = {n}: {s.exact}/{s.instances} exact, 95% CI " \
                        f"[{100 * lo:.1f}, {100 * hi:.1f}]%"
            else:
                label = f"n = {n}: {s.steps_correct}/{s.steps} steps"
            out.append(f'<circle class="point s{k}" cx="{x(n):.1f}" cy="{y(v):.1f}" r="3">'
                       f"<title>{escape(name)} at {escape(label)}</title></circle>")
        lx = LEFT + k * legend_step
        out.append(f'<line class="series s{k}" x1="{lx}" y1="31" x2="{lx + 14}" y2="31"/>'
                   f'<text class="legend" x="{lx + 18}" y="35">{escape(name)}</text>')
    out.append("</svg>")
    return "".join(out)


def html_page(verdict: dict[str, Any], runs: list[RunResult]) -> str:
    """One self-contained page: the verdict and the runs beside one plot of every run, then
    each run's table (and its warning when it did not fit its training sizes)."""
    run = runs[0]
    from lengthcheck.report.html import CSS

    word = verdict["word"]
    box_lines = [f'<div class="verdict {escape(word)}"><span class="word">VERDICT: '
                 f"{escape(verdict.get('headline') or word.upper())}</span>"
                 + (f" — {escape(verdict['route'])}" if verdict.get("route") else ""),
                 f"<div>scope: {escape(verdict['scope'])}</div>"]
    box_lines.extend(f"<div>– {escape(r)}</div>" for r in verdict.get("reasons", []))
    box_lines.append("</div>")
    tables = []
    for one in runs:
        rows = ["<tr><th>size</th><th>split</th><th>exact match</th><th>95% CI</th>"
                "<th>per-step</th><th>instances</th></tr>"]
        for sc in one.scores:
            lo, hi = wilson(sc.exact, sc.instances)
            rows.append(f'<tr class="{sc.split}"><td>{sc.size}</td><td>{sc.split}</td>'
                        f"<td>{escape(_pct(sc.exact, sc.instances))}</td>"
                        f"<td>[{100 * lo:.1f}, {100 * hi:.1f}]</td>"
                        f"<td>{escape(_pct(sc.steps_correct, sc.steps))}</td>"
                        f"<td>{sc.instances}{'' if sc.drawn == 'all' else ' sampled'}</td></tr>")
        warning = fit_warning(one)
        tables.append(f"<h3>Accuracy by size: {escape(one.config['model'])}</h3>"
                      + (f'<p class="warning">WARNING: {escape(warning)}</p>' if warning else "")
                      + f'<table class="scores">{"".join(rows)}</table>')
    c = run.config
    title = f"lengthcheck train: {run.problem}"
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="sub">lengthcheck {escape(__version__)} · torch '
        f"{escape(str(c.get('torch_version')))} · Xiao &amp; Liu's verdict beside a trained "
        "transformer</p>",
        '<section class="problem">',
        f'<h2>{escape(run.problem)}</h2><span class="badge v-{escape(word)}">{escape(word)}'
        "</span>",
        f'<div class="side"><div>{"".join(box_lines)}'
        + "".join(f'<p class="note">{escape(config_line(one))}</p>' for one in runs)
        + f"</div><div>{accuracy_plot(runs)}</div></div>",
        *tables,
        '<p class="note">exact match: the roll-out of the spec\'s number of steps ends in '
        "the spec's final state (bars: Wilson 95% interval); per-step: model(S_i) = "
        "S_(i+1) given the true S_i. Training sizes are in-distribution.</p>",
        "</section>",
    ]
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{CSS}{EXTRA_CSS}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")
