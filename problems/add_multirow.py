"""FX-09 ADD-MULTIROW: four rows A, B, C (carry), Z (sum) with one cursor token per row (good).

Format: four rows of width w = n + 1 (the operands' n digits, least
significant first, plus a zero column for the last carry), flattened behind
`#` and separated by `|`. Cells are tagged by row (`A0`, `B1`, `C?`, `Z?`, …).
Each row's cursor is a separate token `^A`, `^B`, `^C`, `^Z` placed right
before the row's cursor cell (column t), so that a cursor occurs exactly
once per state and can be found by content (the ICLR local-rule form's
locators must be single tokens that occur at most once).

A step reads the cursor cells A_t, B_t, C_t, Z_t and the C cell after C_t
(C_(t+1), or the `|` that ends row C at the last column — the step writes
there, and reading it tells the last column apart), writes Z_t = sum digit
and C_(t+1) = carry, and moves every cursor one cell right (it swaps with
the cell it stood before). Halt when `^A` stands before `|`.

    # ^A A1 A1 A0 | ^B B1 B0 B0 | ^C C0 C? C? | ^Z Z? Z? Z?    3 + 1
    # A1 ^A A1 A0 | B1 ^B B0 B0 | C0 ^C C1 C? | Z0 ^Z Z? Z?    1+1+0 = 10₂
    # A1 A1 ^A A0 | B1 B0 ^B B0 | C0 C1 ^C C1 | Z0 Z0 ^Z Z?    1+0+1 = 10₂
    # A1 A1 A0 ^A | B1 B0 B0 ^B | C0 C1 C1 ^C | Z0 Z0 Z1 ^Z    halt: Z = 001 → 4

The first step reads (2, 7, 12, 13, 17). Identity is left to the checker's
same-length rule (every changed position is a new element; a swapped cell
is never read again, so nothing depends on it). Size n = digits per operand;
`base` = 2 by default (a subclass may set `base = 10` and
`alphabet = alphabet_for(10)`); instances: base^(2n) (5,460 for sizes 1..6).

Source: paper-experiments.md FX-09, (4,3), R = ∞ (§2.3(c), derivation note 2).

Expectations, derived by hand (bound N = max_size = 6):

* causal_function: the changed tokens in position order are (A_t, ^A, B_t,
  ^B, C_t, ^C, [C_(t+1)'], Z_t', ^Z) — copies, constants and digit/carry of
  A_t + B_t + C_t; the bracket is there iff the fourth read is `C?` (not `|`).
* at_most_once: each cell is read by the step at its column only (C_(t+1)'s
  `C?` by step t, its new value by step t+1; `|` by the last step).
* R: A_t at t+2, Z_t at 3n+11+t: span 3n+9 — grows (R_1 = 12).
* Recover form, n = 1: the window must cover the span, h ≥ 3N+9 ≥ 12, so
  r ≥ 25 > 21 at every bound: None.
* (4,3) recover form (why the verdict is supported): with h = 1 the greedy
  anchors are A_t, B_t, C_t (covering C_(t+1)), Z_t; each window holds its
  row's unique cursor token at offset −1, so a key matches only the true
  anchor tuple of a state in the same situation, and the label is always
  {(1,0),(2,0),(3,0),(3,1),(4,0)}; final states have `|`/⊥ after the cursors.
  (The local-rule form is (4,3) too, with locators ^A, ^B, ^C.)
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from functools import cache

from lengthcheck import Problem, State, Step, token_function

CURSORS = ("^A", "^B", "^C", "^Z")


def alphabet_for(base: int) -> tuple[str, ...]:
    digits = range(base)
    cells = tuple(f"{row}{d}" for row in "ABZ" for d in digits)
    return ("#", "|") + CURSORS + cells + ("C0", "C1", "C?", "Z?")


@cache
def column(base: int) -> tuple[Callable[[str, str, str], str], Callable[[str, str, str], str]]:
    """Token functions (A_t, B_t, C_t) ↦ `Z<digit>` and ↦ `C<carry>` in `base`."""

    @token_function
    def digit(a: str, b: str, c: str) -> str:
        return f"Z{(int(a[1]) + int(b[1]) + int(c[1])) % base}"

    @token_function
    def carry(a: str, b: str, c: str) -> str:
        return f"C{(int(a[1]) + int(b[1]) + int(c[1])) // base}"

    return digit, carry


class AddMultirow(Problem):
    name = "add-multirow"
    description = (
        "rows A, B, carry, sum LSB first with one cursor token per row (FX-09); "
        "expected good via (4,3), R unbounded"
    )
    base = 2
    alphabet = alphabet_for(2)
    max_size = 6
    expect = {
        "verdict": "supported",
        "R": "grows",
        "at_most_once": True,
        "causal_function": True,
        "minimal_r": {"recover": {1: None}},
    }

    def layout(self, n: int):  # the z3 engine's view of instances(n)
        from lengthcheck import Layout, Slot

        a = Slot(f"A{d}" for d in range(self.base))
        b = Slot(f"B{d}" for d in range(self.base))
        return Layout(
            ("#", "^A") + (a,) * n + ("A0", "|", "^B") + (b,) * n + ("B0", "|", "^C", "C0")
            + ("C?",) * n + ("|", "^Z") + ("Z?",) * (n + 1)
        )

    def instances(self, n: int) -> Iterator[State]:
        digits = range(self.base)
        for a in itertools.product(digits, repeat=n):
            for b in itertools.product(digits, repeat=n):
                yield (
                    ("#", "^A")
                    + tuple(f"A{d}" for d in a)
                    + ("A0", "|", "^B")
                    + tuple(f"B{d}" for d in b)
                    + ("B0", "|", "^C", "C0")
                    + ("C?",) * n
                    + ("|", "^Z")
                    + ("Z?",) * (n + 1)
                )

    def step(self, s: State) -> Step | None:
        pa = pb = pc = pz = 0
        for p in range(len(s)):
            if s[p] == "^A":
                pa = p
            elif s[p] == "^B":
                pb = p
            elif s[p] == "^C":
                pc = p
            elif s[p] == "^Z":
                pz = p
        if s[pa + 1] == "|":
            return None
        digit, carry = column(self.base)
        a, b, c = s[pa + 1], s[pb + 1], s[pc + 1]
        nxt = list(s)
        for p, cursor in ((pa, "^A"), (pb, "^B"), (pc, "^C")):
            nxt[p], nxt[p + 1] = s[p + 1], cursor
        if s[pc + 2] != "|":
            nxt[pc + 2] = carry(a, b, c)
        nxt[pz], nxt[pz + 1] = digit(a, b, c), "^Z"
        return Step(reads=(pa + 1, pb + 1, pc + 1, pc + 2, pz + 1), next=nxt)
