"""The HTML report (`lengthcheck check --html FILE`): one self-contained page.

Per problem: the verdict, the facts (R, |X|, at most once, coverage), the
(form, n, r) table, plots of R, |X| and the minimal r against size, the
counterexample drawn as a grid, the trace of a small instance as a grid, and
its DAG. Inline CSS and inline SVG only: no scripts, fonts or links, so the
file opens anywhere, offline. The page draws what it is given; the sample
trace and DAG come from lengthcheck.properties.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from lengthcheck.properties.dag import DagPicture
from lengthcheck.properties.sample_trace import SampleTrace
from lengthcheck.report.console import amo_reason, display_path, found_by, series, tried
from lengthcheck.report.layout import Figure, counterexample_figure, trace_figure, why
from lengthcheck.report.reference import REFERENCE, reference_href
from lengthcheck.report.svg import dag_svg, line_plot
from lengthcheck.report.text import KIND_WORDS, config_text, strength_text, tokens
from lengthcheck.trace import PAD
from lengthcheck.version import __version__

if TYPE_CHECKING:
    from lengthcheck.outcome import ProblemResult

MAX_DAG_NODES = 400


@dataclass(frozen=True)
class Section:
    """One problem's result and the pictures drawn from a small instance (None: not drawn)."""

    result: ProblemResult
    mismatches: list[str] | None = None
    sample: SampleTrace | None = None
    dag: DagPicture | None = None
    note: str | None = None  # why the pictures are missing


