"""An append format that must count its outputs to know when to stop.

`x1 … xn =`; step k reads x_(k-1) and the last two tokens and appends x_(k-1);
it halts after n tokens. At sizes where a window of 5 sees every instance
whole, (2, 5) "works"; it fails from n = 5 (issue 8, item 2).
"""

import itertools

from lengthcheck import Problem, Step
from lengthcheck.spec import Layout, Slot


class AppendCount(Problem):
    name = "append-count"
    alphabet = ("0", "1", "=")
    max_size = 8

    def instances(self, n):
        for bits in itertools.product("01", repeat=n):
            yield bits + ("=",)

    def layout(self, n):
        return Layout([Slot(("0", "1"))] * n + ["="])

    def step(self, s):
        e = s.index("=")
        k = len(s) - e - 1  # tokens appended so far
        if k >= e:
            return None
        reads = tuple(sorted({k, len(s) - 2, len(s) - 1}))
        return Step(reads=reads, next=s + (s[k],))
