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
from lengthcheck.spec import Problem


def _chain(candidate: type[Repair]) -> tuple[type[Problem], list[type[Repair]]]:
    """The first original, and the transformations' classes from the first applied on."""
    layers: list[type[Repair]] = []
    cls: type[Problem] = candidate
    while issubclass(cls, Repair):
        layers.append(cls)
        cls = cls.original
    return cls, layers[::-1]


def _transformation(layer: type[Repair]) -> type[Repair]:
    """The transformation class of lengthcheck.repair a layer was built from."""
    return next(c for c in layer.__mro__[1:] if c.__module__ == Repair.__module__)


def file_name(candidate: type[Repair]) -> str:
    """`parity_append__mark_consumed.py`: the original's file stem, then the transforms."""
    original, layers = _chain(candidate)
    stem = Path(inspect.getsourcefile(original) or "format.py").stem
    names = "__".join(layer.transform.replace("-", "_") for layer in layers)
    return f"{stem}__{names}.py"


def spec_text(candidate: type[Repair], target: Path, result: ProblemResult,
              recheck: str) -> str:
    """The source of the candidate's spec file, to be written at `target`."""
    original, layers = _chain(candidate)
    source = Path(inspect.getsourcefile(original) or "")
    relative = Path(os.path.relpath(source.resolve(), target.resolve().parent)).as_posix()
    bases = [_transformation(layer) for layer in layers]
    name = getattr(original, "name", "") or original.__name__
    what = ", then ".join(layer.what for layer in layers)
    imports = ", ".join(sorted({b.__name__ for b in bases}))
    classes = []
    inner = f"original_from(__file__, {relative!r}, {original.__name__!r})"
    for index, base in enumerate(bases, 1):
        last = index == len(layers)
        class_name = candidate.__name__ if last else f"_Step{index}"
        body = [] if last else ["    abstract = True  # a step of the chain: checked as part "
                                "of the class below"]
        body.append(f"    original = {inner}")
        classes.append(f"class {class_name}({base.__name__}):\n" + "\n".join(body) + "\n")
        inner = class_name
    names = ", ".join(b.__name__ for b in bases)
    return f'''"""{name}, repaired: {what}.

Written by `lengthcheck repair` from {source.name}::{original.__name__}. The
transformation ({names}, lengthcheck/repair/transforms.py) re-encodes every
state of the original; its decode map gives the original's final state back, which
`repair` checked on every instance up to its bound.

When it was written, `repair` found: {result.verdict.headline}
Check it again (the verdict is recomputed, never read from this file):

    {recheck}
"""

from lengthcheck.repair import {imports}, original_from


''' + "\n\n".join(classes)


def write(candidate: type[Repair], folder: Path, result: ProblemResult, recheck: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / file_name(candidate)
    target.write_text(spec_text(candidate, target, result, recheck.format(file=target)),
                      encoding="utf-8")
    return target
