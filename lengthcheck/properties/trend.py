"""Is a per-size series flat at its tail, or still growing? (DESIGN §2, evidence rule (a))

A bounded check cannot prove that a series stays flat for all sizes. The rule
lengthcheck applies: a series is "bounded" only when its last value has held
over sizes [n0, N] with N >= 2·n0 — a run that at least doubled. A quantity
growing like log2(n) is flat for runs [2^k, 2^(k+1) - 1], which never double,
so it is never read as flat. It "grows" when it still changes at the bound
(or has no value there), and is "undetermined" when its flat run is too short;
then `next_bound` names the bound that would decide it.

Faster-growing quantities are caught too; a quantity that grows like log_b(n)
for b > 2 is flat over runs [b^k, b^(k+1) - 1], which do double: no finite rule
separates such a series from a flat one, and the verdict's other evidence rules
((c) coverage, (d) no opposite verdict from N/2 on) are what catch most of them.
The verdict says over which run a series was flat, so the claim is never
larger than the evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lengthcheck.results import Trend

DOUBLING = 2  # a flat run [n0, N] counts only when N >= DOUBLING * n0


@dataclass(frozen=True)
class FlatRun:
    """The final constant run of a series: value v at every size from `start` to `end`."""

    start: int
    end: int
    value: int | None


def flat_run(series: Mapping[int, int | None], eligible_from: int | None = None) -> FlatRun | None:
    """The final run of equal values, counted only from `eligible_from` on (rule (b))."""
    sizes = sorted(series)
    if not sizes:
        return None
    end = sizes[-1]
    value = series[end]
    start = end
    for m in reversed(sizes[:-1]):
        if series[m] != value:
            break
        start = m
    if eligible_from is not None:
        start = max(start, eligible_from)
    return FlatRun(start, end, value)


def doubled(run: FlatRun) -> bool:
    return run.end >= DOUBLING * run.start


def classify(series: Mapping[int, int | None], eligible_from: int | None = None) -> Trend:
    """bounded / grows / undetermined by the doubling rule (see the module docstring)."""
    sizes = sorted(series)
    if not sizes:
        return Trend("undetermined", "no size checked")
    end = sizes[-1]
    value = series[end]
    if value is None:
        return Trend("grows", f"no value within the limits at n = {end}")
    if len(sizes) >= 2 and series[sizes[-2]] != value:
        before = series[sizes[-2]]
        shown = "-" if before is None else before
        return Trend("grows", f"still changing: {shown} at n = {sizes[-2]}, {value} at n = {end}")
    run = flat_run(series, eligible_from)
    assert run is not None
    if run.start > end:
        return Trend("undetermined", f"no size counts yet (sizes from {run.start} on count)",
                     next_bound=DOUBLING * run.start)
    if doubled(run):
        return Trend("bounded", f"flat at {value} for n = {run.start}..{end}")
    return Trend(
        "undetermined",
        f"flat at {value} only for n = {run.start}..{end}; a flat run must double "
        f"(up to n = {DOUBLING * run.start})",
        next_bound=DOUBLING * run.start,
    )

