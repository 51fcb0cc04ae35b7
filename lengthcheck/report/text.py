"""Plain-text views: one-line summaries, counterexample drawings, the per-problem block."""

from __future__ import annotations

from lengthcheck.results import NONE, Counterexample, ProblemResult, Query, Span
from lengthcheck.trace import PAD

KIND_WORDS = {
    "decoy": "a non-anchor looks like the anchor",
    "anchor-conflict": "two anchors look alike but read different positions",
    "uncoverable": "the causal input does not fit in the windows",
    "local-rule": "equal windows, different next tokens",
    "causal-conflict": "equal causal inputs, different outputs",
    "reused-element": "an element is read by two steps",
}


def tokens(state: tuple[str, ...]) -> str:
    return " ".join(state)


def label_text(label: object) -> str:
    if label == NONE:
        return "NONE (no step anchored here)"
    if isinstance(label, tuple) and label and isinstance(label[0], tuple):
        return "reads at " + ", ".join(f"w{j + 1}{off:+d}" for j, off in label)
    if isinstance(label, tuple):
        return "output " + " ".join(map(str, label)) if label else "output (nothing)"
    return str(label)


def config_text(cx: Counterexample) -> str:
    if cx.form is None:
        return ""
    extra = f", anchor {cx.anchor_rule}" if cx.anchor_rule else ""
    return f"({cx.n}, {cx.r}) {cx.form} form{extra}"


def summary(cx: Counterexample) -> str:
    """One line: what fails, where, and the two labels."""
    head = f"{cx.kind}: {KIND_WORDS.get(cx.kind, cx.kind)}"
    config = config_text(cx)
    if config:
        head += f" [{config}]"
    a = cx.first
    if cx.second is None:
        return f"{head}: n = {a.size} instance {tokens(a.instance)!r} step {a.step_index}"
    b = cx.second
    return (
        f"{head}: n = {a.size} {tokens(a.state)!r} at {list(a.anchor)} -> {label_text(a.label)}; "
        f"n = {b.size} {tokens(b.state)!r} at {list(b.anchor)} -> {label_text(b.label)}"
    )


def drawing(cx: Counterexample) -> str:
    """Both states, aligned on their first window, with windows and reads marked."""
    queries = [q for q in (cx.first, cx.second) if q is not None]
    h = (len(queries[0].windows[0]) - 1) // 2 if cx.form else 0
    width = max(len(t) for q in queries for t in q.state + (PAD,))
    shift = max(h - q.anchor[0] for q in queries)
    lines = [summary(cx)]
    for name, q in zip("AB", queries):
        offset = shift + q.anchor[0] - h  # columns of padding so windows line up
        lo = min(0, q.anchor[0] - h) if cx.form else 0
        hi = max(len(q.state) - 1, max(q.anchor) + h) if cx.form else len(q.state) - 1
        cells, marks, reads = [], [], []
        window_of = {}
        if cx.form:
            for j, c in enumerate(q.anchor):
                for i in range(c - h, c + h + 1):
                    window_of[i] = str(j + 1) if len(q.anchor) > 1 else "-"
        reads_at = read_positions(cx, q)
        for i in range(lo, hi + 1):
            tok = q.state[i] if 0 <= i < len(q.state) else PAD
            cells.append(tok.center(width))
            marks.append(window_of.get(i, " ") * width)
            reads.append(("^" if i in reads_at else " ").center(width))
        pad = " " * ((offset + lo - min(0, q.anchor[0] - h)) * (width + 1)) if cx.form else ""
        title = f"{name}  n = {q.size}, step {q.step_index}"
        lines.append(f"  {title}: instance {tokens(q.instance)}")
        lines.append("    " + pad + " ".join(cells))
        if cx.form:
            lines.append("    " + pad + " ".join(marks).rstrip() + "   window(s)")
        if reads_at:
            lines.append("    " + pad + " ".join(reads).rstrip() + "   reads")
        lines.append(f"    -> {label_text(q.label)}")
    if cx.detail:
        lines.append(f"  {cx.detail}")
    return "\n".join(lines)


def read_positions(cx: Counterexample, q: Query) -> set[int]:
    """The positions of a query's state that its step reads, as far as the query shows."""
    if isinstance(q.label, tuple) and q.label and isinstance(q.label[0], tuple):
        return {q.anchor[j] + off for j, off in q.label}
    if cx.form is None or cx.kind == "uncoverable":
        return set(q.anchor)
    return set()


def witness_text(w: Span) -> str:
    return (f"n = {w.size}, instance {tokens(w.instance)}, step {w.step_index} reads "
            f"{list(w.reads)} of {tokens(w.state)} (span {w.span})")


def problem_block(result: ProblemResult, mismatches: list[str] | None = None) -> str:
    """The per-problem report as plain text (the console report styles the same lines)."""
    v = result.verdict
    d = result.distance
    lines = [f"{result.problem}  —  {result.description}".rstrip(" —")]
    if result.source:
        lines.append(f"  spec: {result.source}")
    lines.append(
        "  R by size: " + _series(d.by_size) + f"  ({d.trend.kind}: {d.trend.reason})"
    )
    if d.witness is not None:
        lines.append(f"  R witness: {witness_text(d.witness)}")
    lines.append("  R_io by size: " + _series(d.io_by_size))
    c = result.causal
    lines.append(
        f"  |X| by size: {_series(c.x_by_size)}  ({c.x_trend.kind}); "
        f"f well defined: {'yes' if c.well_defined else 'NO'}"
    )
    lines.append(f"  fan-in by size: {_series(c.arity_by_size)}  ({c.arity_trend.kind})")
    amo = result.at_most_once
    amo_word = {True: "yes", False: "no", None: "not checked"}[amo.holds]
    lines.append(f"  at most once: {amo_word} ({amo.reason})")
    for m in result.minimal_r:
        if m.not_applicable:
            lines.append(f"  minimal r, {m.form} form: not applicable ({m.not_applicable})")
            continue
        how = f"anchor {m.anchor_rule}" if m.anchor_rule else (
            f"locators {', '.join(m.locators)}" if m.locators else "no locators")
        lines.append(
            f"  minimal r, {m.form} form, n = {m.n} ({how}): {_series(m.by_size)}"
            f"  ({m.trend.kind})"
        )
    if result.coverage_size is not None:
        lines.append(f"  coverage size N_cov: {result.coverage_size}")
    lines.append(f"  semantics: {'; '.join(result.semantics)}")
    lines.append(f"  VERDICT: {v.word.upper()}" + (f" — {v.route}" if v.route else ""))
    lines.append(f"  scope: {v.scope}")
    if v.theorems:
        lines.append(f"  theorems: {'; '.join(v.theorems)}")
    for reason in v.reasons:
        lines.append(f"  - {reason}")
    for warning in v.warnings:
        lines.append(f"  WARNING: {warning}")
    for caveat in v.caveats:
        lines.append(f"  note: {caveat}")
    for note in result.scope.notes:
        lines.append(f"  note: {note}")
    if v.counterexample is not None:
        lines.append("  counterexample:")
        lines.extend("    " + line for line in drawing(v.counterexample).splitlines())
    if mismatches is not None:
        if mismatches:
            lines.append("  expect block: DIFFERS")
            lines.extend(f"    - {m}" for m in mismatches)
        else:
            lines.append("  expect block: matches what was computed")
    return "\n".join(lines)


def _series(series: dict[int, int | None]) -> str:
    if not series:
        return "-"
    return " ".join(f"{n}:{'-' if v is None else v}" for n, v in sorted(series.items()))
