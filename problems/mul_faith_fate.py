"""FX-10 MUL-FF: a token-level reconstruction of the Faith-and-Fate multiplication scratchpad (bad).

Format (Dziri et al. 2023; template in paper-experiments.md §4.1), for an
n-digit x times a 2-digit y, digits most significant first as in the text:
`x(n−1) … x0 * y1 y0 =`, then one segment appended per step, each a
numbered line of the template reduced to its tokens:

* header j ("Let's multiply x by the digit in the <place_j> place of y,
  which is y_j"): `L place_j y_j`; reads y_j in the prompt and `=` (j = 0) or
  the place token of header 0 (j = 1), whose successor names the place;
* line (j, i) ("Multiply y_j by the digit in the <place_i> place of x, which
  is x_i. This gives … Write down r, carry over c"): `M place_i x_i r c`;
  reads x_i in the prompt, the header's y_j, and for i = 0 the header's `L`,
  for i ≥ 1 the previous line's place and carry tokens;
* partial product j ("The partial product for this step is A=…"):
  `P c r(n−1) … r0`; reads every r and the last carry of block j;
* the sum ("take into account the position of each digit … The final answer
  is …"): `S` + the n+2 digits of P0 + base·P1, reading both partial
  products with their `P` tokens.

Places are tokens `ones`, `tens`, … `billions` (the template stops there).
Base 3 by default (a subclass may set `base = 10` and
`alphabet = alphabet_for(10)`); 12 × 21 in base 3 (5 × 7 = 35 = 1022₃):

    1 2 * 2 1 =
    L ones 1                 reads (4, 5)        y0 and `=`
    M ones 2 2 0             reads (1, 6, 8)     x0, `L`, y0
    M tens 1 1 0             reads (0, 8, 10, 13)
    P 0 1 2                  reads (12, 17, 18)  r0, r1, c1
    …

Size n = digits of x; instances: base^n · base^2 (3,267 for sizes 1..5;
2n + 5 steps each).

Source: paper-experiments.md FX-10 and §4.1 (dziri-code), "fails LG".

Expectations, derived by hand (bound N = max_size = 5):

* causal_function: every segment is a function of its reads (place names
  through `next place`; the read tuples of the kinds differ by length or by
  a place/marker token). But X grows: the partial-product and sum steps read
  n+1 and 2n+4 tokens (unbounded fan-in).
* at_most_once: False — x_i is read in both blocks, the header's y_j by every
  line of its block.
* R: the lines of block 1 read x_i in the prompt and tokens of block 1:
  line (1, 0) spans 6n+12, line (1, i) 6n+12+6i, the sum 7n+6; R_1 = 18,
  R_n = 12n+6 for n ≥ 2: grows.
* Recover form, n = 1: the window must cover the span, h ≥ 18 at every
  bound: r ≥ 37 > 21: None.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from functools import cache

from lengthcheck import Problem, State, Step, token_function

PLACES = (
    "ones",
    "tens",
    "hundreds",
    "thousands",
    "ten-thousands",
    "hundred-thousands",
    "millions",
    "ten-millions",
    "hundred-millions",
    "billions",
)
Fn3 = Callable[[str, str, str], str]


def alphabet_for(base: int) -> tuple[str, ...]:
    return tuple(str(d) for d in range(base)) + ("*", "=", "L", "M", "P", "S") + PLACES


@token_function
def next_place(t: str) -> str:
    """`ones` after `=` or `L` (a first header or line), else the place after `t`."""
    return "ones" if t in ("=", "L") else PLACES[PLACES.index(t) + 1]


@cache
def digit_rules(base: int) -> tuple[Fn3, Fn3, Fn3, Fn3]:
    """Token functions in `base`: digit and carry of x·y + c, and of a + b + c."""

    @token_function
    def mul_digit(x: str, y: str, c: str) -> str:
        return str((int(x) * int(y) + int(c)) % base)

    @token_function
    def mul_carry(x: str, y: str, c: str) -> str:
        return str((int(x) * int(y) + int(c)) // base)

    @token_function
    def add_digit(a: str, b: str, c: str) -> str:
        return str((int(a) + int(b) + int(c)) % base)

    @token_function
    def add_carry(a: str, b: str, c: str) -> str:
        return str((int(a) + int(b) + int(c)) // base)

    return mul_digit, mul_carry, add_digit, add_carry


class MulFaithFate(Problem):
    name = "mul-faith-fate"
    description = (
        "Faith-and-Fate multiplication scratchpad as tokens, place names and "
        "partial products (FX-10); expected bad"
    )
    base = 3
    alphabet = alphabet_for(3)
    max_size = 5
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
        return Layout((digit,) * n + ("*", digit, digit, "="))

    def instances(self, n: int) -> Iterator[State]:
        digits = tuple(str(d) for d in range(self.base))
        for x in itertools.product(digits, repeat=n):
            for y in itertools.product(digits, repeat=2):
                yield x + ("*",) + y + ("=",)

    def step(self, s: State) -> Step | None:
        n = 0
        while s[n] != "*":
            n += 1
        block = 6 * n + 5  # header 3, n lines of 5, partial product n + 2
        t = len(s) - (n + 4)
        if t > 2 * block:
            return None
        mul_digit, mul_carry, add_digit, add_carry = digit_rules(self.base)
        if t == 2 * block:
            return self._sum(s, n, block, add_digit, add_carry)
        j, u = divmod(t, block)
        start = n + 4 + j * block  # the header of block j
        if u == 0:
            y_at = n + 2 - j
            prev = n + 3 if j == 0 else n + 5  # `=`, or the place of header 0
            out: tuple[str, ...] = ("L", next_place(s[prev]), s[y_at])
            return Step(reads=(y_at, prev), next=s + out)
        if u < 3 + 5 * n:
            i = (u - 3) // 5
            x, y = s[n - 1 - i], s[start + 2]
            if i == 0:
                reads: tuple[int, ...] = (n - 1, start, start + 2)
                place, c = next_place(s[start]), "0"
            else:
                line = start + 3 + 5 * (i - 1)
                reads = (n - 1 - i, start + 2, line + 1, line + 4)
                place, c = next_place(s[line + 1]), s[line + 4]
            out = ("M", place, x, mul_digit(x, y, c), mul_carry(x, y, c))
            return Step(reads=reads, next=s + out)
        lines = [start + 3 + 5 * i for i in range(n)]
        reads = tuple(line + 3 for line in lines) + (lines[-1] + 4,)
        out = ("P", s[lines[-1] + 4]) + tuple(s[line + 3] for line in reversed(lines))
        return Step(reads=reads, next=s + out)

    def _sum(self, s: State, n: int, block: int, add_digit: Fn3, add_carry: Fn3) -> Step:
        """S + the digits of P0 + base·P1 (n+2 digits, most significant first)."""
        p0 = n + 4 + 3 + 5 * n  # the `P` of block 0; its digits follow, MSB first
        p1 = p0 + block
        low = [s[p0 + 1 + k] for k in range(n, -1, -1)]  # P0, least significant first
        high = ["0"] + [s[p1 + 1 + k] for k in range(n, -1, -1)]  # P1 shifted one place
        low.append("0")
        digits: list[str] = []
        c = "0"
        for a, b in zip(low, high):
            digits.append(add_digit(a, b, c))
            c = add_carry(a, b, c)
        reads = tuple(range(p0, p0 + n + 2)) + tuple(range(p1, p1 + n + 2))
        return Step(reads=reads, next=s + ("S",) + tuple(reversed(digits)))
