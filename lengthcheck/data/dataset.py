"""A dataset of traces as a format: its instances are exactly the file's, its steps the file's.

`data check` checks a `DataProblem` like any spec, so R, f, |X|, at most once and
(n, r)-consistency are computed by the same code as for a `Problem` class; what
differs is the scope ("the N instances in FILE") and that a state must be followed
by the same step wherever it occurs in the file (the format is a function of the
state, DESIGN §2): two lines that disagree are a data error naming both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar

from lengthcheck.data.records import DataError, TraceRecord
from lengthcheck.spec import Problem, State, Step

Recorded = tuple[tuple[int, ...], State, tuple[int, ...] | None] | None  # a step, or final


class DataProblem(Problem):
    """The traces of a file, as a Problem: `instances(n)` are the file's initial states of
    size n, `step(s)` the step the file takes at s."""

    name: ClassVar[str] = "data"
    population: str = ""  # how the scope names the instances: "the 100 instances in x.jsonl"

    def __init__(self, records: Iterable[TraceRecord], path: str = "<records>") -> None:
        self.path = path
        self.steps: dict[State, Recorded] = {}
        self.where: dict[State, int] = {}  # the first line showing each state
        self.lines: dict[State, int] = {}  # each instance's first line
        by_size: dict[int, list[State]] = {}
        longest: dict[int, int] = {}
        tokens: dict[str, None] = {}
        for record in records:
            first = record.states[0]
            if first not in self.lines:
                self.lines[first] = record.line
                by_size.setdefault(record.size, []).append(first)
            longest[record.size] = max(longest.get(record.size, 0), len(record.reads))
            for t, state in enumerate(record.states):
                tokens.update(dict.fromkeys(state))
                recorded: Recorded = None
                if t < len(record.reads):
                    recorded = (record.reads[t], record.states[t + 1], record.writes[t])
                self._add(state, recorded, record.line)
        if not by_size:
            raise DataError(path, None, "the file holds no trace records",
                            "write one JSON record per line (see `lengthcheck export`)")
        self.by_size = by_size
        self.longest = longest
        self.alphabet = tuple(tokens)  # type: ignore[misc]
        self.min_size, self.max_size = min(by_size), max(by_size)  # type: ignore[misc]
        count = sum(len(v) for v in by_size.values())
        self.population = f"the {count:,} instances in {path}"
        self.description = f"{count:,} traces read from {path}"  # type: ignore[misc]

    def _add(self, state: State, recorded: Recorded, line: int) -> None:
        if state not in self.steps:
            self.steps[state] = recorded
            self.where[state] = line
            return
        known = self.steps[state]
        if _same(known, recorded):
            return
        raise DataError(self.path, line, f"the state {' '.join(state)} is followed by two "
                        f"different steps: on line {self.where[state]} it {_said(known)}, here "
                        f"it {_said(recorded)}", "a format is a function of the state: make "
                        "both traces take the same step there, or add what tells them apart "
                        "to the state")

    def instances(self, n: int) -> Iterator[State]:
        yield from self.by_size.get(n, [])

    def step(self, s: State) -> Step | None:
        recorded = self.steps.get(s)
        if recorded is None:
            return None
        reads, nxt, writes = recorded
        same_length = len(nxt) == len(s)
        return Step(reads=reads, next=nxt, writes=writes if same_length else None)

    def max_steps(self, n: int) -> int:
        return self.longest.get(n, 0) + 1

    def line_of(self, instance: State) -> int | None:
        return self.lines.get(instance)


def _said(recorded: Recorded) -> str:
    if recorded is None:
        return "ends there"
    return f"reads {list(recorded[0])} and goes to {' '.join(recorded[1])}"


def _same(a: Recorded, b: Recorded) -> bool:
    if a is None or b is None:
        return a is b
    return a[0] == b[0] and a[1] == b[1] and (a[2] is None or b[2] is None or a[2] == b[2])
