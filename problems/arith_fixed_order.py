"""Arithmetic expressions reduced in a fixed order: leftmost `×`, else leftmost `+` (bad).

Format (the v1 running example `3+2×1 → 3+2 → 5` without any marker). A state is
an expression `d0 o1 d1 … o(k−1) d(k−1)` over single digits 0..3 and the
operators `+`, `*` (written `*` for `×`), evaluated mod 4 with `×` before `+`.
A step picks the leftmost `*` (if there is none, the leftmost `+`), reads the
three positions `(i, i+1, i+2)` of that operation (left operand, operator,
right operand) and splices its value in: `s' = s[:i] + (v,) + s[i+3:]`. The trace
halts when one token remains. Size n = number of operands; the instances are
all 4^n·2^(n−1) expressions with n operands (18,724 for sizes 1..5).

    3 + 2 * 1      reads (2, 3, 4)  (the leftmost `*`)
    3 + 2          reads (0, 1, 2)
    1              halt             (3 + 2·1 = 5 ≡ 1 mod 4)

Source: Xiao & Liu v1 intro (`3+2×1=3+2=5`); paper-experiments.md FX-14b
(global reduction order); DESIGN.md §2 "Several ready steps" (7, 11, 15).

Expectations, derived by hand (bound N = max_size = 5):

* causal_function: the spliced value is `a op b` mod 4, a function of the
  three read tokens. at_most_once: a splice keeps the prefix, shifts the
  suffix; the three read elements are replaced by the value, so every element
  is read once. R = span = 2 for every step (sizes ≥ 2).
* Every expression with ≤ N operands is itself an instance, so the reachable
  states are exactly all expressions of 1..N operands.
* Recover form, n = 1, anchor = min(I) = the left operand `c = 2j` of the
  chosen operation; label {0,1,2} there, NONE everywhere else. Only digit
  positions followed by an operator can be anchors.
  - `s[c+1] = *`: the anchor iff no `*` sits at an odd position left of c. A
    window of radius h misses position 1 iff h ≤ 2j − 2, and then
    `… + … * …` / `… * … * …` that differ only at position 1 collide. With
    j ≤ N−2 (an operator right of c), this needs h ≥ 2(N−2) − 1 = 2N − 5.
  - `s[c+1] = +`: the anchor iff j = 0 and the expression has no `*` at all,
    so the window at 0 must reach the last operator, position 2k − 3:
    `1+1+1+1+1` (anchor 0) vs `1+1+1+1*1` (anchor 6) agree on 0..6, so
    h ≥ 2N − 3. For j ≥ 1 a `+` is never chosen and the window sees an
    operator (not ⊥) at c − 1.
  - Operator centres, the last digit (⊥ or nothing after it) and the final
    one-digit states are NONE and differ from any anchor key at offset 0/+1.
  So h_min = max(2, 2N−5, 2N−3) = 2N − 3: r_min = 4N − 5 = 7, 11, 15 at bounds
  3, 4, 5 (as DESIGN.md says); 15 at the default bound. It grows with the
  bound, so no (1, r) holds for all sizes, although R = 2 and at-most-once
  hold: Thm 3.5's (1, 4R+1) = (1, 9) fails (the format prescribes one order
  where the theory lets a model take any ready step; compare
  arith_running_example, which declares `ready`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from lengthcheck import Problem, State, Step, token_function

MOD = 4
DIGITS = tuple(str(d) for d in range(MOD))
OPS = ("+", "*")


@token_function
def apply(a: str, op: str, b: str) -> str:
    """The value of `a op b` mod 4, as a digit token."""
    x, y = int(a), int(b)
    return str((x + y if op == "+" else x * y) % MOD)


class ArithFixedOrder(Problem):
    name = "arith-fixed-order"
    description = (
        "expressions mod 4, splice-reduce leftmost × then leftmost +, fixed order only; "
        "expected bad (minimal r grows)"
    )
    alphabet = DIGITS + OPS
    max_size = 5
    engine = "smt"  # same expect block; 1.8 s against enumeration's 2.4 s (RESULTS-engines.md)
    expect = {
        "verdict": "not-guaranteed",
        "R": 2,
        "at_most_once": True,
        "causal_function": True,
        "minimal_r": {"recover": {1: 15}},
    }

    def layout(self, n: int):  # the z3 engine's view of instances(n)
        from lengthcheck import Layout, Slot

        return Layout((Slot(DIGITS),) + (Slot(OPS), Slot(DIGITS)) * (n - 1))

    def instances(self, n: int) -> Iterator[State]:
        for digits in itertools.product(DIGITS, repeat=n):
            for ops in itertools.product(OPS, repeat=n - 1):
                rest = tuple(t for pair in zip(ops, digits[1:]) for t in pair)
                yield (digits[0],) + rest

    def step(self, s: State) -> Step | None:
        if len(s) == 1:
            return None
        op = 1  # no `*`: the leftmost `+`
        for p in range(len(s) - 2, 0, -2):  # right to left: ends on the leftmost `*`
            if s[p] == "*":
                op = p
        i = op - 1
        value = apply(s[i], s[i + 1], s[i + 2])
        return Step(reads=(i, i + 1, i + 2), next=s[:i] + (value,) + s[i + 3 :])
