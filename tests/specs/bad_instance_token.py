from lengthcheck import Problem


class InstanceToken(Problem):
    name = "bad-instance-token"
    alphabet = ("a",)

    def instances(self, n):  # line 8: yields a token outside the alphabet
        yield ("a", "z")

    def step(self, s):
        return None
