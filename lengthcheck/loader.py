"""Find problem specs by path: a `.py` file, a folder of them, or `module:Class`."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import sys
from pathlib import Path

from lengthcheck.errors import Location, SpecError, user_location
from lengthcheck.spec import Problem


def load(target: str) -> list[Problem]:
    """Every concrete Problem class defined at `target`, instantiated, in a stable order.

    `target` is a spec file, a folder of spec files, `file.py::Class` (one class
    of a file) or `module:Class` (an importable module).
    """
    if "::" in target:
        file_part, _, class_name = target.partition("::")
        chosen = [p for p in load(file_part) if type(p).__name__ == class_name]
        if not chosen:
            raise SpecError(
                f"{file_part} defines no Problem class named {class_name!r}",
                hint="name a Problem subclass defined in that file",
            )
        return chosen
    if ":" in target and not os.path.exists(target):
        return [_load_attribute(target)]
    path = Path(target)
    if path.is_dir():
        files = sorted(p for p in path.glob("*.py") if not p.name.startswith("_"))
        if not files:
            raise SpecError(f"no .py spec files in folder {target}", hint="point at a spec file")
        return [problem for f in files for problem in _load_file(f)]
    if path.is_file():
        return _load_file(path)
    raise SpecError(
        f"no such spec: {target}",
        hint="give a .py file, a folder of spec files, or module:Class",
    )


def _load_file(path: Path) -> list[Problem]:
    module = _import_file(path)
    found = [
        cls
        for cls in vars(module).values()
        if inspect.isclass(cls)
        and issubclass(cls, Problem)
        and cls is not Problem
        and cls.__module__ == module.__name__
        and not inspect.isabstract(cls)
        and not getattr(cls, "abstract", False)
    ]
    if not found:
        raise SpecError(
            f"{path} defines no Problem subclass",
            location=Location(str(path), 1),
            hint="define `class MyFormat(Problem): ...` in the file",
        )
    found.sort(key=lambda cls: inspect.getsourcelines(cls)[1])
    return [_instantiate(cls) for cls in found]


def _import_file(path: Path):
    path = path.resolve()
    folder = str(path.parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)  # so a spec can import its siblings
    name = path.stem
    existing = sys.modules.get(name)
    if existing is not None and getattr(existing, "__file__", None) == str(path):
        return existing
    if existing is not None:
        name = f"lengthcheck_spec_{abs(hash(str(path)))}_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SpecError(f"cannot import {path}", location=Location(str(path), 1))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        del sys.modules[name]
        raise SpecError(
            f"syntax error: {exc.msg}",
            location=Location(exc.filename or str(path), exc.lineno or 1),
            hint="fix the Python syntax at that line",
        ) from None
    except Exception as exc:
        del sys.modules[name]
        raise SpecError(
            f"importing the spec raised {type(exc).__name__}: {exc}",
            location=user_location(exc.__traceback__) or Location(str(path), 1),
            hint="fix the spec's module-level code",
        ) from None
    return module


def _load_attribute(target: str) -> Problem:
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:
        raise SpecError(
            f"cannot import module {module_name!r}: {type(exc).__name__}: {exc}",
            location=user_location(exc.__traceback__),
            hint="check the module name and that it is importable (PYTHONPATH)",
        ) from None
    obj = getattr(module, attr, None)
    if obj is None:
        raise SpecError(
            f"module {module_name!r} has no attribute {attr!r}",
            hint=f"name a Problem class defined in {module_name}",
        )
    if inspect.isclass(obj) and issubclass(obj, Problem):
        return _instantiate(obj)
    if isinstance(obj, Problem):
        return obj
    raise SpecError(f"{target} is not a Problem class", hint="subclass lengthcheck.Problem")


def _instantiate(cls: type[Problem]) -> Problem:
    try:
        return cls()
    except Exception as exc:
        raise SpecError(
            f"creating {cls.__name__}() raised {type(exc).__name__}: {exc}",
            location=user_location(exc.__traceback__),
            hint="a Problem class must be constructible without arguments",
        ) from None
