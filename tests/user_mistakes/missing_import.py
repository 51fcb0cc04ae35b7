"""The spec imports a module that is not installed."""

import itertools

import no_such_helper_module  # <- error  # noqa: F401

from lengthcheck import Problem, Step


class MissingImport(Problem):
    alphabet = ("a", "b")

    def instances(self, n):
        yield from itertools.product("a", repeat=n)

    def step(self, s):
        return None if s[0] == "b" else Step(reads=(0,), next=("b",) + s[1:])
