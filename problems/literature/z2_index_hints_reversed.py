"""Z-2 Zhou et al. 2024, "Transformers Can Achieve Length Generalization But Not Robustly".

Format: operands and answer all least significant digit first, every digit
preceded by an index hint; digits of the same significance carry the same
hint in both operands and in the answer (Zhou et al. 2024, §3; the hints
go back to Zhou et al. 2023). Written as in the paper, with hint letters:

    a2b1+a4b3=a6b4        (12 + 34 = 46; a, b: hints; operands reversed)

The hints are a finite set, and a training example uses a run of
consecutive hints starting at a random one, so short examples show every
hint (the paper's device against unseen hint tokens): consecutive hints
from an ordered set of 102 symbols, one zero of padding
(literature-formats.md Z-2); H = 8 hints here.

Tokenisation: hints are tokens `i0 … i(H−1)` (H = `hint_count` = 8 by default,
so sizes go up to H − 1 = 7); an instance of size n is two n-digit
operands and a start hint s with s + n ≤ H − 1, the hint of column j being
i(s+j). The answer has n+1 digits, the carry last, each after its hint.
Base 2 by default (`base10/literature10.py` for `--engine smt`). 3 + 1
(n = 2, s = 0):

    i0 1 i1 1 + i0 1 i1 0 =                      reads (0, 1, 6, 9)   hint copied from a
    i0 1 i1 1 + i0 1 i1 0 = i0 0                 reads (1, 3, 6, 8, 10, 11)
    i0 1 i1 1 + i0 1 i1 0 = i0 0 i1 0            reads (3, 8, 12, 13) next hint, carry
    i0 1 i1 1 + i0 1 i1 0 = i0 0 i1 0 i2 1       halt (reversed 100₂ = 4)

Step k (1 ≤ k < n) reads a_(k−1), a_k, b_(k−1), b_k and the last answer
pair (its hint gives the next hint; the carry comes from the digit, as in
`_literature_arith.carry_from`).

Published outcome: generalized with a device. Trained up to 40 digits,
> 98% at 100 digits (2.5x) with FIRE and randomized positions, the best of
10 seeds; other encodings degrade past about 60 digits, and NoPE with the
same tokens reaches 1.5x (Zhou et al. 2024, abstract, Fig. 1/2;
literature-formats.md Z-2). The authors call the result "primarily
contingent on the choice of position encoding" (as quoted in
literature-formats.md): the 2.5x is not the tokens' doing alone, so the
tokens' verdict need not be `supported` (as for Abacus, M-1, and position
coupling).

Expectations, derived by hand (bound N = max_size = 6):

* causal_function: well defined; fan-in 4 at n = 1, 6 from n = 2.
* R: step k reads a_(k−1) at 2k−1 and the last token at 4n+1+2k: R_n =
  4n+2, grows — but the hints locate everything.
* at_most_once: False — a_k is read by steps k and k+1.
* Recover form, greedy anchors, n = 3, h = 2: one window covers a_(k−1),
  a_k (2 apart), one b_(k−1), b_k, one the last answer pair. The three
  windows show i(t), i(t+1) around a_(k−1) and b_(k−1) and i(t) in the
  answer; a position whose window looks like an a- or b-window with a
  different hint, or an answer window of another column, cannot complete a
  key that also occurs as a true anchor tuple (the hints disagree), and the
  end window is the only one with ⊥ on its right. h = 1 needs five
  windows. So (3, 5) and (4, 5) hold at every bound; n = 1, 2 need the
  windows to span the operands: None.
* Evidence: |X| stops growing at n = 3 (a column with carry-in 1 read
  through c_(k−1) first occurs at k = 2); r_min = 5 from n = 2; so the
  bound must be N = 6 ≥ 2·3. But coverage never saturates: the window
  centred two before `+` shows `i(s+n−1) a + i(s) b`, and the one before
  `=` shows `i(s+n−1) b = i(s) c` — the two hints differ by n − 1, so
  every size brings windows (decoy keys, label NONE) no smaller size had
  (enumerating all length-5 windows: 48 new ones at n = 5 alone, all of
  this shape). Rule (c) fails at every bound: unknown. This is the format
  as the theory reads it, not the checker: a model trained on n ≤ N never
  saw those windows. `l2_lee_reversed_hinted_mirrored.py` shows a layout
  whose boundary windows pair equal hints.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from _literature_arith import digits, hints, next_hint, rules

from lengthcheck import Problem, State, Step


class IndexHintsReversed(Problem):
    name = "index-hints-reversed"
    description = "Zhou et al. 2024 reversed operands and answer with index hints (Z-2)"
    base = 2
    hint_count = 8
    msb_a = False  # operand a least significant digit first (True: most significant first)
    msb_b = False  # the same for operand b
    alphabet = digits(2) + hints(8) + ("+", "=")
    max_size = 6
    published = {
        "id": "Z-2",
        "outcome": "generalized-with-device",
        "device": "FIRE + randomized positions",
        "source": "Zhou et al. 2024, abstract and Fig. 1/2 (primary): 2.5x with FIRE + "
        "randomized positions, best of 10 seeds; NoPE with the same tokens 1.5x; "
        "reference/literature-formats.md Z-2",
        "summary": "trained to 40 digits, > 98% at 100 digits (2.5x), best of 10 seeds; NoPE "
        "with the same tokens 1.5x",
    }
    expect = {
        "verdict": "unknown",
        "R": "grows",
        "at_most_once": False,
        "causal_function": True,
        "minimal_r": {"recover": {1: None, 2: None, 3: 5, 4: 5}},
    }

    def _operand(self, digits_: State, first_hint: int, msb: bool) -> State:
        """`hint digit` pairs; digits_ is least significant first."""
        n = len(digits_)
        order = range(n - 1, -1, -1) if msb else range(n)
        return tuple(t for j in order for t in (f"i{first_hint + j}", digits_[j]))

    def instances(self, n: int) -> Iterator[State]:
        ds = digits(self.base)
        for start in range(self.hint_count - n):
            for a in itertools.product(ds, repeat=n):
                for b in itertools.product(ds, repeat=n):
                    a_part = self._operand(a, start, self.msb_a)
                    yield a_part + ("+",) + self._operand(b, start, self.msb_b) + ("=",)

    @staticmethod
    def _at(n: int, j: int, msb: bool) -> int:
        """Offset of digit j inside its operand (its hint is one before)."""
        return 2 * (n - 1 - j) + 1 if msb else 2 * j + 1

    def step(self, s: State) -> Step | None:
        n = 0
        while s[2 * n] != "+":
            n += 1
        k = (len(s) - (4 * n + 2)) // 2  # answer pairs written so far
        if k == n + 1:
            return None
        r = rules(self.base)

        def a(j: int) -> int:
            return self._at(n, j, self.msb_a)

        def b(j: int) -> int:
            return 2 * n + 1 + self._at(n, j, self.msb_b)

        last = len(s) - 1
        if k == 0:
            reads = (a(0) - 1, a(0), b(0), last)
            return Step(reads=reads, next=s + (s[a(0) - 1], r.digit(s[a(0)], s[b(0)], "0")))
        carry = r.carry_from(s[a(k - 1)], s[b(k - 1)], s[last])
        hint = next_hint(self.hint_count)(s[last - 1])
        if k == n:
            return Step(reads=(a(n - 1), b(n - 1), last - 1, last), next=s + (hint, carry))
        reads = tuple(sorted((a(k - 1), a(k), b(k - 1), b(k), last - 1, last)))
        return Step(reads=reads, next=s + (hint, r.digit(s[a(k)], s[b(k)], carry)))
