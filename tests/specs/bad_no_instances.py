from lengthcheck import Problem


class NoInstances(Problem):
    name = "bad-no-instances"
    alphabet = ("a",)

    def instances(self, n):  # line 8: yields nothing for n >= 2
        if n == 1:
            yield ("a",)

    def step(self, s):
        return None
