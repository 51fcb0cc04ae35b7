"""Is a per-size series flat at its tail, or still growing?

A bounded check cannot prove that a series stays flat for all sizes; it calls a
series "bounded" when its last `tail + 1` values are equal, "grows" otherwise,
and "undetermined" when there are too few sizes to tell. Every verdict built
on this says it is bounded by the sizes checked.
"""

from __future__ import annotations

from lengthcheck.results import Trend

TAIL = 2


def classify(series: dict[int, int | None], tail: int = TAIL) -> Trend:
    sizes = sorted(series)
    if len(sizes) < tail + 1:
        return Trend("undetermined", f"only {len(sizes)} size(s) checked; need {tail + 1}")
    last = sizes[-tail - 1 :]
    values = [series[m] for m in last]
    if values[-1] is None:
        return Trend("grows", f"no value within the limits at n = {last[-1]}")
    if any(v is None for v in values) or len(set(values)) > 1:
        shown = ", ".join(f"{v if v is not None else '-'} at n = {m}" for m, v in zip(last, values))
        return Trend("grows", f"still changing: {shown}")
    return Trend("bounded", f"flat at {values[-1]} for n = {last[0]}..{last[-1]}")
