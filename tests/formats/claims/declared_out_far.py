"""Class 2 (issue 18): a declared `out` that hides a far write.

Parity fill (`# b1 ? b2 ? …`), but every step also stamps `!` on the last
position and declares `out=(value,)`: the old code took the declared output
on trust. A declared out must be what the next state shows: a spec error.
"""

import itertools

from lengthcheck import Problem, Step


class DeclaredOutFar(Problem):
    name = "declared-out-far"
    alphabet = ("#", "0", "1", "?", "!")
    max_size = 5

    def instances(self, n):
        for bits in itertools.product("01", repeat=n):
            yield ("#",) + tuple(t for b in bits for t in (b, "?")) + ("?",)

    def step(self, s):
        if "?" not in s[:-1]:
            return None
        p = s.index("?")
        prev = s[p - 2] if p >= 3 else "0"
        value = "1" if (prev == "1") != (s[p - 1] == "1") else "0"
        nxt = s[:p] + (value,) + s[p + 1 : -1] + ("!",)
        return Step(reads=(p - 2, p - 1) if p >= 3 else (p - 1,), next=nxt, out=(value,))
