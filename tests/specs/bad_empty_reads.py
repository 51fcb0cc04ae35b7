from lengthcheck import Problem, Step


class EmptyReads(Problem):
    name = "bad-empty-reads"
    alphabet = ("a", "b")

    def instances(self, n):
        yield ("a",) * n

    def step(self, s):
        if s[0] == "b":
            return None
        return Step(reads=(), next=("b",) + s[1:])  # line 14: no reads
