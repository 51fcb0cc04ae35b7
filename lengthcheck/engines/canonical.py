"""One canonical witness per finding, whichever engine found it (issue 19).

z3 decides a property over all instances of a size at once; the instance its
model shows is whichever the solver reached first, so two runs (or z3 and
enumeration) could show different instances for the same failure. The
report shows **the witness enumeration finds first**, in one documented
order:

1. the smallest size at which the finding appears (the check's `fail_size`,
   R's first size at its value, the causal conflict's size, ...);
2. among the instances up to that size, the order `instances(n)` yields them
   (smaller sizes first), steps in trace order; enumeration keeps the first
   query showing a key and reports the first later query that contradicts it.

The witnesses canonicalized are those a report draws: the R witness, the
causal conflict, the reused element, the telling failure among the (n, r)
checks (`telling_failure`: the verdict's counterexample) and the (1, 4R+1)
check's; the other failed checks keep z3's witnesses (in JSON only: redoing
every failed (n, r) check by enumeration would cost what enumeration costs).

z3 finds *whether* and *at which size* a property fails; `canonical_witnesses`
then enumerates the sizes up to that one (cheap: the failing size is usually
small) and takes enumeration's witnesses for the same findings. Where that size
has too many instances to enumerate (over `cap`), z3's own witness
stays and `scope.details` says so. A disagreement between the engines about a
finding is never papered over: the z3 result is kept as it is, and the detail
names the finding (the engines are cross-checked in tests/test_smt_agreement.py).
"""

from __future__ import annotations

from dataclasses import replace

from lengthcheck.engines.contract import Computed, Options
from lengthcheck.engines.exploration import count_instances, explore
from lengthcheck.properties.causal import at_most_once, causal_function
from lengthcheck.properties.consistency import check_local_rule, check_recover, telling_failure
from lengthcheck.properties.distance import distance
from lengthcheck.properties.explored import Exploration
from lengthcheck.results import ConsistencyCheck, DistanceResult
from lengthcheck.spec import Problem


def canonical_witnesses(problem: Problem, computed: Computed, opts: Options,
                        cap: int) -> Computed:
    """`computed` with every witness replaced by the one enumeration finds first (when the
    sizes up to the witnesses' have at most `cap` instances)."""
    size = _witness_size(computed)
    if size is None:
        return computed
    count = count_instances(problem, range(problem.min_size, size + 1), cap)
    if count is None or count > cap:
        computed.scope.details.append(
            f"witnesses are z3's own: sizes up to n = {size} have more than "
            f"{cap:,} instances, too many to pick enumeration's first")
        return computed
    exploration = explore(problem, size, max_instances=cap)
    if not exploration.sizes or exploration.sizes[-1] != size:
        return computed
    disagree: list[str] = []
    dist = _distance(computed.distance, exploration, disagree)
    causal = computed.causal
    if causal.conflict is not None:
        found = causal_function(exploration).conflict
        causal = replace(causal, conflict=found) if found is not None else causal
        if found is None:
            disagree.append("the causal conflict")
    amo = computed.at_most_once
    if amo.holds is False:
        found_amo = at_most_once(exploration)
        if found_amo.holds is False:
            amo = found_amo
        else:
            disagree.append("at most once")
    shown = telling_failure(computed.checks)  # the one check whose witness a report draws
    checks = [_check(c, exploration, opts, disagree) if c is shown else c
              for c in computed.checks]
    t35 = computed.theorem_3_5
    if t35 is not None:
        t35 = _check(t35, exploration, opts, disagree)
    if disagree:
        computed.scope.details.append(
            "enumeration did not reproduce z3's finding for " + ", ".join(disagree)
            + ": z3's witnesses were kept (please report this: the engines disagree)")
        return computed
    return replace(computed, distance=dist, causal=causal, at_most_once=amo, checks=checks,
                   theorem_3_5=t35)


def _witness_size(computed: Computed) -> int | None:
    """The largest size any witness needs (None: there is no witness to pick)."""
    sizes = [c.fail_size for c in [telling_failure(computed.checks), computed.theorem_3_5]
             if c is not None and not c.holds and c.counterexample is not None
             and c.fail_size is not None]
    first_r = _first_size_at_value(computed.distance)
    if first_r is not None:
        sizes.append(first_r)
    for cx in (computed.causal.conflict, computed.at_most_once.witness):
        if cx is not None:
            sizes.extend(q.size for q in (cx.first, cx.second) if q is not None)
    return max(sizes, default=None)


def _first_size_at_value(dist: DistanceResult) -> int | None:
    """The smallest size whose R equals R at the bound: where enumeration's witness is."""
    if dist.witness is None or not dist.by_size:
        return None
    top = dist.by_size[max(dist.by_size)]
    return min(m for m, v in dist.by_size.items() if v == top)


def _distance(dist: DistanceResult, exploration: Exploration,
              disagree: list[str]) -> DistanceResult:
    if dist.witness is None:
        return dist
    found = distance(exploration).witness
    if found is None or found.span != dist.witness.span:
        disagree.append("the R witness")
        return dist
    return replace(dist, witness=found)


def _check(check: ConsistencyCheck, exploration: Exploration, opts: Options,
           disagree: list[str]) -> ConsistencyCheck:
    if check.holds or check.counterexample is None:
        return check
    if check.form == "recover":
        again = check_recover(exploration, check.n, check.r, check.anchor_rule or opts.anchor,
                              opts.include_final)
    else:
        again = check_local_rule(exploration, check.n, check.r, check.locators,
                                 opts.include_final)
    if again.holds or again.fail_size != check.fail_size or again.counterexample is None:
        disagree.append(f"({check.n}, {check.r}) {check.form}")
        return check
    return replace(check, counterexample=again.counterexample)
