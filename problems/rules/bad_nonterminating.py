"""A cursor that can toggle forever beside a step that ends the run (bad: termination).

Format: `x y w … w` (n copies of `w`). Rules:

* `finish`: `x y → z z` (anchor 0);
* `flip`: `[y] w → v` and `flop`: `[y] v → w` (anchor 1, reads 1, 2).

The trace takes the leftmost step, `finish`, and halts at `z z w …`. But every
match is a ready step, and `flip`/`flop` can be taken forever:
`x y w → x y v → x y w → …` — a model allowed any ready step need not stop.

Proof, by hand: termination fails — `flip` needs w(w) > w(v), `flop` needs
w(v) > w(w): no weights; the bounded search finds the cycle at n = 1. Everything
else holds: one read shape per rule, all different tokens; anchors x (finish)
and y (flip/flop) never coincide; no markers. (Confluence is not proved
either, as a consequence: Newman's lemma needs termination.)

Bounded check (N = 4), by hand: the ready closure of `x y w…` is
{x y w…, x y v…, z z w…, z z v…}; R = 1; a position is an anchor iff it is `x`
(finish) or `y` followed by w/v: h = 0 cannot cover the span, h = 1 sees
both: r_min = 3 (recover). Every step keeps the length and each position's
next token depends on its own token only (x→z, y→z, w↔v): the local-rule form
holds with r = 1, flat over [1, 4], so the bounded verdict is `supported` —
the windows it checks do find the steps; only termination (which `check` takes
for granted: the ready closure of each instance is finite) fails.

`lengthcheck check` says not-guaranteed: with every match ready, the
enumeration engine explores the states any ready step leads to and finds
flip/flop going round a cycle, so some order of the ready steps never ends
(the theory's reasoning is a DAG). The prover says the same from the rules
alone: no termination weights exist.
"""

from __future__ import annotations

from lengthcheck import token_function
from lengthcheck.rules import Block, Rule, RuleProblem


@token_function
def finish(x: str, y: str):
    return ("z", "z")


@token_function
def flip(y: str, w: str) -> str:
    return "v" if w == "w" else "w"


class BadNonTerminating(RuleProblem):
    name = "rules-bad-nonterminating"
    description = "flip/flop can be taken forever beside the step that ends the run; bad"
    alphabet = ("x", "y", "z", "w", "v")
    max_size = 4
    shape = ("x", "y", Block(("w",)))
    rules = (
        Rule(pattern=("x", "y"), rewrite=finish, name="finish"),
        Rule(left=("y",), pattern=("w",), rewrite=flip, name="flip"),
        Rule(left=("y",), pattern=("v",), rewrite=flip, name="flop"),
    )
    expect = {
        "proof": {"holds": False},
        "verdict": "not-guaranteed", "R": 1, "minimal_r": {"recover": {1: 3}}}
    expect_proof = {"holds": False, "failed": ["termination", "confluence"]}
