from lengthcheck import Problem, Step


class ReadOutside(Problem):
    name = "bad-read-outside"
    alphabet = ("a", "b")

    def instances(self, n):
        yield ("a",) * n

    def step(self, s):
        if "a" not in s:
            return None
        return Step(reads=(len(s),), next=("b",) * len(s))  # line 14: reads past the end
