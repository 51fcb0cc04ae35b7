"""Write a candidate as a small spec file the user can read, edit and check again.

The file imports the original format from its own file and applies one
transformation by subclassing it, so `lengthcheck check FILE` checks exactly the
candidate `repair` checked (the same class, built the same way).
"""

from __future__ import annotations

import inspect
import os
from pathlib import Path

from lengthcheck.outcome import ProblemResult
from lengthcheck.repair.transforms import Repair


def file_name(candidate: type[Repair]) -> str:
    """`parity_append__mark_consumed.py`: the original's file stem, then the transform."""
    stem = Path(inspect.getsourcefile(candidate.original) or "format.py").stem
    return f"{stem}__{candidate.transform.replace('-', '_')}.py"


def spec_text(candidate: type[Repair], target: Path, result: ProblemResult,
              recheck: str) -> str:
    """The source of the candidate's spec file, to be written at `target`."""
    original = candidate.original
    source = Path(inspect.getsourcefile(original) or "")
    relative = Path(os.path.relpath(source.resolve(), target.resolve().parent)).as_posix()
    base = next(c for c in candidate.__mro__[1:] if c.__module__ == Repair.__module__)
    name = getattr(original, "name", "") or original.__name__
    headline = result.verdict.headline
    return f'''"""{name}, repaired: {candidate.what}.

Written by `lengthcheck repair` from {source.name}::{original.__name__}. The
transformation ({base.__name__}, lengthcheck/repair/transforms.py) re-encodes every
state of the original; its decode map gives the original's final state back, which
`repair` checked on every instance up to its bound.

When it was written, `repair` found: {headline}
Check it again (the verdict is recomputed, never read from this file):

    {recheck}
"""

from lengthcheck.repair import {base.__name__}, original_from


class {candidate.__name__}({base.__name__}):
    original = original_from(__file__, {relative!r}, {original.__name__!r})
'''


def write(candidate: type[Repair], folder: Path, result: ProblemResult, recheck: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / file_name(candidate)
    target.write_text(spec_text(candidate, target, result, recheck.format(file=target)),
                      encoding="utf-8")
    return target
