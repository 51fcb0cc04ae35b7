"""Formats written as local rewrite rules, and proofs for every length (issue 10).

`RuleProblem` is a plain `Problem` (every engine runs it). The prover lives in
`lengthcheck.rules.prove` (it imports z3): `from lengthcheck.rules.prove import
prove`; `prove(problem)` establishes the premises of Thm 3.6/3.7 from the rules
alone, for every n, and returns a `Proof` (see docs/proofs.md).
"""

from lengthcheck.rules.problem import (
    EDGE,
    Block,
    MarkerRule,
    Rule,
    RuleProblem,
    Segment,
)

__all__ = ["EDGE", "Block", "MarkerRule", "Rule", "RuleProblem", "Segment"]
