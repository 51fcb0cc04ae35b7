"""Parity by front reduction, `# a b … → # (a⊕b) …`, as one rewrite rule (good, proved).

Format: `# x1 x2 … xn`. One rule: left context `#`, pattern two bits, rewritten
to their xor (a splice: the state shrinks by one). Halt at `# p`; p is the parity.

    # 1 0 1 1      reads (0, 1, 2)
    # 1 1 1        reads (0, 1, 2)
    # 0 1          reads (0, 1, 2)
    # 1            halt

Size n = bits; instances: all 2^n bit strings (2,046 for n ≤ 10).

Proof, by hand: width 3 (R ≤ 2); one rule, one read shape (# b b); every step
shortens the state (w ≡ 1); the rule overlaps itself only where the second
match's `#` would sit on a bit: no critical pairs; no markers; one match per
state at most (only one `#`): (1, 5).

Bounded check (N = 10), by hand: R = 2 from n = 2. Only position 0 is ever an
anchor, labelled {0,1,2} iff s[1], s[2] are bits; `# 1` (final) and `# 1 0`
share the radius-1 window `⊥ # 1` at 0, so h = 2: r_min = 5 from bound 2 on.
At most once holds: a splice replaces its whole read span, context included,
so the `#` after a step is a new element (read once, by the next step).
Instances are longer than 5 from n = 5 on and r_min is flat over [5, 10]:
supported by the bounded evidence rules too.
"""

from __future__ import annotations

from lengthcheck import Slot, token_function
from lengthcheck.rules import Block, Rule, RuleProblem

BITS = ("0", "1")


@token_function
def xor(hash_: str, a: str, b: str) -> str:
    return "1" if a != b else "0"


class RulesParityReduce(RuleProblem):
    name = "rules-parity-reduce"
    description = "front reduction # a b → # a⊕b as one rule; proved (1, 5)"
    alphabet = ("#",) + BITS
    max_size = 10
    shape = ("#", Block((Slot(BITS),)))
    rules = (Rule(left=("#",), pattern=(BITS, BITS), rewrite=xor, name="reduce"),)
    expect = {
        "proof": {"holds": True, "n": 1, "r": 5},
        "verdict": "proved", "R": 2, "at_most_once": True,
        "minimal_r": {"recover": {1: 5}}}
    expect_proof = {"holds": True, "n": 1, "r": 5, "failed": []}

    def answer(self, instance):
        return ("#", str(instance[1:].count("1") % 2))
