"""From computed properties to a verdict: which theorems apply, and how far the check reaches.

DESIGN §2 "Verdict". The theorems are sufficient conditions: a failure is
worded "the theory gives no guarantee", never "the format cannot generalize".
Every verdict carries its scope (bounded up to n = N, with the engine).
"""

from __future__ import annotations

from lengthcheck.results import (
    AtMostOnceResult,
    CausalResult,
    ConsistencyCheck,
    Counterexample,
    DistanceResult,
    MinimalR,
    Scope,
    Verdict,
)

GUARANTEED = "guaranteed"
NOT_GUARANTEED = "not-guaranteed"
UNKNOWN = "unknown"

THEOREMS_R = [
    "Thm 3.3 (window 4R+1)",
    "Thm 3.5 (R < ∞ + at most once ⇒ (1, 4R+1))",
    "Thm 3.6/3.7 ((n, r)-consistency ⇒ LG)",
]
THEOREMS_RECOVER = ["Def 3.3 ((n, r)-consistency, γ well defined)", "Thm 3.6/3.7"]
THEOREMS_LOCAL = ["ICLR Def 3.2 (local rule)", "ICLR Thm 3.6 (a Transformer exists)"]


def decide(
    scope: Scope,
    distance: DistanceResult,
    causal: CausalResult,
    amo: AtMostOnceResult,
    theorem_3_5: ConsistencyCheck | None,
    minimal: list[MinimalR],
    checks: list[ConsistencyCheck],
    refutation: Counterexample | None = None,
    findings: list[str] | None = None,
) -> Verdict:
    N = scope.max_size
    bounded_scope = scope.describe()
    warnings: list[str] = []
    if refutation is not None:
        sizes = [q.size for q in (refutation.first, refutation.second) if q is not None]
        return Verdict(
            NOT_GUARANTEED, None, [],
            ["the theory gives no guarantee", f"sampling beyond the enumerated sizes found a "
             f"conflict at n = {max(sizes)} (shrunk by Hypothesis)"],
            f"counterexample at n = {max(sizes)}, found by sampling (seed {scope.seed}; "
            f"reproduce with --engine sample --seed {scope.seed}); all instances of size "
            f"≤ {N} enumerated", [], [], refutation,
        )
    if findings:
        return Verdict(
            UNKNOWN, None, [], list(findings),
            f"undecided up to n = {N}: see the reasons ({scope.engine})", [], [], None,
        )

    if not scope.sizes:
        return Verdict(
            UNKNOWN,
            None,
            [],
            ["no size could be checked"] + scope.notes,
            "nothing checked",
            [],
            [],
            None,
        )
    if not causal.well_defined:
        cx = causal.conflict
        return Verdict(
            NOT_GUARANTEED,
            None,
            ["Thm 3.1 / Cor 3.1.1 (needs a well-defined causal function)"],
            [
                "the causal function f is not well defined: the same causal input "
                "gives two different outputs"
            ],
            _found_scope(cx, scope),
            [],
            [],
            cx,
        )
    if causal.arity_trend.kind == "grows":
        return Verdict(
            NOT_GUARANTEED, None, ["Cor 3.1.2 (needs a finite input space X)"],
            [f"the fan-in (the most reads of one step) grows with n ({causal.arity_trend.reason}):"
             " the causal input space X is not finite, so f cannot be learned from bounded sizes"],
            _found_scope(_telling_failure(checks), scope), [], [], _telling_failure(checks),
        )
    if distance.trend.kind == "undetermined" or causal.arity_trend.kind == "undetermined":
        return Verdict(
            UNKNOWN, None, [], [f"too few sizes to tell whether R and the fan-in stay bounded "
                                f"({distance.trend.reason}); raise --max-size"],
            bounded_scope, [], [], None,
        )

    if distance.bounded and amo.holds and theorem_3_5 is not None:
        if theorem_3_5.holds:
            caveats, cov = _coverage(scope, causal, [theorem_3_5, *_route_checks(minimal, checks)])
            return Verdict(
                GUARANTEED,
                f"R = {distance.value} is bounded and every element is read at most once, "
                f"so Thm 3.5 gives (1, {theorem_3_5.r})-consistency; checked directly",
                THEOREMS_R, [], bounded_scope, caveats, warnings, None, theorem_3_5, cov,
            )
        warnings.append(
            f"R = {distance.value} is bounded and at most once holds, yet (1, 4R+1) = "
            f"(1, {theorem_3_5.r}) fails: Thm 3.5 predicts otherwise. Usual causes: the "
            "format prescribes one step order where the theorem lets a model take any ready "
            "step (declare ready(s)), or consumed inputs stay in place so used and unused "
            "elements look alike."
        )

    for m in minimal:
        if m.not_applicable or m.value is None or m.trend.kind != "bounded":
            continue
        check = _holding_check(checks, m)
        theorems = THEOREMS_RECOVER if m.form == "recover" else THEOREMS_LOCAL
        how = (
            f"anchor rule {m.anchor_rule}"
            if m.form == "recover"
            else (f"locators {', '.join(m.locators)}" if m.locators else "no locators")
        )
        caveats, cov = _coverage(scope, causal, [check, *_route_checks(minimal, checks)])
        return Verdict(
            GUARANTEED,
            f"({m.n}, {m.value})-consistent in the {m.form} form ({how}); "
            f"minimal r {m.trend.reason}",
            theorems, [], bounded_scope, caveats, warnings, None, check, cov,
        )

    unsettled = [m for m in minimal if not m.not_applicable and m.trend.kind == "undetermined"]
    if unsettled:
        m = unsettled[0]
        return Verdict(
            UNKNOWN, None, [],
            [f"{m.form} form, n = {m.n}: the minimal r {m.trend.reason}"], bounded_scope,
            [], warnings, None,
        )
    reasons = []
    if distance.trend.kind == "grows":
        reasons.append(f"R grows with n ({distance.trend.reason})")
    elif amo.holds is not True:
        reasons.append(f"R is bounded but at most once does not hold ({amo.reason})")
    for m in minimal:
        if m.not_applicable:
            continue
        if m.value is None:
            reasons.append(f"{m.form} form, n = {m.n}: no r within the limits holds at n = {N}")
        else:
            reasons.append(
                f"{m.form} form, n = {m.n}: the minimal r grows with the bound ({m.trend.reason})"
            )
    cx = _telling_failure(checks) or (amo.witness if amo.holds is False else None)
    return Verdict(
        NOT_GUARANTEED,
        None,
        [],
        ["the theory gives no guarantee"] + reasons,
        _found_scope(cx, scope),
        [],
        warnings,
        cx,
    )


