"""Copy into slots with two cursors, as one marker rule over two segments (good, proved).

Format: `^S x1 … xn = ^T ? … ?` over tokens a, b, c (repeats allowed). One marker
rule: segment (^S, x) → (x, ^S) and segment (^T, ?) → (x, ^T): copy the token
after the source cursor into the slot after the target cursor, move both.
Halt when `^S` stands before `=`.

    ^S c a = ^T ? ?      reads (0, 1, 4, 5)
    c ^S a = c ^T ?      reads (1, 2, 5, 6)
    c a ^S = c a ^T      halt

Size n = length; instances: 3^n (1,092 for n ≤ 6).

Proof, by hand: segments of width 2: r = 3, n = 2; two read shapes (S first or
T first) differ at their first token (^S vs ^T); weights w(?) = 1, others 0;
no local rules: no critical pairs; ^S and ^T stand once in fixed parts of the
shape and the rule keeps their counts; one rule: no anchor conflicts. (2, 3)
for every n.

Bounded check (N = 6), by hand: R = n + 3 grows (^S at 0 to the slot after ^T
at n + 3). n = 1: the window at ^S must cover the slot, h ≥ n + 3 at every
bound, so r_min = 2N + 7 = 19 at N = 6, growing. Greedy n = 2, h = 1: anchors
^S and ^T, each window shows its cursor at offset 0: (2, 3), flat; instances
are longer than 3 at every size: supported (bounded) too. (`expect` cannot
name the cover rule, so only n = 1 is listed.)
"""

from __future__ import annotations

from lengthcheck import Slot, token_function
from lengthcheck.rules import Block, MarkerRule, RuleProblem, Segment

TOKENS = ("a", "b", "c")


@token_function
def copy(ms: str, x: str, mt: str, slot: str):
    return ((x, "^S"), (x, "^T"))


class RulesCopySlots(RuleProblem):
    name = "rules-copy-slots"
    description = "copy x1…xn into slots, source and target cursors, one 2-segment rule; (2, 3)"
    alphabet = TOKENS + ("=", "?", "^S", "^T")
    max_size = 6
    shape = ("^S", Block((Slot(TOKENS),)), "=", "^T", Block(("?",)))
    rules = (
        MarkerRule(segments=(Segment("^S", (TOKENS,)), Segment("^T", ("?",))),
                   rewrite=copy, name="copy"),
    )
    expect = {
        "proof": {"holds": True, "n": 2, "r": 3},
        "verdict": "proved", "R": "grows", "minimal_r": {"recover": {1: 19}}}
    expect_proof = {"holds": True, "n": 2, "r": 3, "failed": []}

    def answer(self, instance):
        n = (len(instance) - 2) // 2
        xs = instance[1:n + 1]
        return xs + ("^S", "=") + xs + ("^T",)
