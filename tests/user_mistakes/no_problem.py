"""A spec file that defines no Problem subclass (the class forgot its base)."""  # <- error


class Forgotten:
    alphabet = ("a",)

    def instances(self, n):
        yield ("a",) * n