CSS = """
:root { --ink:#1d2330; --muted:#5b6475; --line:#d5dae3; --good:#1a7f37; --bad:#c0262d;
  --unknown:#9a6700; --win:#1f5fbf; --winbg:#eaf1fd; --read:#f6c343; --written:#7fd1a0; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  margin: 0 auto; max-width: 1180px; padding: 24px 28px 60px; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 0; display: inline; }
h3 { font-size: 1.02rem; margin: 22px 0 8px; color: var(--muted); text-transform: uppercase;
  letter-spacing: .04em; }
.sub { color: var(--muted); margin: 0 0 18px; }
section.problem { border: 1px solid var(--line); border-radius: 10px; padding: 18px 22px;
  margin: 26px 0; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 999px; color: #fff;
  font-weight: 600; font-size: .85rem; margin-left: 10px; vertical-align: 3px; }
.v-proved, .v-supported { background: var(--good); } .v-not-guaranteed { background: var(--bad); }
.v-unknown { background: var(--unknown); }
.verdict { border-left: 5px solid var(--muted); background: #f6f8fa; padding: 10px 14px;
  margin: 14px 0; border-radius: 4px; }
.verdict.proved, .verdict.supported { border-color: var(--good); } .verdict.not-guaranteed {
  border-color: var(--bad); } .verdict.unknown { border-color: var(--unknown); }
.verdict .word { font-weight: 700; } .warning { color: var(--bad); font-weight: 600; }
.note { color: var(--muted); font-size: .92rem; }
table.facts td, table.facts th, table.checks td, table.checks th, table.index td,
table.index th { padding: 3px 12px 3px 0; text-align: left; vertical-align: top; }
table.facts th { color: var(--muted); font-weight: 500; white-space: nowrap; }
table.checks, table.index { border-collapse: collapse; }
table.checks th, table.index th { border-bottom: 1px solid var(--line); }
table.checks td { white-space: nowrap; }
table.facts td.series { overflow-wrap: anywhere; }
.mono, table.checks td, table.facts td.series { font-family: ui-monospace, "SFMono-Regular",
  Menlo, Consolas, monospace; font-size: .9rem; }
.plots { display: flex; flex-wrap: wrap; gap: 18px; }
svg.plot { border: 1px solid var(--line); border-radius: 6px; background: #fff; }
svg .axis { stroke: #444; } svg .grid { stroke: #eceff3; }
svg .tick, svg .axis-label { font-size: 10px; fill: var(--muted); }
svg .plot-title { font-size: 12px; font-weight: 600; fill: var(--ink); }
svg .series { stroke-width: 2; } svg polyline.series { fill: none; }
svg .series.s1 { stroke-dasharray: 5 3; }
svg .legend { font-size: 11px; fill: var(--ink); }
svg .s0 { stroke: #1f5fbf; fill: #1f5fbf; } svg .s1 { stroke: #c0262d; fill: #c0262d; }
svg .s2 { stroke: #1a7f37; fill: #1a7f37; } svg .s3 { stroke: #8250df; fill: #8250df; }
svg .s4 { stroke: #9a6700; fill: #9a6700; } svg .missing { stroke: none; }
svg.dag .edge { stroke: #8a93a3; stroke-width: 1.3; fill: none; }
svg.dag .arrow-head { fill: #8a93a3; }
svg.dag .node rect { fill: #fff; stroke: #5b6475; stroke-width: 1.5; }
svg.dag .node.input rect { fill: #eef1f5; } svg.dag .node.made rect { fill: #dff3e7;
  stroke: var(--good); } svg.dag .node.reused rect { stroke: var(--bad); stroke-width: 3; }
svg.dag .node.final rect { stroke-width: 2.5; }
svg.dag text { font: 12px ui-monospace, Menlo, Consolas, monospace; fill: var(--ink); }
.scroll { overflow-x: auto; padding-bottom: 4px; }
table.grid { border-collapse: collapse; font-family: ui-monospace, Menlo, Consolas, monospace;
  font-size: .92rem; margin: 4px 0; }
table.grid th { text-align: right; padding: 2px 10px 2px 0; color: var(--muted);
  font-weight: 500; white-space: nowrap; }
table.grid td.c { min-width: 2.1em; height: 1.9em; text-align: center; padding: 0 3px;
  border: 1px solid #edf0f4; }
table.grid td.c.blank { border-color: transparent; }
table.grid td.pad { color: #a2a9b5; }
table.grid td.win { background: var(--winbg); border-top: 2px solid var(--win);
  border-bottom: 2px solid var(--win); }
table.grid td.wl { border-left: 2px solid var(--win); }
table.grid td.wr { border-right: 2px solid var(--win); }
table.grid td.read { background: var(--read); font-weight: 700; }
table.grid td.written { background: var(--written); }
table.grid td.label { padding-left: 14px; color: var(--ink); min-width: 16em;
  font-family: system-ui, sans-serif; font-size: .9rem; overflow-wrap: anywhere; }
table.grid tr.detail td { padding: 10px 0 3px; font-family: system-ui, sans-serif;
  font-size: .88rem; color: var(--muted); }
.key span { display: inline-block; padding: 0 8px; margin-right: 8px; border-radius: 3px;
  font-size: .85rem; }
.key .k-read { background: var(--read); } .key .k-written { background: var(--written); }
.key .k-win { background: var(--winbg); border: 2px solid var(--win); }
.why { background: #fff6f6; border: 1px solid #f1c0c2; padding: 8px 12px; border-radius: 6px;
  max-width: 900px; }
section.problem, .verdict, p, td { overflow-wrap: anywhere; }
.checks-wrap { overflow-x: auto; }
footer { margin-top: 30px; color: var(--muted); font-size: .9rem; }
"""


def page(sections: list[Section], title: str = "lengthcheck report") -> str:
    """The whole report as one HTML string."""
    body = [f"<h1>{escape(title)}</h1>",
            f'<p class="sub">lengthcheck {escape(__version__)} · {len(sections)} problem(s) · '
            "Xiao &amp; Liu's sufficient conditions for length generalization</p>",
            _index(sections)]
    body.extend(_section(s, k) for k, s in enumerate(sections))
    body.append(_footer())
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


SCOPE = "lengthcheck-report"  # the class that keeps a notebook fragment's styles to itself


