"""Class 5 (issue 18): halting that no window can recognize (local-rule form).

`# 0 … 0 | y1 … yn`: each step turns the leftmost `0` into `1` (a local rule:
the window `(1|#) 0` says where) and the format stops once there are as many
`1`s as there are `a`s among the far `y`s. A rule read off the windows would
keep going; the old local-rule route never queried final states.
"""

import itertools

from lengthcheck import Problem, Step
from lengthcheck.spec import Layout, Slot


class HaltingFar(Problem):
    name = "halting-far"
    alphabet = ("#", "0", "1", "|", "a", "b")
    max_size = 8

    def instances(self, n):
        for ys in itertools.product("ab", repeat=n):
            yield ("#",) + ("0",) * n + ("|",) + ys

    def layout(self, n):
        return Layout(("#",) + ("0",) * n + ("|",) + (Slot("ab"),) * n)

    def step(self, s):
        bar = s.index("|")
        ones = s[1:bar].count("1")
        if ones == s[bar + 1 :].count("a"):
            return None
        i = 1 + ones
        return Step(reads=(i - 1, i), next=s[:i] + ("1",) + s[i + 1 :])
