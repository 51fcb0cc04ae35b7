"""Shared digit rules of the literature formats (not a spec: the loader skips `_` files).

Every addition format here adds column by column; they differ only in where
the digits sit and what is written down. The rules are token functions built
per base (`cache`), so the base-10 subclasses run the same code under z3, which
tabulates each function over its arguments' digits.

`carry_from(a, b, d)` is why the reversed-answer formats need no carry token:
the carry into a column is 0 or 1, so from a column's operand digits a, b and
the sum digit d written for it, carry_in = (d − a − b) mod base, and the carry
out of that column is a + b + carry_in ≥ base. The next answer digit is then a
function of five tokens — the most favourable reading of those formats.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from lengthcheck import Layout, Slot, State, token_function

Fn3 = Callable[[str, str, str], str]


@dataclass(frozen=True)
class DigitRules:
    """Token functions for one base; a carry is the token "0" or "1"."""

    digit: Fn3  # (a, b, carry_in) ↦ (a + b + carry_in) mod base
    carry: Fn3  # (a, b, carry_in) ↦ carry out
    carry_from: Fn3  # (a, b, sum digit) ↦ carry out of that column


@cache
def rules(base: int) -> DigitRules:
    @token_function
    def digit(a: str, b: str, c: str) -> str:
        return str((int(a) + int(b) + int(c)) % base)

    @token_function
    def carry(a: str, b: str, c: str) -> str:
        return "1" if int(a) + int(b) + int(c) >= base else "0"

    @token_function
    def carry_from(a: str, b: str, d: str) -> str:
        carry_in = (int(d) - int(a) - int(b)) % base
        return "1" if int(a) + int(b) + carry_in >= base else "0"

    return DigitRules(digit, carry, carry_from)


def digits(base: int) -> tuple[str, ...]:
    return tuple(str(d) for d in range(base))


def hints(count: int) -> tuple[str, ...]:
    """Index-hint tokens i0 … i(count−1): a finite set, as in Zhou et al. 2024."""
    return tuple(f"i{k}" for k in range(count))


@cache
def next_hint(count: int) -> Callable[[str], str]:
    """Token function: the hint after `hint` (i3 ↦ i4) in a set of `count` hints.

    The formats never ask past the last hint; the wrap-around only keeps the
    function inside the alphabet when the z3 engine tabulates it.
    """

    @token_function
    def successor(hint: str) -> str:
        return f"i{(int(hint[1:]) + 1) % count}"

    return successor


@token_function
def is_hint(token: str) -> bool:
    return token.startswith("i")


def sum_layout(base: int, n: int) -> Layout:
    """`a(n-1) … a0 + b(n-1) … b0 =` with a digit slot per operand digit (the z3 view)."""
    digit = Slot(digits(base))
    return Layout((digit,) * n + ("+",) + (digit,) * n + ("=",))


def sum_instances(base: int, n: int) -> Iterator[State]:
    """Every pair of n-digit operands as `a + b =`, the instances of L-1, L-2 and M-1."""
    ds = digits(base)
    for a in itertools.product(ds, repeat=n):
        for b in itertools.product(ds, repeat=n):
            yield a + ("+",) + b + ("=",)


def operand_length(s: State) -> int:
    """n, the digits of each operand: the position of `+`."""
    n = 0
    while s[n] != "+":
        n += 1
    return n
