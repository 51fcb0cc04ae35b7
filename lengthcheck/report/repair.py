"""How `lengthcheck repair` shows its search: a ranked table, or JSON for machines.

Computes nothing: every verdict, (n, r), cost and decode result comes from
`repair.search`.
"""

from __future__ import annotations

from typing import Any

from lengthcheck.repair.search import Candidate, RepairSearch, summary


def _n_r(candidate: Candidate) -> tuple[int, int] | None:
    if candidate.result is None or candidate.result.verdict.consistency is None:
        return None
    check = candidate.result.verdict.consistency
    return check.n, check.r


def _verdict_cell(candidate: Candidate) -> str:
    status = candidate.status
    pair = _n_r(candidate)
    if pair is not None and candidate.is_repair:
        assert candidate.result is not None
        return f"{status} (n, r) = {pair}, n ≤ {candidate.result.scope.max_size}"
    if status == "unknown" and candidate.result is not None:
        bound = candidate.result.verdict.next_bound
        return f"unknown (try --max-size {bound})" if bound else "unknown"
    return status


def _detail(candidate: Candidate) -> str:
    decoded = candidate.decoded
    if decoded is not None and decoded.not_applicable:
        return decoded.not_applicable
    if decoded is not None and decoded.failure:
        return "decode check failed: " + decoded.failure
    if candidate.error:
        return candidate.error.splitlines()[0]
    return candidate.why


def table(found: RepairSearch) -> str:
    """The text report: the original's verdict, then one row per candidate, best first."""
    original = found.original
    lines = [f"{original.problem}: {original.verdict.headline}"]
    if not found.needed:
        lines.append("Nothing to repair: the format already has a top verdict.")
        return "\n".join(lines)
    lines.append("")
    header = ("#", "transformation", "verdict", "tokens +", "length ×", "steps ×", "")
    rows: list[tuple[str, ...]] = []
    for index, c in enumerate(found.candidates, 1):
        cost = c.decoded.cost if c.decoded is not None else None
        rows.append((str(index), c.transform, _verdict_cell(c),
                     str(cost.tokens_added) if cost else "–",
                     f"{cost.length_factor:.2f}" if cost else "–",
                     f"{cost.steps_factor:.2f}" if cost else "–", _detail(c)))
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header) - 1)]
    for row in (header, *rows):
        cells = [cell.ljust(w) for cell, w in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    lines.append("")
    repairs = found.repairs
    if repairs:
        best = repairs[0]
        lines.append(f"Best repair: {best.transform} — {best.what}. A repair is checked like "
                     "any format: bounded (`supported`) unless proved, and it decodes to the "
                     f"original's final state on every instance up to n = "
                     f"{best.decoded.max_size if best.decoded else '?'}.")
    else:
        lines.append("No candidate reached a top verdict with these options.")
    lines.extend(f"Written: {c.file}" for c in repairs if c.file)
    if found.skipped:
        names = ", ".join(s.name for s in found.skipped)
        lines.append(f"Not tried (past --max-candidates): {names}.")
    counts = ", ".join(f"{n} {word}" for word, n in summary(found).items())
    lines.append(f"{len(found.candidates)} candidates: {counts}.")
    return "\n".join(lines)


def candidate_json(candidate: Candidate) -> dict[str, Any]:
    pair = _n_r(candidate)
    decoded = candidate.decoded
    cost = decoded.cost if decoded is not None else None
    result = candidate.result
    return {
        "transform": candidate.transform,
        "what": candidate.what,
        "why": candidate.why,
        "verdict": candidate.status,
        "headline": result.verdict.headline if result is not None else None,
        "next_bound": result.verdict.next_bound if result is not None else None,
        "max_size": result.scope.max_size if result is not None else None,
        "n": pair[0] if pair else None,
        "r": pair[1] if pair else None,
        "cost": None if cost is None else {"tokens_added": cost.tokens_added,
                                           "length_factor": round(cost.length_factor, 4),
                                           "steps_factor": round(cost.steps_factor, 4)},
        "decode": None if decoded is None else {
            "max_size": decoded.max_size, "instances": decoded.instances,
            "failure": decoded.failure, "not_applicable": decoded.not_applicable},
        "error": candidate.error,
        "file": candidate.file,
    }


def search_json(found: RepairSearch) -> dict[str, Any]:
    original = found.original
    return {
        "problem": original.problem,
        "source": original.source,
        "original": {"verdict": str(original.verdict.word),
                     "headline": original.verdict.headline},
        "candidates": [candidate_json(c) for c in found.candidates],
        "not_tried": [s.name for s in found.skipped],
    }
