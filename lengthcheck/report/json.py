"""The `--json` view: one plain dict per problem.

The shape is fixed by schema/lengthcheck-result.schema.json (tests validate real
output against it): change both together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lengthcheck.errors import SpecError
from lengthcheck.reasons import Reason
from lengthcheck.report.console import drawing
from lengthcheck.report.reference import REFERENCE
from lengthcheck.report.text import summary
from lengthcheck.results import (
    Counterexample,
    Evidence,
    MinimalR,
    Query,
    Span,
)

if TYPE_CHECKING:
    from lengthcheck.outcome import ProblemResult


def _label(label: object) -> Any:
    if isinstance(label, tuple):
        return [_label(x) for x in label]
    return label


def query_json(q: Query) -> dict[str, Any]:
    return {
        "instance": list(q.instance),
        "size": q.size,
        "step_index": q.step_index,
        "state": list(q.state),
        "anchor": list(q.anchor),
        "windows": [list(w) for w in q.windows],
        "label": _label(q.label),
    }


def counterexample_json(cx: Counterexample | None) -> dict[str, Any] | None:
    if cx is None:
        return None
    return {
        "kind": cx.kind,
        "form": cx.form,
        "n": cx.n,
        "r": cx.r,
        "anchor_rule": cx.anchor_rule,
        "summary": summary(cx),
        "drawing": drawing(cx),
        "queries": [query_json(q) for q in (cx.first, cx.second) if q is not None],
        "detail": cx.detail,
    }


def _span(span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"instance": list(span.instance), "size": span.size, "step_index": span.step_index,
            "state": list(span.state), "reads": list(span.reads), "span": span.span}


def _proof(result: ProblemResult) -> dict[str, Any] | None:
    if result.proof is None:
        return None
    from lengthcheck.report.proof import proof_json

    return proof_json(result.proof)


def _row_key(m: MinimalR) -> str:
    """"recover/1", and for n >= 2 with its cover rule: "recover/2/per-read"."""
    if m.form == "recover" and m.n >= 2 and m.anchor_rule:
        return f"{m.form}/{m.n}/{m.anchor_rule}"
    return f"{m.form}/{m.n}"


def evidence_json(ev: Evidence | None) -> dict[str, Any] | None:
    """The evidence rules for the route judged (DESIGN §2): which rule failed, which bound next."""
    if ev is None:
        return None
    return {
        "route": ev.route,
        "window": ev.window,
        "holds": ev.holds,
        "failed_rule": ev.failed_rule,
        "reason": ev.reason,
        "next_bound": ev.next_bound,
        "series": [{"name": s.name, "value": s.value, "flat_from": s.flat_from,
                    "flat_to": s.flat_to} for s in ev.series],
        "eligible_from": ev.eligible_from,
        "coverage_size": ev.coverage_size,
        "coverage_limit": ev.coverage_limit,
        "coverage_exact": ev.coverage_exact,
        "opposite_bounds": list(ev.opposite_bounds),
    }


def _series(series: dict[int, Any]) -> dict[str, Any]:
    return {str(k): v for k, v in sorted(series.items())}


def _code(sentence: str) -> dict[str, Any]:
    """A sentence's reason code and parameters (`reasons.Reason`), or code `note`."""
    if isinstance(sentence, Reason):
        return sentence.to_dict()
    return {"code": "note", "params": {}}


