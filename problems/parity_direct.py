"""FX-01 PAR-DIRECT: the parity appended in one step that reads every bit (bad).

Format: `x1 … xn =`; one step reads all n bits (positions 0..n−1; `=` is not
needed) and appends their parity; the trace halts when the last token is not
`=`.

    1 0 1 1 =      reads (0, 1, 2, 3)
    1 0 1 1 = 1    halt

Size n = bits; instances: all 2^n bit strings (510 for sizes 1..8).

Source: paper-experiments.md FX-01 (direct answer, unbounded fan-in).

Expectations, derived by hand (bound N = max_size = 8):

* causal_function: the appended token is the parity of the read bits — a
  function of them (but X, all bit strings, keeps growing with n).
  at_most_once: one step per instance. R_n = n − 1: grows.
* Recover form, n = 1, anchor 0, label {0..n−1} (depends on n); all other
  positions and the final state are NONE. The window at 0 sees positions
  0..h. The initial state `x =` and the final state `x = p` agree at 0 unless
  the window reaches position n+1 (⊥ vs p): h ≥ n + 1 for every n ≤ N, so
  h ≥ N + 1. With h = N + 1 every window at 0 sees the whole state and both
  ends, so no conflict. r_min = 2N + 3 = 19 at the default bound; it grows
  with the bound. (With final states excluded it would be 2N − 1.)
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from lengthcheck import Problem, State, Step, token_function


@token_function
def xor(a: str, b: str) -> str:
    return "1" if a != b else "0"


class ParityDirect(Problem):
    name = "parity-direct"
    description = "parity as a direct answer, one step reads all bits (FX-01); expected bad"
    alphabet = ("0", "1", "=")
    max_size = 8
    expect = {
        "verdict": "not-guaranteed",
        "R": "grows",
        "at_most_once": True,
        "causal_function": True,
        "minimal_r": {"recover": {1: 19}},
    }

    def layout(self, n: int):  # the z3 engine's view of instances(n)
        from lengthcheck import Layout, Slot

        return Layout((Slot("01"),) * n + ("=",))

    def instances(self, n: int) -> Iterator[State]:
        for bits in itertools.product("01", repeat=n):
            yield bits + ("=",)

    def step(self, s: State) -> Step | None:
        if s[-1] != "=":
            return None
        n = len(s) - 1
        parity = s[0]
        for i in range(1, n):
            parity = xor(parity, s[i])
        return Step(reads=tuple(range(n)), next=s + (parity,))
