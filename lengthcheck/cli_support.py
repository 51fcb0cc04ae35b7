"""What the subcommands share: exit codes, the check options and their settings,
loading the problems a PATH names, checking them (one by one or in parallel) and
locating a spec error. `cli.py` and each package's `command.py` (repair, data, rules,
train) build on it; it imports none of them.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich.console import Console

from lengthcheck.checker import DEFAULT_ENGINE, Options, check_problem
from lengthcheck.errors import SpecError, definition_location
from lengthcheck.loader import load
from lengthcheck.options import add_arguments, from_arguments, positive
from lengthcheck.outcome import ProblemResult
from lengthcheck.parallel import check_in_parallel
from lengthcheck.report.console import CheckProgress, ParallelProgress
from lengthcheck.report.json import spec_error_json
from lengthcheck.settings import SettingsError, merge, pyproject_settings, use_hypothesis_cache
from lengthcheck.spec import Problem

__all__ = ["positive"]  # -j, --size: re-exported for the subcommands' parsers

EXIT_OK, EXIT_NOT_GUARANTEED, EXIT_ERROR, EXIT_UNKNOWN = 0, 1, 2, 3
EXIT_EXPECT_MISMATCH = 4
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141
TARGETS = "a spec file, a folder of spec files, file.py::Class (one class of a file) or " \
    "module:Class (an importable module, found from the working directory)"


def check_options(c: argparse.ArgumentParser) -> None:
    # every check option, declared once in lengthcheck.options; defaults are None here: a
    # flag not given leaves the setting to pyproject.toml, then to Options (named in the help)
    add_arguments(c.add_argument)
    c.add_argument("-v", "--verbose", action="store_true",
                   help="also print the engine's details: which engine answered under auto, "
                   "z3's query counts")
    c.add_argument("--no-color", action="store_true", help="no colour (also: NO_COLOR)")
    c.add_argument("-q", "--quiet", action="store_true", help="no progress display")
    c.add_argument("--progress", action="store_true",
                   help="when stderr is not a terminal, print a plain progress line at most "
                   "every 10 s (off by default, so CI logs stay quiet)")


def settings(args: argparse.Namespace) -> tuple[dict[str, Any], list[str]]:
    """The check options (flags over pyproject.toml over the defaults) and configured paths."""
    given = from_arguments(lambda name: getattr(args, name))
    configured = pyproject_settings(Path.cwd())
    options = merge(configured, given)
    engine = options.get("engine", DEFAULT_ENGINE)
    if engine != "sample":
        for flag, key in (("--samples", "samples"), ("--seed", "seed")):
            if given[key] is not None:
                raise SettingsError(f"{flag} applies to --engine sample only; the engine here is "
                                    f"{engine} (add --engine sample, or drop {flag})")
    try:
        Options(**options)
    except ValueError as exc:
        raise SettingsError(str(exc)) from None
    return options, list(configured.get("paths") or [])


def check_settings(args: argparse.Namespace, err: Console) -> dict[str, Any] | None:
    """The check options of `check` and `explain` (flags, then pyproject), and their paths;
    None after a usage error, said on `err`."""
    use_hypothesis_cache()
    try:
        options, configured_paths = settings(args)
    except SettingsError as exc:
        err.print(f"usage error: {exc}", markup=False)
        return None
    if not args.paths:
        args.paths = configured_paths
    if not args.paths:
        err.print("usage error: give a PATH (or `paths` in [tool.lengthcheck] of "
                  "pyproject.toml)", markup=False)
        return None
    return options


def load_problems(args: argparse.Namespace, err: Console, as_json: bool = False
                   ) -> list[Problem] | None:
    """Every problem the PATHs name (and `--problem` selects); None after a spec error."""
    notes: list[str] = []
    try:
        recursive = getattr(args, "recursive", False)
        problems = [p for path in args.paths for p in load(path, notes, recursive)]
        if args.command in ("explain", "dag", "repair", "export", "data"):
            problems = select(problems, args.problem)
    except SpecError as exc:
        err.print(exc.render(), markup=False)
        if as_json:
            print(json.dumps([spec_error_json(exc)], indent=2, ensure_ascii=False))
        return None
    for note in notes:
        err.print(f"note: {note}", markup=False)
    return problems


def exit_for(words: set[str]) -> int:
    """The exit code of verdicts: not-guaranteed over unknown over proved/supported."""
    if "not-guaranteed" in words:
        return EXIT_NOT_GUARANTEED
    if "unknown" in words:
        return EXIT_UNKNOWN
    return EXIT_OK


def outcomes(problems: list[Problem], options: dict[str, Any], jobs: int, err: Console,
              show_progress: bool, plain: bool) -> Iterator[ProblemResult | SpecError]:
    """Each problem's result or spec error, in input order: one by one, or `jobs` at once."""
    if jobs > 1:
        with ParallelProgress(err, len(problems), jobs, enabled=show_progress,
                              plain=plain) as progress:
            yield from check_in_parallel(problems, options, jobs, finished=progress.finished,
                                         waiting=progress.tick)
        return
    for index, problem in enumerate(problems, 1):
        try:
            with CheckProgress(err, problem.name or type(problem).__name__, index, len(problems),
                               enabled=show_progress, plain=plain) as progress:
                yield check_problem(problem, progress=progress, **options)
        except SpecError as exc:
            yield exc


def located(exc: SpecError, problem: Problem) -> SpecError:
    """A spec error names a file and line: the problem's class when nothing closer is known."""
    if exc.location is not None:
        return exc
    return exc.with_context(location=definition_location(type(problem)))


def select(problems: list[Problem], name: str | None) -> list[Problem]:
    """The problems a command works on: all of them, or the one named."""
    if name is None:
        return problems
    chosen = [p for p in problems if p.name == name or type(p).__name__ == name]
    if not chosen:
        names = ", ".join(p.name or type(p).__name__ for p in problems)
        raise SpecError(f"no problem named {name!r} here", hint=f"choose one of: {names}")
    return chosen
