"""Class 3 (issue 18): a far flag smuggled through the order of `reads`.

`f b1 c1 ? b2 c2 ? …` with a flag `f` far away: each step fills the first `?`
with `b` when `f = 0` and with `c` when `f = 1`, and lists its reads as
`(b, c)` or `(c, b)` by the flag — so "copy the first read" is all the old X
(built in the declared order) saw. X is built in positional order, as a
model sees the tokens: the same input `(b, c)`, two outputs.
"""

import itertools

from lengthcheck import Problem, Step
from lengthcheck.spec import Layout, Slot


class ReadOrderFlag(Problem):
    name = "read-order-flag"
    alphabet = ("0", "1", "?")
    max_size = 7

    def instances(self, n):
        for flag, *bits in itertools.product("01", repeat=2 * n + 1):
            yield (flag,) + tuple(t for k in range(n) for t in (bits[2 * k], bits[2 * k + 1], "?"))

    def layout(self, n):
        return Layout((Slot("01"),) + (Slot("01"), Slot("01"), "?") * n)

    def step(self, s):
        if "?" not in s:
            return None
        p = s.index("?")
        reads = (p - 1, p - 2) if s[0] == "1" else (p - 2, p - 1)
        return Step(reads=reads, next=s[:p] + (s[reads[0]],) + s[p + 1 :])
