"""Text and JSON renderings of a `Proof` (lengthcheck.rules.prove). Reports never compute."""

from __future__ import annotations

from typing import Any

from lengthcheck.rules.prove import Proof
from lengthcheck.rules.termination import order_text

MARK = {"proved": "✓", "failed": "✗", "bounded-only": "~"}
NAMES = {
    "locality": "1 locality",
    "causal-function": "2 causal function",
    "termination": "3 termination",
    "confluence": "4 confluence",
    "markers": "5 markers unique",
    "consistency": "6 consistency",
    "answer": "7 answer",
}
SHOWN_PAIRS = 12


def proof_text(proof: Proof) -> str:
    """The proof as plain text: the claim, each premise, the certificate, the failures."""
    lines = [f"{proof.problem}: {'PROVED' if proof.holds else 'NOT PROVED'}", f"  {proof.claim}"]
    lines.append("  premises:")
    for p in proof.premises:
        lines.append(f"    {MARK.get(p.status, '?')} {NAMES.get(p.name, p.name)} "
                     f"[{p.status}]: {p.text}")
    cert = proof.certificate
    lines.append("  certificate:")
    lines.append(f"    (n, r) = ({cert.n}, {cert.r}): widest rule or segment w = {cert.width}, "
                 f"r = 2w - 1, n = most segments of a rule")
    if cert.weights is not None:
        shown = ", ".join(f"{t}={w}" for t, w in cert.weights.items())
        lines.append(f"    weights: {shown}")
    elif cert.termination is not None and cert.termination.ranks is not None:
        weights = cert.termination.weights or {}
        shown = ", ".join(f"{t}={w}" for t, w in weights.items())
        lines.append(f"    inversions of the order {order_text(cert.termination.ranks)}"
                     + (f", after the weights {shown}" if any(weights.values()) else ""))
    elif cert.termination is not None and cert.termination.matrices is not None:
        d = cert.termination.dimension
        lines.append(f"    matrix interpretation, dimension {d} (checked by plain arithmetic):")
        for token, matrix in cert.termination.matrices.items():
            rows = "  ".join(" ".join(str(x) for x in row) for row in matrix)
            lines.append(f"      [{token}] = {rows}")
    else:
        lines.append("    weights: none found")
    joinable = sum(1 for c in cert.critical_pairs if c.joinable)
    lines.append(f"    critical pairs: {len(cert.critical_pairs)} overlaps checked, "
                 f"{joinable} joinable, "
                 f"{sum(c.instances for c in cert.critical_pairs)} token tuples")
    for c in cert.critical_pairs[:SHOWN_PAIRS]:
        edges = f", {c.edges} edge" if c.edges else ""
        where = f"pieces {c.placement}" if c.placement else f"at offset {c.offset}"
        lines.append(f"      {c.first} / {c.second} {where}{edges}: "
                     f"{c.instances} tuples, {'joinable' if c.joinable else 'NOT joinable'}")
    if len(cert.critical_pairs) > SHOWN_PAIRS:
        lines.append(f"      … {len(cert.critical_pairs) - SHOWN_PAIRS} more")
    if cert.markers:
        for m in cert.markers:
            count = "once per instance" if m.per_instance == 1 else "count per instance unknown"
            lines.append(f"    marker {m.marker}: {count} ({m.source}); kept by "
                         f"{', '.join(m.preserved_by) or 'no rule'}")
    else:
        lines.append("    markers: none")
    if proof.failures:
        lines.append("  failures:")
        for f in proof.failures:
            lines.append(f"    {f.premise}: {f.explanation}")
            if f.counterexample:
                lines.append(f"      counterexample: {_short(f.counterexample)}")
    for note in proof.notes:
        lines.append(f"  note: {note}")
    return "\n".join(lines)


def _short(cx: dict[str, Any]) -> str:
    parts = []
    for key, value in cx.items():
        if value is None:
            continue
        if isinstance(value, list) and value and all(isinstance(t, str) for t in value):
            value = " ".join(value)
        parts.append(f"{key}={value}")
    return "; ".join(parts)


def proof_json(proof: Proof) -> dict[str, Any]:
    """The proof as plain JSON data (lists and dicts only)."""
    cert = proof.certificate
    return {
        "problem": proof.problem,
        "holds": proof.holds,
        "n": proof.n,
        "r": proof.r,
        "claim": proof.claim,
        "premises": [{"name": p.name, "status": p.status, "text": p.text}
                     for p in proof.premises],
        "certificate": {
            "n": cert.n,
            "r": cert.r,
            "width": cert.width,
            "weights": cert.weights,
            "termination": None if cert.termination is None else {
                "method": cert.termination.method,
                "dimension": cert.termination.dimension,
                "weights": cert.termination.weights,
                "ranks": cert.termination.ranks,
                "matrices": None if cert.termination.matrices is None else {
                    t: [list(row) for row in m]
                    for t, m in cert.termination.matrices.items()}},
            "critical_pairs": [
                {"first": c.first, "second": c.second, "offset": c.offset, "edges": c.edges,
                 "placement": c.placement, "instances": c.instances, "joinable": c.joinable,
                 "example": None if c.example is None else [list(x) for x in c.example]}
                for c in cert.critical_pairs
            ],
            "markers": [
                {"marker": m.marker, "per_instance": m.per_instance, "source": m.source,
                 "preserved_by": list(m.preserved_by)}
                for m in cert.markers
            ],
        },
        "failures": [{"premise": f.premise, "explanation": f.explanation,
                      "counterexample": f.counterexample} for f in proof.failures],
        "notes": list(proof.notes),
    }


def inferred_text(inferred: Any, show_rules: bool = False) -> str:
    """What a proof through inferred rules covers (rules/infer.py), said after the proof."""
    lines = [f"  rules inferred from the spec's traces up to n = {inferred.max_size}: "
             f"{len(inferred.table)} rules, context radius {inferred.radius}; they reproduce "
             "every step (and ready step) of every instance up to that bound.",
             f"  scope: the proof holds for these rules at every n; that they are the spec's "
             f"step() is shown only up to n = {inferred.max_size}. To own the proof outright, "
             "paste the rules into a RuleProblem" + (" (below)." if show_rules else
                                                      " (--show-rules prints them).")]
    if show_rules:
        lines.append(inferred.source())
    return "\n".join(lines)


def inferred_json(inferred: Any) -> dict[str, Any] | None:
    if inferred is None:
        return None
    return {"scope": (f"the proof is of rules inferred from the spec's traces; that they equal "
                      f"its step() is shown up to n = {inferred.max_size} only"),
            "max_size": inferred.max_size, "radius": inferred.radius,
            "rules": None if inferred.table is None else len(inferred.table),
            "width_by_size": inferred.width_by_size, "why_not": inferred.why_not}