def problem_json(result: ProblemResult, mismatches: list[str] | None = None) -> dict[str, Any]:
    v = result.verdict
    minimal: dict[str, dict[str, Any]] = {}
    for m in result.minimal_r:
        if m.not_applicable:
            minimal[m.form] = {}
            continue
        row = minimal.setdefault(m.form, {})
        best = row.get(str(m.n))  # n >= 2: the best cover rule (the (n, r) that holds)
        row[str(m.n)] = m.value if best is None else (
            best if m.value is None else min(best, m.value))
    return {
        "problem": result.problem,
        "source": result.source,
        "verdict": v.word,
        "headline": v.headline,
        "evidence": evidence_json(v.evidence),
        "flat_since": v.flat_since,
        "log_growth_bound": v.log_growth_bound,
        "route": v.route,
        "theorems": v.theorems,
        "reasons": v.reasons,
        "warnings": v.warnings,
        "caveats": v.caveats,
        # the same sentences as codes with parameters, for programs (issue 20); a sentence
        # that has no code (an engine's note passed through) has code "note"
        "reason_codes": {"route": _code(v.route) if v.route else None,
                         "reasons": [_code(r) for r in v.reasons],
                         "warnings": [_code(w) for w in v.warnings],
                         "caveats": [_code(c) for c in v.caveats]},
        "scope": {
            "max_size": result.scope.max_size,
            "sizes": result.scope.sizes,
            "engine": result.scope.engine,
            "engine_answered": result.scope.answered_by,
            "exhaustive": result.scope.exhaustive,
            "instances": _series(result.scope.instance_count),
            "text": v.scope,
            "notes": result.scope.notes,
            "details": result.scope.details,
            "enumerated_sizes": getattr(result.scope, "enumerated_sizes", result.scope.sizes),
            "smt_sizes": getattr(result.scope, "smt_sizes", []),
            "sampled_sizes": result.scope.sampled_sizes,
        },
        "R": {
            "by_size": _series(result.distance.by_size),
            "io_by_size": _series(result.distance.io_by_size),
            "bounded": result.distance.bounded,
            "trend": result.distance.trend.kind,
            "value": result.distance.value,
            "witness": _span(result.distance.witness),
        },
        "causal_function": {
            "well_defined": result.causal.well_defined,
            "x_by_size": _series(result.causal.x_by_size),
            "x_trend": result.causal.x_trend.kind,
            "arity_by_size": _series(result.causal.arity_by_size),
            "arity_trend": result.causal.arity_trend.kind,
            "counterexample": counterexample_json(result.causal.conflict),
        },
        "at_most_once": result.at_most_once.holds,
        "at_most_once_reason": result.at_most_once.reason,
        "consistency": [
            {
                "form": c.form,
                "n": c.n,
                "r": c.r,
                "holds": c.holds,
                "fail_size": c.fail_size,
                "anchor_rule": c.anchor_rule,
                "locators": list(c.locators),
                "counterexample": counterexample_json(c.counterexample),
            }
            for c in result.checks
        ],
        "minimal_r": minimal,
        "minimal_r_by_size": {
            _row_key(m): _series(m.by_size) for m in result.minimal_r if not m.not_applicable
        },
        "minimal_r_rules": {
            _row_key(m): m.anchor_rule for m in result.minimal_r
            if not m.not_applicable and m.anchor_rule
        },
        "coverage_size": result.coverage_size,
        "counterexample": counterexample_json(v.counterexample),
        "note_counterexample": counterexample_json(v.note_counterexample),
        "proof": _proof(result),
        "until_decided": _until_decided(result),
        "semantics": result.semantics,
        "options": result.options,
        "expect_mismatches": mismatches,
        "reference": REFERENCE,
    }


def spec_error_json(exc: SpecError, problem: Any = None) -> dict[str, Any]:
    """The entry of a problem that could not be checked (or of a spec that did not load)."""
    name = exc.problem
    if name is None and problem is not None:
        name = getattr(problem, "name", "") or type(problem).__name__
    entry: dict[str, Any] = {
        "file": exc.location.file if exc.location else None,
        "line": exc.location.line if exc.location else None,
        "message": exc.what,
        "fix": exc.hint,
    }
    if exc.instance is not None:
        entry["instance"] = [str(t) for t in exc.instance]
    if exc.step_index is not None:
        entry["step_index"] = exc.step_index
    return {"problem": name, "error": entry, "reference": REFERENCE}


def _until_decided(result: ProblemResult) -> dict[str, Any] | None:
    """The bounds `--until-decided` tried (None when it was not asked for)."""
    path = result.until_decided
    if path is None:
        return None
    return {
        "budget_s": path.budget,
        "stopped": path.stopped,
        "tried": [{"max_size": t.max_size, "verdict": t.verdict, "seconds": round(t.seconds, 3),
                   "engine": t.engine} for t in path.tried],
    }
