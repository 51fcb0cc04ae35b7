from lengthcheck import Problem, Step


class BadToken(Problem):
    name = "bad-token"
    alphabet = ("a", "b")

    def instances(self, n):
        yield ("a",) * n

    def step(self, s):
        if s[0] == "c":
            return None
        return Step(reads=(0,), next=("c",) + s[1:])  # line 14: 'c' is not in the alphabet
