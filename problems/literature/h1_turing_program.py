"""H-1 Hou et al. 2025, "Universal Length Generalization with Turing Programs": tape copies.

Format: a Turing Program writes the machine's tape once per step, each tape
a copy of the previous one with a local edit at the head (Hou et al. 2025,
abstract and §3, literature-formats.md H-1); the model copies the tape and
applies the edit. No data-generation code was fetched for this paper (none
is named in literature-formats.md); the layout follows literature-formats.md.

The machine here computes prefix parities (the C-2 task, so the two can be
compared): state q0/q1 is the parity so far; at cell x it writes x ⊕ q,
moves right and takes state x ⊕ q; it stops at the end cell `$`. A tape is
`|` and the cells with the state token just before the head cell.

Tokenisation: one token per cell, state tokens `q0`/`q1`, `|` starts a
tape, `^` starts the sequence. Each CoT step appends one token of the next
tape: the token at offset o copies offset o of the previous tape, except
next to the head, where the edit `q x → y q'` is applied; so a step reads
offsets o−1, o, o+1 of the previous tape (three adjacent tokens) and the
token it writes sits one tape length W = n+3 later. For 1 0:

    ^ | q0 1 0 $                         tape 0 (the instance)
    ^ | q0 1 0 $ | 1 q1 0 $              tape 1, written token by token
    ^ | q0 1 0 $ | 1 q1 0 $ | 1 1 q1 $   tape 2: the head is at `$`, halt

Published outcome, borrowed: Hou et al. report "robust length
generalization" on addition, multiplication, in-context SGD and random
Turing programs (abstract, primary) — not on parity, so the outcome this
row carries is borrowed from their tasks for a parity machine written in
the same tape-copying format. The device is Hard-ALiBi, per a secondary
summary (literature-formats.md H-1): generalized with a positional device.
That a model then finds the copy source by content is our reading, not the
paper's.

Expectations, derived by hand (bound N = max_size = 6):

* causal_function: (l, c, r) ↦ the edited cell: well defined, fan-in 3.
* R = 2 (three adjacent reads) at every size: bounded. R_io grows (the
  write sits W tokens later).
* at_most_once: False — every tape token is read by three steps.
* So no Thm 3.5 route. Recover form, n = 1, anchor min (offset o−1 of the
  previous tape): a window there looks the same one tape earlier (tapes
  differ only near the head), so it must reach the end of the sequence to
  tell which tape is being copied: h ≥ W+1 = n+4, and then the window sees
  the ⊥ past the end, which no earlier copy has: r_min = 2N+9 at bound N,
  21 at N = 6 (and 23 > 21, None, from N = 7). More windows do not help:
  every read sits in the same three tokens, so greedy anchors use one
  window and per-read windows stay next to each other; none sees the end.
* not-guaranteed: what the tokens lack is a marker of the copy source.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from lengthcheck import Problem, State, Step, token_function


@token_function
def is_state(token: str) -> bool:
    return token in ("q0", "q1")


@token_function
def cell(left: str, centre: str, right: str) -> str:
    """The token at this offset of the next tape, from offsets o−1, o, o+1 of this one."""
    if centre in ("q0", "q1"):  # the head cell is rewritten: x ⊕ q
        return right if centre == "q0" else ("0" if right == "1" else "1")
    if left in ("q0", "q1"):  # the state moves right: q' = x ⊕ q
        written = centre if left == "q0" else ("0" if centre == "1" else "1")
        return "q" + written
    return centre


class TuringProgramParity(Problem):
    name = "turing-program-parity"
    description = "Hou et al. Turing Program: every step re-writes the tape with a local edit (H-1)"
    alphabet = ("^", "|", "$", "0", "1", "q0", "q1")
    max_size = 6
    published = {
        "id": "H-1",
        "outcome": "generalized-with-device",
        "device": "Hard-ALiBi",
        "borrowed": "addition, multiplication, in-context SGD and random Turing programs, "
        "not parity",
        "source": "Hou et al. 2025, Universal Length Generalization with Turing Programs (ICML "
        "2025), abstract (primary): tasks other than parity, so borrowed; Hard-ALiBi per a "
        "secondary summary; reference/literature-formats.md H-1",
        "summary": "robust length generalization",
    }
    expect = {
        "verdict": "not-guaranteed",
        "R": 2,
        "at_most_once": False,
        "causal_function": True,
        "minimal_r": {"recover": {1: 21}},
    }

    def layout(self, n: int):  # the z3 engine's view of instances(n)
        from lengthcheck import Layout, Slot

        return Layout(("^", "|", "q0") + (Slot("01"),) * n + ("$",))

    def instances(self, n: int) -> Iterator[State]:
        for bits in itertools.product("01", repeat=n):
            yield ("^", "|", "q0") + bits + ("$",)

    def step(self, s: State) -> Step | None:
        n = 0
        while s[3 + n] != "$":
            n += 1
        width = n + 3  # `|`, the state, n cells, `$`
        i = len(s)  # the position written now
        if (i - 1) % width == 0 and is_state(s[i - 2]):
            return None  # the last tape is complete and its head is at `$`
        j = i - width  # the same offset in the previous tape
        return Step(reads=(j - 1, j, j + 1), next=s + (cell(s[j - 1], s[j], s[j + 1]),))
