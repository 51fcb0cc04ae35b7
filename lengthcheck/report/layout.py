"""Where each token goes in a drawing: states as rows of aligned cells.

Shared by the console, `explain` and HTML views, so that a counterexample or a
trace looks the same everywhere: which cells a window covers, which the step
reads, which the previous step wrote. Only layout; nothing is computed about
the problem.
"""

from __future__ import annotations

from dataclasses import dataclass

from lengthcheck.properties.sample_trace import SampleTrace
from lengthcheck.report.text import label_text, read_positions, tokens
from lengthcheck.results import NONE, Counterexample, Query
from lengthcheck.trace import PAD, TraceStep


@dataclass(frozen=True)
class Cell:
    token: str  # "" for a column this row does not reach; PAD outside the state
    position: int | None  # position in the state, None outside it
    windows: tuple[int, ...] = ()  # indices of the windows covering the cell
    read: bool = False  # part of the step's causal input
    written: bool = False  # written by the previous step (trace) / the rule's centre (local rule)


@dataclass(frozen=True)
class Row:
    title: str  # short: "A", "t=3"
    cells: tuple[Cell, ...]
    label: str
    window_count: int = 0
    detail: str = ""  # where the state comes from, for counterexamples


@dataclass(frozen=True)
class Figure:
    """Rows sharing columns, and what the windows are (empty caption: none drawn)."""

    rows: tuple[Row, ...]
    windows: str
    written_means: str = "written by the previous step"

    @property
    def width(self) -> int:
        """Characters per cell in a text drawing."""
        return max([1] + [len(c.token) for row in self.rows for c in row.cells])


def _row(state, lo, hi, centres, h, reads, written, title, label) -> Row:
    cells = []
    for i in range(lo, hi + 1):
        inside = 0 <= i < len(state)
        covering = tuple(j for j, c in enumerate(centres) if c - h <= i <= c + h)
        token = state[i] if inside else (PAD if covering else "")
        cells.append(Cell(token, i if inside else None, covering, i in reads, i in written))
    return Row(title, tuple(cells), label, len(centres))


# ---------------------------------------------------------------------------
# counterexamples


def window_phrase(n: int | None, r: int | None) -> str:
    if n is None or r is None:
        return "its causal input"
    return f"one window of length {r}" if n == 1 else f"{n} windows of length {r}"


def counterexample_figure(cx: Counterexample) -> Figure:
    """Both queries aligned on their first window, windows and reads marked."""
    queries = [q for q in (cx.first, cx.second) if q is not None]
    h = (len(queries[0].windows[0]) - 1) // 2 if cx.form else 0
    centres = [_centres(cx, q, h) for q in queries]
    bounds = [
        (min(0, cs[0] - h), max(len(q.state) - 1, cs[-1] + h)) for q, cs in zip(queries, centres)
    ]
    shift = max(cs[0] - lo for cs, (lo, _) in zip(centres, bounds))
    width = max(hi - cs[0] + shift + 1 for cs, (_, hi) in zip(centres, bounds))
    rows = []
    for name, q, cs in zip("AB", queries, centres):
        lo = cs[0] - shift
        shown = _row(
            q.state, lo, lo + width - 1, cs if cx.form else (), h, read_positions(cx, q),
            _centre(cx, q), name, _label(cx, q),
        )
        first, last = bounds[len(rows)]
        cells = tuple(c if first <= lo + k <= last else Cell("", None)
                      for k, c in enumerate(shown.cells))
        detail = f"n = {q.size}, step {q.step_index}  (instance {tokens(q.instance)})"
        rows.append(Row(shown.title, cells, shown.label, shown.window_count, detail))
    caption = ""
    if cx.form:
        caption = f"{window_phrase(cx.n, cx.r)} ({cx.form} form"
        caption += f", anchor {cx.anchor_rule})" if cx.anchor_rule else ")"
    means = "the position whose next token is shown" if cx.kind == "local-rule" else ""
    return Figure(tuple(rows), caption, means)


