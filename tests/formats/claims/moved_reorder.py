"""A write hidden in a reorder: `moved` carries an element far away, no token is written.

`# b1 … bn |`: each step reads `#` and the bit after it and moves that bit
behind `|` — a `0` just after `|`, a `1` to the very end — writing no token
at all (`moved` accounts for every element). The reads are local and the
output is empty, but where the bit lands is `n` positions away. A reorder is
a write: its source and its destination are located in the label and in f.
"""

import itertools

from lengthcheck import Problem, Step
from lengthcheck.spec import Layout, Slot


class MovedReorder(Problem):
    name = "moved-reorder"
    alphabet = ("#", "0", "1", "|")
    max_size = 8

    def instances(self, n):
        for bits in itertools.product("01", repeat=n):
            yield ("#",) + bits + ("|",)

    def layout(self, n):
        return Layout(("#",) + (Slot("01"),) * n + ("|",))

    def step(self, s):
        if s[1] == "|":
            return None
        bar = s.index("|")
        x = s[1]
        rest = s[2:]
        if x == "0":  # just after the bar
            k = bar - 2
            nxt = ("#",) + rest[: k + 1] + (x,) + rest[k + 1 :]
            moved = {0: 0} | {p: p - 1 for p in range(2, bar + 1)} | {1: bar}
            moved |= {p: p for p in range(bar + 1, len(s))}
        else:  # at the end
            nxt = ("#",) + rest + (x,)
            moved = {0: 0, 1: len(s) - 1} | {p: p - 1 for p in range(2, len(s))}
        return Step(reads=(0, 1), next=nxt, moved=moved)
