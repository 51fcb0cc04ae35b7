"""The `lengthcheck` command.

Exit codes: 0 every problem guaranteed; 1 some problem not guaranteed;
3 some problem unknown (none not guaranteed); 2 usage or spec error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from rich.console import Console

from lengthcheck.checker import ENGINES, FORMS, check_problem
from lengthcheck.errors import SpecError
from lengthcheck.expect import compare
from lengthcheck.loader import load
from lengthcheck.properties.consistency import ANCHOR_RULES
from lengthcheck.report.json import problem_json
from lengthcheck.report.text import problem_block

EXIT_OK, EXIT_NOT_GUARANTEED, EXIT_ERROR, EXIT_UNKNOWN = 0, 1, 2, 3


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="lengthcheck",
        description="Decide whether a chain-of-thought format can length-generalize "
        "(Xiao & Liu's sufficient conditions).",
    )
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="check problem specs and print their verdicts")
    c.add_argument("paths", nargs="+", metavar="PATH",
                   help="a spec file, a folder of spec files, or module:Class")
    c.add_argument("--max-size", type=_positive, help="largest instance size (default: each "
                   "problem's own max_size)")
    c.add_argument("--n-max", type=_positive, default=4, help="most windows tried (default 4)")
    c.add_argument("--r-max", type=_positive, default=21,
                   help="widest window length tried (default 21)")
    c.add_argument("--form", choices=FORMS, default="both",
                   help="which (n, r)-consistency form to check (default both)")
    c.add_argument("--anchor", choices=ANCHOR_RULES, default="min",
                   help="anchor rule for one window (default min)")
    c.add_argument("--no-final-states", action="store_true",
                   help="leave final states out of the recover form (halting not checked)")
    c.add_argument("--max-instances", type=_positive, default=2_000_000,
                   help="stop enumerating after this many instances (default 2,000,000)")
    c.add_argument("--engine", choices=ENGINES, default="enumerate",
                   help="enumerate every instance (default), sample with Hypothesis, "
                   "decide with z3 (smt), or auto")
    c.add_argument("--json", action="store_true", help="print one JSON list for machines")
    c.add_argument("--no-color", action="store_true", help="no colour (also: NO_COLOR)")
    c.add_argument("-q", "--quiet", action="store_true", help="no progress display")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    out = Console(no_color=args.no_color or "NO_COLOR" in os.environ, highlight=False,
                  soft_wrap=True)
    err = Console(stderr=True, highlight=False, no_color=True, soft_wrap=True)
    try:
        problems = [p for path in args.paths for p in load(path)]
    except SpecError as exc:
        err.print(exc.render(), markup=False)
        return EXIT_ERROR
    options = dict(
        max_size=args.max_size, n_max=args.n_max, r_max=args.r_max, form=args.form,
        anchor=args.anchor, include_final=not args.no_final_states,
        max_instances=args.max_instances, engine=args.engine,
    )
    show_progress = not args.quiet and err.is_terminal
    results, payload, failed = [], [], False
    for problem in problems:
        try:
            if show_progress:
                with err.status(f"checking {problem.name}") as status:
                    result = check_problem(problem, progress=status.update, **options)
            else:
                result = check_problem(problem, **options)
        except SpecError as exc:
            err.print(exc.render(), markup=False)
            failed = True
            continue
        mismatches = compare(result, problem.expect) if problem.expect else None
        results.append(result)
        if args.json:
            payload.append(problem_json(result, mismatches))
        else:
            out.print(problem_block(result, mismatches), markup=False)
            out.print()
    if args.json:
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    if failed:
        return EXIT_ERROR
    words = {r.verdict.word for r in results}
    if "not-guaranteed" in words:
        return EXIT_NOT_GUARANTEED
    if "unknown" in words:
        return EXIT_UNKNOWN
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
