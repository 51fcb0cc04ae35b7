"""The concrete engine ("enumerate"): every property of every instance up to the bound.

`engines.exploration` runs the spec on every instance; the properties
(`lengthcheck.properties`) are computed from the states it reached, and those
that need whole traces from what its trackers kept of each trace while it ran
(traces are not kept). R is `properties.distance`, f `properties.causal`,
consistency and coverage `properties.consistency`.
"""

from __future__ import annotations

from lengthcheck.engines.contract import Computed, Options, Progress
from lengthcheck.engines.exploration import explore
from lengthcheck.options import flag
from lengthcheck.properties.causal import at_most_once, causal_function
from lengthcheck.properties.consistency import check_recover, search_local_rule, search_recover
from lengthcheck.properties.diagnose import why_theorem_3_5_fails
from lengthcheck.properties.distance import distance, theorem_3_5_distance
from lengthcheck.properties.explored import Exploration
from lengthcheck.results import Finding, FindingKind, Scope
from lengthcheck.spec import Problem, has_ready


def compute_enumerated(
    problem: Problem, max_size: int, opts: Options, progress: Progress | None
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
    progress: Progress | None,
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
        stopped_by=exploration.stopped_by,
        population=getattr(exploration.problem_spec, "population", None) or None,
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
        c, m = search_local_rule(exploration, opts.n_max, opts.r_max, progress=progress,
                                 include_final=opts.include_final)
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
    unchecked: tuple[Finding, ...] = ()
    if exploration.closure_cut:  # a verdict would rest on states never explored
        unchecked += (Finding(FindingKind.UNCHECKED, "the ready closure was cut before every "
                              "order of the ready steps was explored; lower "
                              f"{flag('max_size')}"),)
    if exploration.ready_reads_only:  # other orders' states were never run
        unchecked += (Finding(FindingKind.UNCHECKED, "ready(s) gave some steps as read "
                              "tuples, so the states other orders reach were not checked: "
                              "give Steps (with next=) to explore the other orders"),)
    return Computed(
        scope, dist, causal_function(exploration), amo, checks, minimal, theorem_3_5,
        findings=unchecked, theorem_3_5_cause=cause, ready_cycle=exploration.ready_cycle,
        order_conflict=exploration.order_conflict,
    )
