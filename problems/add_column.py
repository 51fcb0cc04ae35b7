"""FX-08 ADD-COLUMN: aligned digit pairs P(a,b), least significant first → D(digit,carry) (good).

Format: `# P(a0,b0) P(a1,b1) … P(a(n−1),b(n−1))`; a step finds the first
pair token at p, reads (p−1, p) — `#` (carry 0) or the previous D(d,c) — and
writes D(digit, carry-out) at p (same length). Halt when no P is left; the
sum is the digits d0 … d(n−1) with the last carry on top.

    # P(1,1) P(1,0)      reads (0, 1)
    # D(0,1) P(1,0)      reads (1, 2)
    # D(0,1) D(0,1)      halt (3 + 1 = 4 = 100₂)

Size n = digits; `base` = 2 by default (a subclass may set `base = 10` and
`alphabet = alphabet_for(10)`); instances: base^(2n) (5,460 for sizes 1..6).

Source: paper-experiments.md FX-08, (1,3), R = 1.

Expectations, derived by hand (bound N = max_size = 6):

* causal_function: (#|D(d,c), P(a,b)) ↦ D of a + b + c. at_most_once:
  same-length, identity by position; `#` and each P are read once, D_k is
  written by step k and read by step k+1 only. R = 1.
* Recover form, n = 1, anchor p−1, label {0, 1}: a position c is the anchor
  iff s[c] is `#` or a D and s[c+1] is a P (pairs are rewritten left to right,
  so the last D before a P is the frontier). h = 1 sees both; h = 0 cannot
  cover the span. r_min = 3 (within 4R+1 = 5): supported by Thm 3.5.

Default bound and engine (evidence rules, DESIGN §2): every length-3 window
around a frontier spans at most three columns and a boundary token, so every
key and every causal input occurs by n = 4; rule (c) then needs N ≥ 8. The
z3 engine decides N = 10 in seconds (enumeration at 8 takes minutes), so
this module defaults to `engine = "smt"`, `max_size = 10`: supported, R = 1
and the minimal r = 3 flat from n = 1, coverage saturated at n = 4 ≤ N/2.

Proved for every n through inferred rules (issue 23): `lengthcheck prove problems/add_column.py`
reads one rule per (window → written tokens) off the traces, checks that the rules
take exactly the spec's steps up to the bound, and proves the rules; that they are
this step() is shown up to the bound only (tests/test_inferred_rules.py, n = 4).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from functools import cache

from lengthcheck import Problem, State, Step, token_function


def alphabet_for(base: int) -> tuple[str, ...]:
    digits = range(base)
    pairs = tuple(f"P({a},{b})" for a in digits for b in digits)
    return ("#",) + pairs + tuple(f"D({d},{c})" for d in digits for c in (0, 1))


@token_function
def is_pair(token: str) -> bool:
    return token.startswith("P(")


@cache
def column(base: int) -> Callable[[str, str], str]:
    """Token function (`#` or D(d,c), P(a,b)) ↦ D(digit, carry) in `base`."""

    @token_function
    def add(previous: str, pair: str) -> str:
        carry_in = 0 if previous == "#" else int(previous[4])
        total = int(pair[2]) + int(pair[4]) + carry_in
        return f"D({total % base},{total // base})"

    return add


class AddColumn(Problem):
    name = "add-column"
    description = "pair tokens P(a,b) LSB first rewritten to D(digit,carry) (FX-08); good (1,3)"
    base = 2
    alphabet = alphabet_for(2)
    max_size = 10
    engine = "smt"  # decides N = 10 in seconds; see the docstring
    expect = {
        "verdict": "supported",
        "R": 1,
        "at_most_once": True,
        "causal_function": True,
        "minimal_r": {"recover": {1: 3}},
    }

    def layout(self, n: int):  # the z3 engine's view of instances(n)
        from lengthcheck import Layout, Slot

        pairs = [f"P({a},{b})" for a in range(self.base) for b in range(self.base)]
        return Layout(("#",) + (Slot(pairs),) * n)

    def instances(self, n: int) -> Iterator[State]:
        pairs = [f"P({a},{b})" for a in range(self.base) for b in range(self.base)]
        for columns in itertools.product(pairs, repeat=n):
            yield ("#",) + columns

    def step(self, s: State) -> Step | None:
        for p in range(1, len(s)):
            if is_pair(s[p]):
                out = column(self.base)(s[p - 1], s[p])
                return Step(reads=(p - 1, p), next=s[:p] + (out,) + s[p + 1 :])
        return None
