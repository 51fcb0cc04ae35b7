"""Find problem specs by path: a `.py` file, a folder of them, or `module:Class`."""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import inspect
import os
import pkgutil
import sys
from pathlib import Path

from lengthcheck.errors import Location, SpecError, definition_location, user_location
from lengthcheck.spec import Problem

# the methods every Problem must define, as the messages write them
REQUIRED_METHODS = {"instances": "instances(n)", "step": "step(s)"}


def load(target: str, notes: list[str] | None = None, recursive: bool = False) -> list[Problem]:
    """Every concrete Problem class defined at `target`, instantiated, in a stable order.

    `target` is a spec file, a folder of spec files, `file.py::Class` (one class
    of a file) or `module:Class` (an importable module; the working directory
    is on the import path). In a folder, test modules (`test_*.py`,
    `*_test.py`, `conftest.py`) and helper modules that define no Problem are
    skipped, each with a line appended to `notes`; subfolders holding spec files
    are entered with `recursive`, else named in `notes` (never skipped silently).
    """
    if "::" in target:
        file_part, _, class_name = target.partition("::")
        if not os.path.exists(file_part):
            raise _no_such_spec(Path(file_part), target, f"::{class_name}")
        defined = load(file_part, notes)
        chosen = [p for p in defined if type(p).__name__ == class_name]
        if not chosen:
            names = [type(p).__name__ for p in defined]
            raise SpecError(
                f"{file_part} defines no Problem class named {class_name!r}",
                hint=_did_you_mean(class_name, names, f"{file_part}::")
                or f"name a Problem subclass defined in that file: {', '.join(names)}",
            )
        return chosen
    if ":" in target and not os.path.exists(target):
        return [_load_attribute(target)]
    path = Path(target)
    if path.is_dir():
        return _load_folder(path, target, notes, recursive)
    if path.is_file():
        return _load_file(path)
    raise _no_such_spec(path, target)


def _no_such_spec(path: Path, target: str, suffix: str = "") -> SpecError:
    """A path that is not there; a near miss in its folder is suggested (with `suffix`,
    the `::Class` the user gave, kept)."""
    near = []
    if path.parent.is_dir():
        near = [p.name for p in path.parent.iterdir() if p.suffix == ".py" or (
            p.is_dir() and not suffix)]
    folder = "" if str(path.parent) == "." else f"{path.parent}/"
    return SpecError(f"no such spec: {target}",
                     hint=_did_you_mean(path.name, near, folder, suffix)
                     or "give a .py file, a folder of spec files, or module:Class")


def _did_you_mean(wrong: str, names: list[str], prefix: str = "", suffix: str = "") -> str | None:
    """The hint for a near miss (a misspelt file, class, module or method), or None."""
    close = difflib.get_close_matches(wrong, names, n=3, cutoff=0.6)
    if not close:
        return None
    return "did you mean " + " or ".join(f"{prefix}{name}{suffix}" for name in close) + "?"


def _holds_specs(folder: Path) -> bool:
    """A subfolder worth naming: not hidden, not a cache or a virtual environment, with a
    .py file that is not a test module in it or below (links to folders are not followed)."""
    if _not_searched(folder):
        return False
    for here, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not _not_searched(Path(here, d))]
        if any(name.endswith(".py") and not name.startswith("_")
               and not _is_test_module(Path(name)) for name in names):
            return True
    return False


def _not_searched(folder: Path) -> bool:
    """Hidden folders, caches (`__pycache__`, `_build`), virtual environments, site-packages."""
    return folder.name.startswith((".", "_")) or folder.name in ("site-packages",
                                                                  "node_modules") or (
        folder / "pyvenv.cfg").exists()


def _is_test_module(path: Path) -> bool:
    """Modules pytest collects as tests (the plugin leaves them alone too)."""
    name = path.name
    return name == "conftest.py" or name.startswith("test_") or name.endswith("_test.py")


