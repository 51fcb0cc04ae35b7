"""Reason codes: what a verdict says, as a code with parameters (issue 20).

The verdict decides *which* reason applies and with which numbers
(`Reason(Code.EVIDENCE_C, n_cov=6, limit=3)` in spirit); the words are made
by `report.wording`, one function per code, so no behaviour can depend on a
sentence: code reads `.code` and `.params`, people read the text.

A `Reason` is a `str` (its text) that also carries its code and parameters.
That keeps every reader of reasons — the console, HTML, JSON, pytest
failures, user code that prints `verdict.reasons` — unchanged, while a program
that must branch on a reason has a typed field to branch on. The JSON report
lists the codes beside the texts (`reason_codes`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Code(StrEnum):
    """One code per kind of sentence a verdict can say."""

    # why not supported / why unknown
    NO_GUARANTEE = "no-guarantee"
    SAMPLED_CONFLICT = "sampled-conflict"
    READY_CYCLE = "ready-cycle"
    ORDER_DEPENDENT = "order-dependent"
    UNDECIDED = "undecided"  # an engine could not decide something (its finding's text)
    NOTHING_CHECKED = "nothing-checked"
    NO_STEP = "no-step"
    CAUSAL_NOT_WELL_DEFINED = "causal-not-well-defined"
    FAN_IN_GROWS = "fan-in-grows"
    EVIDENCE_NOT_MET = "evidence-not-met"
    MINIMAL_R_UNSETTLED = "minimal-r-unsettled"
    R_GROWS = "R-grows"
    AT_MOST_ONCE_FAILS = "at-most-once-fails"
    NO_R_HOLDS = "no-r-holds"
    MINIMAL_R_GROWS = "minimal-r-grows"
    CONFLUENCE_FAILS = "confluence-fails"
    # routes to supported
    ROUTE_THEOREM_3_5 = "route-theorem-3.5"
    ROUTE_FORM = "route-form"
    ROUTE_WITH_EVIDENCE = "route-with-evidence"
    # the evidence rules (DESIGN §2)
    EVIDENCE_KEEPS_GROWING = "evidence-keeps-growing"
    EVIDENCE_KEEPS_GROWING_TOKEN = "evidence-keeps-growing-token"
    EVIDENCE_B_NO_SIZE = "evidence-b-no-size"
    EVIDENCE_B = "evidence-b"
    EVIDENCE_A = "evidence-a"
    EVIDENCE_C_UPPER = "evidence-c-upper"
    EVIDENCE_C_UPPER_AT_BOUND = "evidence-c-upper-at-bound"
    EVIDENCE_C_UNKNOWN = "evidence-c-unknown"
    EVIDENCE_C = "evidence-c"
    EVIDENCE_D = "evidence-d"
    EVIDENCE_MET = "evidence-met"
    # caveats and warnings
    SUPPORTED_NOT_A_PROOF = "supported-not-a-proof"
    SUPPORTED_EXISTENCE = "supported-existence"
    PROOF_FAILED = "proof-failed"
    PROVED_HOW = "proved-how"
    PROVED_EXISTENCE = "proved-existence"
    PROVED_COVERAGE = "proved-coverage"
    THEOREM_3_5_PREDICTS_OTHERWISE = "theorem-3.5-predicts-otherwise"
    PROVER_CONTRADICTS_CHECK = "prover-contradicts-check"


class Reason(str):
    """A sentence of a verdict: its text, with the code and parameters it was worded from."""

    code: Code
    params: dict[str, Any]

    def __new__(cls, code: Code, params: dict[str, Any], text: str) -> Reason:
        self = super().__new__(cls, text)
        self.code = code
        self.params = params
        return self

    def __getnewargs__(self) -> tuple[Code, dict[str, Any], str]:  # type: ignore[override]
        # pickled across worker processes: rebuilt with its code, not as a bare str
        return (self.code, self.params, str(self))

    def to_dict(self) -> dict[str, Any]:
        """The code and its parameters, for machines (JSON `reason_codes`)."""
        return {"code": str(self.code),
                "params": {k: v if isinstance(v, int | float | bool | None) else str(v)
                           for k, v in self.params.items()}}
