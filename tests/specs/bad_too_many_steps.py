from lengthcheck import Problem, Step


class Forever(Problem):
    name = "bad-forever"
    alphabet = ("a", "b")

    def instances(self, n):
        yield ("a",) * n

    def max_steps(self, n):
        return 5

    def step(self, s):  # line 14: never returns None
        return Step(reads=(0,), next=("b",) + s[1:] if s[0] == "a" else ("a",) + s[1:])
