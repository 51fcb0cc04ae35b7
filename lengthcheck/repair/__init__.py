"""`lengthcheck repair`: from a failing format to candidates that may generalize (issue 21).

`transforms` re-encodes a format (mark consumed inputs, a cursor, declared ready
steps, interleaved operands, index hints); `search` checks every candidate with
the same options, verifies that each decodes to the original's final states, and
ranks them; `files` writes a readable spec for each candidate that reaches a top
verdict; `command` is the subcommand.
"""

from __future__ import annotations

from pathlib import Path

from lengthcheck.repair.transforms import (
    CHAINS,
    TRANSFORMS,
    AnswersInColumns,
    AnswersInColumnsReversed,
    Cursor,
    DeclareReady,
    IndexHints,
    IndexHints2,
    IndexHints3,
    IndexHints4,
    Interleave,
    InterleaveReversed,
    MarkConsumed,
    NotApplicable,
    Repair,
    chained,
    repaired,
)
from lengthcheck.spec import Problem

__all__ = [
    "CHAINS", "TRANSFORMS", "AnswersInColumns", "AnswersInColumnsReversed", "Cursor",
    "DeclareReady", "IndexHints", "IndexHints2", "IndexHints3", "IndexHints4", "Interleave",
    "InterleaveReversed", "MarkConsumed", "NotApplicable", "Repair", "chained", "original_from",
    "repaired",
]


def original_from(here: str, relative: str, class_name: str) -> type[Problem]:
    """The Problem class `class_name` of the spec file at `relative` (from the file `here`).

    What a file written by `repair` uses to import the format it repairs, wherever
    the two files lie (the original need not be an importable module).
    """
    from lengthcheck.errors import Location, SpecError
    from lengthcheck.loader import _import_file

    path = (Path(here).resolve().parent / relative).resolve()
    if not path.exists():
        raise SpecError(f"the original format {relative} is not there (looked at {path})",
                        location=Location(here, 1),
                        hint="fix the path in original_from(...) to the original spec file")
    module = _import_file(path)
    cls = getattr(module, class_name, None)
    if not (isinstance(cls, type) and issubclass(cls, Problem)):
        raise SpecError(f"{path} defines no Problem class named {class_name!r}",
                        location=Location(here, 1),
                        hint="fix the class name in original_from(...)")
    return cls
