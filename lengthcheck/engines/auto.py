"""The "auto" engine: enumeration or z3, whichever answers first, or chosen by count.

No count known before running says which engine is faster on a problem of up
to hundreds of thousands of instances: add-plain, add-multirow and
add-reversed have the same 5,460 instances and 6 symbolic paths, yet z3 is
1.7× slower than enumeration on the first, cannot decide coverage on the
second, and is 13× faster on the third (benchmarks/RESULTS-engines.md). So:

1. no layout, or code the z3 engine cannot follow → enumerate;
2. two cores for this problem and enumeration affordable → **race**: both
   engines run at once (`race`), the first *complete* answer is kept and the
   other engine is stopped. A z3 answer is complete when z3 decided every
   query, the problem has no `ready()` (z3 follows the prescribed order
   only, enumeration explores the closure), and every coverage size is exact
   (z3 gives some only as upper bounds, where a window's values are too many
   to list); an enumeration when it finished every size. When neither is
   complete, enumeration's is kept if it finished every size, z3's otherwise;
3. one core (a `check -j` worker sharing the cores, or a one-core machine):
   enumerate up to `ENUMERATE_BELOW` instances; beyond, z3 under a time budget
   of what enumeration would take (`SECONDS_PER_INSTANCE`), enumerating after
   all when z3 cannot decide within it and enumeration is affordable;
4. more instances than enumeration can afford → the z3 engine alone.

The report does not depend on which engine won a race (issue 19), so `auto`
is the default engine: which answer is complete is a property of the answer,
not of timing; two complete answers agree on every verdict fact (the engines
are cross-checked), z3's witnesses are the ones enumeration picks
(`engines.canonical`), and which engine answered, with how auto chose, is in
`scope.engine_answered` and `scope.details` (JSON, `--verbose`), not in the
text.

A problem is never split between the engines by size: enumerated traces would
go through z3's shape machinery, where each concrete state is a shape of its
own (issue 13 measured 1,372 queries against 156 that way).
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import TYPE_CHECKING

from lengthcheck.engines.contract import Computed, Options, Progress
from lengthcheck.engines.enumerate import compute_enumerated
from lengthcheck.engines.exploration import count_instances, default_memory_budget
from lengthcheck.engines.race import ContenderCrashed, Finished, available_cores, race
from lengthcheck.errors import SpecError
from lengthcheck.results import FindingKind
from lengthcheck.spec import Problem, has_ready

if TYPE_CHECKING:
    from lengthcheck.engines.smt.engine import SymbolicUnsupported

ENUMERATE_BELOW = 20_000  # instances, all sizes together, when there is one core
SECONDS_PER_INSTANCE = 0.002  # enumeration's typical cost per instance, properties included
ENUMERATION, Z3 = "enumeration", "z3"  # the racing engines, as notes name them


def compute_auto(
    problem: Problem, max_size: int, opts: Options, progress: Progress | None
) -> Computed:
    """The first complete answer of enumeration and z3 (two cores), or the engine counts choose."""
    count = count_instances(problem, range(problem.min_size, max_size + 1), ENUMERATE_BELOW)
    if count is None:
        return _enumerated(problem, max_size, opts, progress,
                           "auto: enumerated, the problem has no layout for z3")
    cores = opts.cores if opts.cores is not None else available_cores()
    if cores >= 2 and hasattr(os, "fork") and (
            count <= ENUMERATE_BELOW or _enumeration_affordable(problem, max_size, opts)):
        return _raced(problem, max_size, opts, progress)
    if count <= ENUMERATE_BELOW:
        return _enumerated(problem, max_size, opts, progress,
                           f"auto: enumerated, {count:,} instances are too few for z3 to pay "
                           f"off (at most {ENUMERATE_BELOW:,})")
    return _z3_then_enumeration(problem, max_size, opts, progress, count)


def _raced(problem: Problem, max_size: int, opts: Options, progress: Progress | None) -> Computed:
    """Both engines at once, each with half the memory budget; the first complete answer wins."""
    memory = opts.max_memory if opts.max_memory is not None else default_memory_budget() / 2**30
    halved = replace(opts, max_memory=memory / 2)
    lacks: dict[str, str | None] = {}  # per engine that finished: why its answer is incomplete

    def complete(outcome: Finished) -> bool:
        lacks[outcome.name] = _incomplete(outcome, problem, max_size)
        return lacks[outcome.name] is None

    finished = race(
        {ENUMERATION: lambda report: compute_enumerated(problem, max_size, halved, report),
         Z3: lambda report: _compute_smt(problem, max_size, halved, report)},
        accept=complete, progress=progress,
    )
    side_by_side = "auto: enumeration and z3 ran side by side on two cores"
    last = finished[-1]
    if lacks[last.name] is None:
        if last.error is not None:
            _reraise(last)
        if len(finished) == 1:
            other = ENUMERATION if last.name == Z3 else Z3
            return _noted(last.value, f"{side_by_side}; {last.name} answered first and {other} "
                                      "was stopped")
        first = finished[0].name
        return _noted(last.value, f"{side_by_side}; {first} finished first, but "
                                  f"{lacks[first]}, so {last.name}'s answer is kept")
    by_name = {outcome.name: outcome for outcome in finished}  # neither answer is complete
    enumerated, solved = by_name[ENUMERATION], by_name[Z3]
    if enumerated.error is not None:
        _reraise(enumerated)
    if solved.error is None and not _finished_every_size(enumerated.value, max_size):
        return _noted(solved.value, f"{side_by_side}; {lacks[Z3]} and enumeration stopped "
                                    "before the bound, so z3's answer is kept")
    return _noted(enumerated.value, f"{side_by_side}; {lacks[Z3]} and {lacks[ENUMERATION]}, "
                                    "so enumeration's answer is kept")


def _enumeration_affordable(problem: Problem, max_size: int, opts: Options) -> bool:
    from lengthcheck.engines.smt.engine import enumeration_affordable

    return enumeration_affordable(problem, max_size, opts)


def _compute_smt(problem: Problem, max_size: int, opts: Options,
                 progress: Progress | None) -> Computed:
    """The z3 engine, imported in the racing child only: z3 takes a tenth of a second to load."""
    from lengthcheck.engines.smt.engine import compute_smt

    return compute_smt(problem, max_size, opts, progress)


def _incomplete(outcome: Finished, problem: Problem, max_size: int) -> str | None:
    """Why this outcome does not settle the problem alone (None: it does)."""
    if outcome.error is not None:  # a spec error or a bug ends the check; z3 not running does not
        from lengthcheck.engines.smt.engine import SymbolicUnsupported

        if isinstance(outcome.error, SymbolicUnsupported):
            return _cannot_run(outcome.error)
        return None
    computed: Computed = outcome.value
    if computed.scope.engine != "smt":  # enumerated (the z3 engine does so on branchy specs)
        if not _finished_every_size(computed, max_size):
            return "enumeration stopped before the bound"
        return f"enumeration left something unchecked ({computed.findings[0]})" \
            if computed.findings else None
    undecided = _undecided(computed)
    if undecided:
        return undecided[0]
    if has_ready(problem):
        return "z3 follows the prescribed order only, where enumeration explores every ready step"
    if computed.scope.coverage_upper:
        return "z3 could give some coverage sizes only as upper bounds"
    return None


def _undecided(computed: Computed) -> list[str]:
    """What z3 could not decide (the texts of its undecided findings)."""
    return [f.text for f in computed.findings if f.kind is FindingKind.UNDECIDED]


def _cannot_run(exc: SymbolicUnsupported) -> str:
    where = f", {exc.location}" if exc.location else ""
    return f"the z3 engine cannot run ({exc.what}{where})"


def _finished_every_size(computed: Computed, max_size: int) -> bool:
    return bool(computed.scope.sizes) and computed.scope.sizes[-1] == max_size


def _reraise(outcome: Finished) -> None:
    if isinstance(outcome.error, SpecError):
        raise outcome.error
    raise ContenderCrashed(f"{outcome.name} failed:\n{outcome.trace}") from outcome.error


def _z3_then_enumeration(problem: Problem, max_size: int, opts: Options,
                         progress: Progress | None, count: int) -> Computed:
    """z3 under a budget of what enumeration would take; enumeration when z3 cannot decide."""
    from lengthcheck.engines.smt.engine import (
        SymbolicUnsupported,
        compute_smt,
        enumeration_affordable,
    )

    affordable = enumeration_affordable(problem, max_size, opts)
    # `count` stops at the cap it was counted to: past what enumeration can afford, z3 is
    # the only way, and gets its whole budget (--smt-budget, else its default)
    budget = SECONDS_PER_INSTANCE * count if affordable else opts.smt_budget
    if opts.smt_budget is not None and budget is not None:
        budget = min(budget, opts.smt_budget)
    try:
        computed = compute_smt(problem, max_size, replace(opts, smt_budget=budget), progress)
    except SymbolicUnsupported as exc:
        return _enumerated(problem, max_size, opts, progress,
                           f"auto: {_cannot_run(exc)}; every size was enumerated instead")
    undecided = _undecided(computed)
    if undecided and affordable:
        return _enumerated(problem, max_size, opts, progress,
                           f"auto: {undecided[0]} (within {budget:.0f} s, about what "
                           "enumerating takes); every size was enumerated instead")
    return computed


def _enumerated(problem: Problem, max_size: int, opts: Options, progress: Progress | None,
                why: str) -> Computed:
    return _noted(compute_enumerated(problem, max_size, opts, progress), why)


def _noted(computed: Computed, why: str) -> Computed:
    """Say how auto chose, in the details: which engine answered is not part of the text."""
    computed.scope.details.append(why)
    return computed
