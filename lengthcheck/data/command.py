"""`lengthcheck export` and `lengthcheck data check|coverage`: traces out as records,
datasets in as formats (issue 22).

Exit codes: `export` 0, or 2 usage or spec error; `data check` as `check` (2 also for a
malformed file); `data coverage` 0 every pattern covered, 1 some missing, 2 usage, spec
or data error.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from rich.console import Console

from lengthcheck.checker import check_problem
from lengthcheck.cli_support import (
    EXIT_ERROR,
    EXIT_NOT_GUARANTEED,
    EXIT_OK,
    TARGETS,
    check_options,
    check_settings,
    exit_for,
    load_problems,
    located,
    positive,
)
from lengthcheck.errors import SpecError
from lengthcheck.report.console import emit, problem_report
from lengthcheck.report.json import problem_json


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    x = sub.add_parser("export", help="write a format's traces as JSONL records (or text)",
                       description="Write one record per instance: size, states, each step's "
                       "reads and writes, and the training text (tokens joined by a space, "
                       "states by a newline). Loads with datasets.load_dataset('json', "
                       "data_files=FILE).")
    x.add_argument("paths", nargs=1, metavar="PATH", help=TARGETS)
    x.add_argument("--problem", help="the problem's name, when PATH defines several")
    x.add_argument("--sizes", required=True, type=size_range, metavar="A-B",
                   help="the sizes to export, e.g. 1-8 (or one size, 5)")
    x.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    x.add_argument("--format", choices=("jsonl", "text"), default="jsonl",
                   help="jsonl records (default), or the training text only, one blank line "
                   "between instances")
    x.add_argument("--sample", type=positive, metavar="K",
                   help="K instances per size drawn slot by slot from layout(n) (for sizes "
                   "too large to export in full)")
    x.add_argument("--seed", type=int, default=0, help="the seed of --sample (default 0)")

    data = sub.add_parser("data", help="check a dataset of traces, or its coverage")
    data_sub = data.add_subparsers(dest="data_command", required=True)
    dc = data_sub.add_parser("check", help="check a JSONL file of traces as a format whose "
                             "instances are exactly the file's",
                             description="Exit codes as `check`; 2 also for a malformed file.")
    dc.add_argument("file", metavar="FILE.jsonl")
    dc.add_argument("--json", action="store_true", help="print one JSON object for machines")
    dv = data_sub.add_parser("coverage", help="which patterns the verdict rests on a training "
                             "set shows", description="Exit codes: 0 every pattern covered, 1 "
                             "some missing, 2 usage, spec or data error.")
    dv.add_argument("paths", nargs=1, metavar="PATH", help=TARGETS)
    dv.add_argument("--problem", help="the problem's name, when PATH defines several")
    dv.add_argument("--train", required=True, metavar="FILE.jsonl",
                    help="the training set: trace records (e.g. from `lengthcheck export`)")
    dv.add_argument("--json", action="store_true", help="print one JSON object for machines")
    for parser_ in (dc, dv):
        check_options(parser_)


def size_range(text: str) -> range:
    """`1-8` (or `5`): the sizes to export."""
    low, _, high = text.partition("-")
    try:
        lo, hi = int(low), int(high or low)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size range like 1-8") from None
    if lo < 0 or hi < lo:
        raise argparse.ArgumentTypeError(f"{text!r}: give A-B with 0 <= A <= B")
    return range(lo, hi + 1)


def run_export(args: argparse.Namespace, out: Console, err: Console) -> int:
    """`lengthcheck export`: stream one record (or one text block) per instance."""
    from lengthcheck.data.records import export

    problems = load_problems(args, err)
    if problems is None:
        return EXIT_ERROR
    if len(problems) != 1:
        names = ", ".join(p.name or type(p).__name__ for p in problems)
        err.print(f"usage error: {args.paths[0]} defines {len(problems)} problems ({names}); "
                  "choose one with --problem", markup=False)
        return EXIT_ERROR
    target = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    count = 0
    try:
        for record in export(problems[0], args.sizes, args.sample, args.seed):
            if args.format == "jsonl":
                target.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                target.write(record["text"] + "\n\n")
            count += 1
    except SpecError as exc:
        err.print(located(exc, problems[0]).render(), markup=False)
        return EXIT_ERROR
    finally:
        if args.output:
            target.close()
    if args.output:
        err.print(f"{count:,} traces written to {args.output}", markup=False)
    return EXIT_OK


def run_data(args: argparse.Namespace, out: Console, err: Console) -> int:
    """`lengthcheck data check|coverage`."""
    from lengthcheck.data.coverage import measure
    from lengthcheck.data.dataset import DataProblem
    from lengthcheck.data.records import DataError, read_records
    from lengthcheck.report import data as data_report

    if args.data_command == "check":
        args.paths = [args.file]  # so the settings see a path and ask for none
    options = check_settings(args, err)
    if options is None:
        return EXIT_ERROR
    try:
        if args.data_command == "check":
            problem = DataProblem(list(read_records(args.file)), args.file)
            settings = {**options, "engine": "enumerate", "max_size": problem.max_size}
            result = dataclasses.replace(check_problem(problem, **settings), source=args.file)
            lines = data_report.counterexample_lines(result.verdict.counterexample,
                                                     problem.line_of)
            if args.json:
                print(json.dumps({**problem_json(result), "lines": lines}, indent=2,
                                 ensure_ascii=False))
            else:
                emit(out, problem_report(result, None, verbose=args.verbose))
                located = data_report.lines_text(lines, args.file)
                if located:
                    out.print(located, markup=False)
            return exit_for({str(result.verdict.word)})
        problems = load_problems(args, err)
        if problems is None:
            return EXIT_ERROR
        if len(problems) != 1:
            err.print(f"usage error: {args.paths[0]} defines {len(problems)} problems; choose "
                      "one with --problem", markup=False)
            return EXIT_ERROR
        coverage = measure(problems[0], list(read_records(args.train)), args.train, **options)
    except DataError as exc:
        err.print(exc.render(), markup=False)
        return EXIT_ERROR
    except SpecError as exc:
        err.print(exc.render(), markup=False)
        return EXIT_ERROR
    if args.json:
        print(json.dumps(data_report.coverage_json(coverage), indent=2, ensure_ascii=False))
    else:
        out.print(data_report.coverage_text(coverage), markup=False, highlight=False)
    return EXIT_OK if coverage.complete else EXIT_NOT_GUARANTEED
