"""Shared phrasing of results: token lists, labels, one-line summaries (no drawing, no styling)."""

from __future__ import annotations

from lengthcheck.results import NONE, Counterexample, Query, Span

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
