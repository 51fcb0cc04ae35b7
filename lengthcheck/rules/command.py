"""`lengthcheck prove PATH [--json]`: prove rule problems for every length (issue 10).

Exit codes: 0 every problem proved; 1 some premise failed or is only
bounded; 2 a usage or spec error (including a problem that is not a
`RuleProblem`).
"""

from __future__ import annotations

import argparse
import json

EXIT_PROVED, EXIT_NOT_PROVED, EXIT_ERROR = 0, 1, 2


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("prove", help="prove a format written as rewrite rules for every length")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="a spec file, a folder of spec files, or module:Class (RuleProblems)")
    p.add_argument("--json", action="store_true", help="print one JSON list for machines")
    p.add_argument("--answer-max-size", type=int, metavar="N",
                   help="largest size the optional answer() check enumerates (default: each "
                   "problem's max_size)")


def run_prove(args: argparse.Namespace, out, err) -> int:
    """Load, prove, print; the exit code says whether everything was proved."""
    from lengthcheck.errors import SpecError
    from lengthcheck.loader import load
    from lengthcheck.report.proof import proof_json, proof_text
    from lengthcheck.rules.problem import RuleProblem
    from lengthcheck.rules.prove import prove

    try:
        problems = [p for path in args.paths for p in load(path)]
    except SpecError as exc:
        err.print(exc.render(), markup=False)
        return EXIT_ERROR
    payload, code = [], EXIT_PROVED
    for problem in problems:
        if not isinstance(problem, RuleProblem):
            err.print(f"{problem.name or type(problem).__name__}: not a RuleProblem; `prove` "
                      "needs a format written as rules (lengthcheck.rules); use `check`",
                      markup=False)
            code = EXIT_ERROR
            continue
        try:
            proof = prove(problem, answer_max_size=args.answer_max_size)
        except SpecError as exc:
            err.print(exc.render(), markup=False)
            code = EXIT_ERROR
            continue
        if args.json:
            payload.append(proof_json(proof))
        else:
            out.print(proof_text(proof), markup=False, highlight=False)
            out.print()
        if not proof.holds and code == EXIT_PROVED:
            code = EXIT_NOT_PROVED
    if args.json:
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    return code
