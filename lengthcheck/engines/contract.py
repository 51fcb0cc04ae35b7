"""The engine contract: what every engine is given (`Options`, declared with its flags in
`lengthcheck.options`) and returns (`Computed`).

Every engine depends on this module and nothing here depends on an engine or
on the checker, so `checker → engines → contract` has no cycle. The verdict is
decided from a `Computed` by `lengthcheck.verdict`, the same way whichever
engine produced it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lengthcheck.options import ENGINES, FORMS, Options  # declared once there
from lengthcheck.results import (
    AtMostOnceResult,
    CausalResult,
    ConsistencyCheck,
    Counterexample,
    DistanceResult,
    Finding,
    MinimalR,
    Scope,
)

Progress = Callable[[str], None]


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
    findings: tuple[Finding, ...] = ()  # what keeps the verdict open (z3 gave up, ...)
    theorem_3_5_cause: str | None = None  # why (1, 4R+1) fails although Thm 3.5 applies
    ready_cycle: tuple | None = None  # states ready steps lead around in a circle
    order_conflict: Counterexample | None = None  # two ready orders ending differently


__all__ = ["ENGINES", "FORMS", "Computed", "Options", "Progress"]
