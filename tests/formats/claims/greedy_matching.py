"""Class 4 (issue 18): ready steps whose orders end in different final states.

Greedy pair matching over `a`/`x`: any two adjacent `a a` may be matched
(`b c`). R = 1, each element is read once, every ready step is local — but in
`a a a` matching the left pair leaves `b c a`, the right pair `a b c`: the
answer depends on the order a model takes. The old check explored every
order's states and never compared where the orders end.
"""

import itertools

from lengthcheck import Problem, Step
from lengthcheck.spec import Layout, Slot


class GreedyMatching(Problem):
    name = "greedy-matching"
    alphabet = ("a", "x", "b", "c")
    max_size = 12

    def instances(self, n):
        yield from itertools.product("ax", repeat=n)

    def layout(self, n):
        return Layout((Slot("ax"),) * n)

    def ready(self, s):
        return [Step(reads=(i, i + 1), next=s[:i] + ("b", "c") + s[i + 2 :])
                for i in range(len(s) - 1) if s[i] == "a" and s[i + 1] == "a"]

    def step(self, s):
        found = self.ready(s)
        return found[0] if found else None


class GreedyMatchingReads(GreedyMatching):
    """Class 7: the same ready steps given as read tuples: other orders are never run."""

    name = "greedy-matching-reads"

    def ready(self, s):
        return [st.reads for st in GreedyMatching.ready(self, s)]

    def step(self, s):
        found = GreedyMatching.ready(self, s)
        return found[0] if found else None
