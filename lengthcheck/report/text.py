"""Shared phrasing of results: token lists, labels, one-line summaries (no drawing, no styling)."""

from __future__ import annotations

from lengthcheck.options import flag
from lengthcheck.results import NONE, Counterexample, Query, Scope, Span, Verdict
from lengthcheck.trace import WRITE

KIND_WORDS = {
    "decoy": "a non-anchor looks like the anchor",
    "anchor-conflict": "two anchors look alike but read different positions",
    "uncoverable": "the causal input does not fit in the windows",
    "local-rule": "equal windows, different next tokens",
    "causal-conflict": "equal causal inputs, different outputs",
    "reused-element": "an element is read by two steps",
    "order-dependent": "two orders of the ready steps end in different final states",
}


def tokens(state: tuple) -> str:
    """Tokens joined by spaces (a write's place in an output shown as @read+offset)."""
    return " ".join(t if isinstance(t, str) else f"@{t[1] + 1}{t[2]:+d}" for t in state)


def label_text(label: object) -> str:
    if label == NONE:
        return "NONE (no step anchored here)"
    if isinstance(label, tuple) and label and isinstance(label[0], tuple):
        reads = ", ".join(f"w{t[0] + 1}{t[1]:+d}" for t in label if t[0] != WRITE)
        writes = ", ".join(f"w{t[1] + 1}{t[2]:+d}" for t in label if t[0] == WRITE)
        return f"reads at {reads}" + (f"; writes at {writes}" if writes else "")
    if isinstance(label, tuple):
        tokens_ = " ".join(str(t) for t in label if not isinstance(t, tuple))
        placed = ", ".join(f"read {t[1] + 1}{t[2]:+d}" for t in label if isinstance(t, tuple))
        shown = "output " + tokens_ if tokens_ else "output (nothing)"
        return shown + (f" written at {placed}" if placed else "")
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
        return {q.anchor[t[0]] + t[1] for t in q.label if t[0] != WRITE}
    if cx.form is None or cx.kind == "uncoverable":
        return set(q.anchor)
    return set()


def witness_text(w: Span) -> str:
    return (f"n = {w.size}, instance {tokens(w.instance)}, step {w.step_index} reads "
            f"{list(w.reads)} of {tokens(w.state)} (span {w.span})")


def strength_text(verdict: Verdict, scope: Scope) -> str | None:
    """How strong a supported verdict's evidence is (DESIGN §2), from the verdict's fields.

    None for every other verdict. m = `verdict.flat_since`, m² = `log_growth_bound`.
    """
    if verdict.word != "supported":
        return None
    m, bound, N = verdict.flat_since, verdict.log_growth_bound, scope.max_size
    if m is None or bound is None:
        first = scope.sizes[0] if scope.sizes else 1
        return (f"no series it rests on changed over n = {first}..{N}; growth like log n of a "
                f"base above {N} would not show within the bound")
    where = (f"within the bound n = {N}: none showed" if bound <= N else
             f"beyond the bound n = {N}: check {flag('max_size', bound)} to rule it out")
    return (f"flat since n = {m}; growth like log n of any base would show by n = {bound} "
            f"({where})")
