"""The reference problems compute what they claim: every trace ends in the right answer.

For every module in problems/ and every instance of sizes 1..min(max_size, 4),
the trace is run by hand (`step` until None) and the final state is decoded
and compared with the answer computed directly from the instance. Along the
way each step is checked against the spec rules (reads distinct, in range
and non-empty; tokens in the alphabet; the followed step among `ready`).
"""

from __future__ import annotations

import importlib.util
import inspect
from collections.abc import Callable
from pathlib import Path

import pytest

from lengthcheck import Problem, State

PROBLEMS = Path(__file__).resolve().parent.parent / "problems"
SMALL = 4
MAX_STEPS = 10_000


def load(path: Path) -> Problem:
    spec = importlib.util.spec_from_file_location(f"semantics_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    classes = [
        obj
        for obj in vars(module).values()
        if inspect.isclass(obj) and issubclass(obj, Problem) and obj is not Problem
    ]
    assert len(classes) == 1, f"{path.name} must define exactly one Problem subclass"
    return classes[0]()


def run(problem: Problem, instance: State) -> State:
    s = instance
    alphabet = set(problem.alphabet)
    for _ in range(MAX_STEPS):
        assert set(s) <= alphabet, f"tokens outside the alphabet in {s}"
        st = problem.step(s)
        if st is None:
            return s
        assert st.reads and len(set(st.reads)) == len(st.reads), st
        assert all(0 <= i < len(s) for i in st.reads), st
        ready = getattr(problem, "ready", None)
        if callable(ready):
            listed = [tuple(sorted(r.reads if hasattr(r, "reads") else r)) for r in ready(s)]
            assert tuple(sorted(st.reads)) in listed, (s, st.reads)
        s = st.next
    raise AssertionError(f"no halt after {MAX_STEPS} steps from {instance}")


# -- answers, computed from the instance alone -------------------------------------------


def number(digits: list[int], base: int) -> int:
    """Value of digits given least significant first."""
    return sum(d * base**k for k, d in enumerate(digits))


def arith_value(tokens: State) -> int:
    total, product = 0, int(tokens[0])
    for op, d in zip(tokens[1::2], tokens[2::2]):
        if op == "*":
            product *= int(d)
        else:
            total, product = total + product, int(d)
    return (total + product) % 4


def running_parity(bits: State) -> list[int]:
    out, p = [], 0
    for b in bits:
        p ^= int(b)
        out.append(p)
    return out


def check_arith(pb: Problem, x: State, f: State) -> None:
    assert f == (str(arith_value(x)),)


def check_arith_front(pb: Problem, x: State, f: State) -> None:
    assert f == ("#", str(arith_value(x[1:]))) + ("_",) * (len(x) - 2)


def check_parity_direct(pb: Problem, x: State, f: State) -> None:
    assert f == x + (str(running_parity(x[:-1])[-1]),)


def check_parity_append(pb: Problem, x: State, f: State) -> None:
    assert f == x + tuple(str(p) for p in running_parity(x[:-1]))


def check_parity_fill(pb: Problem, x: State, f: State) -> None:
    bits = x[1::2]
    assert f[1::2] == bits and f[0] == "#"
    assert list(f[2::2]) == [f"s{p}" for p in running_parity(bits)]


def check_parity_reduce(pb: Problem, x: State, f: State) -> None:
    bits = x[1:-1]
    assert f == ("#", str(running_parity(bits)[-1])) + ("_",) * len(bits)


def check_add_plain(pb: Problem, x: State, f: State) -> None:
    n = x.index("+")
    a, b = x[:n], x[n + 1 : -1]
    answer = f[len(x) :]
    assert f[: len(x)] == x and len(answer) == n + 1
    value = number([int(d) for d in reversed(answer)], pb.base)
    assert value == int("".join(a), pb.base) + int("".join(b), pb.base)


def check_add_reversed(pb: Problem, x: State, f: State) -> None:
    n = x.index("+")
    a, b = [int(d) for d in x[:n]], [int(d) for d in x[n + 1 : -1]]
    answer = f[len(x) :]
    assert f[: len(x)] == x and len(answer) == n
    value = number([int(t[2]) for t in answer] + [int(answer[-1][4])], pb.base)
    assert value == number(a, pb.base) + number(b, pb.base)


def check_add_column(pb: Problem, x: State, f: State) -> None:
    a, b = [int(t[2]) for t in x[1:]], [int(t[4]) for t in x[1:]]
    value = number([int(t[2]) for t in f[1:]] + [int(f[-1][4])], pb.base)
    assert value == number(a, pb.base) + number(b, pb.base)


