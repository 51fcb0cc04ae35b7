"""The "auto" engine: enumeration or z3, chosen per problem by what each would cost.

Enumeration's cost is known before it starts: it runs every instance of every
size, and the layouts say how many there are. z3's cost depends on how the
spec branches on tokens, which only a symbolic pass shows; the z3 engine
measures that itself and enumerates instead when a size's symbolic paths are
about as many as its instances (`smt.engine.ForksLikeEnumeration`). So:

1. no layout, or code the z3 engine cannot follow → enumerate;
2. at most `ENUMERATE_BELOW` instances over all sizes → enumerate;
3. otherwise the z3 engine, under a time budget of what enumeration would
   take at `SECONDS_PER_INSTANCE`; when z3 cannot decide within it (or its
   resource limit), and enumeration is affordable, enumerate after all.

Measured on the reference problems (benchmarks/RESULTS-engines.md): up to
tens of thousands of instances, enumeration is the faster engine on most of
them (z3's cost depends on how hard its queries are, which no count shows in
advance); beyond, z3 wins by orders of magnitude on branch-free formats.

A problem is never split between the engines by size: enumerated traces would
go through z3's shape machinery, where each concrete state is a shape of its
own (issue 13 measured 1,372 queries against 156 that way).
"""

from __future__ import annotations

from dataclasses import replace

from lengthcheck.engines.contract import Computed, Options, Progress
from lengthcheck.engines.enumerate import compute_enumerated
from lengthcheck.engines.exploration import count_instances
from lengthcheck.engines.smt.engine import (
    UNDECIDED,
    SymbolicUnsupported,
    compute_smt,
    enumeration_affordable,
)
from lengthcheck.spec import Problem

ENUMERATE_BELOW = 20_000  # instances, all sizes together (benchmarks/RESULTS-engines.md)
SECONDS_PER_INSTANCE = 0.002  # enumeration's typical cost per instance, properties included


def compute_auto(
    problem: Problem, max_size: int, opts: Options, progress: Progress | None
) -> Computed:
    """Enumerate when that is cheap or z3 cannot run or decide; the z3 engine otherwise."""
    count = count_instances(problem, range(problem.min_size, max_size + 1), ENUMERATE_BELOW)
    if count is None:
        return _enumerated(problem, max_size, opts, progress,
                           "auto: enumerated, the problem has no layout for z3")
    if count <= ENUMERATE_BELOW:
        return _enumerated(problem, max_size, opts, progress,
                           f"auto: enumerated, {count:,} instances are too few for z3 to pay "
                           f"off (at most {ENUMERATE_BELOW:,})")
    budget = SECONDS_PER_INSTANCE * count
    if opts.smt_budget is not None:
        budget = min(budget, opts.smt_budget)
    try:
        computed = compute_smt(problem, max_size, replace(opts, smt_budget=budget), progress)
    except SymbolicUnsupported as exc:
        where = f", {exc.location}" if exc.location else ""
        return _enumerated(problem, max_size, opts, progress,
                           f"auto: the z3 engine cannot run ({exc.what}{where}); every size "
                           "was enumerated instead")
    undecided = [f for f in computed.findings if f.startswith(UNDECIDED)]
    if undecided and enumeration_affordable(problem, max_size, opts):
        return _enumerated(problem, max_size, opts, progress,
                           f"auto: {undecided[0]} (within {budget:.0f} s, about what "
                           "enumerating takes); every size was enumerated instead")
    return computed


def _enumerated(problem: Problem, max_size: int, opts: Options, progress: Progress | None,
                why: str) -> Computed:
    computed = compute_enumerated(problem, max_size, opts, progress)
    computed.scope.notes.append(why)
    return computed
