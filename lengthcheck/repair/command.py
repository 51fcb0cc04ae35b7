"""`lengthcheck repair PATH`: check a format; when it is not proved or supported, try
the transformations its diagnosis points to (issue 21).

Exit codes: 0 a repair found or none needed, 1 none found, 2 usage or spec error,
130 interrupted.
"""

from __future__ import annotations

import argparse
import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich.console import Console

from lengthcheck.checker import Options
from lengthcheck.cli_support import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_NOT_GUARANTEED,
    EXIT_OK,
    TARGETS,
    check_options,
    check_settings,
    load_problems,
    located,
    outcomes,
    positive,
)
from lengthcheck.errors import SpecError
from lengthcheck.options import flag
from lengthcheck.outcome import ProblemResult
from lengthcheck.parallel import can_fork, default_jobs
from lengthcheck.spec import Problem


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    f = sub.add_parser("repair", help="find the smallest change to a failing format that works",
                       description="Check a format; when it is not proved or supported, try "
                       "transformations the diagnosis points to (mark consumed inputs, a cursor, "
                       "declared ready steps, interleaved operands, index hints), each checked "
                       "with the same options and decode-checked against the original. Exit "
                       "codes: 0 a repair was found (or none was needed), 1 no candidate "
                       "reached a top verdict, 2 usage or spec error, 130 interrupted.")
    f.add_argument("paths", nargs=1, metavar="PATH", help=TARGETS)
    f.add_argument("--problem", help="the problem's name, when PATH defines several")
    f.add_argument("-o", "--output", metavar="DIR",
                   help="write each candidate that reaches a top verdict to DIR as a spec file")
    f.add_argument("--max-candidates", type=positive, metavar="K",
                   help="try at most K transformations, those the diagnosis points to first "
                   "(default: all)")
    f.add_argument("--only", metavar="NAMES",
                   help="try only these transformations, comma-separated, as the table names "
                   "them (e.g. interleave+answers-in-columns)")
    f.add_argument("-j", "--jobs", type=positive, metavar="N",
                   help="check N candidates at once (default: the number of cores)")
    f.add_argument("--json", action="store_true", help="print one JSON list for machines")
    check_options(f)


def run_repair(args: argparse.Namespace, out: Console, err: Console) -> int:
    """`lengthcheck repair`: check, then try the transformations the diagnosis suggests."""
    from lengthcheck.repair import files
    from lengthcheck.repair.search import search
    from lengthcheck.report.repair import search_json, table

    options = check_settings(args, err)
    problems = load_problems(args, err, args.json) if options is not None else None
    if options is None or problems is None:
        return EXIT_ERROR
    show_progress = not args.quiet and err.is_terminal
    plain = getattr(args, "progress", False) and not err.is_terminal and not args.quiet
    payload, code = [], EXIT_OK
    for problem in problems:
        try:
            original = next(outcomes([problem], options, 1, err, show_progress, plain))
            if isinstance(original, SpecError):
                raise located(original, problem)
            bound = original.scope.max_size
            settings = {**options, "max_size": bound}
            jobs = (args.jobs or default_jobs()) if can_fork() else 1
            check = functools.partial(_check_candidates, settings=settings, jobs=jobs, err=err,
                                      show_progress=show_progress, plain=plain)
            def say(line: str) -> None:
                if not args.quiet:
                    err.print(line, markup=False)

            found = search(problem, original, check, bound, Options(**settings).max_instances,
                           args.max_candidates, progress=say,
                           only=args.only.split(",") if args.only else None)
        except SpecError as exc:
            err.print(exc.render(), markup=False)
            return EXIT_ERROR
        except KeyboardInterrupt:
            err.print("interrupted", markup=False)
            return EXIT_INTERRUPTED
        if args.output:
            recheck = "lengthcheck check {file} " + " ".join(
                flag(name, settings[name]) for name in ("max_size", "engine", "form", "anchor",
                                                        "n_max", "r_max")
                if settings.get(name) is not None)
            for candidate in found.repairs:
                assert candidate.result is not None
                written = files.write(candidate.problem_class, Path(args.output),
                                      candidate.result, recheck)
                candidate.file = str(written)
        if args.json:
            payload.append(search_json(found))
        else:
            out.print(table(found), markup=False, highlight=False)
            out.print()
        if found.needed and not found.repairs:
            code = EXIT_NOT_GUARANTEED
    if args.json:
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    return code


def _check_candidates(candidates: list[Problem], settings: dict[str, Any], jobs: int, err: Console,
                      show_progress: bool, plain: bool) -> Iterator[ProblemResult | SpecError]:
    """Repair candidates checked like `check -j` checks problems, with the original's settings."""
    count = min(jobs, max(1, len(candidates)))
    return outcomes(candidates, settings, count, err, show_progress, plain)
