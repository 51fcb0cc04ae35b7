"""Multi-row addition with one cursor per row, as one marker rule over four segments (good, proved).

Format (binary, least significant digit first): four rows behind `#`, separated
by `|`, each with its cursor token before the row's current cell:

    # ^A A1 A1 A0 | ^B B1 B0 B0 | ^C C0 C? C? | ^Z Z? Z? Z?      3 + 1

Row A holds a's n digits and a closing `A0`, row B likewise, row C the carries
(`C0`, then n `C?`), row Z the n + 1 sum digits. One marker rule, segments

    (^A, a) → (a, ^A)    (^B, b) → (b, ^B)    (^C, c, x) → (c, ^C, x')    (^Z, Z?) → (z, ^Z)

where z = `Z<(a+b+c) mod 2>` and x' = `C<carry>` (or `|` kept when x is `|`,
the last column). Every cursor moves one cell right. Halt when `^A` stands
before `|` (the A class holds no `|`).

    # A1 ^A A1 A0 | B1 ^B B0 B0 | C0 ^C C1 C? | Z0 ^Z Z? Z?
    # A1 A1 A0 ^A | B1 B0 B0 ^B | C0 C1 C1 ^C | Z0 Z0 Z1 ^Z      halt: Z = 001 → 4

Size n = digits per operand; instances: 4^n (5,460 for n ≤ 6).

Proof, by hand: segments of width ≤ 3 (the C segment), so r = 5, n = 4
windows; one read shape per segment order (24; any two differ in the marker at
the first differing segment); weights w(Z?) = 1 (and w(C?) = 0): Z? → Z<d>
in every step; one rule, no local rules: no critical pairs; the shape puts each
cursor once in a fixed part (no Slot, no Block) and the rule moves each cursor
within its segment (counts kept); one rule, one match per state: no anchor
conflicts. (4, 5) for every n.

Bounded check (N = 6), by hand: R grows (A_t to the Z row: 3n + 9 or so). One
window would have to span the rows: no (1, r) with r ≤ 21 from n = 2 on
(minimal_r recover n = 1: None). With h = 2 the greedy anchors are the four
cursors (the C segment fits one window); each window holds its row's unique
cursor at offset 0: (4, 5) — (4, 3) is not enough (the C segment needs a fifth
window at h = 1). The bounded verdict is `unknown` (evidence rule (c)): a key
whose four windows each show two finished and two open cells of their row,
with every carry pattern, needs a column t ≥ 3 with two columns after it, so
new (key, label) patterns keep appearing up to n = 5 > N/2 = 3. The per-read
cover (one window per read, 9 reads) does not fit in 4 windows; `expect` cannot
name the cover rule, so only n = 1 is listed.
"""

from __future__ import annotations

from lengthcheck import Slot, token_function
from lengthcheck.rules import Block, MarkerRule, RuleProblem, Segment

A = ("A0", "A1")
B = ("B0", "B1")
C = ("C0", "C1")


@token_function
def column(ma: str, a: str, mb: str, b: str, mc: str, c: str, x: str, mz: str, z: str):
    total = int(a[1]) + int(b[1]) + int(c[1])
    carry = "|" if x == "|" else f"C{total // 2}"
    return ((a, "^A"), (b, "^B"), (c, "^C", carry), (f"Z{total % 2}", "^Z"))


class RulesAddMultirow(RuleProblem):
    name = "rules-add-multirow"
    description = "rows A, B, carries, sum with one cursor per row, one 4-segment rule; (4, 5)"
    alphabet = ("#", "|", "^A", "^B", "^C", "^Z") + A + B + C + ("C?", "Z?", "Z0", "Z1")
    max_size = 6
    shape = (
        "#", "^A", Block((Slot(A),)), "A0", "|",
        "^B", Block((Slot(B),)), "B0", "|",
        "^C", "C0", Block(("C?",)), "|",
        "^Z", Block(("Z?",), per_n=1, extra=1),
    )
    rules = (
        MarkerRule(
            segments=(Segment("^A", (A,)), Segment("^B", (B,)),
                      Segment("^C", (C, ("C?", "|"))), Segment("^Z", ("Z?",))),
            rewrite=column, name="column",
        ),
    )
    expect = {
        "proof": {"holds": True, "n": 4, "r": 5},
        "verdict": "proved", "R": "grows", "causal_function": True,
        "minimal_r": {"recover": {1: None}}}
    expect_proof = {"holds": True, "n": 4, "r": 5, "failed": []}
