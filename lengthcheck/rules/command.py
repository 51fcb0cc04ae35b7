"""`lengthcheck prove PATH [--json]`: prove rule problems for every length (issue 10).

A plain `Problem` is proved through rules inferred from its traces up to a bound
(rules/infer.py, issue 23): the proof is of the rules, and the report says that they
equal the spec's step() only up to that bound.

Exit codes: 0 every problem proved; 1 some premise failed, is only bounded, or no
rules could be inferred; 2 a usage or spec error.
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
    p.add_argument("--max-size", type=int, metavar="N",
                   help="a plain Problem (not rules): infer its rules from the instances up to "
                   "N (default: its max_size); the proof then holds for the rules, which equal "
                   "its step() up to N")
    p.add_argument("--show-rules", action="store_true",
                   help="print the inferred rules as Python to paste into a RuleProblem")
    p.add_argument("--answer-max-size", type=int, metavar="N",
                   help="largest size the optional answer() check enumerates (default: each "
                   "problem's max_size)")


def run_prove(args: argparse.Namespace, out, err) -> int:
    """Load, prove, print; the exit code says whether everything was proved."""
    from lengthcheck.errors import SpecError
    from lengthcheck.loader import load
    from lengthcheck.report.proof import inferred_json, inferred_text, proof_json, proof_text
    from lengthcheck.rules.infer import infer
    from lengthcheck.rules.problem import RuleProblem
    from lengthcheck.rules.prove import prove

    try:
        problems = [p for path in args.paths for p in load(path)]
    except SpecError as exc:
        err.print(exc.render(), markup=False)
        return EXIT_ERROR
    payload, code = [], EXIT_PROVED
    for problem in problems:
        inferred = None
        try:
            if not isinstance(problem, RuleProblem):
                inferred = infer(problem, args.max_size or problem.max_size)
                if inferred.rule_problem is None:
                    line = (f"{problem.name or type(problem).__name__}: NOT PROVED — no rules "
                            f"could be inferred up to n = {inferred.max_size}: "
                            f"{inferred.why_not}")
                    if args.json:
                        payload.append({"problem": problem.name, "holds": False,
                                        "inferred": inferred_json(inferred)})
                    else:
                        out.print(line, markup=False, highlight=False)
                        out.print()
                    code = EXIT_NOT_PROVED if code == EXIT_PROVED else code
                    continue
                proof = prove(inferred.rule_problem, answer_max_size=args.answer_max_size)
            else:
                proof = prove(problem, answer_max_size=args.answer_max_size)
        except SpecError as exc:
            err.print(exc.render(), markup=False)
            code = EXIT_ERROR
            continue
        if args.json:
            payload.append({**proof_json(proof), "inferred": inferred_json(inferred)})
        else:
            out.print(proof_text(proof), markup=False, highlight=False)
            if inferred is not None:
                out.print(inferred_text(inferred, args.show_rules), markup=False,
                          highlight=False)
            out.print()
        if not proof.holds and code == EXIT_PROVED:
            code = EXIT_NOT_PROVED
    if args.json:
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    return code
