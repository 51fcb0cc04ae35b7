"""From computed properties to a verdict: which theorems apply, and how far the check reaches.

DESIGN §2 "Verdict". The theorems are sufficient conditions: a failure is
worded "the theory gives no guarantee", never "the format cannot generalize".
Every verdict carries its scope (bounded up to n = N, with the engine).

A bounded check claims a property of all lengths only under the evidence
rules (DESIGN §2): (a) every series a route rests on is flat over [n0, N] with
N >= 2·n0; (b) only sizes whose instances are all longer than the route's
window count towards that run; (c) coverage saturated by N/2; (d) no bound
from ceil(N/2) to N gives the opposite verdict. A route that holds at the
bound but misses a rule gives `unknown`, naming the rule and the bound that
would decide. Rule (d) re-decides smaller bounds from the per-size series
already held (`at_bound`): no second exploration.

A route that meets every rule gives `supported` (formerly `guaranteed`):
bounded evidence, not a proof; only `proved` (the rules prover, for every n)
is a guarantee. A supported verdict says how strong its evidence is: m, the
last size at which any series the route rests on changed, and m², by which
growth like log_b n of any base b would have shown (a log_b n quantity that
last changed at m = b^k changes next at b^(k+1) = m·b ≤ m²).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, TypeVar
from warnings import warn

from lengthcheck.options import flag
from lengthcheck.properties.consistency import telling_counterexample
from lengthcheck.properties.trend import DOUBLING, classify, flat_run
from lengthcheck.reasons import Code
from lengthcheck.report.wording import say
from lengthcheck.results import (
    AtMostOnceResult,
    CausalResult,
    Computed,
    ConsistencyCheck,
    Counterexample,
    DistanceResult,
    Evidence,
    MinimalR,
    Scope,
    SeriesEvidence,
    StopReason,
    Verdict,
    VerdictWord,
)

PROVED = VerdictWord.PROVED
SUPPORTED = VerdictWord.SUPPORTED  # bounded evidence, not a proof (formerly "guaranteed")
NOT_GUARANTEED = VerdictWord.NOT_GUARANTEED
UNKNOWN = VerdictWord.UNKNOWN
DEPRECATED_WORD = "guaranteed"  # read as SUPPORTED for one release, with a DeprecationWarning
DEPRECATION_MESSAGE = ("'guaranteed' is now 'supported' (a bounded verdict, not a proof); "
                       "write 'supported'")


def __getattr__(name: str) -> str:
    """`verdict.GUARANTEED` still resolves for one release, to SUPPORTED, with a warning."""
    if name == "GUARANTEED":
        warn(DEPRECATION_MESSAGE, DeprecationWarning, stacklevel=2)
        return SUPPORTED
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read_verdict_word(word: str, where: str | None = None, stacklevel: int = 2) -> str:
    """A verdict word as a user wrote it: the old `guaranteed` reads as `supported`, warned.

    `where` names what said it (e.g. "the expect block of parity-fill"); `stacklevel`
    is the caller's, as for `warnings.warn`.
    """
    if word == DEPRECATED_WORD:
        text = DEPRECATION_MESSAGE + (f" (in {where})" if where else "")
        warn(text, DeprecationWarning, stacklevel=stacklevel + 1)
        return SUPPORTED
    return word

V = TypeVar("V")
Series = tuple[str, Mapping[int, int | None]]  # a per-size series a route rests on, named

THEOREMS_R = [
    "Thm 3.3 (window 4R+1)",
    "Thm 3.5 (R < ∞ + at most once ⇒ (1, 4R+1))",
    "Thm 3.6/3.7 ((n, r)-consistency ⇒ LG)",
]
THEOREMS_RECOVER = ["Def 3.3 ((n, r)-consistency, γ well defined)", "Thm 3.6/3.7"]
THEOREMS_LOCAL = ["ICLR Def 3.2 (local rule)", "ICLR Thm 3.6 (a Transformer exists)"]


@dataclass(frozen=True)
class _Route:
    """A route to `supported` that holds at the bound, before the evidence rules."""

    name: str  # e.g. "Thm 3.5 route" or "(1, 5) recover form"
    text: str  # the verdict's route sentence
    theorems: list[str]
    check: ConsistencyCheck | None
    window: int
    series: list[Series]


def decide(computed: Computed, rule_problem: bool = False) -> Verdict:
    """The verdict, with its headline; see the module docstring for the rules.

    `rule_problem`: the format is a RuleProblem (the rules prover can try every
    n), which changes what a supported verdict says would make it `proved`.
    """
    facts, scope = computed, computed.scope
    refutation, findings = computed.refutation, computed.findings
    ready_cycle, order_conflict = computed.ready_cycle, computed.order_conflict
    if refutation is not None:
        sizes = [q.size for q in (refutation.first, refutation.second) if q is not None]
        verdict = Verdict(
            word=NOT_GUARANTEED,
            reasons=[say(Code.NO_GUARANTEE), say(Code.SAMPLED_CONFLICT, n=max(sizes))],
            scope=f"counterexample at n = {max(sizes)}, found by sampling (seed {scope.seed}; "
                  f"reproduce with {flag('engine', 'sample')} {flag('seed', scope.seed)}); all "
                  "instances of size "
                  f"≤ {scope.max_size} enumerated",
            counterexample=refutation,
        )
    elif ready_cycle:
        shown = " → ".join(" ".join(state) for state in (*ready_cycle, ready_cycle[0]))
        verdict = Verdict(
            word=NOT_GUARANTEED,
            theorems=["Thm 3.1 (the reasoning must be a DAG)"],
            reasons=[say(Code.READY_CYCLE, cycle=shown)],
            scope=f"cycle found among the states of sizes ≤ {scope.max_size} ({scope.engine})",
        )
    elif order_conflict is not None:
        verdict = Verdict(
            word=NOT_GUARANTEED,
            theorems=["Thm 3.1 (any topological order of the DAG is valid)"],
            reasons=[say(Code.ORDER_DEPENDENT)],
            scope=f"order dependence found among the states of sizes ≤ {scope.max_size} "
                  f"({scope.engine})",
            counterexample=order_conflict,
        )
    elif findings:
        verdict = Verdict(
            word=UNKNOWN,
            reasons=[say(Code.UNDECIDED, finding=f.text) for f in findings],
            scope=f"undecided up to n = {scope.max_size}: see the reasons ({scope.engine})",
        )
    else:
        verdict = _decide(facts, computed.theorem_3_5_cause, judge_smaller_bounds=True,
                          rule_problem=rule_problem)
    return replace(verdict, headline=headline(verdict, scope))


def _decide(facts: Computed, cause: str | None, judge_smaller_bounds: bool,
            rule_problem: bool = False) -> Verdict:
    scope, distance, causal, amo = facts.scope, facts.distance, facts.causal, facts.at_most_once
    bounded_scope = scope.describe()
    if not scope.sizes:
        return Verdict(
            word=UNKNOWN,
            reasons=[say(Code.NOTHING_CHECKED)] + scope.notes,
            scope="nothing checked",
        )
    if all(v is None for v in distance.by_size.values()):
        return Verdict(
            word=UNKNOWN,
            reasons=[say(Code.NO_STEP, max_size=scope.max_size)],
            scope=bounded_scope,
        )
    warnings, note_cx = _theorem_3_5_note(facts, cause)
    if not causal.well_defined:
        cx = causal.conflict
        return Verdict(
            word=NOT_GUARANTEED,
            theorems=["Thm 3.1 / Cor 3.1.1 (needs a well-defined causal function)"],
            reasons=[say(Code.CAUSAL_NOT_WELL_DEFINED)],
            scope=_found_scope(cx, scope),
            warnings=warnings,
            counterexample=cx,
            note_counterexample=note_cx,
        )
    if causal.arity_trend.kind == "grows":
        cx = telling_counterexample(facts.checks)
        return Verdict(
            word=NOT_GUARANTEED,
            theorems=["Cor 3.1.2 (needs a finite input space X)"],
            reasons=[say(Code.FAN_IN_GROWS, trend=causal.arity_trend.reason)],
            scope=_found_scope(cx, scope),
            warnings=warnings,
            counterexample=cx,
            note_counterexample=note_cx,
        )

    routes = _routes(facts)
    judged = [(route, _evidence(facts, route, judge_smaller_bounds)) for route in routes]
    passing = [(route, ev) for route, ev in judged if ev.holds]
    if passing:
        route, ev = passing[0]
        cov = min((e.coverage_size for _, e in passing if e.coverage_size is not None),
                  default=None)
        caveats = _supported_caveats(scope, cov, rule_problem)
        flat_since = last_change(route.series)
        return Verdict(
            word=SUPPORTED,
            route=say(Code.ROUTE_WITH_EVIDENCE, route=route.text, evidence=ev.reason),
            theorems=route.theorems,
            scope=bounded_scope,
            caveats=caveats,
            warnings=warnings,
            consistency=route.check,
            coverage_size=cov,
            evidence=ev,
            note_counterexample=note_cx,
            flat_since=flat_since,
            log_growth_bound=None if flat_since is None else flat_since ** 2,
        )
    if judged:
        route, ev = min(judged, key=lambda j: (j[1].next_bound or 10**9))
        return Verdict(
            word=UNKNOWN,
            reasons=[say(Code.EVIDENCE_NOT_MET, route=route.text, evidence=ev.reason)],
            scope=bounded_scope,
            warnings=warnings,
            consistency=route.check,
            evidence=ev,
            note_counterexample=note_cx,
            next_bound=ev.next_bound,
        )

    unsettled = [m for m in facts.minimal_r
                 if not m.not_applicable and m.trend.kind == "undetermined"]
    if unsettled:
        m = unsettled[0]
        return Verdict(
            word=UNKNOWN,
            reasons=[say(Code.MINIMAL_R_UNSETTLED, config=_config(m), trend=m.trend.reason,
                         next_bound=m.trend.next_bound)],
            scope=bounded_scope,
            warnings=warnings,
            note_counterexample=note_cx,
            next_bound=m.trend.next_bound,
        )
    reasons = []
    if distance.trend.kind == "grows":
        reasons.append(say(Code.R_GROWS, trend=distance.trend.reason))
    elif amo.holds is not True:
        reasons.append(say(Code.AT_MOST_ONCE_FAILS, why=amo.reason))
    for m in facts.minimal_r:
        if m.not_applicable:
            continue
        if m.value is None:
            reasons.append(say(Code.NO_R_HOLDS, config=_config(m), max_size=scope.max_size))
        else:
            reasons.append(say(Code.MINIMAL_R_GROWS, config=_config(m), trend=m.trend.reason))
    cx = telling_counterexample(facts.checks) or (amo.witness if amo.holds is False else None)
    return Verdict(
        word=NOT_GUARANTEED,
        reasons=[say(Code.NO_GUARANTEE), *reasons],
        scope=_found_scope(cx, scope),
        warnings=warnings,
        counterexample=cx,
        note_counterexample=note_cx,
    )


def _rule(m: MinimalR) -> str:
    return f" ({m.anchor_rule})" if m.form == "recover" and m.n >= 2 and m.anchor_rule else ""


def _config(m: MinimalR) -> str:
    """The configuration a minimal-r series is about, e.g. `recover form, n = 2 (greedy)`."""
    return f"{m.form} form, n = {m.n}{_rule(m)}"


# ---------------------------------------------------------------------------
# routes and their evidence


def _routes(facts: Computed) -> list[_Route]:
    """Every route that holds at the bound, in order of preference (Thm 3.5 first)."""
    routes: list[_Route] = []
    d, c = facts.distance, facts.causal
    base: list[Series] = [("fan-in", c.arity_by_size), ("|X|", c.x_by_size)]
    t35 = facts.theorem_3_5
    io_value = d.io_by_size.get(max(d.io_by_size)) if d.io_by_size else None
    if (t35 is not None and t35.holds and facts.at_most_once.holds is True and io_value is not None
            and d.trend.kind != "grows" and classify(d.io_by_size).kind != "grows"):
        # the route rests on R_io (reads and writes into the state), and on R with it
        series: list[Series] = [("R", d.by_size), ("R_io", d.io_by_size), *base]
        first = _minimal_of(facts.minimal_r, "recover", 1)
        if first is not None:
            series.append((_series_name(first), first.by_size))
        routes.append(_Route(
            "Thm 3.5 route",
            say(Code.ROUTE_THEOREM_3_5, io=io_value, r=t35.r),
            THEOREMS_R, t35, t35.r, series,
        ))
    for m in facts.minimal_r:
        if m.not_applicable or m.value is None or m.trend.kind == "grows":
            continue
        check = _holding_check(facts.checks, m)
        if check is None:
            continue
        if m.form == "recover":
            how = f"anchor rule {m.anchor_rule}" if m.n == 1 else f"cover rule {m.anchor_rule}"
        else:
            how = f"locators {', '.join(m.locators)}" if m.locators else "no locators"
        routes.append(_Route(
            f"({m.n}, {m.value}) {m.form} form",
            say(Code.ROUTE_FORM, n=m.n, r=m.value, form=m.form, how=how),
            THEOREMS_RECOVER if m.form == "recover" else THEOREMS_LOCAL,
            check, m.value, [*base, (_series_name(m), m.by_size)],
        ))
    return routes


def _series_name(m: MinimalR) -> str:
    return f"minimal r ({m.form}, n = {m.n}{_rule(m)})"


def _minimal_of(minimal: list[MinimalR], form: str, n: int) -> MinimalR | None:
    return next((m for m in minimal if m.form == form and m.n == n and not m.not_applicable),
                None)


GROWING_SIZES = 4  # a series that changed at each of this many last sizes (at least)...


def keeps_growing(series: list[Series],
                  token_first_size: dict[str, int], bound: int) -> str | None:
    """Why no bound can decide a route, or None: a series changed at every size of the
    last doubling run ([ceil(N/2), N], at least `GROWING_SIZES` changes).

    Suggesting twice the bound would only be followed by the same advice there
    (an advice loop). The usual cause is a vocabulary that grows with n (a new
    depth token d<n> at every size): named when tokens first appear at each size.
    """
    start = -(-bound // DOUBLING)
    for name, values in series:
        sizes = [m for m in sorted(values) if m >= start]
        changed = [m for m in sizes if m - 1 in values and values[m] != values[m - 1]]
        if len(changed) < GROWING_SIZES or len(changed) < len(sizes) - 1:
            continue
        new = {m: sorted(t for t, first in token_first_size.items() if first == m)
               for m in changed}
        if all(new.values()):
            token = new[changed[-1]][0]
            return say(Code.EVIDENCE_KEEPS_GROWING_TOKEN, series=name, token=token,
                       at=changed[-1], first=changed[0])
        return say(Code.EVIDENCE_KEEPS_GROWING, series=name, first=changed[0], bound=bound)
    return None


def eligible_from(scope: Scope, window: int) -> int | None:
    """Rule (b): the first size from which every size's instances are all longer than r.

    None when no size qualifies (or instance lengths are unknown).
    """
    sizes = sorted(scope.sizes)
    if not sizes or any(k not in scope.min_length for k in sizes):
        return None
    first = None
    for k in reversed(sizes):
        if scope.min_length[k] > window:
            first = k
        else:
            break
    return first


def _evidence(facts: Computed, route: _Route, judge_smaller_bounds: bool) -> Evidence:
    scope = facts.scope
    N = scope.max_size
    eligible = eligible_from(scope, route.window)
    shown: list[SeriesEvidence] = []
    starts: list[tuple[int, str]] = []
    for name, series in route.series:
        run = flat_run(series)
        if run is None or run.value is None:
            shown.append(SeriesEvidence(name, None, None, N))
            starts.append((N + 1, name))
            continue
        shown.append(SeriesEvidence(name, run.value, run.start, run.end))
        starts.append((run.start, name))
    cov = _route_coverage(facts.causal, route.check)
    limit = N // DOUBLING
    exact = not scope.coverage_upper
    judged = partial(Evidence, route=route.name, window=route.window, series=tuple(shown),
                  eligible_from=eligible, coverage_size=cov, coverage_limit=limit,
                  coverage_exact=exact)

    growing = keeps_growing(route.series, facts.causal.token_first_size, N)
    if growing is not None:  # no bound decides it: say so, and suggest none (issue 19)
        return judged(opposite_bounds=(), failed_rule="a", reason=growing,
                        next_bound=None)
    n0, slowest = max(starts)
    if eligible is None:
        return judged(
            opposite_bounds=(), failed_rule="b",
            reason=say(Code.EVIDENCE_B_NO_SIZE, window=route.window),
            next_bound=None,
        )
    if eligible > n0:
        if N < DOUBLING * eligible:
            return judged(
                opposite_bounds=(), failed_rule="b",
                reason=say(Code.EVIDENCE_B, eligible=eligible, window=route.window,
                           until=DOUBLING * eligible),
                next_bound=DOUBLING * eligible,
            )
    elif N < DOUBLING * n0:
        return judged(
            opposite_bounds=(), failed_rule="a",
            reason=say(Code.EVIDENCE_A, series=slowest, start=n0, bound=N, until=DOUBLING * n0),
            next_bound=DOUBLING * n0,
        )
    if cov is None or cov > limit:
        if cov is not None and not exact:
            why = say(Code.EVIDENCE_C_UPPER, cov=cov, limit=limit, until=DOUBLING * cov)
        elif cov is None:
            why = say(Code.EVIDENCE_C_UNKNOWN)
        else:
            why = say(Code.EVIDENCE_C, cov=cov, limit=limit)
        # z3's upper bound that sits at the bound itself (a new window shape at every size)
        # would sit at any larger bound too: suggesting one would start an advice loop
        loops = not exact and cov is not None and cov >= N
        if loops:
            why = say(Code.EVIDENCE_C_UPPER_AT_BOUND, cov=cov)
        return judged(opposite_bounds=(), failed_rule="c", reason=why,
                        next_bound=DOUBLING * cov if cov and not loops else None)
    opposite = _opposite_bounds(facts) if judge_smaller_bounds else ()
    if opposite:
        last = max(opposite)
        return judged(
            opposite_bounds=opposite, failed_rule="d",
            reason=say(Code.EVIDENCE_D, bounds=", ".join(map(str, opposite))),
            next_bound=DOUBLING * last + 1,
        )
    start = max(n0, eligible)
    return judged(
        opposite_bounds=(), failed_rule=None,
        reason=say(Code.EVIDENCE_MET, start=start, bound=N, window=route.window, cov=cov,
                   half=-(-N // 2)),
        next_bound=None,
    )


def _opposite_bounds(facts: Computed) -> tuple[int, ...]:
    """Rule (d): bounds ceil(N/2)..N-1 whose verdict, from the same series, is not-guaranteed."""
    N = facts.scope.max_size
    found = []
    for m in facts.scope.sizes:
        if -(-N // 2) <= m < N:
            if _decide(at_bound(facts, m), None, judge_smaller_bounds=False).word == NOT_GUARANTEED:
                found.append(m)
    return tuple(found)


def _route_coverage(causal: CausalResult, check: ConsistencyCheck | None) -> int | None:
    sizes = [causal.coverage_size, check.coverage_size if check else None]
    if any(s is None for s in sizes):
        return None
    return max(sizes)  # type: ignore[type-var]


def _supported_caveats(scope: Scope, cov: int | None, rule_problem: bool) -> list[str]:
    return [
        say(Code.SUPPORTED_NOT_A_PROOF, max_size=scope.max_size, rule_problem=rule_problem),
        say(Code.SUPPORTED_EXISTENCE, cov=cov, max_size=scope.max_size),
    ]


def last_change(series: list[Series]) -> int | None:
    """m: the last size at which any of these per-size series changed value.

    None when none changed over the sizes checked (then no bound m² exists: a
    quantity like log_b n for a base b above the bound would look the same).
    """
    changes = [run.start for _, values in series
               if values and (run := flat_run(values)) is not None and run.start > min(values)]
    return max(changes, default=None)


# ---------------------------------------------------------------------------
# the verdict at a smaller bound, from the series already held (rule (d))


def at_bound(facts: Computed, m: int) -> Computed:
    """The facts as a check with bound m would have computed them.

    Every per-size series is cumulative (the value at k covers sizes ≤ k) and
    every check records the smallest bound at which it fails, so cutting at m
    reproduces the smaller check. The (1, 4R+1) check is kept only when R at m
    equals R at the bound (else that check was never run). Coverage sizes of
    checks that fail later are not known at m; they are left unknown, which
    only matters for a supported verdict, and rule (d) looks for the opposite.
    """
    scope = facts.scope
    sizes = [k for k in scope.sizes if k <= m]
    cut = replace(
        scope, max_size=m, sizes=sizes,
        instance_count={k: v for k, v in scope.instance_count.items() if k <= m},
        min_length={k: v for k, v in scope.min_length.items() if k <= m},
    )
    d = facts.distance
    r_series = _upto(d.by_size, m)
    witness = d.witness if d.witness is not None and d.witness.size <= m else None
    distance = DistanceResult(r_series, _upto(d.io_by_size, m), witness, classify(r_series))
    c = facts.causal
    conflict = c.conflict
    if conflict is not None and _size_of(conflict) > m:
        conflict = None
    x_series = _upto(c.x_by_size, m)
    arity = _upto(c.arity_by_size, m)
    causal = CausalResult(conflict is None, x_series, classify(x_series), conflict,
                          _last_increase(x_series), arity, classify(arity))
    amo = facts.at_most_once
    if amo.holds is False and amo.witness is not None and _size_of(amo.witness) > m:
        amo = AtMostOnceResult(True, f"every element is read at most once up to n = {m}")
    t35 = facts.theorem_3_5
    io_series = _upto(d.io_by_size, m)  # the Thm 3.5 check's window comes from R_io
    r_m = io_series.get(max(io_series)) if io_series else None
    r_n = d.io_by_size.get(max(d.io_by_size)) if d.io_by_size else None
    t35 = _check_at(t35, m) if t35 is not None and r_m == r_n else None
    minimal = [replace(x, by_size=_upto(x.by_size, m), trend=classify(_upto(x.by_size, m)))
               if not x.not_applicable else x for x in facts.minimal_r]
    checks = [_check_at(x, m) for x in facts.checks]
    return replace(facts, scope=cut, distance=distance, causal=causal, at_most_once=amo,
                   theorem_3_5=t35, minimal_r=minimal, checks=checks)


def _upto(series: Mapping[int, V], m: int) -> dict[int, V]:
    return {k: v for k, v in series.items() if k <= m}


def _size_of(cx: Counterexample) -> int:
    return max(q.size for q in (cx.first, cx.second) if q is not None)


def _last_increase(series: Mapping[int, int | None]) -> int | None:
    last, before = None, 0
    for k in sorted(series):
        if (series[k] or 0) > before:
            last = k
        before = series[k] or 0
    return last


def _check_at(check: ConsistencyCheck, m: int) -> ConsistencyCheck:
    if check.holds or check.fail_size is None or check.fail_size <= m:
        return check
    return replace(check, holds=True, fail_size=None, counterexample=None, coverage_size=None)


# ---------------------------------------------------------------------------
# the Thm 3.5 note, scopes, headlines


def _theorem_3_5_note(facts: Computed, cause: str | None
                      ) -> tuple[list[str], Counterexample | None]:
    """R bounded and at most once, yet (1, 4R+1) fails: Thm 3.5 predicts otherwise."""
    t35, d = facts.theorem_3_5, facts.distance
    if t35 is None or t35.holds or facts.at_most_once.holds is not True or d.trend.kind == "grows":
        return [], None
    io_value = d.io_by_size.get(max(d.io_by_size))
    text = say(Code.THEOREM_3_5_PREDICTS_OTHERWISE, io=io_value, trend=d.trend.reason, r=t35.r,
               cause=cause)
    return [text], t35.counterexample


def _found_scope(cx: Counterexample | None, scope: Scope) -> str:
    how = _engine_words(scope)
    if cx is None:
        return f"searched up to n = {scope.max_size}, {how} ({scope.engine})"
    return (f"counterexample at n = {_size_of(cx)}; searched up to n = {scope.max_size}, "
            f"{how} ({scope.engine})")


def _engine_words(scope: Scope) -> str:
    if scope.population:
        return f"{scope.population}, enumerated"
    return {
        "enumerate": "all instances enumerated",
        "enumerate+sample": "all instances enumerated, larger sizes sampled",
        "smt": "all instances decided by z3",
        "auto": "all instances, enumerated or decided by z3",
    }.get(scope.engine, scope.engine)


def with_proof(verdict: Verdict, proof: Any, scope: Scope) -> Verdict:
    """The top verdict `proved` when the rules prover shows the premises for every n.

    A proof never overrides a bounded refutation: that would be a bug in the
    prover (or the checker), reported loudly with both. When the proof fails,
    the bounded verdict stands and the failed premises are said.
    """
    failed = [p.name for p in proof.premises if p.status != "proved"]
    if not proof.holds:
        note = say(Code.PROOF_FAILED, failed=", ".join(failed))
        if "confluence" in failed and verdict.word == SUPPORTED:
            # the rules may end in different normal forms: a model may take any match, so a
            # bounded run that saw no such pair is no support for a rule format (issue 18)
            why = say(Code.CONFLUENCE_FAILS)
            undecided = replace(verdict, word=UNKNOWN, route=None, reasons=[why],
                                caveats=[*verdict.caveats, note], flat_since=None,
                                log_growth_bound=None)
            return replace(undecided, headline=headline(undecided, scope))
        return replace(verdict, caveats=[*verdict.caveats, note])
    if verdict.word == NOT_GUARANTEED:
        bug = say(Code.PROVER_CONTRADICTS_CHECK)
        return replace(verdict, warnings=[*verdict.warnings, bug])
    cert = proof.certificate
    caveats = [
        say(Code.PROVED_HOW, pairs=len(cert.critical_pairs), r=proof.r, word=verdict.word,
            max_size=scope.max_size),
        say(Code.PROVED_EXISTENCE),
    ]
    if verdict.coverage_size is not None:
        caveats.append(say(Code.PROVED_COVERAGE, max_size=scope.max_size,
                           cov=verdict.coverage_size))
    word = PROVED.upper()
    # the headline names the claim, (n, r)-consistent for every n; the route says the rest
    consistent = f"({proof.n}, {proof.r})-consistent"
    route = proof.claim.removeprefix("proved: ").removeprefix(f"{consistent} for every n, ")
    return replace(
        verdict, word=PROVED,
        route=route,
        theorems=["Thm 3.6/3.7 ((n, r)-consistency for every n ⇒ LG)",
                  "Newman's lemma (termination + joinable critical pairs ⇒ one normal form)"],
        reasons=[], scope=f"proved for all n (rules prover); {verdict.scope}",
        caveats=list[str](caveats),
        flat_since=None, log_growth_bound=None,  # the bounded evidence's strength: moot now
        headline=f"{word} for every n ({consistent}, rules prover)",
    )


def headline(verdict: Verdict, scope: Scope) -> str:
    """The verdict word with its scope, e.g. SUPPORTED up to n = 10 (…) — not a proof."""
    word = verdict.word.upper()
    short = {
        "enumerate": "all instances, enumerate",
        "smt": "all instances, z3",
        "auto": "all instances, enumerate + z3",
    }.get(scope.engine, "all instances")
    if scope.population:  # a dataset: its instances, not all instances of each size
        short = f"{scope.population}, {scope.engine}"
    if scope.sampled_sizes:
        lo, hi = scope.sampled_sizes[0], scope.sampled_sizes[-1]
        short = (f"all instances to n = {scope.max_size}, enumerate; n = {lo}..{hi} sampled, "
                 "not a proof")
    if verdict.word == SUPPORTED:
        short = short.removesuffix(", not a proof")  # said once, after the scope
        return f"{word} up to n = {scope.max_size} ({short}) — not a proof"
    if verdict.word == NOT_GUARANTEED:
        cx = verdict.counterexample
        where = f": counterexample at n = {_size_of(cx)}," if cx is not None else ""
        return f"{word}{where} up to n = {scope.max_size} ({short})"
    nxt = verdict.evidence.next_bound if verdict.evidence is not None else None
    if scope.population:
        nxt = None  # a dataset's instances are what they are: no bound to raise
    if scope.stopped_by is StopReason.INSTANCES:  # the instance cap cut it
        return (f"{word} at n = {scope.max_size} ({short}); the instance cap stopped the "
                f"check: raise {flag('max_instances')}, or try {flag('engine', 'smt')}")
    return f"{word} at n = {scope.max_size} ({short})" + (
        f"; try {flag('max_size', nxt)}" if nxt else "")


def _holding_check(checks: list[ConsistencyCheck], m: MinimalR) -> ConsistencyCheck | None:
    for c in checks:
        if not (c.form == m.form and c.r == m.value and c.holds and c.n <= m.n):
            continue
        if m.form != "recover" or c.anchor_rule == m.anchor_rule:
            return c
        if c.n == 1 and c.anchor_rule == "min" and m.anchor_rule == "greedy":
            return c  # greedy with one window is the min anchor rule
    return None
