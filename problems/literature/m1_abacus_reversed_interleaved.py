"""Repair of M-1: interleave the reversed operands, one answer slot after each digit pair.

The change: interleave. M-1 writes `21+43=64` (everything least significant
first); its tokens never say which digit of a is a_k, so step k's inputs sit
2k tokens apart and only the Abacus embedding (the digit's index) finds them.
Written column by column instead — `# a0 b0 ? a1 b1 ? … a(n−1) b(n−1) ? ?` —
the inputs of column k are adjacent to its slot. A slot is filled with
`s<digit><carry>` (the carry travels in the slot token, as the answer digit
plus the carry a model would otherwise recover); `#` is carry 0; the last `?`
takes the final carry. Base 2 by default. 3 + 1 (binary 11 + 01, LSB first):

    # 1 1 ? 1 0 ? ?          reads (0, 1, 2)    s01: digit 0, carry 1
    # 1 1 s01 1 0 ? ?        reads (3, 4, 5)    s01
    # 1 1 s01 1 0 s01 ?      reads (6,)         s10: the final carry
    # 1 1 s01 1 0 s01 s10    halt (sum 100, LSB first 0 0 1)

Expectations, derived by hand (bound N = max_size = 8):

* causal_function: (#|s·c, a, b) ↦ s<(a+b+c) mod 2><carry>, (s·c) ↦ s<c>0;
  fan-in 3; R = 2 (reads p−3 … p−1).
* at_most_once: True (same-length rewrite, identity by position; every
  element is read once: a slot by the next column only).
* Recover form, n = 1, anchor min = the previous slot (or `#`), label
  {0, 1, 2}, or {0} for the last step: the window must see the `?` three to
  the right, h = 3, r = 7 (within 4R+1 = 9). A filled slot or `#` with a `?`
  three to its right is the frontier only (slots fill left to right); one
  with `?` right next to it and ⊥ after is the final step's anchor.
* Evidence: every series flat from n = 1 or 2; instances (3n+2 tokens) are
  longer than 7 from n = 2; every window of 7 spans at most three columns, so
  every pattern occurs by n = 4 ≤ N/2: supported at N = 8.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from _literature_arith import digits

from lengthcheck import Problem, State, Step, token_function

SLOTS = ("s00", "s01", "s10", "s11")


@token_function
def column(previous: str, a: str, b: str) -> str:
    carry = 0 if previous == "#" else int(previous[2])
    total = int(a) + int(b) + carry
    return f"s{total % 2}{total // 2}"


@token_function
def final(previous: str) -> str:
    return f"s{previous[2]}0"


class AbacusReversedInterleaved(Problem):
    name = "abacus-reversed-interleaved"
    description = "repair of M-1: operand digits interleaved by column, a slot after each pair"
    alphabet = digits(2) + ("#", "?") + SLOTS
    max_size = 8
    published = {
        "outcome": "repair",
        "repairs": "m1_abacus_reversed",
        "change": "interleave the operands column by column, an answer slot after each pair",
    }
    expect = {
        "verdict": "supported",
        "R": 2,
        "at_most_once": True,
        "causal_function": True,
        "minimal_r": {"recover": {1: 7}},
    }

    def layout(self, n: int):  # the z3 engine's view of instances(n)
        from lengthcheck import Layout, Slot

        digit = Slot(digits(2))
        return Layout(("#",) + (digit, digit, "?") * n + ("?",))

    def instances(self, n: int) -> Iterator[State]:
        for pairs in itertools.product(itertools.product(digits(2), repeat=2), repeat=n):
            yield ("#",) + tuple(t for a, b in pairs for t in (a, b, "?")) + ("?",)

    def step(self, s: State) -> Step | None:
        if "?" not in s:
            return None
        p = s.index("?")
        if p == len(s) - 1:
            return Step(reads=(p - 1,), next=s[:p] + (final(s[p - 1]),))
        return Step(reads=(p - 3, p - 2, p - 1),
                    next=s[:p] + (column(s[p - 3], s[p - 2], s[p - 1]),) + s[p + 1 :])
