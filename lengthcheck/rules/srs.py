"""Plain string rewriting systems: read from TPDB, proved terminating, searched for loops.

`from_srs(file)` reads a string rewriting system of the Termination Problem Database
(TPDB, XML: each side a chain of unary symbols over one variable, outermost first):
a rule system with no contexts, every rule a fixed token pattern. `terminates`
runs the prover's termination premise on it (rules/termination.py). `find_loop`
is the independent cross-check: a bounded search, from every string up to a length,
for a string that rewrites to a string containing itself (a loop: non-termination).
A system the prover calls terminating must have none; finding one is a bug.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from lengthcheck.rules.termination import TerminationCertificate, find, loop_from

Word = tuple[str, ...]


@dataclass(frozen=True)
class SRS:
    """A string rewriting system: rules u → v over an alphabet, with no contexts."""

    name: str
    alphabet: tuple[str, ...]
    rules: tuple[tuple[Word, Word], ...]


class NotAnSRS(ValueError):
    """The file is not a plain string rewriting system (what it is instead is said)."""


def _word(side: ET.Element) -> Word:
    """The symbols of one side, outermost first: h(1(1(x))) is `h 1 1`."""
    word: list[str] = []
    node = next(iter(side), None)
    while node is not None and node.tag == "funapp":
        name = node.findtext("name")
        if name is None:
            raise NotAnSRS("a function application without a name")
        args = node.findall("arg")
        if len(args) != 1:
            raise NotAnSRS(f"the symbol {name} has {len(args)} arguments: not unary")
        word.append(name)
        node = next(iter(args[0]), None)
    if node is None or node.tag != "var":
        raise NotAnSRS("a side does not end in the variable")
    return tuple(word)


def from_srs(file: str | Path) -> SRS:
    """The string rewriting system of a TPDB XML file (full rewriting, no relative rules)."""
    root = ET.parse(file).getroot()
    strategy = (root.findtext("strategy") or "FULL").strip()
    if strategy != "FULL":
        raise NotAnSRS(f"strategy {strategy}, not full rewriting")
    trs = root.find("trs")
    if trs is None:
        raise NotAnSRS("no <trs> element")
    rules_element = trs.find("rules")
    if rules_element is None:
        raise NotAnSRS("no <rules> element")
    if rules_element.find("relrules") is not None:
        raise NotAnSRS("relative rules (relative termination is not plain termination)")
    rules = []
    for rule in rules_element.findall("rule"):
        lhs, rhs = rule.find("lhs"), rule.find("rhs")
        if lhs is None or rhs is None:
            raise NotAnSRS("a rule without both sides")
        rules.append((_word(lhs), _word(rhs)))
    if not rules:
        raise NotAnSRS("no rules")
    symbols = dict.fromkeys(t for u, v in rules for t in (*u, *v))
    for sym in trs.iter("funcsym"):
        name = sym.findtext("name")
        if name is not None:
            symbols.setdefault(name)
    return SRS(Path(file).stem, tuple(symbols), tuple(rules))


def terminates(srs: SRS, timeout_ms: int = 5_000) -> tuple[TerminationCertificate | None, str]:
    """The prover's termination premise on an SRS: a verified certificate, or why not."""
    if any(not u for u, _ in srs.rules):
        return None, "a rule with an empty left side rewrites everywhere, forever"
    return find(srs.alphabet, [((u, v),) for u, v in srs.rules], timeout_ms)


@dataclass(frozen=True)
class LoopSearch:
    """What `find_loop` searched, and the loop if it found one."""

    max_length: int  # every string up to this length was a start
    starts: int
    loop: tuple[Word, Word] | None  # (s, t) with s →+ t and s a factor of t


def find_loop(srs: SRS, max_length: int = 8, max_nodes: int = 200, max_starts: int = 50_000
              ) -> LoopSearch:
    """From every string up to `max_length` (fewer when there would be more than
    `max_starts` of them), rewrite breadth first through at most `max_nodes` strings,
    looking for a string that contains the start: a loop, so no termination."""
    rules = srs.rules
    sigma = srs.alphabet
    length = max_length
    while length > 0 and sum(len(sigma) ** k for k in range(1, length + 1)) > max_starts:
        length -= 1
    starts = 0
    for k in range(1, length + 1):
        for start in itertools.product(sigma, repeat=k):
            starts += 1
            reached = loop_from(start, rules, max_nodes)
            if reached is not None:
                return LoopSearch(length, starts, (start, reached))
    return LoopSearch(length, starts, None)
