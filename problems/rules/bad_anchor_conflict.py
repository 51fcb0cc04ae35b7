"""Two rules matching at one anchor with different reads (bad: consistency).

Format: any string over {a, b}. Rules: `wide`: `a [b] → c` (reads the `a` and
the `b` after it) and `narrow`: `a → c` (reads the `a` alone). Both write the
same `c`, so the answer does not depend on the order; but in `a b` both are
ready at anchor 0, one reading (0, 1), the other (0,): no window can say which
positions the step at 0 reads.

Proof, by hand: width 2; read shapes (a b) and (a) differ in length; `a → c`
everywhere: w(a) = 1; overlaps `wide`/`narrow` at offset 0 give `c b` both
ways (joinable); no markers. Consistency fails statically: `a b` is a state
where both match at 0 with reads (0, 1) and (0).

Bounded check (N = 4), by hand: `a b` (n = 2) holds the conflict: every
(n, r) fails with an anchor conflict; not guaranteed.
"""

from __future__ import annotations

from lengthcheck import Slot, token_function
from lengthcheck.rules import Block, Rule, RuleProblem


@token_function
def wide(a: str, b: str) -> str:
    return "c"


@token_function
def narrow(a: str) -> str:
    return "c"


class BadAnchorConflict(RuleProblem):
    name = "rules-bad-anchor-conflict"
    description = "a [b] → c and a → c both ready at one anchor with different reads; bad"
    alphabet = ("a", "b", "c")
    max_size = 4
    shape = (Block((Slot(("a", "b")),)),)
    rules = (
        Rule(pattern=("a",), right=("b",), rewrite=wide, name="wide"),
        Rule(pattern=("a",), rewrite=narrow, name="narrow"),
    )
    expect = {
        "proof": {"holds": False},
        "verdict": "not-guaranteed"}
    expect_proof = {"holds": False, "failed": ["consistency"]}
