"""FX-15 ARITH-FRONT: same-length front reduction of an expression, padded with `_` (good).

Format: `# d0 o1 d1 o2 d2 …` over digits 0..3 and `+`, `*` (for `×`), mod 4
(FX-15 uses mod 10; mod 4 keeps the instance count small). Each step reduces
one operation at the front while respecting precedence, with positions
1..5 = `a op1 b op2 c`: if op1 = `*` reduce a×b; else if op2 = `*` reduce b×c;
else reduce a+b. The value replaces the three read tokens, the rest shifts
left by two, and two pads `_` fill the end (the length stays 2n). Halt when
position 2 is `_` (or absent: n = 1).

    # 2 * 3 + 2 * 3     op1 = *          reads (1, 2, 3)
    # 2 + 2 * 3 _ _     op2 = *          reads (3, 4, 5)
    # 2 + 2 _ _ _ _     op1 = +, no op2  reads (1, 2, 3)
    # 0 _ _ _ _ _ _     halt             (2·3 + 2·3 = 12 ≡ 0 mod 4)

The step gives its output explicitly, `out = (value, _, _)` (the new
elements in position order), and `moved` (the prefix stays, the suffix
moves left by 2), because the shift changes many positions that the step
does not compute. Size n = operands; instances: 4^n·2^(n−1) (18,724 for
sizes 1..5).

Source: paper-experiments.md §2.1(c), FX-15 (1,7), R = 2.

Expectations, derived by hand (bound N = 5):

* causal_function: out = (a op b mod 4, _, _), a function of the reads.
  at_most_once: with `moved`, the three read elements are consumed and the
  value and pads are new elements, so every element is read once. R = 2.
* Recover form, n = 1, anchor min(I) ∈ {1, 3}, label {0,1,2}; `#` is only at 0.
  Position 1 is the anchor iff s[2] is an operator and not (s[2] = + and
  s[4] = *); position 3 iff s[2] = + and s[4] = *; no other position ever is.
  With h = 3 the window sees `#` at offset −1 (position 1) or −3 (position 3)
  and sees s[2], s[4]; centres ≥ 4 see no `#`; final states have `_` at 2. So
  h = 3 works. h = 2 fails: `# 1 + 1 * 1` at 3 (anchor) and `# 1 + 1 + 1 * 1`
  at 5 (its anchor is 1) share the window `1 + 1 * 1`. h ≤ 1 cannot cover
  the span 2. r_min = 7 (within 4R+1 = 9): supported by Thm 3.5.

Verdict at the default bound (evidence rules, DESIGN §2): unknown. The route
is (1, 7), and rule (b) counts only sizes whose instances are all longer than
7 tokens (n ≥ 4), so the flat run must reach N = 8; enumeration there takes
minutes, so the default bound stays 5 and says so.
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


class ArithFront(Problem):
    name = "arith-front"
    description = (
        "expressions mod 4, same-length front reduction with `_` padding (FX-15); "
        "expected good (1,7)"
    )
    alphabet = ("#", "_") + DIGITS + OPS
    max_size = 5
    engine = "smt"  # same expect block; 0.8 s against enumeration's 1.9 s (RESULTS-engines.md)
    expect = {
        "verdict": "unknown",
        "R": 2,
        "at_most_once": True,
        "causal_function": True,
        "minimal_r": {"recover": {1: 7}},
    }

    def layout(self, n: int):  # the z3 engine's view of instances(n)
        from lengthcheck import Layout, Slot

        return Layout(("#", Slot(DIGITS)) + (Slot(OPS), Slot(DIGITS)) * (n - 1))

    def instances(self, n: int) -> Iterator[State]:
        for digits in itertools.product(DIGITS, repeat=n):
            for ops in itertools.product(OPS, repeat=n - 1):
                rest = tuple(t for pair in zip(ops, digits[1:]) for t in pair)
                yield ("#", digits[0]) + rest

    def step(self, s: State) -> Step | None:
        if len(s) < 3 or s[2] == "_":
            return None
        i = 1
        if s[2] == "+" and len(s) > 4 and s[4] == "*":
            i = 3
        value = apply(s[i], s[i + 1], s[i + 2])
        moved = {p: p for p in range(i)} | {p: p - 2 for p in range(i + 3, len(s))}
        return Step(
            reads=(i, i + 1, i + 2),
            next=s[:i] + (value,) + s[i + 3 :] + ("_", "_"),
            out=(value, "_", "_"),
            moved=moved,
        )
