"""The engine contract: what every engine is given (`Options`) and returns (`Computed`).

Every engine depends on this module and nothing here depends on an engine or
on the checker, so `checker → engines → contract` has no cycle. The verdict is
decided from a `Computed` by `lengthcheck.verdict`, the same way whichever
engine produced it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lengthcheck.properties.consistency import ANCHOR_RULES
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

FORMS = ("recover", "local-rule", "both")
ENGINES = ("enumerate", "sample", "smt", "auto")

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
    cores: int | None = None  # cores this problem may use (None: all this process may run on)
    until_decided: float | None = None  # seconds to raise the bound in until decided (None: no)

    def __post_init__(self) -> None:
        if self.engine is not None and self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
        if self.form not in FORMS:
            raise ValueError(f"form must be one of {', '.join(FORMS)}")
        if self.anchor not in ANCHOR_RULES:
            raise ValueError(f"anchor must be one of {', '.join(ANCHOR_RULES)}")
        if self.n_max < 1 or self.r_max < 1:
            raise ValueError("n_max and r_max must be at least 1")
        if self.cores is not None and self.cores < 1:
            raise ValueError("cores must be at least 1")
        if self.until_decided is not None and self.until_decided <= 0:
            raise ValueError("until_decided must be a positive number of seconds")
