"""Find repairs of a failing format: candidates from the diagnosis, decoded, checked, ranked.

A candidate is the original format under one transformation (`transforms`). It is
reported as a repair only when two things hold, both computed here:

* **it decodes**: on every instance up to the bound, running the candidate and
  decoding its final state gives the original's final state (`decode_check`);
  a candidate that does not is `broken`, never a repair;
* **the checker says so**: the same `check_problem` with the same options (engine,
  bound, evidence rules) as the original's check gives it its verdict.

Nothing here prints; `report/repair.py` draws the table and the JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from lengthcheck.errors import SpecError
from lengthcheck.outcome import ProblemResult
from lengthcheck.properties.diagnose import Cause, cause_of
from lengthcheck.repair.transforms import (
    CHAINS,
    TRANSFORMS,
    AnswersInColumns,
    Cursor,
    DeclareReady,
    IndexHints,
    Interleave,
    MarkConsumed,
    NotApplicable,
    Repair,
    chained,
)
from lengthcheck.results import VerdictWord
from lengthcheck.spec import Problem, has_ready
from lengthcheck.trace import Runner

TOP = (VerdictWord.PROVED, VerdictWord.SUPPORTED)
# how a candidate's verdict ranks: a top verdict first, a broken candidate last
RANK = {"proved": 0, "supported": 1, "unknown": 2, "not-guaranteed": 3, "spec-error": 4,
        "not-checked": 5, "not-applicable": 6, "broken": 7}


Chain = tuple[type[Repair], ...]  # transformations applied in turn (most are one long)


@dataclass(frozen=True)
class Suggestion:
    """A transformation (or a chain of them) to try, and why the diagnosis points to it."""

    chain: Chain
    why: str

    @property
    def name(self) -> str:
        return "+".join(t.transform for t in self.chain)

    @property
    def what(self) -> str:
        return ", then ".join(t.what for t in self.chain)


@dataclass(frozen=True)
class Cost:
    """What a candidate costs a model: new tokens, longer states, more steps."""

    tokens_added: int
    length_factor: float  # the longest state, against the original's longest
    steps_factor: float  # the longest trace, against the original's longest

    def key(self) -> tuple[int, float, float]:
        return (self.tokens_added, self.length_factor, self.steps_factor)


@dataclass(frozen=True)
class Decoded:
    """The decode check of one candidate: fine, or the first instance where it fails."""

    max_size: int  # every instance of the sizes up to this one was run
    instances: int
    cost: Cost | None
    failure: str | None = None  # a sentence: what differs, on which instance
    not_applicable: str | None = None  # why the transformation does not fit this format


@dataclass
class Candidate:
    """One transformation applied, and what became of it."""

    transform: str
    what: str
    why: str
    problem_class: type[Repair]
    decoded: Decoded | None = None
    result: ProblemResult | None = None
    error: str | None = None  # a spec error the check raised
    file: str | None = None  # where `repair -o` wrote it

    @property
    def status(self) -> str:
        """The verdict word, or what kept the candidate from one."""
        if self.decoded is not None and self.decoded.not_applicable:
            return "not-applicable"
        if self.decoded is not None and self.decoded.failure:
            return "broken"
        if self.error is not None:
            return "spec-error"
        if self.result is None:
            return "not-checked"
        return str(self.result.verdict.word)

    @property
    def is_repair(self) -> bool:
        return self.status in ("proved", "supported")

    def sort_key(self) -> tuple[int, tuple[int, float, float]]:
        cost = self.decoded.cost if self.decoded and self.decoded.cost else None
        return (RANK[self.status], cost.key() if cost else (1 << 30, 0.0, 0.0))


@dataclass
class RepairSearch:
    """The original's check and every candidate tried, best first."""

    original: ProblemResult
    candidates: list[Candidate] = field(default_factory=list)
    skipped: list[Suggestion] = field(default_factory=list)  # past --max-candidates

    @property
    def needed(self) -> bool:
        return self.original.verdict.word not in TOP

    @property
    def repairs(self) -> list[Candidate]:
        return [c for c in self.candidates if c.is_repair]


def suggest(problem: Problem, result: ProblemResult,
            transforms: Sequence[type[Repair]] = TRANSFORMS,
            chains: Sequence[Chain] = CHAINS) -> list[Suggestion]:
    """Every transformation and chain, those the diagnosis points to first, each with why.

    The diagnosis: the counterexample's cause (as `properties.diagnose` follows it),
    whether R grows (reads pair elements whose distance grows with n), and whether
    the format already declares ready steps.
    """
    verdict = result.verdict
    cx = verdict.counterexample or verdict.note_counterexample
    found = cause_of(problem, cx, has_ready(problem)) if cx is not None else None
    cause = found[0] if found else None
    grows = result.distance.trend.kind == "grows"
    ordered: list[Suggestion] = []
    allowed = [(t,) for t in transforms] + list(chains)

    def add(chain: Chain, why: str) -> None:
        if chain in allowed and all(s.chain != chain for s in ordered):
            ordered.append(Suggestion(chain, why))

    if cause is Cause.CONSUMED:
        add((MarkConsumed,), "the counterexample's decoy is an input already read (consumed "
            "input left in place)")
    if cause is Cause.FIXED_ORDER:
        add((DeclareReady,), "the decoy anchors a later step whose inputs are already present "
            "(a fixed order among independent steps)")
    if cause is Cause.SLOT:
        add((Cursor,), "the decoy is a slot written later that looks like the current one")
    if grows or (cx is not None and cx.kind == "uncoverable"):
        why = ("R grows: a step reads elements whose distance grows with n" if grows else
               "a causal input needs more windows than n: its reads lie far apart")
        for chain in allowed:
            if issubclass(chain[0], Interleave | AnswersInColumns):
                add(chain, why)
        for chain in allowed:
            if issubclass(chain[0], IndexHints):
                add(chain, why)
    if cx is not None and cx.kind in ("decoy", "anchor-conflict"):
        add((Cursor,), "two windows look alike: a cursor marks where the next step reads")
        add((MarkConsumed,), "two windows look alike: marks show which inputs were used")
    for chain in allowed:
        add(chain, "not pointed to by the diagnosis; tried for completeness")
    return ordered


