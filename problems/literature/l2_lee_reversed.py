"""L-2 Lee et al. 2023: operands most significant digit first, the answer reversed.

Paper and code: repo lee-ny/teaching_arithmetic, `main_utils.py`,
`generate_data_str(format='reverse')` writes
`f"${x1}{operator}{x2}={str(y)[::-1]}$\\n"` (configs `*_reverse*`, e.g.
`config/0222_train_addition_reverse.py`, evaluated with `reverse_c = True`):

    $128+367=594$

Tokenisation: one token per character, `$` delimiters dropped; both operands
have n digits (leading zeros allowed) and the reversed answer always has
n+1 digits, the carry last (Lee drops a leading zero of the sum). Base 2 by
default (`base10/literature10.py` for `--engine smt`). Base 2, 3 + 1:

    1 1 + 0 1 =              reads (1, 4, 5)          c0 = a0 + b0
    1 1 + 0 1 = 0            reads (0, 1, 3, 4, 6)    c1 = a1 + b1 + carry(a0, b0, c0)
    1 1 + 0 1 = 0 0          reads (0, 3, 7)          c2 = carry(a1, b1, c1)
    1 1 + 0 1 = 0 0 1        halt (reversed 100₂ = 4)

No carry token is written, but the carry into column k is a function of
a_(k−1), b_(k−1) and the digit c_(k−1) just written (see
`_literature_arith.carry_from`), so step k reads five tokens: the most
favourable reading of this format. Step 0 reads `=` (carry 0).

Published outcome: length-extension ratio 1.0x, a value Zhou et al. 2024
(Fig. 1/2) take from Lee et al. — a secondary source for Lee's result; the
Fig. 2 caption says the studies compared used a reversed format, so the
value belongs to this layout, not to L-1. Lee's own length-generalization
configs (primary code) train on 1–7 digits and test on 8 with
`reverse_c = True` (reference/literature-formats.md L-2): failed.

Expectations, derived by hand (bound N = max_size = 5):

* causal_function: well defined; fan-in 3 at n = 1, 5 from n = 2 (bounded).
* R: step k reads a_k at n−1−k and the last token at 2n+1+k (span
  n+2+2k); the carry step reads a_(n−1) at 0 and c_(n−1) at 3n: R_n = 3n,
  grows — a_k sits ever further back and no token says which digit is next.
* at_most_once: False — a_k is read by steps k and k+1 (a0 twice at n = 1).
* Recover form, n = 1, anchor min: the carry step's span is 3n, so h ≥ 3N =
  15 and r ≥ 31 > 21 at N = 5: None.
"""

from __future__ import annotations

from collections.abc import Iterator

from _literature_arith import digits, operand_length, rules, sum_instances, sum_layout

from lengthcheck import Problem, State, Step


class LeeReversed(Problem):
    name = "lee-reversed"
    description = "Lee et al. a+b= with the answer reversed (LSB first), no carry token (L-2)"
    base = 2
    alphabet = digits(2) + ("+", "=")
    max_size = 5
    published = {
        "id": "L-2",
        "outcome": "failed",
        "device": "",
        "source": "Zhou et al. 2024, Fig. 1/2 captions (secondary: Lee et al.'s value, 1.0x, "
        "for the reversed format); Lee et al. 2023, repo lee-ny/teaching_arithmetic "
        "length-generalization configs (primary code: train 1-7 digits, test 8, "
        "reverse_c=True); reference/literature-formats.md L-2",
        "summary": "length-extension ratio 1.0x (no extension past the trained lengths)",
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
        k = len(s) - (2 * n + 2)  # answer digits written so far
        if k == n + 1:
            return None
        r = rules(self.base)
        last = len(s) - 1

        def a(j: int) -> int:
            return n - 1 - j

        def b(j: int) -> int:
            return 2 * n - j

        if k == 0:
            return Step(reads=(a(0), b(0), last), next=s + (r.digit(s[a(0)], s[b(0)], "0"),))
        carry = r.carry_from(s[a(k - 1)], s[b(k - 1)], s[last])
        if k == n:
            return Step(reads=(a(n - 1), b(n - 1), last), next=s + (carry,))
        reads = (a(k), a(k - 1), b(k), b(k - 1), last)
        return Step(reads=reads, next=s + (r.digit(s[a(k)], s[b(k)], carry),))
