"""A cursor walks over the bits, flipping each as it passes: `^ b → ¬b ^` (good, proved).

Format: `^ x1 … xn`. Two rules (one per bit): the cursor `^` and the bit after it
become the flipped bit and the cursor. Halt when the cursor is last: `¬x1 … ¬xn ^`.

    ^ 1 0 1      reads (0, 1)
    0 ^ 0 1      reads (1, 2)
    0 1 ^ 1      reads (2, 3)
    0 1 0 ^      halt

Size n = bits; instances: all 2^n bit strings after the cursor (2,046 for n ≤ 10).

At most once, by hand: a step writes both positions it reads (the bit becomes the
flipped bit, the cursor's position the cursor again), so every element it reads is
replaced; no element is read twice.

Proof, by hand: width 2 (R = 1); read shapes `^ 0`, `^ 1`; one cursor, so one match
per state: no critical pairs; the cursor is a marker kept once by both rules; (1, 3).
Termination is what token weights cannot show (`^ 0 → 1 ^` and `^ 1 → 0 ^` need
w(0) > w(1) and w(1) > w(0)): a matrix interpretation of dimension 2 does (the
cursor's matrix counts the bits still to its right).
"""

from __future__ import annotations

from lengthcheck import Slot, token_function
from lengthcheck.rules import Block, Rule, RuleProblem

BITS = ("0", "1")


@token_function
def flip_past(cursor: str, bit: str) -> tuple[str, str]:
    return ("1" if bit == "0" else "0", cursor)


class RulesCursorWalk(RuleProblem):
    name = "rules-cursor-walk"
    description = "a cursor flips each bit as it walks past; termination by matrices"
    alphabet = ("^",) + BITS
    max_size = 10
    shape = ("^", Block((Slot(BITS),)))
    rules = (Rule(pattern=(("^",), BITS), rewrite=flip_past, name="walk"),)
    expect = {"verdict": "proved", "R": 1, "at_most_once": True}
    expect_proof = {"holds": True, "n": 1, "r": 3, "failed": [], "termination": "matrix"}

    def answer(self, instance):
        return tuple("1" if b == "0" else "0" for b in instance[1:]) + ("^",)
