"""Formats written for the tests of `lengthcheck repair`: each fails, and one transformation
is what repairs it (the others do not help, are not applicable, or cost more).

Each docstring says why, derived by hand; the tests compare that with what the search
computes. None of these is a reference format (they are not in problems/).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from lengthcheck import Layout, Problem, Slot, State, Step

BITS = ("0", "1")


def _flip(bit: str) -> str:
    return "1" if bit == "0" else "0"


class TickFlip(Problem):
    """`x1 … xn |`; step k flips x_k in place (a bit stays a bit) and appends a tick `t`.

    Which bit is next is visible only in the tick count at the far end, so no window at
    x_k can tell the next bit from the one after it: not-guaranteed. A **cursor** before
    x_k shows it and moves one place per step. Marking consumed inputs adds nothing (the
    step writes the element it reads); there are no ready steps to declare that keep the
    ticks in order, and no operand blocks to interleave.
    """

    name = "tick-flip"
    alphabet = ("0", "1", "|", "t")
    max_size = 6

    def layout(self, n: int) -> Layout:
        return Layout((*[Slot(BITS)] * n, "|"))

    def instances(self, n: int) -> Iterator[State]:
        for bits in itertools.product(BITS, repeat=n):
            yield (*bits, "|")

    def step(self, s: State) -> Step | None:
        n = s.index("|")
        k = len(s) - n - 1
        if k == n:
            return None
        return Step(reads=(k,), next=(*s[:k], _flip(s[k]), *s[k + 1 :], "t"))


class OnesThenZeros(Problem):
    """Bits; each is marked in place (`1` → `F1`): first every 1, left to right, then every 0.

    A prescribed order among independent steps: whether an unmarked 0 is next depends
    on an unmarked 1 anywhere to its right, so no window at the 0 can tell (a decoy).
    **Declaring the ready steps** (every unmarked bit may be marked next; the final
    state is the same in every order) repairs it without a new token. A cursor would
    jump from the last 1 to the first 0; marks add nothing (each step writes what it
    reads); there are no operand blocks.
    """

    name = "ones-then-zeros"
    alphabet = ("0", "1", "F0", "F1")
    max_size = 8

    def layout(self, n: int) -> Layout:
        return Layout([Slot(BITS)] * n)

    def instances(self, n: int) -> Iterator[State]:
        yield from itertools.product(BITS, repeat=n)

    def step(self, s: State) -> Step | None:
        for bit in ("1", "0"):
            if bit in s:
                k = s.index(bit)
                return Step(reads=(k,), next=(*s[:k], "F" + bit, *s[k + 1 :]))
        return None


class XorColumns(Problem):
    """`a1 … am + b1 … bm`; left to right, b_i becomes `X(a_i⊕b_i)` (a marked bit).

    Step i reads a_i and b_i, m + 1 apart: R grows. **Interleaved**, `a1 b1 a2 b2 … +`,
    each pair is adjacent and the marked bits show how far the rewriting has come.
    Interleaving with the second operand reversed pairs a_i with b_(m+1−i): far again.
    """

    name = "xor-columns"
    alphabet = ("0", "1", "+", "X0", "X1")
    max_size = 5
    reverse = False

    def layout(self, n: int) -> Layout:
        return Layout((*[Slot(BITS)] * n, "+", *[Slot(BITS)] * n))

    def instances(self, n: int) -> Iterator[State]:
        for a in itertools.product(BITS, repeat=n):
            for b in itertools.product(BITS, repeat=n):
                yield (*a, "+", *b)

    def step(self, s: State) -> Step | None:
        m = s.index("+")
        order = range(m)
        for i in order:
            j = m + 1 + (m - 1 - i if self.reverse else i)
            if not s[j].startswith("X"):
                value = "X1" if s[i] != s[j] else "X0"
                return Step(reads=(i, j), next=(*s[:j], value, *s[j + 1 :]))
        return None


class XorColumnsMirrored(XorColumns):
    """As `XorColumns`, but a_i pairs with b_(m+1−i) (the second operand read backwards).

    Plain interleaving leaves the pairs far apart; **interleaving with the second
    operand reversed** makes them adjacent.
    """

    name = "xor-columns-mirrored"
    reverse = True


class FlipEvenReady(Problem):
    """Bits; every bit at an even index is marked `F0`/`F1`, in any order (`ready`).

    Any unmarked even position may be taken next, but in a long run of unmarked bits
    an odd position looks exactly like an even one: no window away from the ends
    tells them apart (not-guaranteed). **Index hints** ⟨i mod 2⟩ show the parity of
    every position (k = 4 works too, at two tokens more; k = 3 does not show parity).
    Marks and a cursor do not help: the decoys are unread bits in both.
    """

    name = "flip-even-ready"
    alphabet = ("0", "1", "F0", "F1")
    max_size = 6

    def layout(self, n: int) -> Layout:
        return Layout([Slot(BITS)] * n)

    def instances(self, n: int) -> Iterator[State]:
        yield from itertools.product(BITS, repeat=n)

    def ready(self, s: State) -> list[Step]:
        return [Step(reads=(k,), next=(*s[:k], "F" + s[k], *s[k + 1 :]))
                for k in range(0, len(s), 2) if not s[k].startswith("F")]

    def step(self, s: State) -> Step | None:
        ready = self.ready(s)
        return ready[0] if ready else None
