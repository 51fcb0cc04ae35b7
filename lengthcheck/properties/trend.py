"""Is a per-size series flat at its tail, or still growing?

A bounded check cannot prove that a series stays flat for all sizes; it calls a
series "bounded" when its last `tail + 1` values are equal, "grows" when it
still changes at the last size (or has no value there), and "undetermined"
when there are too few sizes to tell or it settled only just before the bound. Every verdict built
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
    shown = ", ".join(f"{v if v is not None else '-'} at n = {m}" for m, v in zip(last, values))
    if values[-2] is None or values[-2] != values[-1]:
        return Trend("grows", f"still changing: {shown}")
    if len(set(values)) > 1:
        return Trend("undetermined", f"settled only at the last sizes: {shown}; raise the bound")
    return Trend("bounded", f"flat at {values[-1]} for n = {last[0]}..{last[-1]}")