def fragment(result: ProblemResult) -> str:
    """One problem's section as an HTML fragment for a notebook (`ProblemResult._repr_html_`):
    the section `--html` writes, without the trace pictures (they need the Problem, which a
    result does not keep), its styles scoped to the fragment."""
    return (f'<div class="{SCOPE}"><style>{_scoped(CSS, "." + SCOPE)}</style>'
            f"{_section(Section(result, note=NO_PICTURES), 0)}</div>")


NO_PICTURES = ("no trace or DAG pictures here (they are drawn from the Problem): "
               "lengthcheck check SPEC --html FILE draws them")


def _scoped(css: str, scope: str) -> str:
    """`css` with every rule applying inside `scope` only (:root and body become the scope)."""
    rules = []
    for rule in css.split("}"):
        if "{" not in rule:
            continue
        selectors, body = rule.split("{", 1)
        scoped = []
        for selector in selectors.split(","):
            selector = selector.strip()
            if selector in (":root", "body", "*"):
                scoped.append(scope if selector != "*" else f"{scope} *")
            else:
                scoped.append(f"{scope} {selector}")
        rules.append(f"{', '.join(scoped)} {{ {' '.join(body.split())} }}")
    return "\n".join(rules)


def _footer() -> str:
    """Where the terms are defined: a link to the reference page when this checkout has it."""
    href = reference_href()
    name = escape(REFERENCE)
    shown = f'<a href="{escape(href)}">{name}</a>' if href else f"<code>{name}</code>"
    return (f"<footer>Terms used in this report (R, |X|, anchors, decoys, N_cov, ...) are "
            f"defined in {shown} of the lengthcheck repository.</footer>")


def _anchor(k: int) -> str:
    return f"p{k}"


def _index(sections: list[Section]) -> str:
    rows = ["<tr><th>problem</th><th>verdict</th><th>R</th><th>N_cov</th><th>scope</th></tr>"]
    for k, s in enumerate(sections):
        r, v = s.result, s.result.verdict
        value = r.distance.value if r.distance.bounded else "grows"
        rows.append(
            f'<tr><td><a href="#{_anchor(k)}">{escape(r.problem)}</a></td>'
            f'<td><span class="badge v-{v.word}">{escape(v.word)}</span></td>'
            f"<td>{escape(str(value))}</td><td>{escape(str(r.coverage_size or '-'))}</td>"
            f'<td class="note">{escape(v.scope)}</td></tr>'
        )
    return f'<table class="index">{"".join(rows)}</table>'


def _section(s: Section, k: int) -> str:
    r, v = s.result, s.result.verdict
    out = [f'<section class="problem" id="{_anchor(k)}">',
           f'<h2>{escape(r.problem)}</h2><span class="badge v-{v.word}">{escape(v.word)}</span>']
    if r.description:
        out.append(f'<p class="sub">{escape(r.description)}</p>')
    if r.source:
        out.append(f'<p class="note mono">spec: {escape(display_path(r.source) or "")}</p>')
    out.append(_verdict(r))
    out.append("<h3>Properties</h3>" + _facts(r))
    if r.minimal_r:
        out.append("<h3>Windows tried</h3>" + _checks(r))
    out.append("<h3>Against size</h3>" + _plots(r))
    if v.counterexample is not None:
        cx = v.counterexample
        config = config_text(cx)
        out.append("<h3>Counterexample</h3>")
        out.append(f"<p><b>{escape(cx.kind)}</b>: {escape(KIND_WORDS.get(cx.kind, cx.kind))}"
                   + (f' <span class="note">[{escape(config)}]</span>' if config else "") + "</p>")
        out.append(_grid(counterexample_figure(cx)))
        out.append(f'<p class="why"><b>Why:</b> {escape(why(cx))}</p>')
        if cx.detail:
            out.append(f'<p class="note">{escape(cx.detail)}</p>')
    if s.sample is not None:
        trace = s.sample.trace
        out.append(f"<h3>Trace of a small instance</h3><p>instance "
                   f'<span class="mono">{escape(tokens(trace.instance))}</span> '
                   f"(n = {trace.size}), {len(trace.steps)} step(s); rows are states, "
                   "columns positions.</p>")
        out.append(_grid(trace_figure(s.sample)))
    if s.dag is not None:
        out.append("<h3>Reasoning DAG</h3>" + _dag(s.dag, k))
    if s.note:
        out.append(f'<p class="note">{escape(s.note)}</p>')
    if s.mismatches is not None:
        if s.mismatches:
            items = "".join(f"<li>{escape(m)}</li>" for m in s.mismatches)
            out.append(f'<p class="warning">expect block: DIFFERS</p><ul>{items}</ul>')
        else:
            out.append('<p class="note">expect block: matches what was computed</p>')
    out.append("</section>")
    return "\n".join(out)


