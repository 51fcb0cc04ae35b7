"""The `lengthcheck` command: `check`, `explain`, `dag`.

Exit codes of `check`: 0 every problem guaranteed; 1 some problem not
guaranteed; 3 some problem unknown (none not guaranteed); 2 usage or spec
error. `explain` and `dag`: 0 done, 2 usage or spec error (`dag`: 1 if the
graph has a cycle).
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
from lengthcheck.properties.dag import dag_picture, element_dag
from lengthcheck.properties.sample_trace import sample_trace
from lengthcheck.report import html
from lengthcheck.report.console import CheckProgress, emit, explain_report, problem_report
from lengthcheck.report.dagfile import FORMATS, write
from lengthcheck.report.json import problem_json
from lengthcheck.results import ProblemResult
from lengthcheck.spec import Problem, State

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
    _check_options(c)
    c.add_argument("--json", action="store_true", help="print one JSON list for machines")
    c.add_argument("--html", metavar="FILE",
                   help="also write a self-contained HTML report with pictures to FILE")

    e = sub.add_parser("explain", help="draw one problem's counterexample, or a small trace")
    e.add_argument("paths", nargs=1, metavar="PATH", help="a spec file or module:Class")
    e.add_argument("--problem", help="the problem's name, when PATH defines several")
    _check_options(e)
    _instance_options(e, size_required=False)

    d = sub.add_parser("dag", help="export the reasoning DAG of one instance")
    d.add_argument("paths", nargs=1, metavar="PATH", help="a spec file or module:Class")
    d.add_argument("--problem", help="the problem's name, when PATH defines several")
    _instance_options(d, size_required=True)
    d.add_argument("--format", choices=FORMATS, default="dot", help="output format (default dot)")
    d.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    return p


def _instance_options(p: argparse.ArgumentParser, size_required: bool) -> None:
    p.add_argument("--size", type=_positive, required=size_required,
                   help="instance size" + ("" if size_required else " of the trace drawn when "
                                           "there is no counterexample (default: a small one)"))
    p.add_argument("--instance", metavar="TOKENS",
                   help="the initial state, tokens separated by spaces (default: a varied "
                   "instance of that size)")


def _check_options(c: argparse.ArgumentParser) -> None:
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
    c.add_argument("--samples", type=_positive, default=200,
                   help="sample engine: examples drawn per size beyond the enumerated ones")
    c.add_argument("--seed", type=int, help="sample engine: the seed (printed with results)")
    c.add_argument("--smt-rlimit", type=_positive,
                   help="z3 engine: deterministic resource limit per query (default 50,000,000)")
    c.add_argument("--smt-budget", type=float,
                   help="z3 engine: seconds for one problem (default 600); past it: unknown")
    c.add_argument("--no-color", action="store_true", help="no colour (also: NO_COLOR)")
    c.add_argument("-q", "--quiet", action="store_true", help="no progress display")


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    no_color = getattr(args, "no_color", False) or "NO_COLOR" in os.environ
    out = Console(no_color=no_color, highlight=False, soft_wrap=True)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out.width = 160  # a file or pipe: room for the table, lines are not wrapped anyway
    err = Console(stderr=True, highlight=False, no_color=True, soft_wrap=True)
    try:
        problems = [p for path in args.paths for p in load(path)]
        if args.command in ("explain", "dag"):
            problems = _select(problems, args.problem)
        if args.command == "dag":
            return _dag(args, problems, err)
    except SpecError as exc:
        err.print(exc.render(), markup=False)
        return EXIT_ERROR
    options = dict(
        max_size=args.max_size, n_max=args.n_max, r_max=args.r_max, form=args.form,
        anchor=args.anchor, include_final=not args.no_final_states,
        max_instances=args.max_instances, engine=args.engine, samples=args.samples,
        seed=args.seed, smt_rlimit=args.smt_rlimit, smt_budget=args.smt_budget,
    )
    show_progress = not args.quiet and err.is_terminal
    if args.command == "explain":
        return _explain(args, problems, options, out, err, show_progress)
    results, payload, failed = [], [], False
    sections: list[html.Section] = []
    for index, problem in enumerate(problems, 1):
        try:
            with CheckProgress(err, problem.name, index, len(problems),
                               enabled=show_progress) as progress:
                result = check_problem(problem, progress=progress, **options)
        except SpecError as exc:
            err.print(exc.render(), markup=False)
            failed = True
            continue
        mismatches = compare(result, problem.expect) if problem.expect else None
        results.append(result)
        if args.json:
            payload.append(problem_json(result, mismatches))
        else:
            emit(out, problem_report(result, mismatches))
            out.print()
        if args.html:
            sections.append(_html_section(problem, result, mismatches))
    if args.json:
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    if args.html:
        with open(args.html, "w", encoding="utf-8") as f:
            f.write(html.page(sections))
        err.print(f"HTML report written to {args.html}", markup=False)
    if failed:
        return EXIT_ERROR
    words = {r.verdict.word for r in results}
    if "not-guaranteed" in words:
        return EXIT_NOT_GUARANTEED
    if "unknown" in words:
        return EXIT_UNKNOWN
    return EXIT_OK


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


def _html_section(
    problem: Problem, result: ProblemResult, mismatches: list[str] | None
) -> html.Section:
    """The pictures of a small instance for the HTML report (a spec error leaves them out)."""
    try:
        sample = sample_trace(problem, result)
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
            with CheckProgress(err, problem.name, index, len(problems),
                               enabled=show_progress) as progress:
                result = check_problem(problem, progress=progress, **options)
            sample = None
            if result.verdict.counterexample is None:
                instance = _instance(problem, args.instance)
                sample = sample_trace(problem, result, args.size, instance)
        except SpecError as exc:
            err.print(exc.render(), markup=False)
            return EXIT_ERROR
        emit(out, explain_report(result, sample))
        out.print()
    return EXIT_OK


def _dag(args: argparse.Namespace, problems: list[Problem], err: Console) -> int:
    """Write the DAG of one instance to stdout or a file; a summary line goes to stderr."""
    if len(problems) > 1:
        names = ", ".join(p.name or type(p).__name__ for p in problems)
        raise SpecError("this path defines several problems", hint=f"pick one with --problem: "
                        f"{names}")
    (problem,) = problems
    sample = sample_trace(problem, None, args.size, _instance(problem, args.instance))
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
