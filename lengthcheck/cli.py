"""The `lengthcheck` command: `check`, `explain`, `dag`, `repair` (lengthcheck/repair/),
`prove` (lengthcheck/rules/), `train` (lengthcheck/train/).

Exit codes of `check`: 0 every problem supported or proved; 1 some problem
not-guaranteed; 3 some problem unknown (none not-guaranteed); 4 a problem's result
differs from its `expect` block (over 1 and 3); 2 usage or spec error (over
everything else). `explain` and `dag`: 0 done, 2 usage or spec error (`dag`: 1
if the graph has a cycle). `repair`: 0 a repair found or none needed, 1 none found,
2 usage or spec error. Every command: 130 interrupted (Ctrl-C; the results
already printed stay), 141 its output pipe was closed (`... | head`).

Settings: the flags, then `[tool.lengthcheck]` of the nearest pyproject.toml
upward from the working directory, then the defaults (lengthcheck.settings).
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import itertools
import json
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path

from rich.console import Console

from lengthcheck.checker import DEFAULT_ENGINE, Options, check_problem
from lengthcheck.errors import SpecError, definition_location
from lengthcheck.expect import compare
from lengthcheck.loader import load
from lengthcheck.options import (
    FrontDoor,
    add_arguments,
    flag,
    from_arguments,
    front_door,
    positive,
)
from lengthcheck.outcome import ProblemResult
from lengthcheck.parallel import can_fork, check_in_parallel, default_jobs
from lengthcheck.properties.dag import dag_picture, element_dag
from lengthcheck.properties.sample_trace import CANDIDATES, MAX_STEPS, MAX_WIDTH, sample_trace
from lengthcheck.report import compare as comparison
from lengthcheck.report import html
from lengthcheck.report.console import (
    CheckProgress,
    ParallelProgress,
    emit,
    explain_report,
    problem_report,
    summary_line,
)
from lengthcheck.report.dagfile import FORMATS, write
from lengthcheck.report.json import problem_json, spec_error_json
from lengthcheck.report.reference import reference_line
from lengthcheck.rules.command import add_parser as add_prove_parser
from lengthcheck.rules.command import run_prove
from lengthcheck.settings import SettingsError, merge, pyproject_settings, use_hypothesis_cache
from lengthcheck.spec import Problem, State
from lengthcheck.trace import Runner
from lengthcheck.train.command import add_parser as add_train_parser
from lengthcheck.train.command import run_train
from lengthcheck.version import __version__

EXIT_OK, EXIT_NOT_GUARANTEED, EXIT_ERROR, EXIT_UNKNOWN = 0, 1, 2, 3
EXIT_EXPECT_MISMATCH = 4
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141
TARGETS = "a spec file, a folder of spec files, file.py::Class (one class of a file) or " \
    "module:Class (an importable module, found from the working directory)"


_positive = positive  # -j, --size


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="lengthcheck",
        description="Decide whether a chain-of-thought format can length-generalize "
        "(Xiao & Liu's sufficient conditions).",
    )
    p.add_argument("--version", action="version", version=f"lengthcheck {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="check problem specs and print their verdicts",
                       description="Check problem specs and print their verdicts. Exit codes: "
                       "0 all supported or proved, 1 some not-guaranteed, 3 some unknown, 4 a "
                       "result differs from its expect block, 2 usage or spec error, 130 "
                       "interrupted. "
                       "Settings not given as flags come from [tool.lengthcheck] in the "
                       "nearest pyproject.toml.")
    c.add_argument("paths", nargs="*", metavar="PATH",
                   help=f"{TARGETS} (default: `paths` of [tool.lengthcheck] in pyproject.toml)")
    _check_options(c)
    c.add_argument("-j", "--jobs", type=_positive, metavar="N",
                   help="check N problems at once in worker processes (default: the number of "
                   "cores; results are printed in input order either way)")
    c.add_argument("--json", action="store_true", help="print one JSON list for machines")
    c.add_argument("--html", metavar="FILE",
                   help="also write a self-contained HTML report with pictures to FILE")
    c.add_argument("--compare", action="store_true",
                   help="print one table: each spec's `published` outcome next to its verdict "
                   "(with --json: an object with `problems` and a `comparison` array)")
    c.add_argument("-r", "--recursive", action="store_true",
                   help="also check the spec files in subfolders of a folder given (without "
                   "it, each subfolder not entered is named in a note)")

    e = sub.add_parser("explain", help="draw one problem's counterexample, or a small trace")
    e.add_argument("paths", nargs=1, metavar="PATH", help=TARGETS)
    e.add_argument("--problem", help="the problem's name, when PATH defines several")
    _check_options(e)
    _instance_options(e, size_required=False)

    d = sub.add_parser("dag", help="export the reasoning DAG of one instance")
    d.add_argument("paths", nargs=1, metavar="PATH", help=TARGETS)
    d.add_argument("--problem", help="the problem's name, when PATH defines several")
    _instance_options(d, size_required=False)
    d.add_argument("--format", choices=FORMATS, default="dot", help="output format (default dot)")
    d.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
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
    f.add_argument("--max-candidates", type=_positive, metavar="K",
                   help="try at most K transformations, those the diagnosis points to first "
                   "(default: all)")
    f.add_argument("--only", metavar="NAMES",
                   help="try only these transformations, comma-separated, as the table names "
                   "them (e.g. interleave+answers-in-columns)")
    f.add_argument("-j", "--jobs", type=_positive, metavar="N",
                   help="check N candidates at once (default: the number of cores)")
    f.add_argument("--json", action="store_true", help="print one JSON list for machines")
    _check_options(f)
    x = sub.add_parser("export", help="write a format's traces as JSONL records (or text)",
                       description="Write one record per instance: size, states, each step's "
                       "reads and writes, and the training text (tokens joined by a space, "
                       "states by a newline). Loads with datasets.load_dataset('json', "
                       "data_files=FILE).")
    x.add_argument("paths", nargs=1, metavar="PATH", help=TARGETS)
    x.add_argument("--problem", help="the problem's name, when PATH defines several")
    x.add_argument("--sizes", required=True, type=_size_range, metavar="A-B",
                   help="the sizes to export, e.g. 1-8 (or one size, 5)")
    x.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    x.add_argument("--format", choices=("jsonl", "text"), default="jsonl",
                   help="jsonl records (default), or the training text only, one blank line "
                   "between instances")
    x.add_argument("--sample", type=_positive, metavar="K",
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
        _check_options(parser_)
    add_train_parser(sub)  # `train` (issue 11): lengthcheck/train/command.py
    add_prove_parser(sub)  # `prove` (issue 10): lengthcheck/rules/command.py
    return p


def _instance_options(p: argparse.ArgumentParser, size_required: bool) -> None:
    p.add_argument("--size", type=_positive, required=size_required,
                   help="instance size of the trace drawn (default: the size of --instance, "
                   "else a small one)")
    p.add_argument("--instance", metavar="TOKENS",
                   help="the initial state, tokens separated by spaces (default: the instance "
                   "of a small size whose trace takes the most steps)")


def _check_options(c: argparse.ArgumentParser) -> None:
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


def main(argv: Sequence[str] | None = None) -> int:
    """The command. Ctrl-C ends it with 130, a closed output pipe with 141: no traceback."""
    try:
        with front_door(FrontDoor.CLI):  # messages name options as flags: --max-size 12
            code = _main(argv)
        sys.stdout.flush()
        return code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE


class PipeConsole(Console):
    """A Console whose closed pipe ends the command with 141, as documented.

    rich's own answer to a closed pipe is `SystemExit(1)`, which would read as
    "not guaranteed" to a script running `lengthcheck check ... | head`.
    """

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError("the reader of stdout went away")


def _silence_stdout() -> None:
    """The reader of stdout went away (`| head`): send what is left to write nowhere."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (tests capture stdout)
        pass


