"""Hypothesis strategies: a problem's instances, and small random problems.

* `instances(problem, size)` draws initial states of one size. It draws slot
  by slot from the problem's `layout(n)` when the problem declares one, and
  otherwise samples from the enumerated instances (the first `cap` of them;
  `instance_pool` says whether that was all of them).
* `random_problems()` draws small, well-formed problems (with layouts) —
  random local rules, read sets, markers and write modes — for tests that
  compare engines or properties with each other (the z3 agreement suite
  and the concrete engine's own cross-checks both use it).
"""

from __future__ import annotations

import itertools
import zlib
from dataclasses import dataclass

from hypothesis import strategies as st

from lengthcheck.spec import Layout, Problem, Slot, State, Step, token_function

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


@token_function
def rule(salt: int, *tokens: str) -> str:
    """A random table from read tokens to an output token (a token function, so the
    z3 engine tabulates it like any other)."""
    return "xy"[zlib.crc32(("|".join(tokens) + str(salt)).encode()) % 2]


@token_function
def is_digit(token: str) -> bool:
    return token in ("0", "1", "2")


@dataclass(frozen=True)
class RuleSpec:
    """The parameters of one random problem (shown by Hypothesis when a test fails)."""

    digits: tuple[str, ...]
    mode: str  # "fill" | "rewrite" | "append"
    interleaved: bool  # fill: "d ? d ?" rather than "d d ? ?"
    offsets: tuple[int, ...]  # reads relative to the cursor
    front: bool  # a '#' marker in front
    back: bool  # a '$' marker at the end (append mode always has one)
    hidden: int | None  # the output also depends on this unread offset (f not well defined)
    branch: bool  # read one more token when the one left of the cursor is '1'
    salt: int  # picks the output table


class RuleProblem(Problem):
    """A random local rule: fill slots, rewrite in place, or append, one cursor at a time."""

    alphabet = ("#", "$", "?", "x", "y", "0", "1", "2")
    max_size = 3

    def __init__(self, spec: RuleSpec) -> None:
        self.spec = spec
        self.name = f"rule-{zlib.crc32(repr(spec).encode()):08x}"

    def layout(self, n: int) -> Layout:
        sp = self.spec
        digit = Slot(sp.digits)
        head = ("#",) if sp.front else ()
        tail = ("$",) if sp.back or sp.mode == "append" else ()
        if sp.mode == "fill":
            body = (digit, "?") * n if sp.interleaved else (digit,) * n + ("?",) * n
        else:
            body = (digit,) * n
        return Layout(head + body + tail)

    def instances(self, n: int):
        yield from self.layout(n).instances()

    def step(self, s: State) -> Step | None:
        sp = self.spec
        if sp.mode == "fill":
            if "?" not in s:
                return None
            p = s.index("?")
        elif sp.mode == "rewrite":
            p = None
            for q in range(len(s)):
                if is_digit(s[q]):
                    p = q
                    break
            if p is None:
                return None
        else:  # append: the cursor walks over the inputs
            q = s.index("$")
            start = 1 if sp.front else 0
            k = len(s) - q - 1
            if k == q - start:
                return None
            p = start + k
        reads = {p + o for o in sp.offsets if 0 <= p + o < len(s)}
        if sp.mode != "fill":
            reads.add(p)
        if sp.branch and p >= 2 and s[p - 1] == "1":
            reads.add(p - 2)
        reads = sorted(reads) or [p]
        seen = [s[i] for i in reads]
        if sp.hidden is not None and 0 <= p + sp.hidden < len(s):
            seen.append(s[p + sp.hidden])
        token = rule(sp.salt, *seen)
        if sp.mode == "append":
            return Step(reads=tuple(reads), next=s + (token,))
        return Step(reads=tuple(reads), next=s[:p] + (token,) + s[p + 1 :])


@st.composite
def rule_specs(draw) -> RuleSpec:
    return RuleSpec(
        digits=draw(st.sampled_from([("0", "1"), ("0", "1", "2")])),
        mode=draw(st.sampled_from(["fill", "rewrite", "append"])),
        interleaved=draw(st.booleans()),
        offsets=tuple(draw(st.lists(st.integers(-3, 2), min_size=1, max_size=3, unique=True))),
        front=draw(st.booleans()),
        back=draw(st.booleans()),
        hidden=draw(st.one_of(st.none(), st.integers(-2, 1))),
        branch=draw(st.booleans()),
        salt=draw(st.integers(0, 7)),
    )


def random_problems() -> st.SearchStrategy[RuleProblem]:
    """Small random problems, good and bad, all valid specs with a layout.

    Random local rules (a token-function table), random read sets, markers,
    three write modes, reads that depend on token values (the z3 engine must
    fork) and hidden dependencies (f not well defined).
    """
    return rule_specs().map(RuleProblem)
