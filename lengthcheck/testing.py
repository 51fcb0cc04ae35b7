"""Helpers for users' own test suites: check a problem, assert its verdict.

Failures read like Hypothesis's: the smallest counterexample, drawn, and the
command that reproduces it.

    from lengthcheck.testing import assert_supported
    def test_my_format_generalizes():
        assert_supported(MyFormat, max_size=6)

`assert_supported` passes on `supported` (bounded evidence up to the bound,
not a proof) and on `proved` (for every n). `assert_guaranteed` is its old
name, kept for one release: it warns (DeprecationWarning) and does the same.
"""

from __future__ import annotations

import inspect
import os
import shlex
from typing import Any
from warnings import warn

from lengthcheck.outcome import ProblemResult
from lengthcheck.spec import Problem


class LengthcheckFailure(AssertionError):
    """A verdict other than the one the test asserted; the message is the whole story."""

    def __init__(self, message: str, result: ProblemResult | None = None) -> None:
        super().__init__(message)
        self.result = result


def check(problem: Problem | type[Problem], **options: Any) -> ProblemResult:
    """Run every check on `problem` and return the result object."""
    __tracebackhide__ = True  # a failure points at the user's test, not at lengthcheck
    from lengthcheck.checker import check_problem
    from lengthcheck.errors import SpecError

    try:
        return check_problem(problem, **options)
    except SpecError as exc:
        error = exc
    raise error.with_traceback(None)  # the spec's file:line is in the message; no internals


def assert_supported(problem: Problem | type[Problem], **options: Any) -> ProblemResult:
    """The verdict is `supported` (bounded evidence, not a proof) or `proved` (every n)."""
    __tracebackhide__ = True
    result = check(problem, **options)
    if result.verdict.word not in ("supported", "proved"):  # proved: for every n
        raise LengthcheckFailure(failure_message(problem, result, "supported", options), result)
    return result


def assert_guaranteed(problem: Problem | type[Problem], **options: Any) -> ProblemResult:
    """Deprecated (one release): `assert_supported`; `guaranteed` is now `supported`."""
    __tracebackhide__ = True
    from lengthcheck.verdict import DEPRECATION_MESSAGE

    warn(f"assert_guaranteed: {DEPRECATION_MESSAGE} (assert_supported)", DeprecationWarning,
         stacklevel=2)
    return assert_supported(problem, **options)


def assert_not_guaranteed(problem: Problem | type[Problem], **options: Any) -> ProblemResult:
    __tracebackhide__ = True
    result = check(problem, **options)
    if result.verdict.word != "not-guaranteed":
        raise LengthcheckFailure(
            failure_message(problem, result, "not-guaranteed", options), result
        )
    return result


def failure_message(
    problem: Problem | type[Problem], result: ProblemResult, wanted: str, options: dict
) -> str:
    from lengthcheck.report.console import drawing

    v = result.verdict
    lines = [f"{result.problem}: expected {wanted}, lengthcheck says {v.word}", f"  {v.scope}"]
    lines += verdict_lines(result)
    if v.counterexample is not None:
        lines.append("Falsifying example (smallest found):")
        lines += ["  " + line for line in drawing(v.counterexample).splitlines()]
    lines.append(f"Reproduce with: {reproduce_command(problem, options)}")
    return "\n".join(lines)


def verdict_lines(result: ProblemResult) -> list[str]:
    """The reasons, the warnings (with a Thm 3.5 failure's cause) and, for `unknown`, the
    bound to try, in pytest's spelling: what a failing test shows under the verdict."""
    v = result.verdict
    lines = [f"  - {reason}" for reason in v.reasons]
    lines += [f"  WARNING: {w}" for w in v.warnings]
    if v.word == "unknown" and v.next_bound is not None:
        lines.append(f"  try a larger bound: max_size={v.next_bound} (the fixture keyword or "
                     f"marker), or --lengthcheck-max-size {v.next_bound}; or let it raise the "
                     "bound itself: until_decided=300 / --lengthcheck-until-decided 300")
    return lines


def reproduce_command(problem: Problem | type[Problem], options: dict) -> str:
    """The `lengthcheck check` command line that reruns this check."""
    cls = problem if isinstance(problem, type) else type(problem)
    try:
        path = os.path.relpath(inspect.getsourcefile(cls) or "")
        target = f"{path}::{cls.__name__}"
    except (TypeError, ValueError):
        target = f"{cls.__module__}:{cls.__name__}"
    args = ["lengthcheck", "check", target]
    from lengthcheck.options import settings

    for key, setting in settings().items():
        value = options.get(key)
        if value is None:
            continue
        if setting.switch_sets is not None:  # a switch: given when its value is the set one
            if value == setting.switch_sets:
                args.append(setting.flag)
        else:
            args += [setting.flag, str(value)]
    return shlex.join(args)
