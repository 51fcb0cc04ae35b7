"""Column addition over pair tokens P(a,b), least significant first, as one rule (good, proved).

Format: `# P(a0,b0) P(a1,b1) … P(a(n−1),b(n−1))` (binary). One rule: left context
`#` (carry 0) or `D(d,c)` (carry c), pattern one pair `P(a,b)`, rewritten to
`D(digit, carry)` (same length). A pair is ready only after the one before it.

    # P(1,1) P(1,0)      reads (0, 1)
    # D(0,1) P(1,0)      reads (1, 2)
    # D(0,1) D(0,1)      halt (3 + 1 = 4 = 100₂)

Size n = digits; instances: 4^n (5,460 for n ≤ 6).

Proof, by hand: width 2 (R ≤ 1); one read shape; P → D: w(P) = 1, others 0; the
rule overlaps itself only with a P where its context needs `#`/D: no critical
pairs; no markers; one rule, one span per anchor: (1, 3).

Bounded check (N = 6), by hand: R = 1. A position c is an anchor iff s[c] is `#`
or a D and s[c+1] is a P; h = 1 sees both, h = 0 cannot cover the span:
r_min = 3, flat over [1, 6] (instances have length n + 1 > 3 from n = 3).
`#` and each P are read once, each D once (as context by the next step): at
most once holds. The bounded verdict is nevertheless `unknown` (evidence rule
(c), coverage): the key `D(1,1) D(·,·) P` or `D(1,1) D D` needs a column with
carry-in 1 left of the window's centre, so its first D sits at column ≥ 2 and
the centre at ≥ 3 with a column after it: new (key, label) patterns appear up to
n = 4 > N/2 = 3. The proof is what settles this format at N = 6.
"""

from __future__ import annotations

from lengthcheck import Slot, token_function
from lengthcheck.rules import Block, Rule, RuleProblem

PAIRS = tuple(f"P({a},{b})" for a in range(2) for b in range(2))
DONE = tuple(f"D({d},{c})" for d in range(2) for c in range(2))


@token_function
def add(previous: str, pair: str) -> str:
    carry = 0 if previous == "#" else int(previous[4])
    total = int(pair[2]) + int(pair[4]) + carry
    return f"D({total % 2},{total // 2})"


class RulesAddColumn(RuleProblem):
    name = "rules-add-column"
    description = "pairs P(a,b) LSB first rewritten to D(digit,carry) after #/D; proved (1, 3)"
    alphabet = ("#",) + PAIRS + DONE
    max_size = 6
    shape = ("#", Block((Slot(PAIRS),)))
    rules = (Rule(left=(("#",) + DONE,), pattern=(PAIRS,), rewrite=add, name="column"),)
    expect = {
        "proof": {"holds": True, "n": 1, "r": 3},
        "verdict": "proved", "R": 1, "at_most_once": True,
        "minimal_r": {"recover": {1: 3}}}
    expect_proof = {"holds": True, "n": 1, "r": 3, "failed": []}

    def answer(self, instance):
        """Digit k of a + b, and whether the low k + 1 columns overflow (the carry out)."""
        cols = instance[1:]
        a = sum(int(p[2]) << k for k, p in enumerate(cols))
        b = sum(int(p[4]) << k for k, p in enumerate(cols))
        out = ["#"]
        for k in range(len(cols)):
            mask = (1 << (k + 1)) - 1
            carry = int((a & mask) + (b & mask) > mask)
            out.append(f"D({(a + b) >> k & 1},{carry})")
        return tuple(out)
