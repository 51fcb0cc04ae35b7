"""`def stpe` instead of `def step`: named at load time, with the near miss."""

from lengthcheck import Problem, Step


class TypoStep(Problem):
    alphabet = ("a", "b")

    def instances(self, n):
        yield ("a",) * n

    def stpe(self, s):  # <- error
        if s[0] == "b":
            return None
        return Step(reads=(0,), next=("b",) + s[1:])
