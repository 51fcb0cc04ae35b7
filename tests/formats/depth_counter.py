"""A depth counter: `# ( ? ) ? … = ?`, each `?` filled with the depth `d<k>` so far.

The alphabet holds d0 … d40, so the state space is finite at every bound, but
|X| grows at every size (a new depth each time): coverage never saturates,
and "trained on sizes ≤ N suffices" must never be printed (issue 8, item 3).
"""

import itertools

from lengthcheck import Problem, Step, token_function
from lengthcheck.spec import Layout, Slot

DEPTHS = tuple(f"d{k}" for k in range(41))


@token_function
def after(depth, bracket):
    k = DEPTHS.index(depth)
    if bracket == "(":
        return DEPTHS[min(k + 1, 40)]
    if bracket == ")":
        return DEPTHS[max(k - 1, 0)]
    return depth


class DepthCounter(Problem):
    name = "depth-counter"
    alphabet = ("#", "(", ")", "?", "=") + DEPTHS
    max_size = 10

    def instances(self, n):
        for brackets in itertools.product("()", repeat=n):
            yield self._instance(brackets)

    def layout(self, n):
        return Layout(["#", "d0"] + [Slot(("(", ")")), "?"] * n + ["=", "?"])

    @staticmethod
    def _instance(brackets):
        return ("#", "d0") + tuple(t for b in brackets for t in (b, "?")) + ("=", "?")

    def step(self, s):
        if "?" not in s:
            return None
        p = s.index("?")
        return Step(reads=(p - 2, p - 1),
                    next=s[:p] + (after(s[p - 2], s[p - 1]),) + s[p + 1 :])
