"""Hypothesis strategies: a problem's instances, and small random problems.

* `instances(problem, size)` draws initial states of one size. It draws slot
  by slot from the problem's `layout(n)` when the problem declares one, and
  otherwise samples from the enumerated instances (the first `cap` of them;
  `instance_pool` says whether that was all of them).
* `random_problems()` draws small, well-formed problems — random read sets,
  random output tables, optional markers and write-back modes — for tests
  that compare engines or properties with each other.
"""

from __future__ import annotations

import itertools
import zlib
from dataclasses import dataclass

from hypothesis import strategies as st

from lengthcheck.spec import Problem, State, Step

POOL_CAP = 100_000


def instance_pool(problem: Problem, size: int, cap: int = POOL_CAP) -> tuple[list[State], bool]:
    """The first `cap` instances of a size, and whether that is all of them."""
    from lengthcheck.trace import Runner

    pool = list(itertools.islice(Runner(problem).instances(size), cap + 1))
    return pool[:cap], len(pool) <= cap


def instance_strategy(
    problem: Problem, size: int, cap: int = POOL_CAP
) -> tuple[st.SearchStrategy[State], bool]:
    """A strategy for the initial states of `size`, and whether it reaches all of them."""
    layout = getattr(problem, "layout", None)
    if callable(layout):
        declared = layout(size)
        if declared is not None and hasattr(declared, "strategy"):
            return declared.strategy(), True
    pool, complete = instance_pool(problem, size, cap)
    return st.sampled_from(pool), complete


def instances(problem: Problem, size: int, cap: int = POOL_CAP) -> st.SearchStrategy[State]:
    """Initial states of `size` (shrinking toward the first slot tokens / first instances)."""
    return instance_strategy(problem, size, cap)[0]


# ---------------------------------------------------------------------------
# random small problems


@dataclass(frozen=True)
class RandomSpec:
    """The parameters of one random problem (shown by Hypothesis when a test fails)."""

    digits: tuple[str, ...]  # input tokens
    offsets: tuple[int, ...]  # reads relative to the slot being filled (negative: left)
    mirror: bool  # also read the input mirrored across the state (R grows)
    marker: bool  # a '#' marker in front
    hidden: int | None  # output also depends on this unread offset (f not well defined)
    interleaved: bool  # slots between inputs ("a ? b ?") or after them ("a b ? ?")
    salt: int  # picks the output table


class RandomProblem(Problem):
    """Fill answer slots '?' left to right; each slot's token is a table of some reads."""

    alphabet = ("#", "?", "x", "y", "0", "1", "2")
    max_size = 4

    def __init__(self, spec: RandomSpec) -> None:
        self.spec = spec
        self.name = f"random-{zlib.crc32(repr(spec).encode()):08x}"

    def instances(self, n: int):
        for word in itertools.product(self.spec.digits, repeat=n):
            head = ("#",) if self.spec.marker else ()
            if self.spec.interleaved:
                yield head + tuple(t for d in word for t in (d, "?"))
            else:
                yield head + tuple(word) + ("?",) * n

    def step(self, s: State) -> Step | None:
        if "?" not in s:
            return None
        p = s.index("?")
        reads = [p + o for o in self.spec.offsets if 0 <= p + o < len(s) and o != 0]
        if self.spec.mirror:
            reads.append(len(s) - 1 - p)
        reads = sorted(set(reads)) or [p]
        seen = [s[i] for i in reads]
        if self.spec.hidden is not None and 0 <= p + self.spec.hidden < len(s):
            seen.append(s[p + self.spec.hidden])
        token = "xy"[zlib.crc32(("|".join(seen) + str(self.spec.salt)).encode()) % 2]
        return Step(reads=tuple(reads), next=s[:p] + (token,) + s[p + 1 :])


@st.composite
def random_specs(draw) -> RandomSpec:
    digits = draw(st.sampled_from([("0", "1"), ("0", "1", "2")]))
    offsets = tuple(draw(st.lists(st.integers(-4, 2), min_size=1, max_size=3, unique=True)))
    return RandomSpec(
        digits=digits,
        offsets=offsets,
        mirror=draw(st.booleans()),
        marker=draw(st.booleans()),
        hidden=draw(st.one_of(st.none(), st.integers(-3, 1))),
        interleaved=draw(st.booleans()),
        salt=draw(st.integers(0, 7)),
    )


def random_problems() -> st.SearchStrategy[RandomProblem]:
    """Small random fill-the-slots problems, good and bad, all valid specs."""
    return random_specs().map(RandomProblem)
