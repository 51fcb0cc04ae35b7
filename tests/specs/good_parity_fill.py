"""Interleaved running parity (a hand-checked fixture for the property tests)."""

import itertools

from lengthcheck import Problem, Step, token_function


@token_function
def next_slot(prev: str, bit: str) -> str:
    parity = 0 if prev in ("#", "s0") else 1
    return "s1" if parity ^ (bit == "1") else "s0"


class ParityFillFixture(Problem):
    name = "fixture-parity-fill"
    alphabet = ("#", "0", "1", "?", "s0", "s1")
    max_size = 8

    def instances(self, n):
        for bits in itertools.product("01", repeat=n):
            yield ("#",) + tuple(t for b in bits for t in (b, "?"))

    def step(self, s):
        if "?" not in s:
            return None
        p = s.index("?")
        slot = next_slot(s[p - 2], s[p - 1])
        return Step(reads=(p - 2, p - 1), next=s[:p] + (slot,) + s[p + 1 :])
