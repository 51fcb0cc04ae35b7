"""L-1 Lee et al. 2023, "Teaching Arithmetic to Small Transformers": plain addition, MSB first.

Paper and code: repo lee-ny/teaching_arithmetic, `main_utils.py`,
`generate_data_str(format='plain')` writes `f"{x1}{operator}{x2}={y}\\n"`
(`plain2` wraps it in `$…$`), e.g.

    128+367=495

Tokenisation: one token per character; both operands have exactly n digits
(leading zeros allowed) and the answer always has n+1 digits, the carry
first (Lee writes no leading zero: `128+367=495`, here `0495` in base 10;
fixed width keeps the carry digit a step of its own instead of a
length that depends on the value). Base 2 by default (`base = 10` in
`base10/literature10.py` for `--engine smt`). Base 2, n = 2, 3 + 1:

    1 1 + 0 1 =              reads (0, 1, 3, 4, 5)   carry digit: every digit and `=`
    1 1 + 0 1 = 1            reads (0, 1, 3, 4)      c1: a1 a0 b1 b0
    1 1 + 0 1 = 1 0          reads (1, 4)            c0: a0 b0
    1 1 + 0 1 = 1 0 0        halt (100₂ = 4)

Each answer digit c_i depends on a_i, b_i and the carry into column i, which
no token shows: it is a function of every lower digit. So the step writing
c_i reads a_i … a_0 and b_i … b_0 (the first step also reads `=`, so that the
carry digit and c_(n−1) — which read the same digits — are different causal
inputs).

Published outcome: not reported. No length-generalization result for the
plain format was found. The 1.0x that Zhou et al. 2024 ("Transformers Can
Achieve Length Generalization But Not Robustly", Fig. 1/2) give for Lee et
al. belongs to Lee's *reversed* format (L-2, `l2_lee_reversed.py`): the
Fig. 2 caption says all the studies compared there used a reversed format
(reference/literature-formats.md L-1). Not reported is not failed: the
verdict here is compared with nothing.

Expectations, derived by hand (bound N = max_size = 5):

* causal_function: well defined (a digit of the sum of the digits read).
* fan-in 2n + 1 at size n (the carry step): grows, so X is infinite
  (Cor 3.1.2) and the verdict is not-guaranteed whatever the windows do.
* R_n = 2n + 1 (the carry step reads 0 … 2n+1): grows.
* at_most_once: False — a0 and b0 are read by every step (already at n = 1).
* Recover form, n = 1, anchor min: the carry step and c_(n−1) both anchor at
  0; telling them apart needs the window at 0 to reach the first answer token
  at 2n + 2, so h ≥ 2N + 2 and r ≥ 4N + 5 = 25 > 21 at N = 5: None.
"""

from __future__ import annotations

from collections.abc import Iterator

from _literature_arith import digits, operand_length, rules, sum_instances, sum_layout

from lengthcheck import Problem, State, Step


class LeePlain(Problem):
    name = "lee-plain"
    description = "Lee et al. plain a+b=c, MSB first: the carry is never written (L-1)"
    base = 2
    alphabet = digits(2) + ("+", "=")
    max_size = 5
    published = {
        "id": "L-1",
        "outcome": "not-reported",
        "device": "",
        "source": "Lee et al. 2023 (primary: paper and repo lee-ny/teaching_arithmetic) report "
        "no length-generalization result for the plain format; the 1.0x of Zhou et al. 2024, "
        "Fig. 1/2 (secondary) is Lee's reversed format, per the Fig. 2 caption; "
        "reference/literature-formats.md L-1",
        "summary": "no length-generalization result found for the plain MSB-first format",
    }
    expect = {
        "verdict": "not-guaranteed",
        "R": "grows",
        "at_most_once": False,
        "causal_function": True,
        "minimal_r": {"recover": {1: None}},
    }

    def layout(self, n: int):  # the z3 engine's view of instances(n)
        return sum_layout(self.base, n)

    def instances(self, n: int) -> Iterator[State]:
        return sum_instances(self.base, n)

    def step(self, s: State) -> Step | None:
        n = operand_length(s)
        written = len(s) - (2 * n + 2)
        if written == n + 1:
            return None
        r = rules(self.base)
        i = n - written  # the column of the digit written now (n: the carry digit)
        carry = "0"
        for j in range(min(i, n)):  # a_j at n-1-j, b_j at 2n-j
            carry = r.carry(s[n - 1 - j], s[2 * n - j], carry)
        if i == n:
            reads = tuple(range(0, n)) + tuple(range(n + 1, 2 * n + 1)) + (2 * n + 1,)
            return Step(reads=reads, next=s + (carry,))
        reads = tuple(range(n - 1 - i, n)) + tuple(range(2 * n - i, 2 * n + 1))
        return Step(reads=reads, next=s + (r.digit(s[n - 1 - i], s[2 * n - i], carry),))
