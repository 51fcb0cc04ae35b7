"""Traces as data: one JSON record per instance, written by `export`, read by `data check`.

A record (one line of a JSONL file):

    {"size": 3, "states": [["1","0","1","="], ...], "steps": [{"reads": [0, 3],
     "writes": [4]}, ...], "text": "1 0 1 =\n1 0 1 = 1\n..."}

`states` are S0 … S_T (S0 the instance), `steps[t]` is the step from S_t to
S_(t+1): the positions it reads in S_t and the positions of S_(t+1) it writes.
`text` is what a sequence model trains on: each state's tokens joined by one
space, the states joined by a newline (`TEXT_FORMAT`). Only `states` and
`steps[].reads` are needed to read a record back; `size` defaults to the
length of S0 and `writes` is checked when given.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lengthcheck.errors import SpecError
from lengthcheck.spec import Layout, Problem, Slot, State
from lengthcheck.trace import Runner, Trace

TEXT_FORMAT = "tokens joined by one space, states joined by a newline"


@dataclass(frozen=True)
class TraceRecord:
    """One trace read back from a file, with the line it came from."""

    line: int
    size: int
    states: tuple[State, ...]
    reads: tuple[tuple[int, ...], ...]
    writes: tuple[tuple[int, ...] | None, ...]


class DataError(Exception):
    """A record that cannot be read: the file, the line, what is wrong and how to fix it."""

    def __init__(self, path: str, line: int | None, what: str, hint: str) -> None:
        self.path, self.line, self.what, self.hint = path, line, what, hint
        super().__init__(self.render())

    def render(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: data error: {self.what}\n  fix: {self.hint}"


def text_of(states: Iterable[State]) -> str:
    """The training text of a trace (`TEXT_FORMAT`)."""
    return "\n".join(" ".join(state) for state in states)


def record_of(trace: Trace) -> dict[str, Any]:
    """The JSON record of one trace."""
    states = [list(s) for s in trace.states]
    steps = [{"reads": list(st.reads), "writes": list(st.writes)} for st in trace.steps]
    return {"size": trace.size, "states": states, "steps": steps, "text": text_of(trace.states)}


def sampled_instances(problem: Problem, n: int, count: int, rng: random.Random) -> Iterator[State]:
    """`count` instances of size n drawn slot by slot from `layout(n)` (with repetition)."""
    layout = problem.layout(n)
    if not isinstance(layout, Layout):
        raise SpecError(f"sampling needs layout(n): {problem.name or type(problem).__name__} "
                        "declares none", hint="define layout(n), or export every instance "
                        "(leave out --sample)")
    for _ in range(count):
        yield tuple(rng.choice(part.tokens) if isinstance(part, Slot) else str(part)
                    for part in layout.template)


def export(problem: Problem | type[Problem], sizes: Iterable[int], sample: int | None = None,
           seed: int = 0) -> Iterator[dict[str, Any]]:
    """The trace records of `problem` at each size: every instance, or `sample` drawn ones.

    A generator: one instance is run and given out at a time, so memory stays flat
    however many instances there are. Every trace is validated as `check` validates it.
    """
    if isinstance(problem, type):
        problem = problem()
    runner = Runner(problem)
    rng = random.Random(seed)
    for n in sizes:
        instances = (runner.instances(n) if sample is None
                     else sampled_instances(problem, n, sample, rng))
        for instance in instances:
            yield record_of(runner.run(instance, n))


def read_records(path: str | Path) -> Iterator[TraceRecord]:
    """The traces of a JSONL file, validated line by line (a `DataError` names the line)."""
    name = str(path)
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise DataError(name, None, f"cannot read the file ({exc.strerror})",
                        "give the path of a JSONL file of trace records") from None
    with handle:
        yield from parse_records(handle, name)


def parse_records(lines: Iterable[str | dict[str, Any]], name: str = "<records>"
                  ) -> Iterator[TraceRecord]:
    """Records from JSON lines (or dicts already parsed), validated one by one."""
    for number, line in enumerate(lines, 1):
        if isinstance(line, str):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(name, number, f"malformed JSON ({exc.msg}, column {exc.colno})",
                                "write one JSON object per line") from None
        else:
            raw = line
        yield _record(raw, number, name)


def _record(raw: Any, line: int, name: str) -> TraceRecord:
    def bad(what: str, hint: str) -> DataError:
        return DataError(name, line, what, hint)

    if not isinstance(raw, dict) or "states" not in raw:
        raise bad("a record needs `states`: the list of states S0 … S_T, each a list of "
                  "tokens", 'write {"states": [[...], ...], "steps": [{"reads": [...]}, ...]}')
    states = raw["states"]
    if not isinstance(states, list) or not states or not all(
            isinstance(s, list) and all(isinstance(t, str) for t in s) for s in states):
        raise bad("`states` must be a non-empty list of lists of token strings",
                  'write each state as a list of strings, e.g. ["1", "0", "="]')
    steps = raw.get("steps")
    if steps is None or (len(states) > 1 and not steps):
        raise bad("the trace gives no reads: `steps` is missing, and lengthcheck needs which "
                  "positions each step reads", 'add "steps": [{"reads": [...]}, ...], one per '
                  "step, with the positions of the state before it that the step reads")
    if not isinstance(steps, list) or len(steps) != len(states) - 1:
        raise bad(f"{len(states)} states need {len(states) - 1} steps, the record has "
                  f"{len(steps) if isinstance(steps, list) else 'none'}",
                  "give one entry of `steps` per pair of consecutive states")
    reads: list[tuple[int, ...]] = []
    writes: list[tuple[int, ...] | None] = []
    for t, step in enumerate(steps):
        state, nxt = states[t], states[t + 1]
        got = step.get("reads") if isinstance(step, dict) else None
        if not isinstance(got, list) or not got or not all(isinstance(p, int) for p in got):
            raise bad(f"step {t} gives no reads", 'give "reads": a non-empty list of positions '
                      "of the state before the step")
        outside = [p for p in got if not 0 <= p < len(state)]
        if outside:
            raise bad(f"step {t} reads position {outside[0]}, outside its state of "
                      f"{len(state)} tokens", "read positions 0 … len(state) − 1 of S_t")
        stated = step.get("writes")
        if stated is not None:
            if not isinstance(stated, list) or not all(isinstance(p, int) for p in stated):
                raise bad(f"step {t}: `writes` must be a list of positions",
                          "leave writes out, or list the positions of S_(t+1) the step writes")
            _check_follows(state, nxt, stated, t, bad)
        reads.append(tuple(sorted(set(got))))
        writes.append(None if stated is None else tuple(stated))
    size = raw.get("size", len(states[0]))
    if not isinstance(size, int) or size < 0:
        raise bad("`size` must be a non-negative integer", "give the instance size n, or "
                  "leave it out (the length of S0 is taken)")
    return TraceRecord(line, size, tuple(tuple(s) for s in states), tuple(reads), tuple(writes))


def _check_follows(state: list[str], nxt: list[str], writes: list[int], t: int,
                   bad: Callable[[str, str], DataError]) -> None:
    """S_(t+1) must follow from S_t under the stated writes: every position not written
    keeps its token (a same-length rewrite, or an append that keeps S_t as a prefix)."""
    written = set(writes)
    if any(not 0 <= p < len(nxt) for p in written):
        raise bad(f"step {t} writes a position outside its next state",
                  "list positions of S_(t+1) in `writes`")
    if len(nxt) < len(state):
        return  # a splice: which elements survive is not stated, nothing more to check
    changed = [p for p in range(len(state)) if state[p] != nxt[p] and p not in written]
    if changed:
        raise bad(f"state {t + 1} does not follow from state {t} under the stated writes: "
                  f"position {changed[0]} changes ({state[changed[0]]} → {nxt[changed[0]]}) "
                  "but is not written", "add that position to the step's `writes`, or fix "
                  "the states")
    unwritten_new = [p for p in range(len(state), len(nxt)) if p not in written]
    if unwritten_new:
        raise bad(f"step {t} appends position {unwritten_new[0]} without writing it",
                  "add the appended positions to `writes`")
