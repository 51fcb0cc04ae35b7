"""Run every property on one problem and decide the verdict: the library's main entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lengthcheck.engines.enumerate import explore
from lengthcheck.errors import definition_location
from lengthcheck.properties.causal import at_most_once, causal_function
from lengthcheck.properties.consistency import (
    ANCHOR_RULES,
    check_recover,
    search_local_rule,
    search_recover,
)
from lengthcheck.properties.distance import distance
from lengthcheck.results import ProblemResult, Scope
from lengthcheck.spec import Problem, has_ready
from lengthcheck.verdict import decide

FORMS = ("recover", "local-rule", "both")


@dataclass(frozen=True)
class Options:
    max_size: int | None = None  # None: the problem's own max_size
    n_max: int = 4
    r_max: int = 21
    form: str = "both"
    anchor: str = "min"
    include_final: bool = True
    max_instances: int = 2_000_000

    def __post_init__(self) -> None:
        if self.form not in FORMS:
            raise ValueError(f"form must be one of {', '.join(FORMS)}")
        if self.anchor not in ANCHOR_RULES:
            raise ValueError(f"anchor must be one of {', '.join(ANCHOR_RULES)}")
        if self.n_max < 1 or self.r_max < 1:
            raise ValueError("n_max and r_max must be at least 1")


def check_problem(
    problem: Problem | type[Problem],
    progress: Callable[[str], None] | None = None,
    **options,
) -> ProblemResult:
    """Explore the problem exhaustively up to the bound and compute every property."""
    if isinstance(problem, type):
        problem = problem()
    opts = Options(**options)
    max_size = opts.max_size if opts.max_size is not None else problem.max_size
    exploration = explore(problem, max_size, max_instances=opts.max_instances, progress=progress)
    scope = Scope(
        max_size=exploration.max_size,
        sizes=list(exploration.sizes),
        engine=exploration.engine,
        exhaustive=True,
        instance_count=dict(exploration.instance_count),
        notes=list(exploration.notes),
    )
    dist = distance(exploration)
    causal = causal_function(exploration)
    amo = at_most_once(exploration)
    checks, minimal = [], []
    if opts.form in ("recover", "both"):
        c, m = search_recover(
            exploration, opts.n_max, opts.r_max, opts.anchor, opts.include_final, progress
        )
        checks += c
        minimal += m
    if opts.form in ("local-rule", "both"):
        c, m = search_local_rule(exploration, opts.n_max, opts.r_max, progress=progress)
        checks += c
        minimal += m
    theorem_3_5 = None
    if dist.bounded and dist.value is not None and exploration.sizes:
        theorem_3_5 = check_recover(exploration, 1, 4 * dist.value + 1, "min", opts.include_final)
    verdict = decide(scope, dist, causal, amo, theorem_3_5, minimal, checks)
    if theorem_3_5 is not None:
        checks.append(theorem_3_5)
    coverage = None
    if verdict.word == "guaranteed":
        parts = [causal.coverage_size]
        if verdict.consistency is not None:
            parts.append(verdict.consistency.coverage_size)
        coverage = max(p for p in parts if p is not None) if any(parts) else None
    location = definition_location(type(problem))
    semantics = [
        "ready steps: the anchor of every step ready(s) returns is labelled"
        if has_ready(problem)
        else "fixed order: only the step the trace takes is labelled (no ready(s))",
        "final states take part, every label NONE (halting must be recognizable)"
        if opts.include_final
        else "final states excluded",
    ]
    return ProblemResult(
        problem=exploration.problem,
        source=str(location) if location else None,
        description=problem.description or (type(problem).__doc__ or "").strip().split("\n")[0],
        scope=scope,
        distance=dist,
        causal=causal,
        at_most_once=amo,
        checks=checks,
        minimal_r=minimal,
        coverage_size=coverage,
        verdict=verdict,
        options={**opts.__dict__, "max_size": max_size},
        semantics=semantics,
    )
