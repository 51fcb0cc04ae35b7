"""Bubble sort of a bit string: each step swaps the leftmost `1 0`.

Format: `# x1 … xn`; a step finds the leftmost i with x_i = 1, x_(i+1) = 0
and swaps them (reads (i, i+1)); the trace halts when the string is sorted.
Size n = bits; 2^n instances.

A workload for the engine choice (issue 13): the loop branches on tokens, so
the z3 engine forks at every comparison and follows about as many paths as
there are instances, while enumeration is cheap.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from lengthcheck import Problem, State, Step


class BubbleSort(Problem):
    name = "bubble-sort"
    description = "sort bits by swapping the leftmost `1 0` (branches on tokens)"
    alphabet = ("#", "0", "1")
    max_size = 8

    def layout(self, n: int):
        from lengthcheck import Layout, Slot

        return Layout(("#",) + (Slot("01"),) * n)

    def instances(self, n: int) -> Iterator[State]:
        for bits in itertools.product("01", repeat=n):
            yield ("#",) + bits

    def step(self, s: State) -> Step | None:
        for i in range(1, len(s) - 1):
            if s[i] == "1" and s[i + 1] == "0":
                return Step(reads=(i, i + 1), next=s[:i] + ("0", "1") + s[i + 2:])
        return None
