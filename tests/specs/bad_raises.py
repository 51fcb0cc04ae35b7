from lengthcheck import Problem, Step


class Raises(Problem):
    name = "bad-raises"
    alphabet = ("a", "b")

    def instances(self, n):
        yield ("a",) * n

    def step(self, s):
        if s[0] == "b":
            return None
        table = {"b": "a"}
        return Step(reads=(0,), next=(table[s[0]],) + s[1:])  # line 15: KeyError
