"""Subtraction mod 4 without precedence: two orders, two answers (bad: confluence).

Format: `d0 - d1 - … - d(n−1)` over digits 0..3. One rule: `a - b → (a − b) mod 4`
anywhere. `3 - 1 - 1` gives `2 - 1 → 1` (left first) or `3 - 0 → 3` (right first).

Proof, by hand: width 3, one read shape, every step shortens the state (w ≡ 1),
no markers, one anchor per match (the left digit). Confluence fails: the
critical pair of the rule with itself at offset 2, `a - b - c`, reduces to
(a − b − c) and (a − b + c), which differ whenever 2c ≢ 0 (mod 4), e.g.
`0 - 0 - 1` → `3` and `1`.

Bounded check (N = 5), by hand: R = 2; with every match ready, a digit followed
by `-` is an anchor, which h = 1 sees, but anchor `min` must cover the span 2:
r_min = 5, flat from n = 2: the windows do find a next step. What is wrong is
that the steps disagree on the answer. The bounded check sees it too since
issue 18 (every order must end in the same final state): `0 - 0 - 1` ends in
3 left first and in 1 right first, so the verdict is `not-guaranteed` with
that state as the counterexample (before, it was `unknown`, and only the
prover's confluence premise caught it).
"""

from __future__ import annotations

from lengthcheck import Slot, token_function
from lengthcheck.rules import Block, Rule, RuleProblem

DIGITS = ("0", "1", "2", "3")


@token_function
def minus(a: str, op: str, b: str) -> str:
    return str((int(a) - int(b)) % 4)


class BadNonConfluent(RuleProblem):
    name = "rules-bad-nonconfluent"
    description = "a - b anywhere, mod 4: different orders give different answers; bad"
    alphabet = DIGITS + ("-",)
    max_size = 5
    shape = (Slot(DIGITS), Block(("-", Slot(DIGITS)), per_n=1, extra=-1))
    rules = (Rule(pattern=(DIGITS, "-", DIGITS), rewrite=minus, name="minus"),)
    expect = {
        "proof": {"holds": False},
        "verdict": "not-guaranteed", "R": 2, "causal_function": True,
        "minimal_r": {"recover": {1: 5}}}
    expect_proof = {"holds": False, "failed": ["confluence"]}