def _settings(args: argparse.Namespace) -> tuple[dict, list[str]]:
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


def _main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and hand it to its subcommand: one function each."""
    args = parser().parse_args(argv)
    no_color = getattr(args, "no_color", False) or "NO_COLOR" in os.environ
    out = PipeConsole(no_color=no_color, highlight=False, soft_wrap=True)
    if out.is_terminal:
        out.soft_wrap = False  # a terminal: rich wraps prose between words, never inside one
    elif "COLUMNS" not in os.environ:
        out.width = 160  # a file or pipe: room for the table, lines are not wrapped anyway
    err = Console(stderr=True, highlight=False, no_color=True, soft_wrap=True)
    subcommands = {"check": run_check, "explain": run_explain, "dag": run_dag,
                   "repair": run_repair, "export": run_export, "data": run_data,
                   "prove": run_prove, "train": run_train}
    return subcommands[args.command](args, out, err)


def _check_settings(args: argparse.Namespace, err: Console) -> dict | None:
    """The check options of `check` and `explain` (flags, then pyproject), and their paths;
    None after a usage error, said on `err`."""
    use_hypothesis_cache()
    try:
        options, configured_paths = _settings(args)
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


def _load_problems(args: argparse.Namespace, err: Console, as_json: bool = False
                   ) -> list[Problem] | None:
    """Every problem the PATHs name (and `--problem` selects); None after a spec error."""
    notes: list[str] = []
    try:
        recursive = getattr(args, "recursive", False)
        problems = [p for path in args.paths for p in load(path, notes, recursive)]
        if args.command in ("explain", "dag", "repair", "export", "data"):
            problems = _select(problems, args.problem)
    except SpecError as exc:
        err.print(exc.render(), markup=False)
        if as_json:
            print(json.dumps([spec_error_json(exc)], indent=2, ensure_ascii=False))
        return None
    for note in notes:
        err.print(f"note: {note}", markup=False)
    return problems


def run_dag(args: argparse.Namespace, out: Console, err: Console) -> int:
    """`lengthcheck dag`: the dependency DAG of one instance, drawn."""
    problems = _load_problems(args, err)
    if problems is None:
        return EXIT_ERROR
    try:
        return _dag(args, problems, err)
    except SpecError as exc:  # an initial state that is not an instance, say
        err.print(exc.render(), markup=False)
        return EXIT_ERROR


def run_explain(args: argparse.Namespace, out: Console, err: Console) -> int:
    """`lengthcheck explain`: one problem's check with a sample trace and its windows."""
    options = _check_settings(args, err)
    problems = _load_problems(args, err) if options is not None else None
    if options is None or problems is None:
        return EXIT_ERROR
    return _explain(args, problems, options, out, err, not args.quiet and err.is_terminal)


