"""Why (1, 4R+1) fails where Thm 3.5 says it should hold (DESIGN §2, Verdict).

R bounded and every element read at most once give (1, 4R+1)-consistency in
the theory's DAG semantics. When the checked format still fails it, the cause
is almost always one of three, told apart by following the decoy's element
through its own trace:

* fixed order — the decoy is the anchor of a step that comes later in the
  trace but whose inputs are all present already: the format prescribes one
  order among independent ready steps (declare `ready(s)`);
* consumed input left in place — the decoy element was already read by an
  earlier step and still looks like an unread one (mark or remove it);
* slot — the decoy position is written later: an empty slot looks like the
  slot being filled now (add a cursor, or fill slots in a located order).
"""

from __future__ import annotations

import itertools
from enum import StrEnum

from lengthcheck.results import Counterexample
from lengthcheck.spec import Problem
from lengthcheck.trace import Runner, Trace, _follow_identity


class Cause(StrEnum):
    """The causes told apart above (what `lengthcheck repair` picks its candidates by)."""

    CONSUMED = "consumed input left in place"
    FIXED_ORDER = "a fixed order among independent steps"
    SLOT = "a slot that looks like the current one"
    HIDDEN_PROGRESS = "the window does not show what has been computed so far"
    AMBIGUOUS_READS = "equal anchor windows, different relative reads"


def why_theorem_3_5_fails(problem: Problem | None, cx: Counterexample | None,
                          with_ready: bool) -> str | None:
    """One sentence naming the cause, or None when the counterexample cannot be followed."""
    found = cause_of(problem, cx, with_ready)
    return None if found is None else found[1]


def cause_of(problem: Problem | None, cx: Counterexample | None,
             with_ready: bool) -> tuple[Cause, str] | None:
    """The cause of a consistency counterexample and its sentence (None: cannot be followed)."""
    if problem is None or cx is None or cx.second is None:
        return None
    decoy = cx.second if cx.second.label == "NONE" else cx.first
    if cx.kind != "decoy" or decoy.label != "NONE":
        return Cause.AMBIGUOUS_READS, (
            "Cause: two steps whose anchor windows look the same read different relative "
            "positions; the window does not show which inputs the step needs.")
    try:
        trace = Runner(problem).run(decoy.instance, decoy.size)
    except Exception:  # the spec failed on replay; the generic note stays
        return None
    ids = _ids_per_state(problem, trace)
    t = decoy.step_index
    if ids is None or t >= len(ids) or trace.states[t] != decoy.state:
        return None
    pos = decoy.anchor[0]
    element = ids[t][pos]
    where = f"position {pos} of {' '.join(decoy.state)} (instance {' '.join(decoy.instance)})"
    for st in trace.steps[:t]:
        if element in [ids[st.index][i] for i in st.reads]:
            return Cause.CONSUMED, (
                f"Cause — consumed input left in place: the element at {where} was already "
                f"read by step {st.index} and looks like an unread one; mark consumed "
                "elements (rewrite them to a 'used' token) or remove them.")
    present = set(ids[t])
    for st in trace.steps[t + 1:]:
        reads = [ids[st.index][i] for i in st.reads]
        if ids[st.index][min(st.reads)] == element and set(reads) <= present and not with_ready:
            return Cause.FIXED_ORDER, (
                f"Cause — a fixed order among independent steps: the decoy at {where} anchors "
                f"step {st.index}, whose inputs are all present already, but the format "
                "takes another step first; declare ready(s) so that any ready step counts "
                "(the theorem's DAG semantics).")
    for st in trace.steps[t:]:
        if pos in st.writes and ids[st.index][pos] == element:
            return Cause.SLOT, (
                f"Cause — a slot that looks like the current one: {where} is written later "
                f"(step {st.index}) and its window looks like the slot filled now; mark the "
                "current slot (a cursor token) or fill slots in an order the window can see.")
    return Cause.HIDDEN_PROGRESS, (
        "Cause: the decoy at " + where + " looks like the anchor of a step but no step is "
        "ready there; the window does not show what has been computed so far.")


def _ids_per_state(problem: Problem, trace: Trace) -> list[list[int]] | None:
    """The element identity at every position of every state of the trace (None if lost)."""
    ids = list(range(len(trace.instance)))
    fresh = itertools.count(len(trace.instance))
    out = [ids]
    for st in trace.steps:
        step = problem.step(st.state)
        nxt, _ = _follow_identity(ids, st.state, st.reads, st.next, st.mode, step, fresh)
        if nxt is None:
            return None
        ids = nxt
        out.append(ids)
    return out

