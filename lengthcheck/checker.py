"""Run every property on one problem and decide the verdict: the library's main entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from lengthcheck.engines import sample
from lengthcheck.engines.enumerate import Exploration, explore
from lengthcheck.errors import definition_location
from lengthcheck.properties.causal import at_most_once, causal_function
from lengthcheck.properties.consistency import (
    ANCHOR_RULES,
    check_recover,
    search_local_rule,
    search_recover,
)
from lengthcheck.properties.diagnose import why_theorem_3_5_fails
from lengthcheck.properties.distance import distance
from lengthcheck.results import (
    AtMostOnceResult,
    CausalResult,
    ConsistencyCheck,
    Counterexample,
    DistanceResult,
    MinimalR,
    ProblemResult,
    Scope,
)
from lengthcheck.spec import Problem, has_ready
from lengthcheck.verdict import decide, with_proof

FORMS = ("recover", "local-rule", "both")
ENGINES = ("enumerate", "sample", "smt", "auto")


@dataclass(frozen=True)
class Computed:
    """Everything an engine computed for one problem; the verdict is decided from it."""

    scope: Scope
    distance: DistanceResult
    causal: CausalResult
    at_most_once: AtMostOnceResult
    checks: list[ConsistencyCheck]
    minimal_r: list[MinimalR]
    theorem_3_5: ConsistencyCheck | None  # (1, 4R+1) with anchor min, when R is bounded
    refutation: Counterexample | None = None  # a conflict found beyond the enumerated sizes
    findings: tuple[str, ...] = ()  # what a search beyond the enumerated sizes saw
    theorem_3_5_cause: str | None = None  # why (1, 4R+1) fails although Thm 3.5 applies
    ready_cycle: tuple | None = None  # states ready steps lead around in a circle


@dataclass(frozen=True)
class Options:
    max_size: int | None = None  # None: the problem's own max_size
    n_max: int = 4
    r_max: int = 21
    form: str = "both"
    anchor: str = "min"
    include_final: bool = True
    max_instances: int = 2_000_000
    max_memory: float | None = None  # GiB the enumeration may use (None: half the machine)
    engine: str | None = None  # None: the problem's own `engine`, else "enumerate"
    samples: int = 200  # sample engine: examples drawn per size beyond the enumerated ones
    seed: int | None = None  # sample engine: None draws a fresh seed (printed for replay)
    smt_rlimit: int | None = None  # z3 engine: resource limit per query (deterministic)
    smt_budget: float | None = None  # z3 engine: seconds for one problem

    def __post_init__(self) -> None:
        if self.engine is not None and self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
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
    if opts.engine is None:
        opts = replace(opts, engine=getattr(problem, "engine", None) or "enumerate")
    max_size = opts.max_size if opts.max_size is not None else problem.max_size
    if opts.engine == "enumerate":
        computed = compute_enumerated(problem, max_size, opts, progress)
    elif opts.engine == "sample":
        computed = compute_sampled(problem, max_size, opts, progress)
    else:  # "smt" and "auto": the z3 engine (issue 3), lengthcheck/smt/engine.py
        from lengthcheck.smt.engine import compute_engine

        computed = compute_engine(problem, max_size, opts, progress)
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
    if engine in ("smt", "auto"):
        return ("ready steps: the anchor of every step ready(s) returns is labelled; the z3 "
                "engine follows the prescribed order only, so states other orders reach were "
                "not checked")
    return ("ready steps: the anchor of every step ready(s) returns is labelled; where ready(s) "
            "gives Steps, the states any ready step leads to were explored too (the closure); "
            "where it gives read tuples only, other orders' states were not checked")


def compute_enumerated(
    problem: Problem, max_size: int, opts: Options, progress: Callable[[str], None] | None
) -> Computed:
    """The concrete engine: every instance of every size up to the bound."""
    exploration = explore(problem, max_size, max_instances=opts.max_instances,
                          max_memory=_bytes(opts.max_memory), progress=progress)
    return compute_from_exploration(exploration, opts, progress, exhaustive=True)


def _bytes(gib: float | None) -> int | None:
    return None if gib is None else int(gib * 2**30)


def compute_from_exploration(
    exploration: Exploration,
    opts: Options,
    progress: Callable[[str], None] | None,
    exhaustive: bool,
) -> Computed:
    """Every property of the reachable states an exploration found."""
    scope = Scope(
        max_size=exploration.max_size,
        sizes=list(exploration.sizes),
        engine=exploration.engine,
        exhaustive=exhaustive,
        instance_count=dict(exploration.instance_count),
        notes=list(exploration.notes),
        min_length=dict(exploration.min_length),
    )
    dist = distance(exploration)
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
    R = theorem_3_5_distance(dist)
    if R is not None and exploration.sizes:
        theorem_3_5 = check_recover(exploration, 1, 4 * R + 1, "min", opts.include_final)
    amo = at_most_once(exploration)
    cause = None
    if theorem_3_5 is not None and not theorem_3_5.holds and amo.holds:
        cause = why_theorem_3_5_fails(exploration.problem_spec, theorem_3_5.counterexample,
                                      has_ready(exploration.problem_spec))
    unchecked = ()
    if exploration.closure_cut:  # a guarantee would rest on states never explored
        unchecked = ("the ready closure was cut before every order of the ready steps was "
                     "explored; lower --max-size",)
    return Computed(
        scope, dist, causal_function(exploration), amo, checks, minimal, theorem_3_5,
        findings=unchecked, theorem_3_5_cause=cause, ready_cycle=exploration.ready_cycle,
    )


def theorem_3_5_distance(dist: DistanceResult) -> int | None:
    """R at the bound when the series does not still grow: the R that (1, 4R+1) is tried with.

    Whether R is flat long enough to rest a guarantee on is the verdict's
    evidence rule (a); the check itself is run whenever R has a value.
    """
    values = dist.by_size
    if not values or dist.trend.kind == "grows":
        return None
    return values[max(values)]


SAMPLE_ENUMERATION_CAP = 20_000  # the sample engine enumerates only while this is cheap


def compute_sampled(
    problem: Problem, max_size: int, opts: Options, progress: Callable[[str], None] | None
) -> Computed:
    """Enumerate the small sizes, then search the rest of 1..max_size with Hypothesis."""
    cap = min(opts.max_instances, SAMPLE_ENUMERATION_CAP)
    exploration = explore(problem, max_size, max_instances=cap, progress=progress)
    exploration.notes.clear()  # the sizes the cap cut short are sampled instead
    base = compute_from_exploration(exploration, opts, progress, exhaustive=True)
    sizes = list(range(exploration.max_size + 1, max_size + 1))
    if not sizes:
        return base
    first = decide(base.scope, base.distance, base.causal, base.at_most_once,
                   base.theorem_3_5, base.minimal_r, base.checks)
    seed = opts.seed if opts.seed is not None else sample.fresh_seed()
    outcome = sample.search(problem, exploration, first.consistency, sizes, opts.samples, seed,
                            opts.include_final, progress)
    scope = Scope(
        max_size=base.scope.max_size, sizes=base.scope.sizes, engine="enumerate+sample",
        exhaustive=False, instance_count=base.scope.instance_count,
        notes=base.scope.notes + outcome.notes
        + [f"sampling ran {outcome.examples} traces over sizes {sizes[0]}–{sizes[-1]}"],
        sampled_sizes=sizes, samples=opts.samples,
        seed=seed,
    )
    findings = []
    R = base.distance.value
    grown = {m: s for m, s in outcome.largest_span.items() if R is not None and s > R}
    if grown:
        m = min(grown)
        findings.append(f"sampling saw a span of {grown[m]} at n = {m}, above R = {R}: the "
                        "enumerated sizes do not show the larger ones; raise --max-size")
    return Computed(scope, base.distance, base.causal, base.at_most_once, base.checks,
                    base.minimal_r, base.theorem_3_5, outcome.counterexample,
                    base.findings + tuple(findings), base.theorem_3_5_cause, base.ready_cycle)