def run_check(args: argparse.Namespace, out: Console, err: Console) -> int:
    """`lengthcheck check`: check every problem, report each, exit with the worst verdict."""
    as_json = getattr(args, "json", False)
    options = _check_settings(args, err)
    problems = _load_problems(args, err, as_json) if options is not None else None
    if options is None or problems is None:
        return EXIT_ERROR
    show_progress = not args.quiet and err.is_terminal
    results, payload, failed, mismatched, interrupted = [], [], False, False, False
    spec_errors = differing = 0
    sections: list[html.Section] = []
    compared: list[tuple[Problem, ProblemResult]] = []  # for --compare
    done = 0
    plain = getattr(args, "progress", False) and not err.is_terminal and not args.quiet
    jobs = min(args.jobs or default_jobs(), len(problems)) if can_fork() else 1
    outcomes = _outcomes(problems, options, jobs, err, show_progress, plain)
    for problem in problems:
        try:
            result = next(outcomes)
        except KeyboardInterrupt:
            interrupted = True
            break
        if isinstance(result, SpecError):
            exc = _located(result, problem)
            err.print(exc.render(), markup=False)
            if as_json:
                payload.append(spec_error_json(exc, problem))
            failed = True
            spec_errors += 1
            done += 1
            continue
        done += 1
        with warnings.catch_warnings(record=True) as caught:  # the old word `guaranteed`
            warnings.simplefilter("always", DeprecationWarning)
            mismatches = compare(result, problem.expect) if problem.expect else None
        for warning in caught:
            err.print(f"warning: {warning.message}", markup=False)
        mismatched = mismatched or bool(mismatches)
        differing += bool(mismatches)
        results.append(result)
        compared.append((problem, result))
        if as_json:
            payload.append(problem_json(result, mismatches))
        elif not args.compare:
            emit(out, problem_report(result, mismatches, verbose=args.verbose))
            out.print()
        if args.html:
            sections.append(_html_section(problem, result, mismatches))
    table = comparison.rows(compared) if args.compare else None
    if as_json and table is not None:
        document = {"problems": payload, "comparison": comparison.as_json(table)}
        print(json.dumps(document, indent=2, ensure_ascii=False))
    elif as_json:
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    elif table is not None:
        out.print(comparison.markdown(table), markup=False, highlight=False)
    elif results:
        out.print(reference_line(), markup=False)
    if not as_json and table is None and len(problems) > 1:
        out.print(summary_line([r.verdict.word for r in results], spec_errors, differing),
                  markup=False, highlight=False)
    if args.html:
        page = html.page(sections)
        with open(args.html, "w", encoding="utf-8") as f:
            f.write(page if table is None else comparison.with_table(page, table))
        err.print(f"HTML report written to {args.html}", markup=False)
    if interrupted:
        err.print(f"interrupted: {done} of {len(problems)} problems checked", markup=False)
        return EXIT_INTERRUPTED
    if failed:
        return EXIT_ERROR
    if mismatched:
        return EXIT_EXPECT_MISMATCH
    return _exit_for({r.verdict.word for r in results})


