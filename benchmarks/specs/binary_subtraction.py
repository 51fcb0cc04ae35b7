"""Binary subtraction a − b, columns interleaved as `a b ?` triples, filled right to left.

Format: `# a(n−1) b(n−1) ? … a0 b0 ?` (most significant column first). A step
finds the rightmost slot `?` at position p, reads its column's bits (p−2,
p−1) and, except for the last column, the slot to its right (p+3, already
filled), and writes `D<digit><borrow>`. Size n = columns; 4^n instances.

A workload for the engine choice (issue 13): no token branches, so the z3
engine follows one path per size, while enumeration grows like 4^n.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from lengthcheck import Problem, State, Step, token_function

DIGITS = tuple(f"D{d}{b}" for d in "01" for b in "01")


@token_function
def subtract(a: str, b: str, right: str) -> str:
    """The digit and borrow of one column, given the filled slot to its right (or none)."""
    borrow_in = 1 if right in ("D01", "D11") else 0
    value = int(a) - int(b) - borrow_in
    return f"D{value % 2}{1 if value < 0 else 0}"


class BinarySubtraction(Problem):
    name = "binary-subtraction"
    description = "a − b in binary, `a b ?` columns filled right to left with D<digit><borrow>"
    alphabet = ("#", "0", "1", "?") + DIGITS
    max_size = 7

    def layout(self, n: int):
        from lengthcheck import Layout, Slot

        return Layout(("#",) + (Slot("01"), Slot("01"), "?") * n)

    def instances(self, n: int) -> Iterator[State]:
        for bits in itertools.product("01", repeat=2 * n):
            yield ("#",) + tuple(t for i in range(n) for t in (bits[2 * i], bits[2 * i + 1], "?"))

    def step(self, s: State) -> Step | None:
        for p in range(len(s) - 1, 2, -3):
            if s[p] == "?":
                last = p + 3 >= len(s)
                right = "none" if last else s[p + 3]
                reads = (p - 2, p - 1) if last else (p - 2, p - 1, p + 3)
                out = subtract(s[p - 2], s[p - 1], right)
                return Step(reads=reads, next=s[:p] + (out,) + s[p + 1:])
        return None
