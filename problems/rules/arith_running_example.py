"""The running example `3+2×1 → 3+2 → 1` (digits mod 4) as two rewrite rules (good, proved).

Format: an expression `d0 o1 d1 … o(n−1) d(n−1)` over digits 0..3 and `+`, `*`
(for ×), evaluated mod 4. Precedence is context, not order:

* `times`: `a * b → (a·b mod 4)` wherever it matches (width 3);
* `plus`: `a + b → (a+b mod 4)` when the operators on either side are `+` or
  the state's edge (left context `{+, EDGE}`, right context `{+, EDGE}`;
  width 5), so no `+` is reduced next to a `*`.

Every match is a ready step; the trace takes the leftmost.

    3 + 2 * 1      ready: times at 2 (reads 2,3,4)     plus is blocked by `*`
    3 + 2          ready: plus at 0 (reads 0,1,2; both edges)
    1              halt

Size n = operands; instances: all 4^n·2^(n−1) expressions (18,724 for n ≤ 5).

Proof, by hand (`lengthcheck prove`):

1. width w = 5 (plus with its context): R ≤ 4.
2. read shapes: times (D * D); plus clipped at no/left/right/both edges: (+ D + D +),
   (D + D +), (+ D + D), (D + D). Equal lengths never share tokens at the operator
   (`*` vs `+`) or at position 0 (a digit vs `+`): no two shapes read the same tokens.
3. every rule shortens the state by two: w ≡ 1.
4. critical pairs: times/times (`a*b*c`: associative mod 4) and plus/plus
   (`a+b+c` with `+`/edge around: associative) — joinable; times and plus never
   overlap (plus's context excludes `*`).
5. no markers.
6. anchors: times at its left digit, plus at its left context operator (or 0 at the
   start edge, where `+` follows the digit, not `*`): no anchor holds both.
   (1, 2·5−1) = (1, 9).

Bounded check (enumeration, N = max_size = 5), by hand: R counts the steps the
runs take, and a run always takes the leftmost match, which is never a plus with
both contexts inside the state (a plus whose left context is an operator has a
times or an edge-clipped plus left of it): R_m = –, 2, 3, 3, 3 (edge-clipped plus
reads 3 or 4 tokens) — flat over [3, 5] only, not yet a doubling run. Recover
form, n = 1, anchor min, every match labelled: a `+` at c anchors a plus iff
s[c+2] = `+` and s[c+4] ∈ {+, ⊥}; h = 3 cannot see c + 4 (`1+1+1*1` vs
`1+1+1+1`, position 1), h = 2 cannot tell `1+1+1` (ready at 0) from `1+1*1`
(not) at 0: r_min = 1, 5, 7, 9, 9 at bounds 1..5 — the proof's r = 9 from n = 4.
The bounded verdict stays `unknown` (Thm 3.5's (1, 13) holds but no size has all
its instances longer than 13: evidence rule (b)); the proof is what settles it.
"""

from __future__ import annotations

from lengthcheck import Slot, token_function
from lengthcheck.rules import EDGE, Block, Rule, RuleProblem

DIGITS = ("0", "1", "2", "3")
OPS = ("+", "*")


@token_function
def times(a: str, op: str, b: str) -> str:
    return str(int(a) * int(b) % 4)


@token_function
def plus(left: str, a: str, op: str, b: str, right: str) -> str:
    return str((int(a) + int(b)) % 4)


class RulesArith(RuleProblem):
    name = "rules-arith"
    description = "3+2×1 mod 4 as rules: × anywhere, + only between +/edges; proved (1, 9)"
    alphabet = DIGITS + OPS
    max_size = 5
    shape = (Slot(DIGITS), Block((Slot(OPS), Slot(DIGITS)), per_n=1, extra=-1))
    rules = (
        Rule(pattern=(DIGITS, "*", DIGITS), rewrite=times, name="times"),
        Rule(left=(("+", EDGE),), pattern=(DIGITS, "+", DIGITS), right=(("+", EDGE),),
             rewrite=plus, name="plus"),
    )
    expect = {
        "proof": {"holds": True, "n": 1, "r": 9},
        "verdict": "proved", "minimal_r": {"recover": {1: 9}}, "causal_function": True}
    expect_proof = {"holds": True, "n": 1, "r": 9, "failed": []}

    def answer(self, instance):
        """The value mod 4, × before + (what every order must end in)."""
        total, product = 0, int(instance[0])
        for op, d in zip(instance[1::2], instance[2::2]):
            if op == "*":
                product = product * int(d) % 4
            else:
                total, product = total + product, int(d)
        return (str((total + product) % 4),)
