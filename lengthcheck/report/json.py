"""The `--json` view: one plain dict per problem.

The shape is fixed by schema/lengthcheck-result.schema.json (tests validate real
output against it): change both together.
"""

from __future__ import annotations

from typing import Any

from lengthcheck.report.console import drawing
from lengthcheck.report.text import summary
from lengthcheck.results import Counterexample, ProblemResult, Query, Span


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


def _series(series: dict[int, Any]) -> dict[str, Any]:
    return {str(k): v for k, v in sorted(series.items())}


def problem_json(result: ProblemResult, mismatches: list[str] | None = None) -> dict[str, Any]:
    v = result.verdict
    minimal: dict[str, dict[str, Any]] = {}
    for m in result.minimal_r:
        if m.not_applicable:
            minimal[m.form] = {}
            continue
        minimal.setdefault(m.form, {})[str(m.n)] = m.value
    return {
        "problem": result.problem,
        "source": result.source,
        "verdict": v.word,
        "route": v.route,
        "theorems": v.theorems,
        "reasons": v.reasons,
        "warnings": v.warnings,
        "caveats": v.caveats,
        "scope": {
            "max_size": result.scope.max_size,
            "sizes": result.scope.sizes,
            "engine": result.scope.engine,
            "exhaustive": result.scope.exhaustive,
            "instances": _series(result.scope.instance_count),
            "text": v.scope,
            "notes": result.scope.notes,
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
            f"{m.form}/{m.n}": _series(m.by_size) for m in result.minimal_r if not m.not_applicable
        },
        "coverage_size": result.coverage_size,
        "counterexample": counterexample_json(v.counterexample),
        "semantics": result.semantics,
        "options": result.options,
        "expect_mismatches": mismatches,
    }
