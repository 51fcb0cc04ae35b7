"""Sorting bits by adjacent swaps, `1 0 → 0 1`, as one rule (good, proved by inversions).

Format: `x1 … xn`, bits. One rule: a `1` followed by a `0` becomes `0 1`. Every
occurrence of `1 0` is a ready step (a model may swap any of them); the trace takes
the leftmost. Halt when no `1 0` is left: the bits sorted.

    1 0 1 0      reads (0, 1)
    0 1 1 0      reads (2, 3)
    0 1 0 1      reads (1, 2)
    0 0 1 1      halt

Size n = bits; instances: all 2^n bit strings (2,046 for n ≤ 10).

At most once, by hand: a swap writes both positions it reads, so both elements it
reads are replaced by new ones; no element is read twice.

Proof, by hand: width 2 (R = 1); one read shape (1 0); no two matches of `1 0`
overlap (the second would need its `1` on the first's `0`): no critical pairs;
no markers; (1, 3). Termination is what token weights cannot show (the rule
rewrites `1 0` to a permutation of itself): each swap removes exactly one
inversion of the order 0 < 1 (a pair `1 … 0`), and a string of n bits has at most
n²/4. (A matrix interpretation of dimension 2 proves it too, which
tests/test_termination.py checks by asking for matrices only.)
"""

from __future__ import annotations

from lengthcheck import Slot, token_function
from lengthcheck.rules import Block, Rule, RuleProblem

BITS = ("0", "1")


@token_function
def swap(one: str, zero: str) -> tuple[str, str]:
    return (zero, one)


class RulesBubbleSort(RuleProblem):
    name = "rules-bubble-sort"
    description = "bits sorted by swaps 1 0 → 0 1; termination: each swap removes an inversion"
    alphabet = BITS
    max_size = 10
    shape = (Block((Slot(BITS),)),)
    rules = (Rule(pattern=(("1",), ("0",)), rewrite=swap, name="swap"),)
    expect = {"verdict": "proved", "R": 1, "at_most_once": True}
    expect_proof = {"holds": True, "n": 1, "r": 3, "failed": [], "termination": "inversions"}

    def answer(self, instance):
        return tuple(sorted(instance))