def _exit_for(words: set[str]) -> int:
    """The exit code of verdicts: not-guaranteed over unknown over proved/supported."""
    if "not-guaranteed" in words:
        return EXIT_NOT_GUARANTEED
    if "unknown" in words:
        return EXIT_UNKNOWN
    return EXIT_OK


def run_repair(args: argparse.Namespace, out: Console, err: Console) -> int:
    """`lengthcheck repair`: check, then try the transformations the diagnosis suggests."""
    from lengthcheck.repair import files
    from lengthcheck.repair.search import search
    from lengthcheck.report.repair import search_json, table

    options = _check_settings(args, err)
    problems = _load_problems(args, err, args.json) if options is not None else None
    if options is None or problems is None:
        return EXIT_ERROR
    show_progress = not args.quiet and err.is_terminal
    plain = getattr(args, "progress", False) and not err.is_terminal and not args.quiet
    payload, code = [], EXIT_OK
    for problem in problems:
        try:
            original = next(_outcomes([problem], options, 1, err, show_progress, plain))
            if isinstance(original, SpecError):
                raise _located(original, problem)
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


def _size_range(text: str) -> range:
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

    problems = _load_problems(args, err)
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
        err.print(_located(exc, problems[0]).render(), markup=False)
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
    options = _check_settings(args, err)
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
            return _exit_for({str(result.verdict.word)})
        problems = _load_problems(args, err)
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


def _check_candidates(candidates: list[Problem], settings: dict, jobs: int, err: Console,
                      show_progress: bool, plain: bool) -> Iterator[ProblemResult | SpecError]:
    """Repair candidates checked like `check -j` checks problems, with the original's settings."""
    count = min(jobs, max(1, len(candidates)))
    return _outcomes(candidates, settings, count, err, show_progress, plain)


