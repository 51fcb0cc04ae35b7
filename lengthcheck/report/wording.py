"""The words of every reason code (issue 20): one template per `reasons.Code`.

The verdict picks the code and the numbers; the sentence is made here, and an
option it names is spelt the way the user's front door spells it
(`options.flag`: `--max-size 12`, `--lengthcheck-max-size=12`, `max_size=12`).
Rewording a sentence means editing one entry of `TEMPLATES`; a test rewords
them all and checks that no verdict changes (tests/test_reworded.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lengthcheck.options import flag
from lengthcheck.reasons import Code, Reason


def _try(bound: int | None) -> str:
    return f"; check {flag('max_size', bound)}" if bound else ""


def _prove(rule_problem: bool) -> str:
    return ("run `lengthcheck prove` (the rules prover) to see which premise it cannot show "
            "for every n" if rule_problem else "write the format as rules; see `lengthcheck prove`")


TEMPLATES: dict[Code, Callable[..., str]] = {
    Code.NO_GUARANTEE: lambda: "the theory gives no guarantee",
    Code.SAMPLED_CONFLICT: lambda n: (
        f"sampling beyond the enumerated sizes found a conflict at n = {n} (shrunk by "
        "Hypothesis)"),
    Code.READY_CYCLE: lambda cycle: (
        "the theory gives no guarantee: some order of the ready steps never ends — they lead "
        f"around a cycle: {cycle}; a model may take any ready step, so the ready steps must "
        "terminate in every order"),
    Code.ORDER_DEPENDENT: lambda: (
        "the theory gives no guarantee: a model may take any ready step, but two orders of the "
        "ready steps end in different final states, so the answer depends on the order taken "
        "(ready(s) lets a step go before one it depends on)"),
    Code.UNDECIDED: lambda finding: finding,
    Code.NOTHING_CHECKED: lambda: "no size could be checked",
    Code.NO_STEP: lambda max_size: (
        f"no instance of size ≤ {max_size} takes a step: there is no reasoning to judge; check "
        f"step(), or raise {flag('max_size')} if steps start later"),
    Code.CAUSAL_NOT_WELL_DEFINED: lambda: (
        "the causal function f is not well defined: the same causal input gives two different "
        "outputs"),
    Code.FAN_IN_GROWS: lambda trend: (
        f"the fan-in (the most reads of one step) grows with n ({trend}): the causal input "
        "space X is not finite, so f cannot be learned from bounded sizes"),
    Code.EVIDENCE_NOT_MET: lambda route, evidence: (
        f"{route}, but the evidence rules are not met: {evidence}"),
    Code.MINIMAL_R_UNSETTLED: lambda config, trend, next_bound: (
        f"{config}: the minimal r {trend}{_try(next_bound)}"),
    Code.R_GROWS: lambda trend: f"R grows with n ({trend})",
    Code.AT_MOST_ONCE_FAILS: lambda why: f"at most once does not hold ({why})",
    Code.NO_R_HOLDS: lambda config, max_size: (
        f"{config}: no r within the limits holds at n = {max_size}"),
    Code.MINIMAL_R_GROWS: lambda config, trend: (
        f"{config}: the minimal r grows with the bound ({trend})"),
    Code.CONFLUENCE_FAILS: lambda: (
        "the rules' confluence premise fails (two matches may lead to different normal forms), "
        "so no bounded run supports this rule format; see `lengthcheck prove`"),
    Code.ROUTE_THEOREM_3_5: lambda io, r: (
        f"R_io = {io} (the reads and writes of a step) and every element is read at most once, "
        f"so Thm 3.5 gives (1, {r})-consistency; checked directly"),
    Code.ROUTE_FORM: lambda n, r, form, how: f"({n}, {r})-consistent in the {form} form ({how})",
    Code.ROUTE_WITH_EVIDENCE: lambda route, evidence: f"{route}; {evidence}",
    Code.EVIDENCE_KEEPS_GROWING: lambda series, first, bound: (
        f"{series} grows at every size from n = {first} to {bound}, so no bound is known to "
        "decide it (a larger bound would only show more growth); look for what grows with n: "
        "a token, a counter, a window"),
    Code.EVIDENCE_KEEPS_GROWING_TOKEN: lambda series, token, at, first: (
        f"{series} grows with n: {token} first appears at n = {at} (a new token at every size "
        f"from n = {first}); the format needs a new token for every size, so no bound decides "
        "it; write the count with a fixed vocabulary (digits, unary marks)"),
    Code.EVIDENCE_B_NO_SIZE: lambda window: (
        f"rule (b): no checked size has all its instances longer than the window r = {window} "
        "(below that a window sees whole instances)"),
    Code.EVIDENCE_B: lambda eligible, window, until: (
        f"rule (b): only sizes from n = {eligible} have every instance longer than the window "
        f"r = {window}; the flat run must reach n = {until}"),
    Code.EVIDENCE_A: lambda series, start, bound, until: (
        f"rule (a): the {series} is flat only from n = {start} to {bound}; a flat run must "
        f"double (up to n = {until})"),
    Code.EVIDENCE_C_UPPER: lambda cov, limit, until: (
        f"rule (c): N_cov ≤ {cov} is only an upper bound (z3 could not list some windows' "
        f"values) and exceeds N/2 = {limit}; check with {flag('engine', 'enumerate')} or "
        f"{flag('max_size', until)}"),
    Code.EVIDENCE_C_UPPER_AT_BOUND: lambda cov: (
        f"rule (c): N_cov ≤ {cov} is only an upper bound (z3 could not list some windows' "
        "values) and it is the bound itself, so a larger bound would bound it by itself again; "
        f"check with {flag('engine', 'enumerate')}"),
    Code.EVIDENCE_C_UNKNOWN: lambda: "rule (c): the coverage size is not known",
    Code.EVIDENCE_C: lambda cov, limit: (
        f"rule (c): new patterns still appear at n = {cov}, after N/2 = {limit}: training "
        "coverage is not shown to saturate"),
    Code.EVIDENCE_D: lambda bounds: (
        f"rule (d): the verdict at n = {bounds} (from the same series) is not-guaranteed; it "
        "must hold from n = ⌈N/2⌉ on"),
    Code.EVIDENCE_MET: lambda start, bound, window, cov, half: (
        f"every series it rests on is flat for n = {start}..{bound} (≥ doubling), every "
        f"instance there is longer than r = {window}, coverage saturated at n = {cov} ≤ N/2, "
        f"no opposite verdict from n = {half} on"),
    Code.SUPPORTED_NOT_A_PROOF: lambda max_size, rule_problem: (
        f"supported, not a proof: the conditions hold on every instance up to n = {max_size} "
        "(no counterexample); only `proved` is a guarantee — to turn this into `proved`, "
        f"{_prove(rule_problem)}"),
    Code.SUPPORTED_EXISTENCE: lambda cov, max_size: (
        "if the conditions hold for every n, length generalization is possible for a suitable "
        f"model trained on sizes ≤ {cov} (every pattern seen up to n = {max_size} occurs by "
        "then); this is an existence statement, not a statement about SGD"),
    Code.PROOF_FAILED: lambda failed: (
        f"the rules prover did not prove this for every n ({failed} not proved); the verdict "
        "stays the bounded one"),
    Code.PROVED_HOW: lambda pairs, r, word, max_size: (
        f"proved for all n by the rules prover (termination weights found, {pairs} critical "
        f"pairs joinable, markers unique by the layout's shape, windows of r = {r}); the "
        f"bounded check ({word} up to n = {max_size}) agrees"),
    Code.PROVED_EXISTENCE: lambda: (
        "sufficient condition met for every n: length generalization is possible for a "
        "suitable model (Thm 3.6/3.7); an existence statement, not a statement about SGD"),
    Code.PROVED_COVERAGE: lambda max_size, cov: (
        f"training coverage from the bounded check: every pattern seen up to n = {max_size} "
        f"occurs by n = {cov}"),
    Code.THEOREM_3_5_PREDICTS_OTHERWISE: lambda io, trend, r, cause: (
        f"R_io = {io} (R {trend}) and at most once holds, yet (1, 4·R_io+1) = (1, {r}) fails: "
        f"Thm 3.5 predicts otherwise. " + (cause or (
            "Usual causes: the format prescribes one step order where the theorem lets a model "
            "take any ready step (declare ready(s)), consumed inputs stay in place so used and "
            "unused elements look alike, or an empty slot looks like the current one."))),
    Code.PROVER_CONTRADICTS_CHECK: lambda: (
        "the rules prover claims a proof for every n that the bounded check refutes: this is a "
        "bug in lengthcheck; please report it with this spec"),
}


def say(code: Code, **params: Any) -> Reason:
    """The reason `code` with `params`, worded by its template."""
    return Reason(code, params, TEMPLATES[code](**params))
