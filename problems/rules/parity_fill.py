"""Interleaved parity fill, `# x1 ? x2 ? …`, as one rewrite rule (good, proved).

Format: `# x1 ? x2 ? … xn ?`. One rule: left context (`#`, `s0` or `s1`; a bit),
pattern `?`, rewritten to `s1`/`s0` = the running parity (same length). A `?`
is ready only once the slot before it is filled, so the slots fill left to
right in every order.

    # 1 ?  0 ?       reads (0, 1, 2)
    # 1 s1 0 ?       reads (2, 3, 4)
    # 1 s1 0 s1      halt

Size n = bits; instances: 2^n (2,046 for n ≤ 10).

Proof, by hand: width 3 (R ≤ 2); one read shape; `?` → `s`: weights w(?) = 1,
others 0; overlaps of the rule with itself need a `?` where a bit or a filled
slot must be: none; no markers; at most one match per anchor: (1, 5).

Bounded check (N = 10), by hand: R = 2 for n ≥ 1. The anchor is the filled
slot (or `#`) two before the first `?`; a position c is an anchor iff
s[c] ∈ {#, s0, s1} and s[c+2] = `?`: h = 2 sees both, h = 1 does not
(`# 0 ?` anchor 0 vs `# 0 s0`, final, share `⊥ # 0`). r_min = 5, flat; every
element is read once except the filled slots, which the next step reads as
context once: at most once holds. Supported (bounded) as well.
"""

from __future__ import annotations

from lengthcheck import Slot, token_function
from lengthcheck.rules import Block, Rule, RuleProblem

BITS = ("0", "1")


@token_function
def fill(previous: str, bit: str, slot: str) -> str:
    return "s1" if (previous == "s1") != (bit == "1") else "s0"


class RulesParityFill(RuleProblem):
    name = "rules-parity-fill"
    description = "slots ? filled with the running parity, context (slot|#, bit); proved (1, 5)"
    alphabet = ("#", "0", "1", "?", "s0", "s1")
    max_size = 10
    shape = ("#", Block((Slot(BITS), "?")))
    rules = (Rule(left=(("#", "s0", "s1"), BITS), pattern=("?",), rewrite=fill, name="fill"),)
    expect = {
        "proof": {"holds": True, "n": 1, "r": 5},
        "verdict": "proved", "R": 2, "at_most_once": True,
        "minimal_r": {"recover": {1: 5}}}
    expect_proof = {"holds": True, "n": 1, "r": 5, "failed": []}
