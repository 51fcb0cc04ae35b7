"""instances(n) builds a list and forgets to return it."""

from lengthcheck import Problem, Step


class InstancesReturnNone(Problem):  # <- error (the class, when no closer line is known)
    alphabet = ("a", "b")

    def instances(self, n):  # <- error
        states = [("a",) * n]
        states.sort()

    def step(self, s):
        return None if s[0] == "b" else Step(reads=(0,), next=("b",) + s[1:])
