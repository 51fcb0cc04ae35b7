"""M-1 McLeish et al. 2024, "Transformers Can Do Arithmetic with the Right Embeddings".

Paper and code: repo mcleish7/arithmetic, `create_data_split.py`,
`generate_dataset(..., reverse_all=True)` reverses both operands and the
result and writes `f"{num1_str}{operation}{num2_str}={result}"`; `abacus.py`
gives every digit an embedding of its index inside its number ("Integers
must be reversed for this to work correctly"). 12 + 34 = 46 is written

    21+43=64

Tokenisation: one token per character; n-digit operands (leading zeros
allowed) and an answer of n+1 digits, the carry last. The released recipe
draws the two operand lengths independently from 1–20 (`--bucket`), not
padded to one length with `prepend_zeros`
(literature-formats.md M-1): equal lengths with leading zeros are this
spec's simplification. These are the tokens of the Abacus format without the embedding: the
embedding (digit index k inside its number) is exactly what the tokens lack.
Base 2 by default (`base10/literature10.py` for `--engine smt`). 3 + 1:

    1 1 + 1 0 =              reads (0, 3, 5)          c0 = a0 + b0
    1 1 + 1 0 = 0            reads (0, 1, 3, 4, 6)    c1 = a1 + b1 + carry(a0, b0, c0)
    1 1 + 1 0 = 0 0          reads (1, 4, 7)          c2 = carry(a1, b1, c1)
    1 1 + 1 0 = 0 0 1        halt

Step k reads a_(k−1), a_k, b_(k−1), b_k and the digit just written (the carry
recovered as in `_literature_arith.carry_from`); step 0 reads `=`.

Published outcome: trained on ≤ 20 digits, up to 99% on 100-digit addition
with Abacus embeddings (McLeish et al. 2024, abstract, a primary source):
generalized with a positional device.

Expectations, derived by hand (bound N = max_size = 5):

* causal_function: well defined; fan-in 3 at n = 1, 5 from n = 2.
* R: step k reads a_(k−1) at k−1 and the last token at 2n+1+k: span 2n+2
  for k ≥ 1 (R_n = 2n+2), grows.
* at_most_once: False — a_k is read by steps k and k+1.
* Recover form, n = 1, anchor min (a_(k−1)): h ≥ 2N+2 to cover the reads;
  with h = 2N+2 = 12 at N = 5 the window at k−1 ends exactly at the last
  token, and the next state (one more token, that position now NONE) shows
  the same window: conflict. So r ≥ 4N+7 > 21: None.
"""

from __future__ import annotations

from collections.abc import Iterator

from _literature_arith import digits, operand_length, rules, sum_instances, sum_layout

from lengthcheck import Problem, State, Step


class AbacusReversed(Problem):
    name = "abacus-reversed"
    description = "McLeish et al. operands and answer all reversed, tokens without the Abacus "\
        "embedding (M-1)"
    base = 2
    alphabet = digits(2) + ("+", "=")
    max_size = 5
    published = {
        "id": "M-1",
        "outcome": "generalized-with-device",
        "device": "Abacus embeddings (each digit's index within its number)",
        "source": "McLeish et al. 2024, abstract (primary); repo mcleish7/arithmetic "
        "create_data_split.py, abacus.py, recipe with --bucket (primary code); "
        "reference/literature-formats.md M-1",
        "summary": "trained on ≤ 20 digits, up to 99% accuracy on 100-digit addition",
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
        if k == 0:
            return Step(reads=(0, n + 1, last), next=s + (r.digit(s[0], s[n + 1], "0"),))
        carry = r.carry_from(s[k - 1], s[n + k], s[last])
        if k == n:
            return Step(reads=(n - 1, 2 * n, last), next=s + (carry,))
        reads = (k - 1, k, n + k, n + 1 + k, last)
        return Step(reads=reads, next=s + (r.digit(s[k], s[n + 1 + k], carry),))