def _verdict(r: ProblemResult) -> str:
    v = r.verdict
    out = [f'<div class="verdict {v.word}"><span class="word">VERDICT: '
           f"{escape(v.headline or v.word.upper())}"
           "</span>" + (f" — {escape(v.route)}" if v.route else ""),
           f"<div>scope: {escape(v.scope)}</div>"]
    if v.evidence is not None:
        ev = v.evidence
        state = "holds" if ev.holds else f"rule ({ev.failed_rule}) fails"
        out.append(f"<div>evidence ({escape(ev.route)}): {escape(state)} — "
                   f"{escape(ev.reason)}</div>")
    strength = strength_text(v, r.scope)
    if strength is not None:
        out.append(f"<div>evidence strength: {escape(strength)}</div>")
    if v.theorems:
        out.append(f"<div>theorems: {escape('; '.join(v.theorems))}</div>")
    if r.proof is not None:
        from lengthcheck.report.proof import proof_text

        out.append(f'<pre class="proof">{escape(proof_text(r.proof))}</pre>')
    out.extend(f"<div>– {escape(reason)}</div>" for reason in v.reasons)
    out.extend(f'<div class="warning">WARNING: {escape(w)}</div>' for w in v.warnings)
    out.extend(f'<div class="note">note: {escape(n)}</div>' for n in v.caveats + r.scope.notes)
    out.append("</div>")
    return "\n".join(out)


def _facts(r: ProblemResult) -> str:
    d, c, amo = r.distance, r.causal, r.at_most_once
    amo_word = {True: "yes", False: "no", None: "not checked"}[amo.holds]
    rows = [
        ("R by size", series(d.by_size), f"{d.trend.kind}: {d.trend.reason}"),
        ("R_io by size", series(d.io_by_size), "reported only; the theorems use R"),
        ("|X| by size", series(c.x_by_size), c.x_trend.kind),
        ("f well defined", "yes" if c.well_defined else "NO", ""),
        ("at most once", amo_word, amo_reason(amo.reason)),
        ("coverage size N_cov", str(r.coverage_size) if r.coverage_size is not None else "-",
         "train on sizes up to this"),
        ("semantics", "", "; ".join(r.semantics)),
    ]
    body = "".join(
        f'<tr><th>{escape(name)}</th><td class="series">{escape(value)}</td>'
        f'<td class="note">{escape(note)}</td></tr>'
        for name, value, note in rows
    )
    return f'<table class="facts">{body}</table>'


def _checks(r: ProblemResult) -> str:
    head = ("<tr><th>form</th><th>n</th><th>windows found by</th><th>r tried</th>"
            "<th>minimal r by size</th><th>trend</th></tr>")
    rows = [head]
    for m in r.minimal_r:
        if m.not_applicable:
            rows.append(f"<tr><td>{escape(m.form)}</td><td colspan=5>not applicable: "
                        f"{escape(m.not_applicable)}</td></tr>")
            continue
        rows.append(
            f"<tr><td>{escape(m.form)}</td><td>{m.n}</td><td>{escape(found_by(m))}</td>"
            f"<td>{escape(tried(r.checks, m))}</td><td>{escape(series(m.by_size))}</td>"
            f"<td>{escape(m.trend.kind)}</td></tr>"
        )
    return f'<div class="checks-wrap"><table class="checks">{"".join(rows)}</table></div>'


