"""Repair of C-2: write scratch bit k next to input bit k instead of after the whole input.

The change: interleave. The input is laid out with an empty slot `?` after
every bit, `# x1 ? x2 ? … xn ?`, and the prefix parities fill the slots left
to right (a same-length rewrite): scratch k reads x_k and scratch k−1, both
adjacent, so the distance Cho et al. bridge with coupled position ids (input
k and scratch k share one) is simply gone from the tokens. Scratch values
stay `0`/`1` as in Cho's code; `#` is the empty prefix (parity 0).

    # 1 ? 0 ? 1 ? 1 ?        reads (0, 1)
    # 1 1 0 ? 1 ? 1 ?        reads (2, 3)
    # 1 1 0 1 1 ? 1 ?        reads (4, 5)
    # 1 1 0 1 1 0 1 ?        reads (6, 7)
    # 1 1 0 1 1 0 1 1        halt (the last slot is the parity)

Expectations, derived by hand (bound N = max_size = 8):

* causal_function: (#|p, x) ↦ p ⊕ x; fan-in 2; R = 1.
* at_most_once: True (same-length rewrite, identity by position; each slot
  element is written by step k and read by step k+1 only).
* Recover form, n = 1, anchor p−2 (the previous slot or `#`), label {0, 1}:
  h = 1 cannot tell the frontier (the window `x s x` recurs at every filled
  slot); h = 2 sees the `?` two to the right, and a `?` two after a filled
  slot or `#` occurs only at the first `?` (slots fill left to right; a
  window centred on a bit has a bit, never a `?`, two to its right).
  r_min = 5 = 4R+1 at every bound: Thm 3.5.
* Evidence: R and fan-in flat from n = 1, |X| from n = 2 ((p, x) first
  appears at n = 2); instances are longer than r = 5 from n = 3; N = 8 ≥ 2·3
  and every pattern occurs by n = 3 ≤ N/2: supported.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from lengthcheck import Problem, State, Step, token_function


@token_function
def fill(previous: str, bit: str) -> str:
    """The prefix parity after `bit`; `#` is the empty prefix."""
    return bit if previous in ("#", "0") else ("0" if bit == "1" else "1")


class ParityScratchpadInterleaved(Problem):
    name = "parity-scratchpad-interleaved"
    description = "repair of C-2: each prefix parity written in a slot right after its bit"
    alphabet = ("#", "0", "1", "?")
    max_size = 8
    published = {
        "outcome": "repair",
        "repairs": "c2_parity_scratchpad",
        "change": "interleave: scratch k goes in a slot right after input bit k",
    }
    expect = {
        "verdict": "supported",
        "R": 1,
        "at_most_once": True,
        "causal_function": True,
        "minimal_r": {"recover": {1: 5}},
    }

    def layout(self, n: int):  # the z3 engine's view of instances(n)
        from lengthcheck import Layout, Slot

        return Layout(("#",) + (Slot("01"), "?") * n)

    def instances(self, n: int) -> Iterator[State]:
        for bits in itertools.product("01", repeat=n):
            yield ("#",) + tuple(t for b in bits for t in (b, "?"))

    def step(self, s: State) -> Step | None:
        if "?" not in s:
            return None
        p = s.index("?")
        return Step(reads=(p - 2, p - 1), next=s[:p] + (fill(s[p - 2], s[p - 1]),) + s[p + 1 :])
