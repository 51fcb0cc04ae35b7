"""Repair of H-1: rewrite the one tape in place instead of appending a copy of it.

The change: the CoT state is the tape itself, `q0 x1 … xn $`, and a step
rewrites the two tokens at the head, `q x → y q'` (a same-length rewrite),
so nothing has to be found a tape length back: the state token is the
cursor. This is the Turing machine of `h1_turing_program.py` (prefix
parities) without the copies.

    q0 1 0 $        reads (0, 1)
    1 q1 0 $        reads (1, 2)
    1 1 q1 $        halt (the head is at `$`)

Expectations, derived by hand (bound N = max_size = 8):

* causal_function: (q, x) ↦ (x ⊕ q, q_(x ⊕ q)); fan-in 2; R = 1.
* at_most_once: True (same-length rewrite: a step writes both positions it
  reads, and only the new state token is read again).
* Recover form, n = 1, anchor min (the state token, the only one in the
  state): h = 0 cannot tell `q x` (label {0, 1}) from the final `q $`
  (NONE); h = 1 sees the cell after it. r_min = 3 within 4R+1 = 5: Thm 3.5.
* Evidence: R, fan-in flat from n = 1, |X| from n = 2 ((q1, x) first
  appears there); instances (n+2 tokens) are longer than r = 3 from n = 2;
  N = 8 ≥ 2·2, coverage by n = 2: supported.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from lengthcheck import Problem, State, Step, token_function


@token_function
def head(state: str, x: str) -> tuple[str, str]:
    """`q x → y q'` with y = q' = x ⊕ q."""
    y = x if state == "q0" else ("0" if x == "1" else "1")
    return (y, "q" + y)


class TuringInPlace(Problem):
    name = "turing-program-in-place"
    description = "repair of H-1: the parity machine rewrites its one tape in place"
    alphabet = ("$", "0", "1", "q0", "q1")
    max_size = 8
    published = {
        "outcome": "repair",
        "repairs": "h1_turing_program",
        "change": "rewrite the tape in place (the state token is a cursor) instead of copying it",
    }
    expect = {
        "verdict": "supported",
        "R": 1,
        "at_most_once": True,
        "causal_function": True,
        "minimal_r": {"recover": {1: 3}},
    }

    def layout(self, n: int):  # the z3 engine's view of instances(n)
        from lengthcheck import Layout, Slot

        return Layout(("q0",) + (Slot("01"),) * n + ("$",))

    def instances(self, n: int) -> Iterator[State]:
        for bits in itertools.product("01", repeat=n):
            yield ("q0",) + bits + ("$",)

    def step(self, s: State) -> Step | None:
        p = 0
        while s[p] not in ("q0", "q1"):
            p += 1
        if s[p + 1] == "$":
            return None
        return Step(reads=(p, p + 1), next=s[:p] + head(s[p], s[p + 1]) + s[p + 2 :])
