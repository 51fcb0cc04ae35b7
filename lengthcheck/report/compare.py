"""The `--compare` view: lengthcheck's verdicts next to what published training reported.

A literature spec carries a `published` class attribute (see
problems/literature/):

    {"id": "Z-2", "outcome": <class>, "device": ..., "source": ..., "summary": ...}

`outcome` is one of `CLASSES`:

* `generalized` — the format generalized to longer inputs through its tokens
  alone (no positional device named by the authors);
* `generalized-with-device` — it generalized only with a device outside the
  tokens (a positional encoding, embedding or position-id scheme), named in
  `device`;
* `failed` — the authors report no (or only limited) length generalization;
* `not-reported` — the authors trained the format but report no
  length-generalization result for it;
* `unknown` — no published outcome was found.

`source` names the paper, the figure, table or section, and whether it is a
primary source (the authors' own paper or code) or a secondary one (another
paper or a summary reporting it). An optional `borrowed` names the tasks an
outcome was reported for when the spec models another task with the same
format (the outcome is then borrowed, and the table says so). A repair of
another spec carries `{"outcome": "repair", "repairs": <module of the
original>, "change": ...}` instead, and `prior` when the "repair" may be a
published layout rather than ours. This module only reads that attribute and
the computed `ProblemResult`s; like every report it computes no property.

The agreement column is computed from the class by `agreement()`; the rule:

* `failed`: agrees unless the verdict is `supported` or `proved`. The theory is
  a sufficient condition, so a failed format that holds is a VIOLATION (the
  one hard rule, and the `violation` flag of the row).
* `generalized`: agrees only when the verdict is `supported` or `proved`; a
  `not-guaranteed` or `unknown` verdict disagrees (not a violation — the
  theory is not necessary — but the table must say what the tokens lack).
* `generalized-with-device`: agrees with every verdict. The device lies
  outside the format's tokens and may supply what they lack, so the format's
  verdict need not be `supported`; a verdict that holds says the tokens
  suffice even without the device. (A device made of tokens, such as index
  hints, is part of the format: that is `generalized`.)
* `not-reported` and `unknown`: agree with every verdict, and say that there
  is nothing to compare.

A repair has no published outcome: its column says whether it reaches
`supported` (or `proved`), and `agrees` is None.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lengthcheck.report.text import summary
from lengthcheck.spec import Problem

if TYPE_CHECKING:
    from lengthcheck.outcome import ProblemResult

CLASSES = ("generalized", "generalized-with-device", "failed", "not-reported", "unknown")
OUTCOMES = CLASSES + ("repair",)  # what `published["outcome"]` may be
NOTHING_TO_COMPARE = ("not-reported", "unknown")
HOLDS = ("supported", "proved")  # the verdicts that say the conditions hold


@dataclass(frozen=True)
class Agreement:
    """How a verdict relates to a published outcome class (see the module docstring)."""

    agrees: bool | None  # None: not a published outcome (a repair, or no class)
    text: str
    violation: bool = False  # failed in training, yet supported or proved


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
    outcome: str = ""  # the published outcome class (or "repair")
    agrees: bool | None = None  # computed from the class and the verdict by `agreement()`


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


def agreement(outcome: str, verdict: str, device: str = "", borrowed: str = "") -> Agreement:
    """The agreement of a verdict word with a published outcome class (the rule above)."""
    note = f" (outcome borrowed from {borrowed})" if borrowed else ""
    holds = verdict in HOLDS
    if outcome == "failed":
        if holds:
            return Agreement(False, f"VIOLATION: failed in training yet {verdict} (the theory "
                             f"is sufficient){note}", violation=True)
        return Agreement(True, f"agrees: failed, and {verdict} gives no guarantee{note}")
    if outcome == "generalized":
        if holds:
            return Agreement(True, f"agrees: generalized through its tokens, {verdict}{note}")
        return Agreement(False, f"disagrees: generalized through its tokens, yet {verdict} "
                         f"(the theory is sufficient, not necessary: see what the tokens "
                         f"lack){note}")
    if outcome == "generalized-with-device":
        what = device or "a device"
        if holds:
            return Agreement(True, f"agrees: {verdict} even without the device ({what}){note}")
        return Agreement(True, f"agrees: generalized only with {what}, outside the tokens, "
                         f"so the tokens' verdict need not be supported{note}")
    if outcome == "not-reported":
        return Agreement(True, "agrees with any verdict: no length-generalization result "
                         "reported, nothing to compare")
    if outcome == "unknown":
        return Agreement(True, "agrees with any verdict: published outcome unknown, nothing "
                         "to compare")
    if outcome == "repair":
        return Agreement(None, "repaired" if holds else "repair does not reach supported")
    if not outcome:
        return Agreement(None, "no published outcome (no `published` attribute)")
    return Agreement(None, f"not an outcome class: {outcome!r} (one of {', '.join(CLASSES)})")


def _shown(pub: Mapping[str, Any], outcome: str, original: str) -> str:
    """The published-outcome cell: the class (with its device), the summary, any borrowing."""
    if outcome == "repair":
        change = str(pub.get("change", ""))
        if pub.get("prior"):
            return f"variant of {original}: {change} (perhaps not ours: {pub['prior']})"
        return f"repair of {original}: {change}"
    if outcome == "generalized-with-device":
        shown = f"generalized with {pub.get('device') or 'a device'}"
    else:
        shown = outcome or "-"
    if pub.get("summary"):
        shown += f": {pub['summary']}"
    if pub.get("borrowed"):
        shown += f" (borrowed: reported for {pub['borrowed']})"
    return shown


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
        agreed = agreement(outcome, verdict, str(pub.get("device", "")),
                           str(pub.get("borrowed", "")))
        if outcome == "repair" and pub.get("prior"):  # perhaps a published layout, not ours
            agreed = Agreement(None, "variant reaches supported" if verdict in HOLDS
                               else "variant does not reach supported")
        shown = _shown(pub, outcome, names.get(original or "", original or ""))
        built.append(Row(
            format=f"{ident} {result.problem}".strip(), problem=result.problem,
            module=module_of(problem), published=shown, verdict=verdict, lacks=lacks(result),
            agreement=agreed.text, source=str(pub.get("source", "")), repairs=original,
            violation=agreed.violation, outcome=outcome, agrees=agreed.agrees,
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
    """The table as GitHub markdown: format | published | verdict | lacks | agreement | source."""
    lines = [
        "| format | published outcome | lengthcheck verdict | what the tokens lack | agreement "
        "| source |",
        "|---|---|---|---|---|---|",
    ]
    for r in table:
        lines.append(f"| {_cell(r.format)} | {_cell(r.published)} | {r.verdict} | "
                     f"{_cell(r.lacks) or '-'} | {_cell(r.agreement)} | "
                     f"{_cell(r.source) or '-'} |")
    return "\n".join(lines)


def as_json(table: Sequence[Row]) -> list[dict[str, Any]]:
    return [asdict(r) for r in table]


def html_table(table: Sequence[Row]) -> str:
    head = ("<tr><th>format</th><th>published outcome</th><th>verdict</th>"
            "<th>what the tokens lack</th><th>agreement</th><th>source</th></tr>")
    body = "".join(
        f"<tr><td>{escape(r.format)}</td><td>{escape(r.published)}</td>"
        f'<td><span class="badge v-{escape(r.verdict)}">{escape(r.verdict)}</span></td>'
        f'<td class="note">{escape(r.lacks or "-")}</td><td>{escape(r.agreement)}</td>'
        f'<td class="note">{escape(r.source or "-")}</td></tr>'
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