def rows(state: State) -> list[list[str]]:
    """The `|`-separated rows after `#`, cursor tokens dropped."""
    out: list[list[str]] = [[]]
    for t in state[1:]:
        if t == "|":
            out.append([])
        elif not t.startswith("^"):
            out[-1].append(t)
    return out


def check_add_multirow(pb: Problem, x: State, f: State) -> None:
    a, b, _, _ = rows(x)
    digits_a, digits_b = [int(t[1]) for t in a], [int(t[1]) for t in b]
    assert rows(f)[:2] == [a, b]
    z = rows(f)[3]
    assert f[-1] == "^Z" and all(t[1] != "?" for t in z)
    value = number([int(t[1]) for t in z], pb.base)
    assert value == number(digits_a, pb.base) + number(digits_b, pb.base)


def check_mul_column(pb: Problem, x: State, f: State) -> None:
    a, d = [int(t[2]) for t in x[1:]], int(x[1][4])
    value = number([int(t[2]) for t in f[1:]] + [int(f[-1][4])], pb.base)
    assert value == number(a, pb.base) * d


def check_div_column(pb: Problem, x: State, f: State) -> None:
    a, d = [int(t[2]) for t in x[1:]], int(x[1][4])
    dividend = number(list(reversed(a)), pb.base)
    quotient = number([int(t[2]) for t in reversed(f[1:])], pb.base)
    assert (quotient, int(f[-1][4])) == divmod(dividend, d)


def check_mul_faith_fate(pb: Problem, x: State, f: State) -> None:
    n = x.index("*")
    left, right = int("".join(x[:n]), pb.base), int("".join(x[n + 1 : -1]), pb.base)
    s = len(f) - 1 - f[::-1].index("S")
    assert f[: len(x)] == x and len(f) - s - 1 == n + 2
    assert int("".join(f[s + 1 :]), pb.base) == left * right


def check_mul_multirow(pb: Problem, x: State, f: State) -> None:
    a, b, _ = rows(x)
    fa, fb, z = rows(f)
    assert all(len(t) == 2 for t in fa + fb + z), f"marks left in {f}"
    assert [t[1] for t in fa] == [t[1] for t in a] and [t[1] for t in fb] == [t[1] for t in b]
    value = number([int(t[1]) for t in z], pb.base)
    product = number([int(t[1]) for t in a], pb.base) * number([int(t[1]) for t in b], pb.base)
    assert value == product


def check_copy(pb: Problem, x: State, f: State) -> None:
    assert f == x + x[:-1]


def check_copy_slots(pb: Problem, x: State, f: State) -> None:
    n = x.index("=")
    assert f == x[: n + 1] + x[:n]


def check_consume(pb: Problem, x: State, f: State) -> None:
    assert f == x + tuple(sorted(x[:-1]))


CHECKS: dict[str, Callable[[Problem, State, State], None]] = {
    "arith-fixed-order": check_arith,
    "arith-running-example": check_arith,
    "arith-front": check_arith_front,
    "parity-direct": check_parity_direct,
    "parity-append": check_parity_append,
    "parity-fill": check_parity_fill,
    "parity-reduce": check_parity_reduce,
    "add-plain": check_add_plain,
    "add-reversed": check_add_reversed,
    "add-column": check_add_column,
    "add-multirow": check_add_multirow,
    "mul-column": check_mul_column,
    "mul-faith-fate": check_mul_faith_fate,
    "mul-multirow": check_mul_multirow,
    "div-column": check_div_column,
    "copy-unique": check_copy,
    "copy-repeated": check_copy,
    "copy-slots": check_copy_slots,
    "consume-leftmost-zero": check_consume,
}

EXPECT_KEYS = {"verdict", "R", "at_most_once", "causal_function", "minimal_r"}


@pytest.mark.parametrize("path", sorted(PROBLEMS.glob("*.py")), ids=lambda p: p.stem)
def test_problem_semantics(path: Path) -> None:
    problem = load(path)
    assert problem.name in CHECKS, f"no semantic check for {problem.name}"
    assert problem.expect is None or set(problem.expect) <= EXPECT_KEYS
    check = CHECKS[problem.name]
    count = 0
    for n in range(problem.min_size, min(problem.max_size, SMALL) + 1):
        for instance in problem.instances(n):
            check(problem, instance, run(problem, instance))
            count += 1
    assert count > 0


def test_every_problem_has_a_module() -> None:
    names = {load(path).name for path in PROBLEMS.glob("*.py")}
    assert names == set(CHECKS)
