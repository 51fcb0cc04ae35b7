"""The result model: what a check computed, as plain data.

Properties build these objects; the verdict reads them; reports draw them; the
JSON report serializes them. Nothing here computes or prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from lengthcheck.spec import State

NONE = "NONE"  # the label of a query that is not the anchor of any ready step

Label = Any  # offsets ((window, offset), ...), NONE, or an output token


class VerdictWord(StrEnum):
    """The four verdicts, strongest claim first (a str: JSON and comparisons read the word)."""

    PROVED = "proved"  # for every n, with a certificate: the only guarantee
    SUPPORTED = "supported"  # every condition holds up to N and the evidence rules are met
    UNKNOWN = "unknown"
    NOT_GUARANTEED = "not-guaranteed"  # the theory gives no guarantee

    def __repr__(self) -> str:  # messages quote the word as the user wrote it: 'supported'
        return repr(self.value)


class StopReason(StrEnum):
    """Which limit stopped an enumeration before the bound."""

    INSTANCES = "instances"  # --max-instances
    MEMORY = "memory"  # --max-memory


class FindingKind(StrEnum):
    """Why a finding leaves the verdict open (what `auto` and the verdict act on)."""

    UNDECIDED = "undecided"  # z3 gave up on a query: a verdict would rest on a guess
    UNCHECKED = "unchecked"  # enumeration left states unexplored (a cut closure, read tuples)
    SAMPLED = "sampled"  # sampling past the enumerated sizes saw something they did not


@dataclass(frozen=True)
class Finding:
    """Something an engine saw that keeps the verdict `unknown`; `text` is the reason shown."""

    kind: FindingKind
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Query:
    """One side of a counterexample: a state, the positions looked at, and what they show."""

    instance: State
    size: int
    step_index: int
    state: State
    anchor: tuple[int, ...]  # window centres (or the reads, for causal-function conflicts)
    windows: tuple[tuple[str, ...], ...]
    label: Label


@dataclass(frozen=True)
class Counterexample:
    """Why a condition fails, as the smallest witness found.

    kinds: "anchor-conflict" (type A: both queries are true anchors),
    "decoy" (type B: the second query only looks like an anchor),
    "uncoverable" (the causal input needs more than n windows of length r),
    "local-rule" (equal windows, different next tokens),
    "causal-conflict" (equal causal inputs, different outputs),
    "reused-element" (an element read by two steps),
    "order-dependent" (two orders of the ready steps from one state end in different
    final states: each query's anchor is the first step of its order, its label the end).
    """

    kind: str
    first: Query
    second: Query | None = None
    form: str | None = None
    n: int | None = None
    r: int | None = None
    anchor_rule: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class Trend:
    """How a per-size series behaves: "bounded" (flat tail), "grows", or "undetermined"."""

    kind: str
    reason: str
    next_bound: int | None = None  # the bound that would decide an "undetermined" series


@dataclass(frozen=True)
class Span:
    """A step attaining a span (the witness of R)."""

    instance: State
    size: int
    step_index: int
    state: State
    reads: tuple[int, ...]
    span: int


@dataclass(frozen=True)
class DistanceResult:
    by_size: dict[int, int | None]  # R_m: largest span over steps of sizes <= m (None: no step)
    io_by_size: dict[int, int | None]  # the same counting write positions too
    witness: Span | None  # the step attaining R at the bound
    trend: Trend

    @property
    def bounded(self) -> bool:
        return self.trend.kind == "bounded"

    @property
    def value(self) -> int | None:
        """R at the bound when the series does not still grow there, else None.

        Whether it is flat long enough to claim R for every length is the
        verdict's evidence rule (a); `trend` says how the series behaves.
        """
        if not self.by_size or self.trend.kind == "grows":
            return None
        return self.by_size[max(self.by_size)]


@dataclass(frozen=True)
class CausalResult:
    well_defined: bool
    x_by_size: dict[int, int]  # |X| over instances of size <= m
    x_trend: Trend
    conflict: Counterexample | None
    coverage_size: int | None  # smallest m whose sizes already show every element of X
    arity_by_size: dict[int, int] = field(default_factory=dict)  # most reads of one step
    arity_trend: Trend = Trend("undetermined", "not computed")
    # the smallest size at which each token is first read by a step (enumeration only):
    # a format that needs a new token at every size shows here (issue 19)
    token_first_size: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class AtMostOnceResult:
    holds: bool | None  # None: not checked
    reason: str
    witness: Counterexample | None = None


@dataclass(frozen=True)
class ConsistencyCheck:
    """One (form, n, r) tried, at the bound."""

    form: str  # "recover" | "local-rule"
    n: int
    r: int
    holds: bool
    fail_size: int | None  # the smallest bound at which it fails
    counterexample: Counterexample | None
    anchor_rule: str | None = None
    locators: tuple[str, ...] = ()
    coverage_size: int | None = None  # for a check that holds: smallest m showing every key


@dataclass(frozen=True)
class MinimalR:
    """The smallest r that holds at each bound, for one form and n."""

    form: str
    n: int
    by_size: dict[int, int | None]
    trend: Trend
    anchor_rule: str | None = None
    locators: tuple[str, ...] = ()
    not_applicable: str | None = None  # why this form does not apply to the problem

    @property
    def value(self) -> int | None:
        return self.by_size[max(self.by_size)] if self.by_size else None


@dataclass(frozen=True)
class Scope:
    max_size: int
    sizes: list[int]
    engine: str
    exhaustive: bool
    instance_count: dict[int, int]
    notes: list[str] = field(default_factory=list)
    sampled_sizes: list[int] = field(default_factory=list)  # searched by the sample engine
    samples: int | None = None  # examples drawn per sampled size
    seed: int | None = None  # the sample engine's seed
    min_length: dict[int, int] = field(default_factory=dict)  # shortest instance per size
    # which instances were checked, where not every instance of each size (a dataset:
    # "the 100 instances in train.jsonl"); None: all instances
    population: str | None = None
    coverage_upper: bool = False  # some coverage size is only an upper bound (z3 shapes)
    # `auto` names itself in `engine`; the engine whose answer it kept ("enumerate" or
    # "smt") is here, shown in JSON and under --verbose only, so that the report's text
    # does not depend on which engine won a race (issue 19)
    engine_answered: str | None = None
    details: list[str] = field(default_factory=list)  # engine internals: JSON and --verbose
    stopped_by: StopReason | None = None  # the limit that stopped enumeration before the bound

    @property
    def answered_by(self) -> str:
        """The engine whose computation the results are (never "auto")."""
        return self.engine_answered or self.engine

    def describe(self) -> str:
        if not self.sizes:
            return "no size was checked"
        if self.population:
            return f"no counterexample in {self.population} ({self.engine})"
        if self.engine == "auto":
            return (f"no counterexample up to n = {self.max_size}, all instances (enumerated "
                    f"or decided by z3) (auto)")
        text = f"no counterexample up to n = {self.max_size}, all instances enumerated"
        if self.sampled_sizes:
            lo, hi = self.sampled_sizes[0], self.sampled_sizes[-1]
            text += (f"; sizes {lo}–{hi} sampled ({self.samples} examples each, seed "
                     f"{self.seed}): none found there either (sampling is not a proof)")
        return text + f" ({self.engine})"


@dataclass(frozen=True)
class SeriesEvidence:
    """One series a supported verdict rests on, and the flat run it showed (evidence rule (a))."""

    name: str  # "R", "fan-in", "|X|", "minimal r (recover, n = 1)"
    value: int | None
    flat_from: int | None  # n0: the first size of the final flat run that counts
    flat_to: int


@dataclass(frozen=True)
class Evidence:
    """Why a bounded check may (or may not yet) claim a property of all lengths.

    DESIGN §2 "Evidence rules": (a) every series flat over [n0, N] with N >= 2·n0;
    (b) only sizes whose instances are all longer than the window r count;
    (c) coverage saturated by N/2; (d) no bound from ceil(N/2) to N gives the
    opposite verdict.
    """

    route: str  # which route the evidence is for
    window: int  # the window r of the route
    series: tuple[SeriesEvidence, ...]
    eligible_from: int | None  # rule (b): the first size whose instances are all longer than r
    coverage_size: int | None  # N_cov of the route
    coverage_limit: int  # floor(N / 2)
    coverage_exact: bool  # False: N_cov is an upper bound (z3 could not list a window's values)
    opposite_bounds: tuple[int, ...]  # rule (d): smaller bounds that gave not-guaranteed
    failed_rule: str | None  # "a" | "b" | "c" | "d", None when every rule holds
    reason: str  # one sentence: what holds, or which rule failed
    next_bound: int | None  # the bound that would decide, when a rule failed

    @property
    def holds(self) -> bool:
        return self.failed_rule is None


@dataclass(frozen=True)
class Verdict:
    word: VerdictWord
    route: str | None = None  # the route to a supported or proved verdict, or None
    theorems: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    scope: str = ""
    caveats: list[str] = field(default_factory=list)
    # loud notes, e.g. Thm 3.5 predicted otherwise
    warnings: list[str] = field(default_factory=list)
    counterexample: Counterexample | None = None
    consistency: ConsistencyCheck | None = None  # the (n, r) a supported verdict rests on
    coverage_size: int | None = None  # N_cov: the smallest training size any route needs
    evidence: Evidence | None = None  # the evidence rules, for the route judged
    headline: str = ""  # e.g. "SUPPORTED up to n = 10 (all instances, enumerate) — not a proof"
    note_counterexample: Counterexample | None = None  # the Thm 3.5 note's (1, 4R+1) failure
    # How strong a supported verdict's evidence is (None for every other verdict):
    # m = the last size at which any series the route rests on changed (None: none changed),
    # and m², by which growth like log_b n of any base would have shown.
    flat_since: int | None = None
    log_growth_bound: int | None = None
    # the bound that would decide an `unknown` verdict (None: none is known to, or no
    # bound can: see the reasons); what `--until-decided` follows
    next_bound: int | None = None


@dataclass(frozen=True)
class Computed:
    """Everything an engine computed for one problem: the one record engines fill and the
    verdict reads (`verdict.decide`), whichever engine filled it."""

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
    ready_cycle: tuple[State, ...] | None = None  # states ready steps lead around in a circle
    order_conflict: Counterexample | None = None  # two ready orders ending differently