def _centres(cx: Counterexample, q: Query, h: int) -> tuple[int, ...]:
    """The window centres to draw: the query's, or for an uncoverable step the model's."""
    if cx.kind != "uncoverable":
        return q.anchor
    reads = sorted(q.anchor)
    if cx.n == 1:
        rule = cx.anchor_rule or "min"
        return ({"min": reads[0], "max": reads[-1], "mid": reads[(len(reads) - 1) // 2]}[rule],)
    chosen = [reads[0]]
    for i in reads:
        if i - chosen[-1] > h and len(chosen) < (cx.n or 1):
            chosen.append(i)
    return tuple(chosen)


def _centre(cx: Counterexample, q: Query) -> set[int]:
    return {q.anchor[0]} if cx.kind == "local-rule" else set()


def _label(cx: Counterexample, q: Query) -> str:
    if cx.kind == "uncoverable":
        return "the step reads positions " + ", ".join(map(str, sorted(q.anchor)))
    if cx.kind == "local-rule":
        return f"next token at the marked position: {q.label}"
    if cx.kind == "reused-element":
        return str(q.label)
    return label_text(q.label)


def why(cx: Counterexample) -> str:
    """One sentence: why a model that decides from windows must get one of the two wrong."""
    a, b = cx.first, cx.second
    seen = window_phrase(cx.n, cx.r)
    if cx.kind == "uncoverable":
        reads = sorted(a.anchor)
        shown = ", ".join(map(str, reads[:-1])) + f" and {reads[-1]}"
        head = f"The step reads positions {shown} ({reads[-1] - reads[0]} apart)"
        tail = (f"a model that looks through {seen} never sees the whole causal input, so on "
                "some instance it must get the step wrong.")
        if cx.r is None or cx.n is None:
            return f"{head}, more than {seen} can hold: {tail}"
        h = (cx.r - 1) // 2
        centres = _centres(cx, a, h)
        outside = [i for i in reads if all(abs(i - c) > h for c in centres)]
        missed = ("position " if len(outside) == 1 else "positions ") + ", ".join(map(str, outside))
        if cx.n == 1:
            c = centres[0]
            where = (f"a window of length {cx.r} is centred on its anchor (position {c}, anchor "
                     f"rule {cx.anchor_rule or 'min'}) and reaches {h} either side, so it sees "
                     f"positions {c - h} to {c + h}")
        else:
            where = (f"each of the {cx.n} windows of length {cx.r} is centred on an anchor "
                     f"(positions {', '.join(map(str, centres))}, taken left to right from the "
                     f"reads) and reaches {h} either side")
        return f"{head}; {where}, and {missed} lies outside: {tail}"
    if b is None:  # pragma: no cover - every other kind has two queries
        return cx.detail
    if cx.kind == "decoy":
        other = ("that position anchors no step" if b.label == NONE
                 else f"the step there {label_text(b.label)}")
        return (
            f"Through {seen} A and B look exactly the same, yet in A the next step "
            f"{label_text(a.label)} and in B {other}: a model that finds its next step from "
            "these windows gets the same input twice and must get one of them wrong."
        )
    if cx.kind == "anchor-conflict":
        return (
            f"A and B both anchor a step and look the same through {seen}, yet the step "
            f"{label_text(a.label)} in A and {label_text(b.label)} in B: a model that picks the "
            "causal input from these windows must get one of them wrong."
        )
    if cx.kind == "local-rule":
        return (
            f"Through {seen} the marked position looks the same in A and B, yet its next token "
            f"is {a.label} in A and {b.label} in B: a rule that computes each token from its "
            "window must get one of them wrong."
        )
    if cx.kind == "causal-conflict":
        return (
            f"Both steps read the same tokens ({tokens(a.windows[0])}) yet write "
            f"{tokens(a.label) or 'nothing'} in A and {tokens(b.label) or 'nothing'} in B: the "
            "output is not a function of the causal input, so any model that computes a step "
            "from its causal input must get one of them wrong."
        )
    if cx.kind == "reused-element":
        return (
            f"Steps {a.step_index} and {b.step_index} read the same element, so at most once "
            "fails and Thm 3.5 does not apply: only an (n, r) that holds directly can support "
            "the verdict."
        )
    if cx.kind == "order-dependent":
        return (
            f"From the same state, taking the step that reads {list(a.anchor)} first "
            f"{a.label}, and taking the ready step that reads {list(b.anchor)} first "
            f"{b.label}: a model may take any ready step, so on one of them it gives the "
            "wrong answer."
        )
    return cx.detail  # pragma: no cover


# ---------------------------------------------------------------------------
# traces


def step_label(st: TraceStep) -> str:
    reads = "reads " + ", ".join(map(str, st.reads))
    out = " ".join(st.out)
    if st.mode == "moved":
        where = ", ".join(map(str, st.writes))
        return f"{reads} → writes {out or 'nothing'} at {where or '-'}, shifting the rest " \
               f"(its moved=); next state {tokens(st.next)}"
    if st.mode == "append":
        return f"{reads} → appends {out}"
    if st.mode == "rewrite":
        where = ", ".join(map(str, st.writes))
        return f"{reads} → writes {out} at {where}" if st.writes else f"{reads} → changes nothing"
    if st.mode == "splice":
        return f"{reads} → replaces {min(st.reads)}..{max(st.reads)} with {out or 'nothing'}"
    return f"{reads} → outputs {out}"


def written_positions(st: TraceStep) -> set[int]:
    """The positions of the next state a step wrote: new or changed (DESIGN §2 `writes`).

    Every step's writes are inferred (or, with `moved`, every position no element
    moves to), so this is the step's own `writes`.
    """
    return set(st.writes)


def trace_figure(sample: SampleTrace) -> Figure:
    """Rows = states of the trace (the last one final), columns = positions."""
    trace, h = sample.trace, sample.h
    states = trace.states
    lo = min([0] + [c - h for cs in sample.centres for c in cs])
    hi = max([len(s) - 1 for s in states] + [c + h for cs in sample.centres for c in cs])
    rows = []
    for t, state in enumerate(states):
        written = written_positions(trace.steps[t - 1]) if t > 0 else set()
        if t < len(trace.steps):
            st = trace.steps[t]
            rows.append(_row(state, lo, hi, sample.centres[t], h, set(st.reads), written,
                             f"t={t}", step_label(st)))
        else:
            rows.append(_row(state, lo, hi, (), h, set(), written, f"t={t}", "final state"))
    caption = sample.window.describe() if sample.window else ""
    return Figure(tuple(rows), caption)
