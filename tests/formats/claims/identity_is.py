"""Class 6b (issue 18): `is` in step code — z3 and Python run different programs.

Parity fill whose step, when the bit `is ONE`, writes the *last* bit instead
of the parity. Concretely the tokens are interned strings and `is` holds for
every 1: the output depends on a token the step never reads (f is not well
defined). On a symbolic token `is` is always False: z3 checked plain parity
fill and said supported. A concrete replay of the symbolic paths shows it.
"""

import itertools

from lengthcheck import Problem, Step, token_function
from lengthcheck.spec import Layout, Slot

ONE = "1"


@token_function
def xor(a, b):
    return "1" if (a == "1") != (b == "1") else "0"


class IdentityIs(Problem):
    name = "identity-is"
    alphabet = ("#", "0", "1", "?")
    max_size = 10

    def instances(self, n):
        for bits in itertools.product("01", repeat=n):
            yield ("#",) + tuple(t for b in bits for t in (b, "?"))

    def layout(self, n):
        return Layout(("#",) + (Slot("01"), "?") * n)

    def step(self, s):
        if "?" not in s:
            return None
        p = s.index("?")
        prev = s[p - 2] if p >= 3 else "0"
        value = xor(prev, s[p - 1])
        reads = (p - 2, p - 1) if p >= 3 else (p - 1,)
        if s[p - 1] is ONE:  # noqa: F632 - the point of this format
            value = s[-2]  # the last bit, far away and never read
        return Step(reads=reads, next=s[:p] + (value,) + s[p + 1 :])
