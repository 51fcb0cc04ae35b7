"""The `lengthcheck` command: `check`, `explain` and `dag` here; `repair`
(repair/command.py), `export` and `data` (data/command.py), `prove` (rules/command.py)
and `train` (train/command.py) in their packages; what they share in cli_support.py.

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
import itertools
import json
import os
import sys
import warnings
from collections.abc import Sequence

from rich.console import Console

from lengthcheck.checker import check_problem
from lengthcheck.cli_support import (  # noqa: F401 (the exit codes: part of the command's API)
    EXIT_BROKEN_PIPE,
    EXIT_ERROR,
    EXIT_EXPECT_MISMATCH,
    EXIT_INTERRUPTED,
    EXIT_NOT_GUARANTEED,
    EXIT_OK,
    EXIT_UNKNOWN,
    TARGETS,
    check_options,
    check_settings,
    exit_for,
    load_problems,
    located,
    outcomes,
    positive,
)
from lengthcheck.data.command import add_parser as add_data_parser
from lengthcheck.data.command import run_data, run_export
from lengthcheck.errors import SpecError
from lengthcheck.expect import compare
from lengthcheck.options import FrontDoor, front_door
from lengthcheck.outcome import ProblemResult
from lengthcheck.parallel import can_fork, default_jobs
from lengthcheck.properties.dag import dag_picture, element_dag
from lengthcheck.properties.sample_trace import CANDIDATES, MAX_STEPS, MAX_WIDTH, sample_trace
from lengthcheck.repair.command import add_parser as add_repair_parser
from lengthcheck.repair.command import run_repair
from lengthcheck.report import compare as comparison
from lengthcheck.report import html
from lengthcheck.report.console import (
    CheckProgress,
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
from lengthcheck.spec import Problem, State
from lengthcheck.trace import Runner
from lengthcheck.train.command import add_parser as add_train_parser
from lengthcheck.train.command import run_train
from lengthcheck.version import __version__


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
    check_options(c)
    c.add_argument("-j", "--jobs", type=positive, metavar="N",
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
    check_options(e)
    _instance_options(e, size_required=False)

    d = sub.add_parser("dag", help="export the reasoning DAG of one instance")
    d.add_argument("paths", nargs=1, metavar="PATH", help=TARGETS)
    d.add_argument("--problem", help="the problem's name, when PATH defines several")
    _instance_options(d, size_required=False)
    d.add_argument("--format", choices=FORMATS, default="dot", help="output format (default dot)")
    d.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    add_repair_parser(sub)  # `repair` (issue 21): lengthcheck/repair/command.py
    add_data_parser(sub)  # `export`, `data` (issue 22): lengthcheck/data/command.py
    add_train_parser(sub)  # `train` (issue 11): lengthcheck/train/command.py
    add_prove_parser(sub)  # `prove` (issue 10): lengthcheck/rules/command.py
    return p


def _instance_options(p: argparse.ArgumentParser, size_required: bool) -> None:
    p.add_argument("--size", type=positive, required=size_required,
                   help="instance size of the trace drawn (default: the size of --instance, "
                   "else a small one)")
    p.add_argument("--instance", metavar="TOKENS",
                   help="the initial state, tokens separated by spaces (default: the instance "
                   "of a small size whose trace takes the most steps)")


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


def run_dag(args: argparse.Namespace, out: Console, err: Console) -> int:
    """`lengthcheck dag`: the dependency DAG of one instance, drawn."""
    problems = load_problems(args, err)
    if problems is None:
        return EXIT_ERROR
    try:
        return _dag(args, problems, err)
    except SpecError as exc:  # an initial state that is not an instance, say
        err.print(exc.render(), markup=False)
        return EXIT_ERROR


def run_explain(args: argparse.Namespace, out: Console, err: Console) -> int:
    """`lengthcheck explain`: one problem's check with a sample trace and its windows."""
    options = check_settings(args, err)
    problems = load_problems(args, err) if options is not None else None
    if options is None or problems is None:
        return EXIT_ERROR
    return _explain(args, problems, options, out, err, not args.quiet and err.is_terminal)


def run_check(args: argparse.Namespace, out: Console, err: Console) -> int:
    """`lengthcheck check`: check every problem, report each, exit with the worst verdict."""
    as_json = getattr(args, "json", False)
    options = check_settings(args, err)
    problems = load_problems(args, err, as_json) if options is not None else None
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
    results_in_order = outcomes(problems, options, jobs, err, show_progress, plain)
    for problem in problems:
        try:
            result = next(results_in_order)
        except KeyboardInterrupt:
            interrupted = True
            break
        if isinstance(result, SpecError):
            exc = located(result, problem)
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
    return exit_for({r.verdict.word for r in results})


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
            err.print(located(exc, problem).render(), markup=False)
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
