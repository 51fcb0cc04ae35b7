"""FX-11 MUL-N×1-COLUMN: pair tokens P(a,d), least significant first → D(digit,carry) (good).

Format: `# P(a0,d) P(a1,d) … P(a(n−1),d)` — the multiplier digit d rides in
every token; a step finds the first P at p, reads (p−1, p) — `#` (carry 0) or
the previous D(x,c) — and writes D(a·d + c mod base, a·d + c div base) at p
(same length). Halt when no P is left; the product is the digits with the
last carry on top.

    # P(2,2) P(1,2)      reads (0, 1)     (base 3: 5 × 2)
    # D(1,1) P(1,2)      reads (1, 2)
    # D(1,1) D(0,1)      halt (digits 1 0, carry 1 → 101₃ = 10)

Size n = digits of a; `base` = 3 by default (carries 0..base−2; base 2 has no
carry; a subclass may set `base = 10` and `alphabet = alphabet_for(10)`);
instances: base^(n+1) (9,837 for sizes 1..7).

Source: paper-experiments.md FX-11, (1,3), R = 1.

Expectations, derived by hand (bound N = max_size = 7): exactly as
add_column — f is (#|D(x,c), P(a,d)) ↦ D(a·d + c); at_most_once holds
(each P, `#` once, D_k read by step k+1 only); R = 1; the anchor is the
`#`/D immediately before a P, which radius 1 sees, and radius 0 cannot cover
the span: r_min = 3; supported by Thm 3.5.

Verdict at the default bound (evidence rules, DESIGN §2): unknown, exactly as
div_column: coverage completes at n = 4 > N/2 = 3; `--max-size 8` makes it
supported (enumeration, a minute or two).

Proved for every n through inferred rules (issue 23): `lengthcheck prove problems/mul_column.py`
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
    pairs = tuple(f"P({a},{d})" for a in digits for d in digits)
    return ("#",) + pairs + tuple(f"D({x},{c})" for x in digits for c in digits)


@token_function
def is_pair(token: str) -> bool:
    return token.startswith("P(")


@cache
def column(base: int) -> Callable[[str, str], str]:
    """Token function (`#` or D(x,c), P(a,d)) ↦ D(digit, carry) of a·d + c in `base`."""

    @token_function
    def multiply(previous: str, pair: str) -> str:
        carry_in = 0 if previous == "#" else int(previous[4])
        total = int(pair[2]) * int(pair[4]) + carry_in
        return f"D({total % base},{total // base})"

    return multiply


class MulColumn(Problem):
    name = "mul-column"
    description = "n×1 multiplication, P(a,d) LSB first rewritten to D(digit,carry) (FX-11); good"
    base = 3
    alphabet = alphabet_for(3)
    max_size = 7
    expect = {
        "verdict": "unknown",
        "R": 1,
        "at_most_once": True,
        "causal_function": True,
        "minimal_r": {"recover": {1: 3}},
    }

    def layout(self, n: int):  # the z3 engine's view of instances(n)
        from lengthcheck import Layout, Slot, token_function

        @token_function
        def second(pair: str) -> str:
            return pair[4]

        def one_digit(s):  # every pair P(x, d) carries the same d
            return all(second(s[i]) == second(s[1]) for i in range(2, n + 1))

        pairs = Slot(f"P({x},{d})" for d in range(0, self.base) for x in range(self.base))
        return Layout(("#",) + (pairs,) * n, where=one_digit)

    def instances(self, n: int) -> Iterator[State]:
        digits = range(self.base)
        for d in digits:
            for a in itertools.product(digits, repeat=n):
                yield ("#",) + tuple(f"P({x},{d})" for x in a)

    def step(self, s: State) -> Step | None:
        for p in range(1, len(s)):
            if is_pair(s[p]):
                out = column(self.base)(s[p - 1], s[p])
                return Step(reads=(p - 1, p), next=s[:p] + (out,) + s[p + 1 :])
        return None
