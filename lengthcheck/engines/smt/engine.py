"""Entry point of the z3 engine: `compute_smt` (engine "smt"; "auto" uses it too).

`compute_smt` traces every size 1..N symbolically from the problem's layout
(lengthcheck.engines.smt.tracer), then decides each property over all instances of
each size (lengthcheck.engines.smt.decide) and returns the checker's `Computed`
bundle, so that the verdict, the reports and the JSON are the same objects as
with enumeration. Sizes small enough to enumerate are also used to check the
layout against `instances(n)`: a layout that describes a different set is a
spec error, never silently checked.

When the spec branches on tokens so much that a size's symbolic paths are
about as many as its instances, z3 would only repeat enumeration, pair by
pair: the engine then enumerates every size instead (if affordable) and says
so in the scope notes. `engines.auto` chooses between this engine and
enumeration up front.

Limits: each z3 query runs under a deterministic resource limit (`rlimit`);
the whole run under a time budget. A query that gives up makes the run's
verdict `unknown` (with the size and the property), never a pass.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from lengthcheck.engines.canonical import canonical_witnesses
from lengthcheck.engines.contract import Computed, Options
from lengthcheck.engines.enumerate import compute_enumerated
from lengthcheck.engines.exploration import count_instances, explore
from lengthcheck.engines.smt import decide
from lengthcheck.engines.smt import terms as T
from lengthcheck.engines.smt.decide import Budget, Decider, search_local_rule, search_recover
from lengthcheck.engines.smt.decide.agreement import check_agreement
from lengthcheck.engines.smt.symbolic import CannotFollow, Oracle, SolverGaveUp
from lengthcheck.engines.smt.terms import Terms
from lengthcheck.engines.smt.tracer import NoLayout, SymbolicTracer, SymTrace, layout_matches
from lengthcheck.errors import SpecError, definition_location
from lengthcheck.events import SizeDone
from lengthcheck.options import flag
from lengthcheck.properties.diagnose import why_theorem_3_5_fails
from lengthcheck.properties.distance import theorem_3_5_distance
from lengthcheck.results import Finding, FindingKind, Scope
from lengthcheck.spec import Problem, has_ready

DEFAULT_RLIMIT = 50_000_000  # per z3 query (deterministic units, roughly seconds/10^7)
DEFAULT_BUDGET = 600.0  # seconds for one problem
LAYOUT_CHECK_CAP = 20_000  # compare layout(n) with instances(n) up to this many instances
FORK_SHARE = 0.5  # a size whose symbolic paths reach this share of its instances gains nothing
FORK_MIN_SIZE = 3  # ... judged from this size on (the smallest sizes have few instances anyway)
ENUMERATION_AFFORDABLE = 200_000  # instances (all sizes) enumeration handles in seconds
UNDECIDED = "the z3 engine could not decide"  # how an undecided finding's text begins


class SymbolicUnsupported(SpecError):
    """The z3 engine cannot run on this problem (no layout, or code it cannot follow)."""


class ForksLikeEnumeration(Exception):
    """The spec branches on tokens so much that symbolic paths are about as many as instances.

    z3 would then decide, pair by pair, what enumeration decides by hashing:
    the engine enumerates instead (when that is affordable) and says so.
    """

    def __init__(self, size: int, paths: int, instances: int) -> None:
        super().__init__(f"size {size}: {paths} paths for {instances} instances")
        self.size, self.paths, self.instances = size, paths, instances

    def note(self) -> str:
        return (f"the z3 engine traced size {self.size} into {self.paths} symbolic paths for "
                f"{self.instances} instances (the spec branches on tokens), so z3 would only "
                "repeat enumeration: every size was enumerated instead")


@dataclass(frozen=True)
class SymbolicScope(Scope):
    """A scope that says which engine covered which sizes."""

    enumerated_sizes: list[int] = field(default_factory=list)  # none: z3 decides every size
    smt_sizes: list[int] = field(default_factory=list)

    def describe(self) -> str:
        if not self.sizes or self.engine == "auto":
            return super().describe()
        lo, hi = self.smt_sizes[0], self.smt_sizes[-1]
        what = f"size {lo}" if lo == hi else f"sizes {lo}–{hi}"
        return (f"no counterexample up to n = {self.max_size}: {what} decided by z3 over all "
                f"instances ({self.engine})")


def symbolic_traces(
    problem: Problem,
    sizes: list[int],
    terms: Terms,
    oracle: Oracle,
    progress: Callable[[str], None] | None = None,
    budget: Budget | None = None,
    fork_check: bool = False,
) -> dict[int, list[SymTrace]]:
    """Each size's symbolic paths; with `fork_check`, `ForksLikeEnumeration` when they stop paying.
    """
    tracer = SymbolicTracer(problem, terms, oracle)
    out: dict[int, list[SymTrace]] = {}
    for n in sizes:
        if budget is not None:
            budget.check(f"tracing size {n}")
        try:
            layout = tracer.layout(n)
        except NoLayout as exc:
            raise SymbolicUnsupported(
                f"the z3 engine needs a layout: {exc}",
                problem=problem.name,
                location=definition_location(type(problem)),
                hint="define layout(self, n) returning Layout([... tokens and Slot(...)s ...]), "
                f"or use {flag('engine', 'enumerate')}",
            ) from None
        match = layout_matches(problem, layout, n, LAYOUT_CHECK_CAP)
        if match is False:
            raise SpecError(
                f"layout({n}) does not describe the same instances as instances({n})",
                problem=problem.name,
                location=definition_location(problem.layout),
                hint="make the layout's template, slots and filter produce exactly the "
                "instances of that size",
            )
        out[n] = tracer.trace(n)
        if fork_check and n >= FORK_MIN_SIZE:
            paths = len(out[n])
            instances = count_instances(problem, [n], cap=int(paths / FORK_SHARE))
            if paths >= FORK_SHARE * instances:
                raise ForksLikeEnumeration(n, paths, instances)
        if progress is not None:
            progress(SizeDone(f"{problem.name}: size {n} traced symbolically "
                              f"({len(out[n])} paths)"))
    return out


def enumeration_affordable(problem: Problem, max_size: int, opts: Options) -> bool:
    """Whether every size up to the bound has few enough instances to enumerate in seconds.

    Counted from the layouts (an upper bound where a filter drops states).
    """
    limit = min(ENUMERATION_AFFORDABLE, opts.max_instances)
    count = count_instances(problem, range(problem.min_size, max_size + 1), limit,
                            list_filtered=False)
    return count is not None and count <= limit


def compute_smt(problem: Problem, max_size: int, opts: Options,
                progress: Callable[[str], None] | None = None, **limits) -> Computed:
    """`_compute_smt` with the wall-clock deadline cleared afterwards, however it ends."""
    try:
        return _compute_smt(problem, max_size, opts, progress, **limits)
    finally:
        T.DEADLINE[0] = None


def _compute_smt(
    problem: Problem,
    max_size: int,
    opts: Options,
    progress: Callable[[str], None] | None = None,
    *,
    rlimit: int | None = None,
    budget_s: float | None = None,
) -> Computed:
    """Every property over all instances of sizes min_size..max_size, decided with z3.

    `rlimit` (per query) and `budget_s` (the whole run) default to the options
    (`--smt-rlimit`, `--smt-budget`), then the environment variables
    LENGTHCHECK_SMT_RLIMIT and LENGTHCHECK_SMT_BUDGET, then DEFAULT_RLIMIT and
    DEFAULT_BUDGET.
    """
    if rlimit is None:
        rlimit = opts.smt_rlimit or int(os.environ.get("LENGTHCHECK_SMT_RLIMIT", DEFAULT_RLIMIT))
    if budget_s is None:
        budget_s = opts.smt_budget  # 0 is a budget (nothing gets decided), not "default"
        if budget_s is None:
            budget_s = float(os.environ.get("LENGTHCHECK_SMT_BUDGET", DEFAULT_BUDGET))
    T.RLIMIT[0] = rlimit
    terms = Terms()
    oracle = Oracle(terms)
    sizes = list(range(problem.min_size, max_size + 1))
    _check_determinism(problem, max_size)
    budget = Budget(budget_s)
    T.DEADLINE[0] = budget.deadline
    unknown: list[str] = []
    notes: list[str] = []
    try:
        traces = symbolic_traces(problem, sizes, terms, oracle, progress, budget,
                                 fork_check=enumeration_affordable(problem, max_size, opts))
    except ForksLikeEnumeration as forks:
        computed = compute_enumerated(problem, max_size, opts, progress)
        computed.scope.details.append(forks.note())  # the scope line says "enumerated"
        return computed
    except CannotFollow as exc:
        raise SymbolicUnsupported(
            f"the z3 engine cannot follow the spec: {exc.why}",
            problem=problem.name,
            location=exc.location,
            hint="use only ==, !=, in, index, count and @token_function s on tokens, "
            f"or run {flag('engine', 'enumerate')} (auto falls back to it)",
        ) from None
    except SolverGaveUp as exc:
        unknown.append(f"tracing the spec symbolically: {exc}")
        return _unknown(max_size, sizes, unknown)
    d = Decider(problem, terms, traces, budget)
    try:  # z3 must decide the program Python runs: replay a sample of every size
        check_agreement(problem, terms, traces, d.path_instance)
    except SolverGaveUp as exc:
        unknown.append(f"replaying the symbolic paths concretely: {exc}")
        return _unknown(max_size, sizes, unknown)
    theorem_3_5 = None
    checks, minimal = [], []
    try:
        dist = decide.distance(d)
        amo = decide.at_most_once(d)
        causal, undecided = decide.causal(d)
    except SolverGaveUp as exc:
        unknown.append(f"R, f or at most once: {exc}")
        return _unknown(max_size, sizes, unknown)
    unknown.extend(undecided)
    try:
        if opts.form in ("recover", "both"):
            c, m = search_recover(d, opts.n_max, opts.r_max, opts.anchor, opts.include_final,
                                  progress)
            checks += c
            minimal += m
        if opts.form in ("local-rule", "both"):
            c, m = search_local_rule(d, opts.n_max, opts.r_max, progress=progress,
                                     include_final=opts.include_final)
            checks += c
            minimal += m
        R = theorem_3_5_distance(dist)
        if R is not None:
            theorem_3_5 = decide.check_recover(d, 1, 4 * R + 1, "min", opts.include_final)
    except SolverGaveUp as exc:
        unknown.append(f"(n, r)-consistency: {exc}")
    if d.coverage_upper:
        notes.append("coverage sizes of some windows are upper bounds: their values were too "
                     "many to list, so a new window shape counted as a new window")
    scope = _scope(max_size, sizes, traces, notes, coverage_upper=d.coverage_upper)
    scope.details.append(f"z3: {budget.queries} pair queries, {oracle.queries} branch queries")
    if has_ready(problem):
        # z3 follows the prescribed order only and knows no other ready step's writes:
        # a verdict either way would be about a different problem (DESIGN §2)
        unknown.append("the z3 engine follows the prescribed step order only, so the states "
                       "other ready orders reach (and their order independence) were not "
                       f"checked: use {flag('engine', 'enumerate')} for a problem with ready()")
    computed = Computed(scope, dist, causal, amo, checks, minimal, theorem_3_5,
                        findings=_undecided(unknown))
    if not has_ready(problem):  # (z3 saw the prescribed order only: its witnesses stand)
        computed = canonical_witnesses(problem, computed, opts, ENUMERATION_AFFORDABLE)
    t35 = computed.theorem_3_5
    if t35 is not None and not t35.holds and computed.at_most_once.holds:
        cause = why_theorem_3_5_fails(problem, t35.counterexample, has_ready(problem))
        computed = replace(computed, theorem_3_5_cause=cause)
    return computed


DETERMINISM_CAP = 2_000  # instances run concretely so that a step reading hidden state shows


def _check_determinism(problem: Problem, max_size: int) -> None:
    """Run the smallest sizes concretely: a state that gets two different steps is a spec error.

    Symbolic tracing calls step() once per path, so a step that reads hidden
    state (a mode set by instances(), say) would look deterministic there.
    """
    explore(problem, max_size, max_instances=DETERMINISM_CAP)


def _scope(max_size, sizes, traces, notes, coverage_upper: bool = False) -> SymbolicScope:
    min_length = {n: min(len(t.instance) for t in traces[n]) for n in sizes
                  if traces.get(n)}
    paths = {n: len(traces[n]) for n in sizes if n in traces}
    return SymbolicScope(
        max_size=max_size,
        sizes=sizes,
        engine="smt",
        exhaustive=True,
        instance_count=paths,
        notes=notes,
        details=["the instance counts of the sizes z3 decided are symbolic paths, not "
                 "instances"],
        smt_sizes=sizes,
        min_length=min_length,
        coverage_upper=coverage_upper,
    )


def _unknown(max_size, sizes, unknown) -> Computed:
    """z3 gave up before R and f were known: everything undetermined, the verdict unknown."""
    from lengthcheck.results import AtMostOnceResult, CausalResult, DistanceResult, Trend

    open_ = Trend("undetermined", "z3 gave up")
    scope = _scope(max_size, sizes, {}, [])
    return Computed(
        scope,
        DistanceResult({}, {}, None, open_),
        CausalResult(True, {}, open_, None, None),
        AtMostOnceResult(None, "not decided: z3 gave up"),
        [],
        [],
        None,
        findings=_undecided(unknown),
    )



def _undecided(unknown: list[str]) -> tuple[Finding, ...]:
    return tuple(Finding(FindingKind.UNDECIDED, f"{UNDECIDED}: {u}") for u in unknown)
