"""How `data check` and `data coverage` show their results (text and JSON). Computes nothing."""

from __future__ import annotations

from typing import Any

from lengthcheck.data.coverage import Coverage, Shown
from lengthcheck.properties.patterns import Pattern
from lengthcheck.report.text import label_text, tokens
from lengthcheck.results import Counterexample


def counterexample_lines(cx: Counterexample | None, line_of) -> dict[str, int | None]:
    """The file lines of a counterexample's instances (first, second)."""
    if cx is None:
        return {}
    found = {"first": line_of(cx.first.instance)}
    if cx.second is not None:
        found["second"] = line_of(cx.second.instance)
    return found


def lines_text(lines: dict[str, int | None], path: str) -> str | None:
    if not lines:
        return None
    said = [f"{which} instance: {path}:{line}" for which, line in lines.items() if line]
    return "  counterexample in the file: " + "; ".join(said) if said else None


def pattern_text(pattern: Pattern) -> str:
    if pattern[0] == "input":
        return f"causal input ({tokens(pattern[1])})"
    windows = " | ".join(tokens(w) for w in pattern[1])
    return f"window [{windows}] labelled {label_text(pattern[2])}"


def _marked(state: tuple[str, ...], reads: tuple[int, ...]) -> str:
    return " ".join(f"[{t}]" if i in reads else t for i, t in enumerate(state))


def shown_text(shown: Shown) -> str:
    return (f"first at n = {shown.size}, instance {tokens(shown.instance)}, step "
            f"{shown.step_index}: {_marked(shown.state, shown.reads)}")


def coverage_text(cov: Coverage, limit: int = 20) -> str:
    result = cov.result
    lines = [f"{result.problem}: {result.verdict.headline}"]
    if cov.route is None:
        lines.append("The verdict rests on no (n, r)-consistency check that holds: only the "
                     "causal inputs (X) are counted.")
    else:
        lines.append(f"Patterns counted: the causal inputs X and the anchor windows of the "
                     f"route, (n, r) = ({cov.route.n}, {cov.route.r}), rule {cov.route.rule}; "
                     f"up to n = {result.scope.max_size}.")
    percent = 100 * cov.fraction
    lines.append(f"{cov.train_traces:,} training traces in {cov.train} cover {cov.covered:,} of "
                 f"the {cov.needed:,} patterns ({percent:.1f} %).")
    for kind, (got, total) in cov.by_kind.items():
        what = "causal inputs" if kind == "input" else "window patterns"
        lines.append(f"  {what}: {got:,} of {total:,}")
    if cov.missing:
        lines.append(f"Missing ({len(cov.missing):,}), smallest size first:")
        for pattern, shown in cov.missing[:limit]:
            lines.append(f"  - {pattern_text(pattern)}")
            lines.append(f"      {shown_text(shown)}")
        if len(cov.missing) > limit:
            lines.append(f"  … and {len(cov.missing) - limit:,} more (--json lists every one)")
        ncov = result.verdict.coverage_size
        lines.append(f"To close the gap: train on every instance of sizes up to "
                     f"{cov.close_with_sizes}" + (f" (every pattern of the check occurs by "
                                                 f"N_cov = {ncov})." if ncov else "."))
    else:
        lines.append("Nothing is missing: every pattern the verdict rests on occurs in the "
                     "training set (up to the check's bound).")
    if cov.differing:
        shown = ", ".join(str(n) for n in cov.differing[:5])
        more = " …" if len(cov.differing) > 5 else ""
        lines.append(f"Warning: {len(cov.differing):,} training traces are not the format's own "
                     f"trace of their instance (lines {shown}{more}).")
    return "\n".join(lines)


def coverage_json(cov: Coverage) -> dict[str, Any]:
    result = cov.result
    return {
        "problem": result.problem,
        "verdict": str(result.verdict.word),
        "max_size": result.scope.max_size,
        "route": None if cov.route is None else {"n": cov.route.n, "r": cov.route.r,
                                                 "rule": cov.route.rule},
        "coverage_size": result.verdict.coverage_size,
        "train": cov.train,
        "train_traces": cov.train_traces,
        "needed": cov.needed,
        "covered": cov.covered,
        "fraction": round(cov.fraction, 6),
        "by_kind": {k: {"covered": a, "all": b} for k, (a, b) in cov.by_kind.items()},
        "missing": [{"pattern": pattern_text(p), "size": s.size, "instance": list(s.instance),
                     "step": s.step_index, "state": list(s.state), "reads": list(s.reads)}
                    for p, s in cov.missing],
        "close_with_sizes": cov.close_with_sizes,
        "differing_lines": cov.differing,
    }
