"""Check one problem: run its engine, decide the verdict, add the proof (the library's entry)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from lengthcheck.engines import compute
from lengthcheck.engines.contract import ENGINES, FORMS, Computed, Options
from lengthcheck.engines.exploration import count_instances
from lengthcheck.errors import definition_location
from lengthcheck.events import Notice
from lengthcheck.outcome import BoundTried, ProblemResult, UntilDecided
from lengthcheck.results import ConsistencyCheck
from lengthcheck.spec import Problem, has_ready
from lengthcheck.verdict import UNKNOWN, decide, with_proof

__all__ = ["DEFAULT_ENGINE", "ENGINES", "FORMS", "Computed", "Options", "check_problem"]

# the fastest sound path: its report does not depend on which engine answered (issue 19)
DEFAULT_ENGINE = "auto"


def check_problem(
    problem: Problem | type[Problem],
    progress: Callable[[str], None] | None = None,
    **options,
) -> ProblemResult:
    """Explore the problem exhaustively up to the bound and compute every property.

    With `until_decided` (seconds), an `unknown` verdict is checked again at the
    bound it names (`Verdict.next_bound`) until it is decided, no bound is named,
    or the seconds are spent; the result is the last bound's, with the path taken.
    """
    if isinstance(problem, type):
        problem = problem()
    opts = Options(**options)
    if opts.engine is None:
        opts = replace(opts, engine=getattr(problem, "engine", None) or DEFAULT_ENGINE)
    max_size = opts.max_size if opts.max_size is not None else problem.max_size
    if opts.until_decided is None:
        return _check_at(problem, max_size, opts, progress)
    return _until_decided(problem, max_size, opts, progress)


def _until_decided(problem: Problem, max_size: int, opts: Options,
                   progress: Callable[[str], None] | None) -> ProblemResult:
    """Raise the bound the way each `unknown` verdict says, within `opts.until_decided` s.

    A bound enumeration cannot afford (past `--max-instances`) is given to `auto`,
    which takes z3 there. The last bound's check may end past the budget: a
    check is not cut off half way (z3's own budget is what is left, though).
    """
    budget = float(opts.until_decided or 0)
    start = time.monotonic()
    tried: list[BoundTried] = []
    bound = max_size
    while True:
        left = budget - (time.monotonic() - start)
        engine = opts.engine
        if engine == "enumerate" and not _enumeration_affordable(problem, bound, opts):
            engine = "auto"
        smt_budget = left if opts.smt_budget is None else min(left, opts.smt_budget)
        at = replace(opts, engine=engine, max_size=bound, smt_budget=max(smt_budget, 1.0))
        began = time.monotonic()
        result = _check_at(problem, bound, at, progress)
        tried.append(BoundTried(bound, result.verdict.word, time.monotonic() - began, engine))
        nxt = result.verdict.next_bound
        spent = time.monotonic() - start >= budget
        if result.verdict.word != UNKNOWN:
            stopped = "decided"
        elif spent:
            then = f"; the next bound would be n = {nxt}" if nxt is not None else ""
            stopped = f"the budget of {budget:g} s was spent{then}"
        elif nxt is None or nxt <= bound:
            stopped = "no larger bound is known to decide it (see the reasons)"
        else:
            bound = nxt
            if progress is not None:
                progress(Notice(f"unknown at n = {tried[-1].max_size} "
                                f"({tried[-1].seconds:.1f} s); trying n = {bound} (until "
                                "decided)"))
            continue
        return replace(result, until_decided=UntilDecided(budget, tuple(tried), stopped))


def _enumeration_affordable(problem: Problem, bound: int, opts: Options) -> bool:
    count = count_instances(problem, range(problem.min_size, bound + 1), opts.max_instances,
                            list_filtered=False)
    return count is None or count <= opts.max_instances  # no layout: enumeration or nothing


def _check_at(problem: Problem, max_size: int, opts: Options,
              progress: Callable[[str], None] | None) -> ProblemResult:
    """One check at one bound."""
    computed = compute(problem, max_size, opts, progress, judge=_route_check)
    if opts.engine == "auto":  # the text names auto; which engine answered is a detail
        scope = replace(computed.scope, engine="auto",
                        engine_answered=computed.scope.answered_by)
        computed = replace(computed, scope=scope)
    verdict = decide(computed, rule_problem=is_rule_problem(problem))
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
        _ready_semantics(problem, computed.scope.answered_by),
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


def _route_check(computed: Computed) -> ConsistencyCheck | None:
    """The (n, r) check the verdict rests on, for the sample engine to try to contradict."""
    return decide(computed).consistency


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

