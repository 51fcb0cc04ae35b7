"""Unary counting: `0^w = 1^n`; each step deletes the 1 after `=` and increments the counter.

The counter is LSB first and w = n.bit_length(), so it never overflows. A step
reads the counter's trailing ones, the 0 it flips, and the 1 it deletes; R
and the fan-in grow like log2 n, flat over [2^k, 2^(k+1) - 1]: runs that never
double. A bounded check must never call this supported (issue 8, item 1).
"""

from lengthcheck import Problem, Step
from lengthcheck.spec import Layout


class UnaryCount(Problem):
    name = "unary-count"
    alphabet = ("0", "1", "=")
    max_size = 12

    def instances(self, n):
        yield self._instance(n)

    def layout(self, n):
        return Layout(self._instance(n))

    @staticmethod
    def _instance(n):
        return ("0",) * n.bit_length() + ("=",) + ("1",) * n

    def step(self, s):
        e = s.index("=")
        if e + 1 >= len(s):
            return None
        j = 0
        while s[j] == "1":
            j += 1
        counter = ("0",) * j + ("1",) + s[j + 1 : e]
        nxt = counter + ("=",) + s[e + 2 :]
        # the untouched counter bits and `=` stay put; the ones after the deleted 1 shift left
        kept = {i: i for i in range(j + 1, e + 1)} | {i: i - 1 for i in range(e + 2, len(s))}
        return Step(reads=tuple(range(j + 1)) + (e + 1,), next=nxt, moved=kept)
