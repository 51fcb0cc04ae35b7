"""Copy with cursors where copying `c` duplicates the source cursor (bad: markers).

Format as copy_slots (`^S x1 … xn = ^T ? … ?`, tokens a, b, c), but the rewrite
writes `^S` instead of `c` into the slot: after copying a `c` the state holds
`^S` twice, and the rule then matches at either copy.

    ^S c = ^T ?      reads (0, 1, 3, 4)
    c ^S = ^S ^T     halt (^S twice; the copy of c is lost)

Proof, by hand: the rule changes the count of ^S on (^S, c, ^T, ?) →
(c, ^S, ^S, ^T): markers fail. Everything else holds (w(?) = 1; one rule,
no local rules; two read shapes that differ at their first token).

Bounded check (N = 5), by hand: `^S c a = ^T ? ?` → `c ^S a = ^S ^T ?`: the
second ^S stands before ^T, which is no source token, so it matches nothing
yet; but once a copied token follows it (`c a ^S a = a a ^S a ^T ?`, the R
witness at n = 5) the rule matches from either ^S, and R jumps (4, 5, 6, 8, 10).
Greedy (2, 3) still holds up to N = 5 (each window shows its cursor), n = 1
grows (r_min 9, 11, 13, 17, 21); the per-read (4, 5) is flat only over [4, 5].
That was `unknown` before issue 18. Since then the bounded check objects too:
with two `^S` the rule matches at either, and the two matches lead to
different final states at n = 3 (every order must end alike), so the verdict
is `not-guaranteed` with that state as the counterexample; the marker premise
says why.
"""

from __future__ import annotations

from lengthcheck import Slot, token_function
from lengthcheck.rules import Block, MarkerRule, RuleProblem, Segment

TOKENS = ("a", "b", "c")


@token_function
def copy(ms: str, x: str, mt: str, slot: str):
    return ((x, "^S"), ("^S" if x == "c" else x, "^T"))


class BadMarkerDuplicated(RuleProblem):
    name = "rules-bad-marker-duplicated"
    description = "copy with cursors whose rewrite duplicates ^S when copying c; bad"
    alphabet = TOKENS + ("=", "?", "^S", "^T")
    max_size = 5
    shape = ("^S", Block((Slot(TOKENS),)), "=", "^T", Block(("?",)))
    rules = (
        MarkerRule(segments=(Segment("^S", (TOKENS,)), Segment("^T", ("?",))),
                   rewrite=copy, name="copy"),
    )
    expect = {
        "proof": {"holds": False},
        "verdict": "not-guaranteed", "R": "grows", "minimal_r": {"recover": {1: 21}}}
    expect_proof = {"holds": False, "failed": ["markers"]}