def _load_folder(path: Path, target: str, notes: list[str] | None,
                 recursive: bool = False, inner: bool = False) -> list[Problem]:
    """The problems of a folder's spec files (and, `recursive`, of its subfolders'). A
    subfolder entered that defines none is named in `notes`; only the folder asked for
    must define one (`inner`: a subfolder)."""
    files = sorted(p for p in path.glob("*.py") if not p.name.startswith("_"))
    folders = sorted(p for p in path.iterdir() if p.is_dir() and _holds_specs(p))
    if inner and not files and not folders:
        return []
    if not files and not (recursive and folders):
        hint = "point at a spec file"
        if folders:
            hint = (f"its subfolders hold spec files: add -r, or check one of them "
                    f"({', '.join(str(f) for f in folders)})")
        raise SpecError(f"no .py spec files in folder {target}", hint=hint)
    problems: list[Problem] = []
    skipped: list[str] = []
    here = path.resolve()
    for folder in folders:
        if recursive and folder.resolve() in (here, *here.parents):
            skipped.append(f"not entered {folder}/: a link back to a folder already entered")
        elif recursive:
            problems.extend(_load_folder(folder, str(folder), notes, recursive, inner=True))
        else:
            skipped.append(f"not entered {folder}/ (a subfolder with spec files): check it "
                           f"with `lengthcheck check {folder}`, or add -r")
    for f in files:
        if _is_test_module(f):
            skipped.append(f"skipped {f}: a test module")
            continue
        found = _load_file(f, required=False)
        if not found:
            skipped.append(f"skipped {f}: defines no Problem subclass (a helper module)")
        problems.extend(found)
    if not problems and inner:
        if notes is not None:
            notes.extend(skipped)
            notes.append(f"skipped {path}/: no file in it defines a Problem subclass")
        return []
    if not problems:
        raise SpecError(
            f"no file in folder {target} defines a Problem subclass",
            location=Location(str(files[0]), 1) if files else None,
            hint="define `class MyFormat(Problem): ...` in a spec file of the folder",
        )
    if notes is not None:
        notes.extend(skipped)
    return problems


def _load_file(path: Path, required: bool = True) -> list[Problem]:
    module = _import_file(path)
    found = [
        cls
        for cls in vars(module).values()
        if inspect.isclass(cls)
        and issubclass(cls, Problem)
        and cls is not Problem
        and cls.__module__ == module.__name__
        and not inspect.isabstract(cls)
        and not vars(cls).get("abstract", False)  # a base that says so itself (repair)
    ]
    if not found and not required:
        return []
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
        missing = isinstance(exc, ModuleNotFoundError)
        raise SpecError(
            f"importing the spec raised {type(exc).__name__}: {exc}",
            location=user_location(exc.__traceback__) or Location(str(path), 1),
            hint=f"install {exc.name!r} or fix the import at that line" if missing
            else "fix the spec's module-level code at that line",
        ) from None
    return module


def _load_attribute(target: str) -> Problem:
    module_name, _, attr = target.partition(":")
    here = os.getcwd()
    if here not in sys.path and "" not in sys.path:
        # `python -m lengthcheck` has the working directory on the path, the console
        # script does not: give both the same view of the user's modules
        sys.path.insert(0, here)
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        missing = exc.name or module_name
        ours = module_name == missing or module_name.startswith(missing + ".")
        raise SpecError(
            f"cannot import module {module_name!r}: no module named {missing!r}"
            if ours else f"importing module {module_name!r} raised ModuleNotFoundError: {exc}",
            location=None if ours else user_location(exc.__traceback__),
            hint=(_near_module(missing, f"{module_name[len(missing):]}:{attr}") if ours else None)
            or (f"run from the folder that holds {module_name.replace('.', '/')}.py, or add "
                "its folder to PYTHONPATH" if ours else "install the missing module, or fix "
                "the import at that line"),
        ) from None
    except SyntaxError as exc:
        raise SpecError(
            f"syntax error: {exc.msg}",
            location=Location(exc.filename or module_name, exc.lineno or 1),
            hint="fix the Python syntax at that line",
        ) from None
    except Exception as exc:
        raise SpecError(
            f"importing module {module_name!r} raised {type(exc).__name__}: {exc}",
            location=user_location(exc.__traceback__),
            hint="fix the module-level code at that line",
        ) from None
    obj = getattr(module, attr, None)
    if obj is None:
        names = [name for name, value in vars(module).items()
                 if inspect.isclass(value) and issubclass(value, Problem) and value is not Problem]
        raise SpecError(
            f"module {module_name!r} has no attribute {attr!r}",
            hint=_did_you_mean(attr, names, f"{module_name}:")
            or f"name a Problem class defined in {module_name}",
        )
    if inspect.isclass(obj) and issubclass(obj, Problem):
        return _instantiate(obj)
    if isinstance(obj, Problem):
        return obj
    raise SpecError(f"{target} is not a Problem class", hint="subclass lengthcheck.Problem")


