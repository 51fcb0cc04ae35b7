"""No step method at all: the class is named."""

from lengthcheck import Problem


class NoStep(Problem):  # <- error
    alphabet = ("a",)

    def instances(self, n):
        yield ("a",) * n