def candidates(original: type[Problem], suggestions: Sequence[Suggestion]) -> list[Candidate]:
    return [Candidate(s.name, s.what, s.why, chained(original, s.chain)) for s in suggestions]


def decode_check(original: Problem, candidate: Repair, max_size: int,
                 max_instances: int) -> Decoded:
    """Run both formats on every instance up to `max_size`; decode and compare final states.

    Stops after the size at which `max_instances` instances have been run (the scope
    says which sizes were checked). Also measures the cost on the same traces.
    """
    plain, encoded = Runner(original), Runner(candidate)
    longest = [0, 0]  # states: original, candidate
    steps = [0, 0]
    count, checked_to = 0, original.min_size - 1
    for n in range(original.min_size, max_size + 1):
        for instance in plain.instances(n):
            want = plain.run(instance, n)
            try:
                start = candidate.encode_fully(instance, n)
                got = encoded.run(start, n)
            except NotApplicable as exc:
                return Decoded(checked_to, count, None, not_applicable=str(exc))
            except SpecError as exc:
                reason = _not_applicable(exc)
                if reason is not None:
                    return Decoded(checked_to, count, None, not_applicable=reason)
                return Decoded(checked_to, count, None, failure=(
                    f"instance {' '.join(instance)} (n = {n}): running the candidate failed: "
                    f"{exc.what}"))
            decoded = candidate.decode_fully(got.final)
            if decoded != want.final:
                return Decoded(checked_to, count, None, failure=(
                    f"instance {' '.join(instance)} (n = {n}): the original ends in "
                    f"{' '.join(want.final)}, the candidate's final state "
                    f"{' '.join(got.final)} decodes to {' '.join(decoded)}"))
            longest[0] = max([longest[0], *map(len, want.states)])
            longest[1] = max([longest[1], *map(len, got.states)])
            steps[0], steps[1] = max(steps[0], len(want.steps)), max(steps[1], len(got.steps))
            count += 1
        checked_to = n
        if count >= max_instances:
            break
    added = len(set(candidate.alphabet) - set(original.alphabet))
    cost = Cost(added, longest[1] / max(1, longest[0]), steps[1] / max(1, steps[0]))
    return Decoded(checked_to, count, cost)


def _not_applicable(exc: SpecError) -> str | None:
    """The NotApplicable behind a spec error the runner raised from our own wrapper."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, NotApplicable):
            return str(cause)
        cause = cause.__context__
    return None


Check = Callable[[Sequence[Problem]], Iterator[ProblemResult | SpecError]]


def search(original: Problem, result: ProblemResult, check: Check, max_size: int,
           max_instances: int, max_candidates: int | None = None,
           transforms: Sequence[type[Repair]] = TRANSFORMS,
           chains: Sequence[Chain] = CHAINS,
           progress: Callable[[str], None] | None = None,
           only: Sequence[str] | None = None) -> RepairSearch:
    """Try the suggested transformations on a format whose verdict is not a top one.

    `check` checks a list of problems with the original's options (in parallel or
    not: the caller decides) and yields each result or spec error in order.
    """
    found = RepairSearch(result)
    if not found.needed:
        return found
    suggestions = suggest(original, result, transforms, chains)
    if only is not None:
        known = [s.name for s in suggestions]
        unknown = [name for name in only if name not in known]
        if unknown:
            raise SpecError(f"no transformation named {unknown[0]!r}",
                            hint="choose among: " + ", ".join(known))
        suggestions = [s for s in suggestions if s.name in only]
    if max_candidates is not None:
        suggestions, found.skipped = suggestions[:max_candidates], suggestions[max_candidates:]
    found.candidates = candidates(type(original), suggestions)
    ready = []
    for index, candidate in enumerate(found.candidates, 1):
        if progress is not None:
            progress(f"decode check {index}/{len(found.candidates)}: {candidate.transform}")
        candidate.decoded = decode_check(original, candidate.problem_class(), max_size,
                                         max_instances)
        if candidate.status not in ("not-applicable", "broken"):
            ready.append(candidate)
    if progress is not None:
        progress(f"checking {len(ready)} candidates that decode")
    for candidate, outcome in zip(ready, check([c.problem_class() for c in ready]), strict=True):
        if isinstance(outcome, SpecError):
            candidate.error = outcome.render()
        else:
            candidate.result = outcome
    found.candidates.sort(key=Candidate.sort_key)
    return found


def summary(found: RepairSearch) -> dict[str, Any]:
    """Counts by status (for the closing line and the JSON)."""
    counts: dict[str, int] = {}
    for candidate in found.candidates:
        counts[candidate.status] = counts.get(candidate.status, 0) + 1
    return counts
