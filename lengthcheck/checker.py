"""Check one problem: run its engine, decide the verdict, add the proof (the library's entry)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from lengthcheck.engines import compute
from lengthcheck.engines.contract import ENGINES, FORMS, Computed, Options
from lengthcheck.errors import definition_location
from lengthcheck.results import ProblemResult
from lengthcheck.spec import Problem, has_ready
from lengthcheck.verdict import decide, with_proof

__all__ = ["ENGINES", "FORMS", "Computed", "Options", "check_problem"]


def check_problem(
    problem: Problem | type[Problem],
    progress: Callable[[str], None] | None = None,
    **options,
) -> ProblemResult:
    """Explore the problem exhaustively up to the bound and compute every property."""
    if isinstance(problem, type):
        problem = problem()
    opts = Options(**options)
    if opts.engine is None:
        opts = replace(opts, engine=getattr(problem, "engine", None) or "enumerate")
    max_size = opts.max_size if opts.max_size is not None else problem.max_size
    computed = compute(problem, max_size, opts, progress)
    verdict = decide(
        computed.scope,
        computed.distance,
        computed.causal,
        computed.at_most_once,
        computed.theorem_3_5,
        computed.minimal_r,
        computed.checks,
        refutation=computed.refutation,
        findings=list(computed.findings),
        theorem_3_5_cause=computed.theorem_3_5_cause,
        ready_cycle=computed.ready_cycle,
        order_conflict=computed.order_conflict,
        rule_problem=is_rule_problem(problem),
    )
    proof = None
    if is_rule_problem(problem):
        from lengthcheck.rules.prove import prove

        proof = prove(problem)
        verdict = with_proof(verdict, proof, computed.scope)
    checks = list(computed.checks)
    if computed.theorem_3_5 is not None:
        checks.append(computed.theorem_3_5)
    causal = computed.causal
    location = definition_location(type(problem))
    semantics = [
        _ready_semantics(problem, computed.scope.engine),
        "final states take part, every label NONE (halting must be recognizable)"
        if opts.include_final
        else "final states excluded",
    ]
    return ProblemResult(
        problem=problem.name or type(problem).__name__,
        source=str(location) if location else None,
        description=problem.description or (type(problem).__doc__ or "").strip().split("\n")[0],
        scope=computed.scope,
        distance=computed.distance,
        causal=causal,
        at_most_once=computed.at_most_once,
        checks=checks,
        minimal_r=computed.minimal_r,
        coverage_size=verdict.coverage_size,
        verdict=verdict,
        options={**opts.__dict__, "max_size": max_size},
        semantics=semantics,
        proof=proof,
    )


def is_rule_problem(problem: Problem) -> bool:
    """A format written as local rewrite rules (issue 10): the prover can try every n."""
    from lengthcheck.rules.problem import RuleProblem

    return isinstance(problem, RuleProblem)


def _ready_semantics(problem: Problem, engine: str) -> str:
    """Which step orders were checked (DESIGN §2, several ready steps)."""
    if not has_ready(problem):
        return "fixed order: only the step the trace takes is labelled (no ready(s))"
    if engine == "smt":  # the engine that answered (auto's scope names the one it used)
        return ("ready steps: the anchor of every step ready(s) returns is labelled; the z3 "
                "engine follows the prescribed order only, so states other orders reach were "
                "not checked")
    return ("ready steps: the anchor of every step ready(s) returns is labelled; where ready(s) "
            "gives Steps, the states any ready step leads to were explored too (the closure); "
            "where it gives read tuples only, other orders' states were not checked")