def _plots(r: ProblemResult) -> str:
    d, c = r.distance, r.causal
    plots = [
        line_plot("R and R_io against size", [("R", dict(d.by_size)),
                                              ("R_io", dict(d.io_by_size))], "distance"),
        line_plot("|X| against size", [("|X|", dict(c.x_by_size))], "causal inputs"),
    ]
    chosen = [m for m in r.minimal_r if not m.not_applicable and m.by_size and (
        m.n == 1 or (r.verdict.consistency is not None
                     and (m.form, m.n) == (r.verdict.consistency.form, r.verdict.consistency.n)))]
    if chosen:
        plots.append(line_plot("minimal r against the size bound",
                               [(f"{m.form}, n = {m.n}", dict(m.by_size)) for m in chosen[:5]],
                               "window length r"))
    return '<div class="plots">' + "".join(plots) + "</div>"


def _grid(fig: Figure) -> str:
    """Rows of aligned cells: windows outlined, reads and writes highlighted."""
    key = ['<p class="key">']
    if any(c.windows for row in fig.rows for c in row.cells):
        key.append(f'<span class="k-win">window</span>{escape(fig.windows)} ')
    if any(c.read for row in fig.rows for c in row.cells):
        key.append('<span class="k-read">causal input</span>')
    if any(c.written for row in fig.rows for c in row.cells):
        key.append(f'<span class="k-written">{escape(fig.written_means)}</span>')
    key.append("</p>")
    rows = []
    for row in fig.rows:
        cells = []
        for k, cell in enumerate(row.cells):
            classes = ["c"]
            if cell.token == "":
                classes.append("blank")
            if cell.token == PAD:
                classes.append("pad")
            if cell.windows:
                classes.append("win")
                before = row.cells[k - 1].windows if k else ()
                after = row.cells[k + 1].windows if k + 1 < len(row.cells) else ()
                if any(j not in before for j in cell.windows):
                    classes.append("wl")
                if any(j not in after for j in cell.windows):
                    classes.append("wr")
            if cell.read:
                classes.append("read")
            if cell.written:
                classes.append("written")
            tip = f' title="position {cell.position}"' if cell.position is not None else ""
            cells.append(f'<td class="{" ".join(classes)}"{tip}>{escape(cell.token)}</td>')
        if row.detail:
            rows.append(f'<tr class="detail"><td colspan="{len(cells) + 2}"><b>'
                        f"{escape(row.title)}</b> {escape(row.detail)}</td></tr>")
        rows.append(f"<tr><th>{escape(row.title)}</th>{''.join(cells)}"
                    f'<td class="label">→ {escape(row.label)}</td></tr>')
    return ("".join(key) + '<div class="scroll"><table class="grid">' + "".join(rows)
            + "</table></div>")


def _dag(picture: DagPicture, k: int) -> str:
    g = picture.graph
    facts = (f"{g.number_of_nodes()} elements, {g.number_of_edges()} read edges, "
             f"{'acyclic' if g.graph.get('acyclic') else 'NOT acyclic'}; element identity "
             f"{g.graph.get('identity')}")
    if g.number_of_nodes() > MAX_DAG_NODES:
        return f'<p class="note">{escape(facts)}; too many elements to draw.</p>'
    return (f'<p class="note">{escape(facts)}. Grey: input elements; green: written by a step '
            "(thick outline: still in the final state; red: read by more than one step). Rows "
            "are topological generations, columns positions.</p>"
            f'<div class="scroll">{dag_svg(g, picture.layout, uid=f"dag{k}")}</div>')
