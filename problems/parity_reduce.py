"""FX-03 PAR-REDUCE: the first bit absorbs the second, the rest shifts left, pad `_` (good).

Format: `# x1 x2 … xn _`; a step reads positions (1, 2) and writes
x1 ⊕ x2 at 1; the rest shifts left by one and a pad `_` fills the end (same
length n + 2). Halt when position 2 is `_`; the answer is at 1.

    # 1 0 1 1 _     reads (1, 2)
    # 1 1 1 _ _     reads (1, 2)
    # 0 1 _ _ _     reads (1, 2)
    # 1 _ _ _ _     halt (parity 1)

The step gives `out = (x1 ⊕ x2, _)` (its new elements in position order) and
`moved` (0 stays, every position ≥ 3 moves left by one), because the shift
changes positions whose tokens the step does not compute.
Size n = bits; instances: all 2^n bit strings (2,046 for sizes 1..10).

Source: paper-experiments.md FX-03, (1,3), R = 1.

Expectations, derived by hand (bound N = max_size = 10):

* causal_function: out = (x1 ⊕ x2, _). at_most_once: with `moved`, the two
  read bits are consumed and replaced by a new element; every element is
  read once. R = 1 (sizes ≥ 2; n = 1 takes no step).
* Recover form, n = 1, anchor 1, label {0, 1}. `#` is only at 0, so a window
  of radius 1 with `#` at −1 is centred at 1, and position 1 is the anchor iff
  s[2] is a bit (not `_`, not ⊥), visible at +1. h = 0 cannot cover the
  span. r_min = 3 (within 4R+1 = 5): supported by Thm 3.5.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from lengthcheck import Problem, State, Step, token_function


@token_function
def xor(a: str, b: str) -> str:
    return "1" if a != b else "0"


class ParityReduce(Problem):
    name = "parity-reduce"
    description = "same-length front reduction of the bits with `_` padding (FX-03); expected good"
    alphabet = ("#", "0", "1", "_")
    max_size = 10
    expect = {
        "verdict": "supported",
        "R": 1,
        "at_most_once": True,
        "causal_function": True,
        "minimal_r": {"recover": {1: 3}},
    }

    def layout(self, n: int):  # the z3 engine's view of instances(n)
        from lengthcheck import Layout, Slot

        return Layout(("#",) + (Slot("01"),) * n + ("_",))

    def instances(self, n: int) -> Iterator[State]:
        for bits in itertools.product("01", repeat=n):
            yield ("#",) + bits + ("_",)

    def step(self, s: State) -> Step | None:
        if s[2] == "_":
            return None
        value = xor(s[1], s[2])
        moved = {0: 0} | {p: p - 1 for p in range(3, len(s))}
        return Step(reads=(1, 2), next=("#", value) + s[3:] + ("_",), out=(value, "_"), moved=moved)
