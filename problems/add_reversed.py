"""FX-06 ADD-REV-APPEND: operands and sum least significant digit first, appended (bad).

Format: `a0 … a(n−1) + b0 … b(n−1) =` (base `base`, LSB first), then one
token `D(d,c)` per column, appended: the sum digit d and the carry out c,
so the carry is visible in the previous answer token. Step k (k = 0..n−1)
reads a_k (position k), b_k (position n+1+k) and the last token (`=` for
k = 0, carry 0; else D_(k−1)) and appends D_k. Halt after n tokens; the sum
is d0 … d(n−1) and the carry of D_(n−1) on top.

    1 1 + 1 0 =                reads (0, 3, 5)
    1 1 + 1 0 = D(0,1)         reads (1, 4, 6)
    1 1 + 1 0 = D(0,1) D(0,1)  halt (3 + 1 = 4: digits 0 0, carry 1 → 100₂)

Size n = digits; `base` = 2 by default (a subclass may set `base = 10` and
`alphabet = alphabet_for(10)`); instances: base^(2n) (5,460 for sizes 1..6).

Source: paper-experiments.md FX-06 (Lee et al. style reversed output), §7
witness a = b = 1…1.

Expectations, derived by hand (bound N = max_size = 6):

* causal_function: (a, b, `=`|D(d,c)) ↦ D of a + b + carry-in.
  at_most_once: a_k, b_k are read by step k only, `=` by step 0, D_k by
  step k+1 only. R_n = 2n + 1 (a_k at k, the last token at 2n+1+k): grows.
* Recover form, n = 1, anchor k, label {0, n+1, 2n+1}: coverage needs
  h ≥ 2N + 1. With h = 2N + 1 at size N, k = 0 the window at 0 ends exactly
  at the last token; the next state (position 0 NONE) differs only at 2N+2:
  conflict. h = 2N + 2 shows every anchor's whole state and both ends, so
  r_min = 4N + 5 = 29 > 21: None.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from functools import cache

from lengthcheck import Problem, State, Step, token_function


def alphabet_for(base: int) -> tuple[str, ...]:
    digits = tuple(str(d) for d in range(base))
    return digits + ("+", "=") + tuple(f"D({d},{c})" for d in digits for c in (0, 1))


@cache
def column(base: int) -> Callable[[str, str, str], str]:
    """Token function (a, b, previous) ↦ D(digit, carry) in `base`."""

    @token_function
    def add(a: str, b: str, previous: str) -> str:
        carry_in = 0 if previous == "=" else int(previous[4])
        total = int(a) + int(b) + carry_in
        return f"D({total % base},{total // base})"

    return add


class AddReversed(Problem):
    name = "add-reversed"
    description = "a + b = with operands and sum LSB first, D(digit,carry) appended (FX-06); bad"
    base = 2
    alphabet = alphabet_for(2)
    max_size = 6
    engine = "smt"  # same expect block; 1.7 s against enumeration's 12.3 s (RESULTS-engines.md)
    expect = {
        "verdict": "not-guaranteed",
        "R": "grows",
        "at_most_once": True,
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
        k = len(s) - (2 * n + 2)
        if k == n:
            return None
        last = len(s) - 1
        out = column(self.base)(s[k], s[n + 1 + k], s[last])
        return Step(reads=(k, n + 1 + k, last), next=s + (out,))