def _outcomes(problems: list[Problem], options: dict, jobs: int, err: Console,
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


def _located(exc: SpecError, problem: Problem) -> SpecError:
    """A spec error names a file and line: the problem's class when nothing closer is known."""
    if exc.location is not None:
        return exc
    return exc.with_context(location=definition_location(type(problem)))


def _select(problems: list[Problem], name: str | None) -> list[Problem]:
    """The problems a command works on: all of them, or the one named."""
    if name is None:
        return problems
    chosen = [p for p in problems if p.name == name or type(p).__name__ == name]
    if not chosen:
        names = ", ".join(p.name or type(p).__name__ for p in problems)
        raise SpecError(f"no problem named {name!r} here", hint=f"choose one of: {names}")
    return chosen


def _instance(problem: Problem, text: str | None) -> State | None:
    """Tokens separated by spaces; a single word of one-character tokens may be run together."""
    if text is None:
        return None
    parts = tuple(text.split())
    if len(parts) == 1 and parts[0] not in problem.alphabet and all(
        ch in problem.alphabet for ch in parts[0]
    ):
        return tuple(parts[0])
    return parts


def default_instance(
    problem: Problem, result: ProblemResult | None, size: int | None = None
) -> tuple[State, int]:
    """The instance a trace is drawn for when none is asked for, and its size.

    Among the first instances of `size` (else of the three smallest sizes), the
    one whose trace takes the most steps while it still fits a readable grid
    (ties: the most distinct tokens, then the first): an instance that takes no
    step shows nothing.
    """
    runner = Runner(problem)
    if size is not None:
        sizes: Sequence[int] = [size]
    else:
        top = result.scope.max_size if result is not None and result.scope.sizes else (
            problem.max_size)
        sizes = range(problem.min_size, max(problem.min_size, min(top, problem.min_size + 2)) + 1)
    best: tuple[State, int] | None = None
    best_key: tuple = ()
    for n in sizes:
        for state in itertools.islice(runner.instances(n), CANDIDATES):
            trace = runner.run(state, n)
            fits = len(trace.steps) <= MAX_STEPS and max(map(len, trace.states)) <= MAX_WIDTH
            key = (fits, len(trace.steps), len(set(state)))
            if best is None or key > best_key:
                best, best_key = (state, n), key
    if best is None:
        raise SpecError(f"instances({sizes[0]}) yielded no instance", problem=runner.name,
                        hint="instances(n) must yield at least one initial state")
    return best


def _html_section(
    problem: Problem, result: ProblemResult, mismatches: list[str] | None
) -> html.Section:
    """The pictures of a small instance for the HTML report (a spec error leaves them out)."""
    try:
        instance, size = default_instance(problem, result)
        sample = sample_trace(problem, result, size, instance)
        return html.Section(result, mismatches, sample, dag_picture(problem, sample.trace))
    except SpecError as exc:
        return html.Section(result, mismatches, note=f"no pictures: {exc.what}")


def _explain(
    args: argparse.Namespace, problems: list[Problem], options: dict, out: Console, err: Console,
    show_progress: bool,
) -> int:
    """Check each problem, then draw its counterexample or, without one, a small trace."""
    for index, problem in enumerate(problems, 1):
        try:
            with CheckProgress(err, problem.name or type(problem).__name__, index, len(problems),
                               enabled=show_progress) as progress:
                result = check_problem(problem, progress=progress, **options)
            sample = None
            asked = args.instance is not None or args.size is not None
            if result.verdict.counterexample is None or asked:  # an instance asked for is drawn
                instance, size = _instance(problem, args.instance), args.size
                if instance is None:
                    instance, size = default_instance(problem, result, size)
                sample = sample_trace(problem, result, size, instance)
        except SpecError as exc:
            err.print(_located(exc, problem).render(), markup=False)
            return EXIT_ERROR
        emit(out, explain_report(result, sample, verbose=args.verbose))
        out.print()
    out.print(reference_line(), markup=False)
    return EXIT_OK


def _dag(args: argparse.Namespace, problems: list[Problem], err: Console) -> int:
    """Write the DAG of one instance to stdout or a file; a summary line goes to stderr."""
    if len(problems) > 1:
        names = ", ".join(p.name or type(p).__name__ for p in problems)
        raise SpecError("this path defines several problems", hint=f"pick one with --problem: "
                        f"{names}")
    (problem,) = problems
    instance, size = _instance(problem, args.instance), args.size
    if instance is None:
        instance, size = default_instance(problem, None, size)
    sample = sample_trace(problem, None, size, instance)
    g = element_dag(problem, sample.trace)
    text = write(g, args.format)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    acyclic = g.graph["acyclic"]
    err.print(
        f"{sample.problem}: instance {' '.join(sample.trace.instance)} (n = {sample.trace.size}): "
        f"{g.number_of_nodes()} elements, {g.number_of_edges()} read edges, "
        f"{'acyclic' if acyclic else 'NOT ACYCLIC'}; identity {g.graph['identity']}",
        markup=False,
    )
    return EXIT_OK if acyclic else EXIT_NOT_GUARANTEED


if __name__ == "__main__":
    sys.exit(main())
