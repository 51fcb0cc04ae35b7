"""The `--compare` view: lengthcheck's verdicts next to what published training reported.

A literature spec carries a `published` class attribute (see
problems/literature/): `{"id", "outcome", "device", "source", "summary"}`
with outcome "failed", "generalized" or "generalized-with-device", or, for
a repair of another spec, `{"outcome": "repair", "repairs": <module of the
original>, "change": ...}`. This module only reads that attribute and the
computed `ProblemResult`s; like every report it computes no property.

The theory is a sufficient condition, so the one hard rule is: a format
whose published training failed is never `supported` (nor `proved`). A format that
generalized only with a positional device may be `not-guaranteed`; the
table then names the device that supplied what the tokens lack.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from html import escape
from pathlib import Path
from typing import Any

from lengthcheck.report.text import summary
from lengthcheck.results import ProblemResult
from lengthcheck.spec import Problem

OUTCOMES = ("failed", "generalized", "generalized-with-device", "repair")
HOLDS = ("supported", "proved")  # the verdicts that say the conditions hold


@dataclass(frozen=True)
class Row:
    """One line of the comparison table."""

    format: str  # the literature id and the problem's name, e.g. "L-1 lee-plain"
    problem: str
    module: str  # the spec file's stem (what a repair's `repairs` names)
    published: str  # the outcome word, or "repair of <format>"
    verdict: str
    lacks: str  # what the tokens lack (empty for supported or proved)
    agreement: str  # how the verdict relates to the outcome
    source: str
    repairs: str | None = None  # the module a repair fixes
    violation: bool = False  # failed in training, yet supported or proved: the rule is broken


def module_of(problem: Problem) -> str:
    """The stem of the file defining the problem's class (a repair names its original so)."""
    try:
        return Path(inspect.getfile(type(problem))).stem
    except (TypeError, OSError):
        return type(problem).__module__.rsplit(".", 1)[-1]


def published_of(problem: Problem) -> Mapping[str, Any]:
    value = getattr(problem, "published", None)
    return value if isinstance(value, Mapping) else {}


def _trend_tail(series: Mapping[int, Any]) -> str:
    sizes = sorted(series)[-2:]
    return ", ".join(f"{series[m]} at n = {m}" for m in sizes)


def lacks(result: ProblemResult) -> str:
    """What the tokens lack, in one line, read from the result (never from the spec)."""
    v = result.verdict
    if v.word in HOLDS:
        return ""
    if v.word == "unknown":
        return "undecided: " + "; ".join(v.reasons[:1])
    cx = v.counterexample
    tail = f"; {summary(cx)}" if cx is not None else ""
    causal, distance = result.causal, result.distance
    if not causal.well_defined:
        return "f is not well defined: equal causal inputs give different outputs" + tail
    if causal.arity_trend.kind == "grows":
        return (f"fan-in grows ({_trend_tail(causal.arity_by_size)}): a step needs an unbounded "
                "causal input, no token holds what it summarises")
    if distance.trend.kind == "grows":
        w = distance.witness
        where = (f"step {w.step_index} at n = {w.size} reads {list(w.reads)} (span {w.span})"
                 if w is not None else _trend_tail(distance.by_size))
        return f"R grows ({where}) and no window locates the far reads" + tail
    if result.at_most_once.holds is False and distance.bounded:
        return (f"R = {distance.value} but elements are re-read and no window tells which one "
                "is next") + tail
    return "; ".join(v.reasons[1:2]) + tail


def _agreement(outcome: str, verdict: str, device: str, original: str | None) -> tuple[str, bool]:
    if outcome == "failed":
        if verdict in HOLDS:
            return (f"VIOLATION: failed in training yet {verdict} (the theory is sufficient)",
                    True)
        return "consistent (failed, no guarantee)", False
    if outcome == "generalized-with-device":
        if verdict in HOLDS:
            return "consistent (the tokens suffice even without the device)", False
        return f"consistent: the device supplies it ({device})", False
    if outcome == "generalized":
        if verdict in HOLDS:
            return "consistent (generalized through its tokens)", False
        return "no guarantee for a format that generalized: see the spec's docstring", False
    if outcome == "repair":
        return ("repaired" if verdict in HOLDS else "repair does not reach supported",
                False)
    return "no published outcome", False


def rows(pairs: Sequence[tuple[Problem, ProblemResult]]) -> list[Row]:
    """One row per checked problem; each repair right after the format it repairs."""
    built: list[Row] = []
    names: dict[str, str] = {}
    for problem, result in pairs:
        pub = published_of(problem)
        ident = str(pub.get("id", "")).strip()
        label = f"{ident} {result.problem}".strip()
        names[module_of(problem)] = label
    for problem, result in pairs:
        pub = published_of(problem)
        outcome = str(pub.get("outcome", ""))
        ident = str(pub.get("id", "")).strip()
        original = str(pub["repairs"]) if outcome == "repair" and "repairs" in pub else None
        verdict = result.verdict.word
        agreement, violation = _agreement(outcome, verdict, str(pub.get("device", "")), original)
        if outcome == "repair":
            shown = f"repair of {names.get(original or '', original)}: {pub.get('change', '')}"
        elif outcome == "generalized-with-device":
            shown = f"generalized with {pub.get('device', 'a device')}"
        else:
            shown = outcome or "-"
        built.append(Row(
            format=f"{ident} {result.problem}".strip(), problem=result.problem,
            module=module_of(problem), published=shown, verdict=verdict, lacks=lacks(result),
            agreement=agreement, source=str(pub.get("source", "")), repairs=original,
            violation=violation,
        ))
    ordered = [r for r in built if r.repairs is None or r.repairs not in names]
    for r in built:
        if r.repairs is not None and r.repairs in names:
            at = max(i for i, o in enumerate(ordered) if o.module == r.repairs or
                     o.repairs == r.repairs)
            ordered.insert(at + 1, r)
    return ordered


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(table: Sequence[Row]) -> str:
    """The table as GitHub markdown: format | published | verdict | what the tokens lack."""
    lines = [
        "| format | published outcome | lengthcheck verdict | what the tokens lack | agreement |",
        "|---|---|---|---|---|",
    ]
    for r in table:
        lines.append(f"| {_cell(r.format)} | {_cell(r.published)} | {r.verdict} | "
                     f"{_cell(r.lacks) or '-'} | {_cell(r.agreement)} |")
    return "\n".join(lines)


def as_json(table: Sequence[Row]) -> list[dict[str, Any]]:
    return [asdict(r) for r in table]


def html_table(table: Sequence[Row]) -> str:
    head = ("<tr><th>format</th><th>published outcome</th><th>verdict</th>"
            "<th>what the tokens lack</th><th>agreement</th></tr>")
    body = "".join(
        f"<tr><td>{escape(r.format)}</td><td>{escape(r.published)}</td>"
        f'<td><span class="badge v-{escape(r.verdict)}">{escape(r.verdict)}</span></td>'
        f'<td class="note">{escape(r.lacks or "-")}</td><td>{escape(r.agreement)}</td></tr>'
        for r in table
    )
    return f'<h2>Published outcomes</h2><table class="index">{head}{body}</table>'


def with_table(page: str, table: Sequence[Row]) -> str:
    """The HTML report with the comparison table placed after its title."""
    marker = "</h1>"
    at = page.find(marker)
    if at < 0:
        return page + html_table(table)
    at += len(marker)
    return page[:at] + html_table(table) + page[at:]
