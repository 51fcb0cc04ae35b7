"""A Problem whose constructor needs arguments."""

from lengthcheck import Problem, Step


class NeedsArguments(Problem):  # <- error
    alphabet = ("a", "b")

    def __init__(self, width):
        self.width = width

    def instances(self, n):
        yield ("a",) * n

    def step(self, s):
        if s[0] == "b":
            return None
        return Step(reads=(0,), next=("b",) + s[1:])