def _near_module(missing: str, suffix: str) -> str | None:
    """A did-you-mean for a misspelt module: its siblings in the parent package, or the
    modules of the working directory for a top-level one (not every installed module)."""
    parent, _, name = missing.rpartition(".")
    if parent:
        try:
            where = list(getattr(importlib.import_module(parent), "__path__", []))
        except Exception:
            return None
    else:
        where = [os.getcwd()]
    names = [m.name for m in pkgutil.iter_modules(where)]
    return _did_you_mean(name, names, f"{parent}." if parent else "", suffix)


def _check_required(cls: type[Problem]) -> None:
    """Every required method is defined; a near miss (`stpe`, `instance`) is named."""
    for method, shown in REQUIRED_METHODS.items():
        if getattr(cls, method, None) is not getattr(Problem, method):
            _check_signature(cls, method, shown)
            continue
        own = [name for klass in cls.__mro__ if klass not in (Problem, object)
               for name in vars(klass) if not name.startswith("__")]
        close = difflib.get_close_matches(method, own, n=1, cutoff=0.6)
        where = _class_location(cls)
        if close:
            guess = close[0]
            found = definition_location(getattr(cls, guess)) if callable(
                getattr(cls, guess)) else None
            raise SpecError(
                f"{cls.__name__} defines no {shown}; did you mean {guess}?",
                problem=getattr(cls, "name", "") or cls.__name__,
                location=found or where,
                hint=f"rename {guess} to {method}",
            )
        raise SpecError(
            f"{cls.__name__} defines no {shown}",
            problem=getattr(cls, "name", "") or cls.__name__,
            location=where,
            hint="every Problem defines instances(self, n) (the initial states of size n) "
            "and step(self, s) (a Step, or None when done); add "
            f"`def {shown.replace('(', '(self, ')}: ...`",
        )


def _check_signature(cls: type[Problem], method: str, shown: str) -> None:
    """A required method takes what lengthcheck passes (`step(self, s)`, `instances(self, n)`)."""
    func = inspect.getattr_static(cls, method)
    bound = getattr(cls, method)
    if not callable(bound):
        raise SpecError(
            f"{cls.__name__}.{method} is not a method",
            problem=getattr(cls, "name", "") or cls.__name__,
            location=_class_location(cls),
            hint=f"define `def {shown.replace('(', '(self, ')}: ...`",
        )
    try:
        signature = inspect.signature(bound)
    except (TypeError, ValueError):
        return
    args = (None,) if isinstance(func, (staticmethod, classmethod)) else (None, None)
    try:
        signature.bind(*args)
    except TypeError:
        raise SpecError(
            f"{cls.__name__}.{method} takes {signature}, but lengthcheck calls it as "
            f"problem.{shown}",
            problem=getattr(cls, "name", "") or cls.__name__,
            location=definition_location(bound) or _class_location(cls),
            hint=f"define it as `def {shown.replace('(', '(self, ')}` (the first parameter is "
            "self)",
        ) from None


def _class_location(cls: type) -> Location | None:
    try:
        return Location(inspect.getsourcefile(cls) or "?", inspect.getsourcelines(cls)[1])
    except (OSError, TypeError):
        return None


def _instantiate(cls: type[Problem]) -> Problem:
    _check_required(cls)
    try:
        return cls()
    except Exception as exc:
        raise SpecError(
            f"creating {cls.__name__}() raised {type(exc).__name__}: {exc}",
            location=user_location(exc.__traceback__) or _class_location(cls),
            hint="a Problem class must be constructible without arguments",
        ) from None
