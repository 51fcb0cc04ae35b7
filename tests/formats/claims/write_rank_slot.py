"""Class 1 (issue 18): local reads, a write placed by a global property.

`# b1 … bn | _ … _`: step t reads the first unconsumed bit and its left
neighbour (R = 1), marks the bit consumed (`0` → `a`, `1` → `b`) and copies
it into the output slot its *rank* gives (a stable counting sort: zeros
first). The reads and the written tokens are local; where the copy lands
depends on how many zeros the whole input holds. The old labels never looked
at write positions, so this came out supported at (1, 3).
"""

import itertools

from lengthcheck import Problem, Step
from lengthcheck.spec import Layout, Slot


class WriteRankSlot(Problem):
    name = "write-rank-slot"
    alphabet = ("#", "0", "1", "a", "b", "|", "_")
    max_size = 8

    def instances(self, n):
        for bits in itertools.product("01", repeat=n):
            yield ("#",) + bits + ("|",) + ("_",) * n

    def layout(self, n):
        return Layout(("#",) + (Slot("01"),) * n + ("|",) + ("_",) * n)

    def step(self, s):
        bar = s.index("|")
        i = 1
        while i < bar and (s[i] == "a" or s[i] == "b"):
            i += 1
        if i == bar:
            return None
        x = s[i]
        mark = "a" if x == "0" else "b"
        zeros = sum(1 for t in s[1:bar] if t == "0" or t == "a")
        before = sum(1 for t in s[1:i] if t == mark)
        slot = bar + 1 + before + (zeros if x == "1" else 0)
        nxt = list(s)
        nxt[i] = mark
        nxt[slot] = x
        return Step(reads=(i - 1, i), next=tuple(nxt))
