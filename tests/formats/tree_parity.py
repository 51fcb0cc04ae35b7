"""Parity by in-place tree reduction: pair elements of equal level, left to right.

Each element is `<level parity><bit>` (`a0`, `a1`, `b0`, `b1`); a consumed one
becomes `_`. A step combines the leftmost two neighbouring live elements of
equal level (or, when none are equal, the leftmost two): the left one takes
the XOR at the next level, the right one becomes `_`. The two live elements
of a step sit 2^k apart: R is a step function that jumps at powers of two, so
its flat runs never double (issue 8, item 1).
"""

import itertools

from lengthcheck import Problem, Step, token_function
from lengthcheck.spec import Layout, Slot


@token_function
def level(t):
    return "b" if t in ("b0", "b1") else "a"


@token_function
def combine(x, y):
    bit = "1" if (x in ("a1", "b1")) != (y in ("a1", "b1")) else "0"
    return ("a" if level(x) == "b" else "b") + bit


class TreeParity(Problem):
    name = "tree-parity"
    alphabet = ("a0", "a1", "b0", "b1", "_")
    max_size = 9

    def instances(self, n):
        yield from itertools.product(("a0", "a1"), repeat=n)

    def layout(self, n):
        return Layout([Slot(("a0", "a1"))] * n)

    def step(self, s):
        live = [i for i in range(len(s)) if s[i] != "_"]
        if len(live) < 2:
            return None
        pick = None
        for i, j in zip(live, live[1:]):
            if level(s[i]) == level(s[j]):
                pick = (i, j)
                break
        i, j = pick or (live[0], live[1])
        nxt = s[:i] + (combine(s[i], s[j]),) + s[i + 1 : j] + ("_",) + s[j + 1 :]
        return Step(reads=(i, j), next=nxt, writes=(i, j))
