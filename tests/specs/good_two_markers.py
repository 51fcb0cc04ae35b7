"""Two markers n + 1 apart, both rewritten in one step: R grows, (2, 1) holds."""

from lengthcheck import Problem, Step


class TwoMarkers(Problem):
    name = "fixture-two-markers"
    alphabet = ("L", "R", "0", "l", "r")
    max_size = 5

    def instances(self, n):
        yield ("L",) + ("0",) * n + ("R",)

    def step(self, s):
        if s[0] == "l":
            return None
        return Step(reads=(0, len(s) - 1), next=("l",) + s[1:-1] + ("r",))
