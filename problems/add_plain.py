"""FX-05 ADD-PLAIN: `a + b =` with the sum appended most significant digit first (bad).

Format: `a(n−1) … a0 + b(n−1) … b0 =` (n digits each, base `base`, leading
zeros allowed), then n + 1 answer digits, most significant first (the first
one is the carry out). The step for place p (p = n, n−1, …, 0) reads what
its digit depends on: a_q and b_q for every q ≤ min(p, n−1) (the pair plus
every column to the right, which fixes the carry); the carry step p = n also
reads `=` — it reads the same digits as step p = n−1 and must differ from it
as an input of f.

    1 1 + 0 1 =          p = 2: reads (0, 1, 3, 4, 5)   (carry out)
    1 1 + 0 1 = 1        p = 1: reads (0, 1, 3, 4)
    1 1 + 0 1 = 1 0      p = 0: reads (1, 4)
    1 1 + 0 1 = 1 0 0    halt   (3 + 1 = 4 = 100₂)

Size n = digits per operand; `base` = 2 by default (a subclass may set
`base = 10` and `alphabet = alphabet_for(10)`); instances: base^(2n)
(5,460 for sizes 1..6 in base 2).

Source: paper-experiments.md FX-05 (answer MSB first: unbounded carry chain).

Expectations, derived by hand (bound N = max_size = 6):

* causal_function: the digit at place p is a function of the columns q ≤ p
  (and `=` marks the carry step); the read tuples of distinct steps differ
  (their lengths are 2(p+1), or 2n+1 with `=`). But X grows with n.
* at_most_once: False — a0 and b0 are read by every step. R_n = 2n + 1
  (the carry step reads 0..2n+1): grows.
* Recover form, n = 1: anchor = position 0 for the first two steps (with
  different labels: the carry step also reads `=` at offset 2n+1), then m−1
  for the step with m digits written. After one digit (anchor 0) and after
  two (anchor 1, position 0 NONE) the states differ only at 2n+3, so the
  window at 0 needs h ≥ 2n + 3 → h ≥ 2N + 3; with that every anchor window
  sees its whole state and both ends, so r_min = 4N + 7 = 31 > 21: None.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from functools import cache

from lengthcheck import Problem, State, Step, token_function

Column = Callable[[str, str, str], str]


def alphabet_for(base: int) -> tuple[str, ...]:
    return tuple(str(d) for d in range(base)) + ("+", "=")


@cache
def columns(base: int) -> tuple[Column, Column]:
    """Token functions `(digit, carry)` of one column a + b + carry-in, in `base`."""

    @token_function
    def digit(a: str, b: str, carry: str) -> str:
        return str((int(a) + int(b) + int(carry)) % base)

    @token_function
    def carry(a: str, b: str, carry_in: str) -> str:
        return str((int(a) + int(b) + int(carry_in)) // base)

    return digit, carry


class AddPlain(Problem):
    name = "add-plain"
    description = "a + b = with the sum appended MSB first (FX-05); expected bad"
    base = 2
    alphabet = alphabet_for(2)
    max_size = 6
    expect = {
        "verdict": "not-guaranteed",
        "R": "grows",
        "at_most_once": False,
        "causal_function": True,
        "minimal_r": {"recover": {1: None}},
    }

    def layout(self, n: int):  # the z3 engine's view of instances(n)
        from lengthcheck import Layout, Slot

        digit = Slot(str(d) for d in range(self.base))
        return Layout((digit,) * n + ("+",) + (digit,) * n + ("=",))

    def instances(self, n: int) -> Iterator[State]:
        digits = tuple(str(d) for d in range(self.base))
        for a in itertools.product(digits, repeat=n):
            for b in itertools.product(digits, repeat=n):
                yield a + ("+",) + b + ("=",)

    def step(self, s: State) -> Step | None:
        n = 0
        while s[n] != "+":
            n += 1
        written = len(s) - (2 * n + 2)
        if written == n + 1:
            return None
        place = n - written
        top = min(place, n - 1)
        a_at = [n - 1 - q for q in range(top + 1)]  # a_q, least significant first
        b_at = [2 * n - q for q in range(top + 1)]
        digit, carry = columns(self.base)
        c = "0"
        for q in range(min(place, n)):
            c = carry(s[a_at[q]], s[b_at[q]], c)
        if place == n:
            out, extra = c, (2 * n + 1,)
        else:
            out, extra = digit(s[a_at[place]], s[b_at[place]], c), ()
        reads = tuple(sorted(a_at + b_at)) + extra
        return Step(reads=reads, next=s + (out,))
