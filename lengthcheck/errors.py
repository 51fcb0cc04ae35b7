"""Spec errors: a user's problem spec is wrong, and we say where and how to fix it.

A `SpecError` always names the spec file and line (found by walking the
traceback to the last frame outside lengthcheck, or taken from where the
offending `Step` was built), the instance and step when there is one, what is
wrong, and a hint. The CLI prints it and exits with code 2; it never shows a
traceback through lengthcheck's internals.
"""

from __future__ import annotations

import importlib
import inspect
import os
import traceback
from dataclasses import dataclass
from types import TracebackType
from typing import Any

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_IMPORTLIB_DIR = os.path.dirname(os.path.abspath(importlib.__file__ or ""))


def is_internal(filename: str) -> bool:
    """True for frames inside lengthcheck itself (or Python's own import machinery)."""
    path = os.path.abspath(filename)
    return (path.startswith(_PACKAGE_DIR + os.sep) or path.startswith(_IMPORTLIB_DIR + os.sep)
            or filename.startswith("<frozen"))


@dataclass
class Location:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


class SpecError(Exception):
    """The problem spec is invalid; the message says where and how to fix it."""

    def __init__(
        self,
        what: str,
        *,
        problem: str | None = None,
        location: Location | None = None,
        instance: tuple | None = None,
        step_index: int | None = None,
        state: tuple | None = None,
        hint: str | None = None,
    ) -> None:
        self.what = what
        self.problem = problem
        self.location = location
        self.instance = instance
        self.step_index = step_index
        self.state = state
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        where = f"{self.location}: " if self.location else ""
        lines = [f"{where}spec error: {self.what}"]
        if self.problem:
            lines.append(f"  problem: {self.problem}")
        if self.instance is not None:
            lines.append(f"  instance: {' '.join(map(str, self.instance))}")
        if self.step_index is not None:
            lines.append(f"  step: {self.step_index}")
        if self.state is not None and self.state != self.instance:
            lines.append(f"  state: {' '.join(map(str, self.state))}")
        if self.hint:
            lines.append(f"  fix: {self.hint}")
        return "\n".join(lines)

    def with_context(self, **context: Any) -> SpecError:
        """A copy with missing context (problem, instance, step) filled in."""
        fields = dict(
            problem=self.problem,
            location=self.location,
            instance=self.instance,
            step_index=self.step_index,
            state=self.state,
            hint=self.hint,
        )
        for key, value in context.items():
            if fields.get(key) is None:
                fields[key] = value
        return SpecError(self.what, **fields)


def user_location(tb: TracebackType | None) -> Location | None:
    """The innermost traceback frame that belongs to the user's code."""
    found = None
    for frame, lineno in traceback.walk_tb(tb):
        if not is_internal(frame.f_code.co_filename):
            found = Location(frame.f_code.co_filename, lineno)
    return found


def definition_location(func: Any) -> Location | None:
    """Where a user's function or method is defined (for errors about what it returned)."""
    func = getattr(func, "__func__", func)
    try:
        code = func.__code__
    except AttributeError:
        try:
            return Location(inspect.getsourcefile(func) or "?", inspect.getsourcelines(func)[1])
        except (OSError, TypeError):
            return None
    return Location(code.co_filename, code.co_firstlineno)
