"""The z3 engine agrees with exhaustive enumeration, property by property.

Random problems come from our own generator below (lengthcheck.strategies'
`random_problems()` computes its outputs with crc32 over joined strings, which
the symbolic engine cannot follow by design, so it is not used here): random
local rewrite rules tabulated as a token function, random read sets, random
markers, in three modes (fill slots, rewrite in place, append), with optional
value-dependent read sets (the engine must fork) and hidden dependencies (f not
well defined). Every random problem runs under both engines at sizes 1..3 and
every property must agree at every size: R and R_io, |X|, f, arity,
at-most-once, every (form, n, r) tried with its fail size and coverage, the
minimal r series of both forms, and the verdict.

The reference problems are compared the same way at small bounds; the slow
ones only with LENGTHCHECK_SLOW=1.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lengthcheck import Layout, Problem, Slot, Step, check, token_function
from lengthcheck.loader import load

PROBLEMS = Path(__file__).parent.parent / "problems"
OPTIONS = dict(n_max=2, r_max=9)


@token_function
def rule(salt: int, *tokens: str) -> str:
    """A random table from read tokens to an output token."""
    return "xy"[zlib.crc32(("|".join(tokens) + str(salt)).encode()) % 2]


@token_function
def is_digit(token: str) -> bool:
    return token in ("0", "1", "2")


@dataclass(frozen=True)
class RuleSpec:
    digits: tuple[str, ...]
    mode: str  # "fill" | "rewrite" | "append"
    interleaved: bool  # fill: "d ? d ?" rather than "d d ? ?"
    offsets: tuple[int, ...]  # reads relative to the cursor
    front: bool  # a '#' marker in front
    back: bool  # a '$' marker at the end (append mode always has one)
    hidden: int | None  # the output also depends on this unread offset
    branch: bool  # read one more token when the one left of the cursor is '1'
    salt: int


class RuleProblem(Problem):
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

    def step(self, s):
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
        return Step(reads=tuple(reads), next=s[:p] + (token,) + s[p + 1:])


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


def summary(result) -> dict:
    """Everything both engines must agree on."""
    upper = any("upper bound" in note for note in result.scope.notes)
    return dict(
        R=result.distance.by_size,
        R_io=result.distance.io_by_size,
        X=result.causal.x_by_size,
        f=result.causal.well_defined,
        f_coverage=result.causal.coverage_size,
        arity=result.causal.arity_by_size,
        at_most_once=result.at_most_once.holds,
        minimal={(m.form, m.n): (m.by_size, m.not_applicable is not None, m.locators)
                 for m in result.minimal_r},
        checks=[(c.form, c.n, c.r, c.locators, c.holds, c.fail_size,
                 None if upper else c.coverage_size) for c in result.checks],
        verdict=result.verdict.word,
        upper=upper,
    )


def assert_agree(problem, max_size: int, **options) -> None:
    enumerated = summary(check(problem, max_size=max_size, engine="enumerate", **options))
    decided = summary(check(problem, max_size=max_size, engine="smt", **options))
    if decided["upper"]:  # coverage from shapes: an upper bound, never below the exact one
        enumerated["checks"] = [c[:-1] + (None,) for c in enumerated["checks"]]
    enumerated["upper"] = decided["upper"]
    diff = {k: (enumerated[k], decided[k]) for k in enumerated if enumerated[k] != decided[k]}
    assert not diff, f"{problem.name}: enumerate vs smt differ: {diff}"


AGREE = settings(max_examples=125, deadline=None, derandomize=True)


@AGREE
@given(rule_specs())
def test_random_rules_agree_n1(spec):
    assert_agree(RuleProblem(spec), 3, n_max=1, r_max=9)


@AGREE
@given(rule_specs())
def test_random_rules_agree_n2(spec):
    assert_agree(RuleProblem(spec), 3, n_max=2, r_max=7)


FAST_REFERENCE = {
    "add_column.py": 5, "add_plain.py": 4, "add_reversed.py": 4, "copy_repeated.py": 4,
    "copy_unique.py": 4, "parity_append.py": 5, "parity_direct.py": 5, "parity_fill.py": 6,
    "parity_reduce.py": 6, "arith_fixed_order.py": 4, "arith_running_example.py": 4,
    "copy_slots.py": 4,
}
SLOW_REFERENCE = {
    "add_multirow.py": 4, "arith_front.py": 4, "consume_leftmost_zero.py": 5,
    "div_column.py": 5, "mul_column.py": 5, "mul_faith_fate.py": 4, "mul_multirow.py": 3,
}


def _reference(table: dict[str, int]) -> list:
    out = []
    for name, bound in sorted(table.items()):
        path = PROBLEMS / name
        if path.exists():
            out.extend(pytest.param(p, bound, id=p.name) for p in load(str(path)))
    return out


@pytest.mark.parametrize(("problem", "bound"), _reference(FAST_REFERENCE))
def test_reference_problems_agree(problem, bound):
    assert_agree(problem, bound)


@pytest.mark.skipif(not os.environ.get("LENGTHCHECK_SLOW"), reason="set LENGTHCHECK_SLOW=1")
@pytest.mark.parametrize(("problem", "bound"), _reference(SLOW_REFERENCE))
def test_reference_problems_agree_slow(problem, bound):
    assert_agree(problem, bound)
