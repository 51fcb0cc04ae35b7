"""`def step(s)`: the method forgot `self`."""

from lengthcheck import Problem, Step


class StepWithoutSelf(Problem):
    alphabet = ("a", "b")

    def instances(self, n):
        yield ("a",) * n

    def step(s):  # <- error
        if s[0] == "b":
            return None
        return Step(reads=(0,), next=("b",) + s[1:])
