"""Parity fill whose slot rule silently changes from size 5 on (a flaw only large sizes show)."""

import itertools

from lengthcheck import Problem, Step


class GoodUntilFive(Problem):
    name = "fixture-good-until-five"
    alphabet = ("#", "0", "1", "?", "s0", "s1")
    max_size = 8

    def instances(self, n):
        for bits in itertools.product("01", repeat=n):
            yield ("#",) + tuple(t for b in bits for t in (b, "?"))

    def step(self, s):
        if "?" not in s:
            return None
        p = s.index("?")
        odd = (s[p - 2] == "s1") != (s[p - 1] == "1")
        if len(s) > 10:  # depends on the length, which the step does not read
            odd = not odd
        return Step(reads=(p - 2, p - 1), next=s[:p] + ("s1" if odd else "s0",) + s[p + 1 :])
