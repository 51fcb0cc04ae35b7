"""Compare a computed result with a spec's `expect` block.

The block is only ever compared with what the checker computed; nothing here
feeds a value back into a result.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lengthcheck.outcome import ProblemResult
from lengthcheck.verdict import read_verdict_word

KNOWN_KEYS = {"verdict", "R", "at_most_once", "causal_function", "minimal_r", "coverage_size",
              "proof"}


def compare(result: ProblemResult, expect: Mapping[str, Any] | None) -> list[str]:
    """Every difference between the expect block and the result, as readable lines."""
    if not expect:
        return []
    out = [f"unknown expect key {key!r} (known: {', '.join(sorted(KNOWN_KEYS))})"
           for key in expect if key not in KNOWN_KEYS]

    def differ(what: str, expected: Any, computed: Any) -> None:
        if expected != computed:
            out.append(f"{what}: expected {expected!r}, computed {computed!r}")

    if "verdict" in expect:  # the old word `guaranteed` reads as `supported` (deprecated)
        wanted = expect["verdict"]
        if isinstance(wanted, str):
            wanted = read_verdict_word(wanted, f"the expect block of {result.problem}")
        differ("verdict", wanted, result.verdict.word)
    if "R" in expect:
        d = result.distance
        differ("R", expect["R"], "grows" if d.trend.kind == "grows" else d.value)
    if "at_most_once" in expect:
        differ("at_most_once", expect["at_most_once"], result.at_most_once.holds)
    if "causal_function" in expect:
        differ("causal_function", expect["causal_function"], result.causal.well_defined)
    if "proof" in expect:  # {"holds": bool, "n": int, "r": int} of the rules prover
        proof = result.proof
        got = None if proof is None else {"holds": proof.holds, "n": proof.n, "r": proof.r}
        want = expect["proof"]
        differ("proof", want, None if got is None else {k: got[k] for k in want})
    if "coverage_size" in expect:
        differ("coverage_size", expect["coverage_size"], result.coverage_size)
    for form, by_n in (expect.get("minimal_r") or {}).items():
        for n, r in by_n.items():
            base, _, rule = form.partition("/")  # "recover/per-read": one cover rule only
            found = [m for m in result.minimal_r if m.form == base and m.n == int(n)
                     and (not rule or m.anchor_rule == rule)]
            if not found:
                out.append(f"minimal_r {form} n = {n}: expected {r!r}, but it was not computed "
                           "(form or n outside the options)")
                continue
            values = [m.value for m in found if m.value is not None]
            # for n >= 2 without a rule named: the best cover rule (the (n, r) that holds)
            differ(f"minimal_r {form} n = {n}", r, min(values) if values else None)
    return out
