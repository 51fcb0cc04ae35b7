"""The paper's running example `3+2×1 → 3+2 → 5`, with every ready step declared (good).

Format: exactly arith_fixed_order (expressions over digits 0..3 and `+`, `*`,
mod 4, `×` before `+`, a step splices the value of one operation
`(a, op, b)` at `(i, i+1, i+2)` into `s[:i] + (v,) + s[i+3:]`, halt at one
token, no markers), plus `ready(s)`: every operation that may be reduced next
while respecting precedence — any `*`, and a `+` whose neighbouring operators
(at p − 2 and p + 2) are not `*`. The trace still follows the fixed order
(leftmost `*`, else leftmost `+`), which is always one of the ready steps.

    3 + 2 * 1      ready: (2, 3, 4)          trace reads (2, 3, 4)
    3 + 2          ready: (0, 1, 2)          trace reads (0, 1, 2)
    1              halt                      (5 ≡ 1 mod 4)

Source: Xiao & Liu v1 intro; DESIGN.md §2 "Several ready steps" (min r 7).

Expectations, derived by hand (bound N = 5; reachable states = all
expressions with ≤ 5 operands, since each is an instance):

* causal_function, at_most_once, R = 2: as in arith_fixed_order (the same steps).
* Recover form, n = 1, anchor min(I): with `ready`, a digit at c is labelled
  {0,1,2} iff the operation at c+1 is ready: `s[c+1] = *`, or `s[c+1] = +`
  and `s[c−1] ≠ *` and `s[c+3] ≠ *`; everything else is NONE. These positions
  lie within radius 3, so h = 3 is consistent. h = 2 is not: `1+1+1` (0 is
  ready) and `1+1*1` (0 is not) share the window `⊥ ⊥ 1 + 1` at 0. No two
  ready steps share an anchor. So r_min = 7 at every bound ≥ 3 (within
  4R+1 = 9), and the verdict is supported by Thm 3.5 (R = 2, at-most-once,
  (1, 9) holds).

Verdict at the default bound (evidence rules, DESIGN §2): unknown. (1, 7)
holds at every bound tried, but rule (b) counts only sizes whose instances
are all longer than the window of 7 (n ≥ 5 here), so the flat run must reach
N = 10, far beyond what enumerating the ready steps of every expression
allows in a quick check. The numbers DESIGN quotes (minimal r 7 at bounds
3, 4, 5) are tested as such.

Proved for every n through inferred rules (issue 23):
`lengthcheck prove problems/arith_running_example.py` reads one rule per
(window → written tokens) off the traces, checks that the rules
take exactly the spec's steps up to the bound, and proves the rules; that they are
this step() is shown up to the bound only (tests/test_inferred_rules.py, n = 5).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from lengthcheck import State, Step


def _sibling(name: str) -> ModuleType:
    """Load a sibling module of problems/ by path (problems/ is not a package)."""
    spec = importlib.util.spec_from_file_location(
        f"lengthcheck_problems_{name}", Path(__file__).with_name(f"{name}.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_fixed = _sibling("arith_fixed_order")


class ArithRunningExample(_fixed.ArithFixedOrder):  # type: ignore[name-defined]
    name = "arith-running-example"
    engine = "enumerate"  # z3 follows one order only: with ready() it can only say unknown
    description = (
        "expressions mod 4, splice-reduce one operation per step, every precedence-respecting "
        "reduction declared ready; expected good (1,7)"
    )
    expect = {
        "verdict": "unknown",
        "R": 2,
        "at_most_once": True,
        "causal_function": True,
        "minimal_r": {"recover": {1: 7}},
    }

    def ready(self, s: State) -> list[Step]:
        # Steps with their next states, so that the states every order reaches are
        # explored and every order is checked to end in the same value
        steps = []
        for p in range(1, len(s), 2):
            left_free = p < 2 or s[p - 2] != "*"
            right_free = p + 2 >= len(s) or s[p + 2] != "*"
            if s[p] == "*" or (left_free and right_free):
                value = _fixed.apply(s[p - 1], s[p], s[p + 1])
                steps.append(Step(reads=(p - 1, p, p + 1), next=s[: p - 1] + (value,) + s[p + 2 :]))
        return steps
