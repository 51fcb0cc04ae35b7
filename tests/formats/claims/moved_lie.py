"""Class 9 (issue 18): a `moved` map that lies.

Prefix xor against a fixed accumulator: every step reads `#`'s neighbour
`s[1]` (never rewritten) and the next bit, so `s[1]` is read by every step —
at most once fails. `MovedEmpty` declares `moved={}` with `out=(value,)`: no
element survives, so nothing is re-read and the old at-most-once said yes.
`MovedWrongToken` says an element survives where the next state holds
another token. Both are spec errors now.
"""

import itertools

from lengthcheck import Problem, Step


class MovedEmpty(Problem):
    name = "moved-empty"
    alphabet = ("#", "0", "1")
    max_size = 5

    def instances(self, n):
        for bits in itertools.product("01", repeat=n + 1):
            yield ("#",) + bits

    def _next(self, s):
        i = len(s) - 1
        while i > 1 and s[i] == "#":
            i -= 1
        if i <= 1:
            return None
        value = "1" if (s[1] == "1") != (s[i] == "1") else "0"
        return i, value, s[:i] + ("#",) + s[i + 1 :]

    def step(self, s):
        got = self._next(s)
        if got is None:
            return None
        i, value, nxt = got
        return Step(reads=(1, i), next=nxt, out=("#",), moved={})


class MovedWrongToken(MovedEmpty):
    name = "moved-wrong-token"

    def step(self, s):
        got = self._next(s)
        if got is None:
            return None
        i, value, nxt = got
        kept = {p: p for p in range(len(s)) if p != i}
        kept[i - 1] = i  # says the element at i - 1 now sits at i (it holds '#')
        kept.pop(i - 1 if i - 1 != i else None, None)
        kept[i - 1] = i
        return Step(reads=(1, i), next=nxt, moved={i - 1: i})
