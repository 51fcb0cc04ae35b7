"""A step that reads a mode set as a side effect of `instances()` (issue 8, item 4).

Parity by front reduction (`# b1 b2 … bn` → `# p _ … _`); `instances()`
flips `self.mode` with every instance it yields, and in mode 1 the step also
reads `#`. States of different instances meet (`# 0 _ _`), so one state gets
two different steps: step(s) is not a function of s. That is a spec error.
"""

import itertools

from lengthcheck import Problem, Step, token_function
from lengthcheck.spec import Layout, Slot


@token_function
def xor(a, b):
    return "1" if (a == "1") != (b == "1") else "0"


class HiddenState(Problem):
    name = "hidden-state"
    alphabet = ("#", "0", "1", "_")
    max_size = 8
    mode = 0

    def instances(self, n):
        for bits in itertools.product("01", repeat=n):
            self.mode = 1 - self.mode
            yield ("#",) + bits

    def layout(self, n):
        return Layout(["#"] + [Slot(("0", "1"))] * n)

    def step(self, s):
        if len(s) < 3 or s[2] == "_":
            return None
        j = 2
        while j + 1 < len(s) and s[j + 1] != "_":
            j += 1
        # combine s[1] with the last live bit
        nxt = s[:1] + (xor(s[1], s[j]),) + s[2:j] + ("_",) + s[j + 1 :]
        reads = (0, 1, j) if self.mode else (1, j)
        return Step(reads=reads, next=nxt, writes=(1, j))
