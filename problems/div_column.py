"""FX-13 DIV-N÷1: pair tokens P(a,d), most significant first → D(quotient digit, remainder) (good).

Format: `# P(a(n−1),d) … P(a0,d)` with divisor d ≥ 1 in every token; a step
finds the first P at p, reads (p−1, p) — `#` (remainder 0) or the previous
D(q,r) — and writes D(v div d, v mod d), v = r·base + a, at p (same length).
Halt when no P is left; the quotient is the q digits (MSB first) and the
remainder the r of the last token.

    # P(2,2) P(1,2)      reads (0, 1)     (base 3: 21₃ = 7 ÷ 2)
    # D(1,0) P(1,2)      reads (1, 2)
    # D(1,0) D(0,1)      halt (quotient 10₃ = 3, remainder 1)

Size n = digits of a; `base` = 3 by default (divisor 1..base−1; a subclass may
set `base = 10` and `alphabet = alphabet_for(10)`); instances:
(base−1)·base^n (6,558 for sizes 1..7).

Source: paper-experiments.md FX-13, (1,3), R = 1.

Expectations, derived by hand (bound N = max_size = 7): as add_column —
f is (#|D(q,r), P(a,d)) ↦ D(…); at_most_once holds; R = 1; the anchor is the
`#`/D immediately before a P, seen by radius 1; radius 0 cannot cover the
span: r_min = 3; supported by Thm 3.5.

Verdict at the default bound (evidence rules, DESIGN §2): unknown. As in
add_column, a window of 3 shows all its patterns only once three columns and
a boundary are present (n = 4), and rule (c) asks for coverage by N/2 = 3 at
N = 7. `--max-size 8` (all 6^8 instances, a minute or two) makes it
supported; the z3 engine cannot list these windows' values exactly, so its
coverage is an upper bound and it says unknown too.

Proved for every n through inferred rules (issue 23): `lengthcheck prove problems/div_column.py`
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
    pairs = tuple(f"P({a},{d})" for a in digits for d in range(1, base))
    return ("#",) + pairs + tuple(f"D({q},{r})" for q in digits for r in range(base - 1))


@token_function
def is_pair(token: str) -> bool:
    return token.startswith("P(")


@cache
def column(base: int) -> Callable[[str, str], str]:
    """Token function (`#` or D(q,r), P(a,d)) ↦ D(v div d, v mod d), v = r·base + a."""

    @token_function
    def divide(previous: str, pair: str) -> str:
        remainder = 0 if previous == "#" else int(previous[4])
        value, divisor = remainder * base + int(pair[2]), int(pair[4])
        return f"D({value // divisor},{value % divisor})"

    return divide


class DivColumn(Problem):
    name = "div-column"
    description = "n÷1 division, P(a,d) MSB first rewritten to D(quotient,remainder) (FX-13); good"
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

        pairs = Slot(f"P({x},{d})" for d in range(1, self.base) for x in range(self.base))
        return Layout(("#",) + (pairs,) * n, where=one_digit)

    def instances(self, n: int) -> Iterator[State]:
        for d in range(1, self.base):
            for a in itertools.product(range(self.base), repeat=n):
                yield ("#",) + tuple(f"P({x},{d})" for x in a)

    def step(self, s: State) -> Step | None:
        for p in range(1, len(s)):
            if is_pair(s[p]):
                out = column(self.base)(s[p - 1], s[p])
                return Step(reads=(p - 1, p), next=s[:p] + (out,) + s[p + 1 :])
        return None