def _found_scope(cx: Counterexample | None, scope: Scope) -> str:
    how = {
        "enumerate": "all instances enumerated",
        "enumerate+sample": "all instances enumerated, larger sizes sampled",
        "smt": "all instances decided by z3",
        "auto": "all instances, enumerated or decided by z3",
    }.get(scope.engine, scope.engine)
    if cx is None:
        return f"searched up to n = {scope.max_size}, {how} ({scope.engine})"
    sizes = [q.size for q in (cx.first, cx.second) if q is not None]
    return (f"counterexample at n = {max(sizes)}; searched up to n = {scope.max_size}, "
            f"{how} ({scope.engine})")


def _holding_check(checks: list[ConsistencyCheck], m: MinimalR) -> ConsistencyCheck | None:
    for c in checks:
        if c.form == m.form and c.r == m.value and c.holds and c.n <= m.n:
            return c
    return None


def _telling_failure(checks: list[ConsistencyCheck]) -> Counterexample | None:
    """The failure a reader learns most from: one window, the widest that failed."""
    failing = [c for c in checks if not c.holds and c.counterexample is not None]
    if not failing:
        return None
    best = max(failing, key=lambda c: (c.form == "recover", -c.n, c.r, c.fail_size or 0))
    return best.counterexample


def _route_checks(minimal: list[MinimalR], checks: list[ConsistencyCheck]):
    """Every holding check that could carry a guarantee (its minimal r is flat)."""
    for m in minimal:
        if not m.not_applicable and m.value is not None and m.trend.kind == "bounded":
            found = _holding_check(checks, m)
            if found is not None:
                yield found


def _coverage(
    scope: Scope, causal: CausalResult, candidates: list[ConsistencyCheck | None]
) -> tuple[list[str], int | None]:
    """The caveats of a guarantee and N_cov: the smallest training size any route needs.

    A route needs every causal input and every key of its check; of all the
    routes that hold, the one whose patterns all appear earliest sets N_cov.
    """
    N = scope.max_size
    options = []
    for check in candidates:
        if check is None:
            continue
        sizes = [s for s in (causal.coverage_size, check.coverage_size) if s]
        options.append((max(sizes) if sizes else None, check))
    cov = min((c for c, _ in options if c is not None), default=None)
    notes = [
        f"bounded check: no counterexample up to n = {N}; not a proof for all n",
        "sufficient condition met: length generalization is possible for a suitable model "
        f"trained on sizes ≤ {cov} (every pattern seen up to n = {N} occurs by then); "
        "this is an existence statement, not a statement about SGD",
    ]
    if cov is not None and cov >= N:
        notes.append(f"new patterns still appear at n = {N}: training coverage is not "
                     "shown to saturate; check a larger --max-size")
    return notes, cov
