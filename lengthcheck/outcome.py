"""What one check of one problem returns: the computed facts, the verdict, and the path taken.

`checker.check_problem` builds a `ProblemResult`; the reports read it. It lives
above `results` (the engines' and the verdict's records) and is the one record
that knows how to show itself (`to_dict`, `_repr_html_`), so the reports it
calls import it only for type hints and no import circle runs through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lengthcheck.results import (
    AtMostOnceResult,
    CausalResult,
    ConsistencyCheck,
    DistanceResult,
    MinimalR,
    Scope,
    Verdict,
)


@dataclass(frozen=True)
class BoundTried:
    """One bound `--until-decided` checked: the verdict there and the seconds it took."""

    max_size: int
    verdict: str
    seconds: float
    engine: str  # the engine asked for at this bound


@dataclass(frozen=True)
class UntilDecided:
    """The path `--until-decided` took: each bound tried, and why it stopped."""

    budget: float  # seconds
    tried: tuple[BoundTried, ...]
    stopped: str  # "decided" | a sentence: the budget was spent, no bound would decide, ...


@dataclass(frozen=True)
class ProblemResult:
    problem: str
    source: str | None
    description: str
    scope: Scope
    distance: DistanceResult
    causal: CausalResult
    at_most_once: AtMostOnceResult
    checks: list[ConsistencyCheck]
    minimal_r: list[MinimalR]
    coverage_size: int | None
    verdict: Verdict
    options: dict[str, Any]
    semantics: list[str]  # what was checked: ready steps or the fixed order, final states, ...
    proof: Any = None  # lengthcheck.rules.prove.Proof for a RuleProblem, else None
    until_decided: UntilDecided | None = None  # the bounds --until-decided tried

    def to_dict(self) -> dict[str, Any]:
        """The JSON object `lengthcheck check --json` prints for this problem."""
        from lengthcheck.report.json import problem_json

        return problem_json(self, None)

    def _repr_html_(self) -> str:
        """A notebook shows the section `--html` writes for this problem."""
        from lengthcheck.report.html import fragment

        return fragment(self)
