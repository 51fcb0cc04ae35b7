"""`def instance` instead of `def instances`."""

from lengthcheck import Problem, Step


class TypoInstances(Problem):
    alphabet = ("a", "b")

    def instance(self, n):  # <- error
        yield ("a",) * n

    def step(self, s):
        if s[0] == "b":
            return None
        return Step(reads=(0,), next=("b",) + s[1:])
