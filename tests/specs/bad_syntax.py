from lengthcheck import Problem


class Broken(Problem)  # line 4: missing colon
    name = "bad-syntax"
