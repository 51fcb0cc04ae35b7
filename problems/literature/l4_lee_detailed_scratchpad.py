"""L-4 Lee et al. 2023: the "detailed scratchpad" — every line copies the previous one's lists.

Paper and code: repo lee-ny/teaching_arithmetic, data file
`data/algo_reasoning/add_examples_algorithmic_500.txt`, written by
`main_utils.get_algo_reasoning_str(..., simple=False)`:

    Input:
    27+70
    Target:
    <scratch>
    [2,7] has 2 digits.
    [7,0] has 2 digits.
    [2,7] + [7,0] , A=[] , C=0 , 7+0+0=7 , A->7 , C->0
    [2] + [7] , A=[7] , C=0 , 2+7+0=9 , A->9 , C->0
    [] + [] , A=[9,7] C=0 , END
    </scratch>
    9 7

Each line restates both operands without the digits already used, the
answer list so far and the carry, then the column sum; the last line says
END; the answer follows (a leading 1 only when the carry is 1).

Tokenisation: operands of n digits each; `Input:`…`<scratch>` becomes one
`:`; the two "has n digits" lines are left out (they only repeat the
operands); brackets are tokens, commas inside lists are dropped; a line is
`[ a… ] + [ b… ] A [ answer… ] C c` followed by `, x y c A> d C> c'` (the
column's digits, then `A->`, `C->`; the decimal sum `x+y+c=s` is left out —
it is a function of x, y, c) or by `END`; `</scratch>` is dropped. Base 2
by default (`base10/literature10.py` for `--engine smt`). 1 + 1 in base 2:

    1 + 1 :
      [ 1 ] + [ 1 ] A [ ] C 0 , 1 1 0 A> 0 C> 1       reads the prompt (0 … 3)
      [ ] + [ ] A [ 0 ] C 1 END                        reads all of line 0
      1 0                                              reads all of line 1
    halt (10₂ = 2)

One step writes one whole line, reading every token of the line before it
(the lists are copied from there): the causal input of a step grows with n.

Published outcome: not reported — Lee et al.'s scratchpad configs score only
lengths up to the training length (reference/literature-formats.md L-3,
L-4). Not reported is not failed.

Expectations, derived by hand (bound N = max_size = 4):

* causal_function: well defined (a line is a function of the line before).
* fan-in: line 0 reads the 2n+2 prompt tokens; a line with k columns done
  has 2(n−k) + k + 18 tokens (k < n) or n + 11 (END), and line k ≥ 1 reads
  all of line k−1: 2n+18 at k = 1. Grows with n, so X is infinite
  (Cor 3.1.2): not-guaranteed.
* R: the widest read is that whole line, R_n = 2n+17: grows.
* at_most_once: True — every line is read once, by the next step.
* Recover form, n = 1, anchor min: the window must cover a line, h ≥ 2N+17
  = 25 at N = 4: None.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from _literature_arith import digits, rules

from lengthcheck import Problem, State, Step


class LeeDetailedScratchpad(Problem):
    name = "lee-detailed-scratchpad"
    description = "Lee et al. detailed scratchpad: each line restates the previous line's "\
        "lists (L-4)"
    base = 2
    alphabet = digits(2) + ("+", ":", "[", "]", "A", "C", ",", "A>", "C>", "END")
    max_size = 4
    published = {
        "id": "L-4",
        "outcome": "not-reported",
        "device": "",
        "source": "Lee et al. 2023, repo lee-ny/teaching_arithmetic scratchpad configs "
        "(primary code: scored only up to the training length), data file "
        "data/algo_reasoning/add_examples_algorithmic_500.txt; no length-generalization result "
        "in a primary source; reference/literature-formats.md L-4",
        "summary": "no length-generalization result (evaluated only up to the training "
        "length)",
    }
    expect = {
        "verdict": "not-guaranteed",
        "R": "grows",
        "at_most_once": True,
        "causal_function": True,
        "minimal_r": {"recover": {1: None}},
    }

    def layout(self, n: int):  # the z3 engine's view of instances(n)
        from lengthcheck import Layout, Slot

        digit = Slot(digits(self.base))
        return Layout((digit,) * n + ("+",) + (digit,) * n + (":",))

    def instances(self, n: int) -> Iterator[State]:
        ds = digits(self.base)
        for a in itertools.product(ds, repeat=n):
            for b in itertools.product(ds, repeat=n):
                yield a + ("+",) + b + (":",)

    def _line(self, a: State, b: State, answer: State, carry: str) -> State:
        """The line for the remaining digits a, b (MSB first), the answer so far and the carry."""
        head = ("[",) + a + ("]", "+", "[") + b + ("]", "A", "[") + answer + ("]", "C", carry)
        if not a:
            return head + ("END",)
        r = rules(self.base)
        x, y = a[-1], b[-1]
        return head + (",", x, y, carry, "A>", r.digit(x, y, carry), "C>", r.carry(x, y, carry))

    @staticmethod
    def _length(n: int, k: int) -> int:
        """Tokens in the line written after k columns: lists, `A`, `C`, then 8 tokens or END."""
        return 2 * (n - k) + k + 10 + (8 if k < n else 1)

    def step(self, s: State) -> Step | None:
        n = 0
        while s[n] != "+":
            n += 1
        top = 2 * n + 2
        if len(s) == top:  # line 0 restates the prompt
            line = self._line(s[:n], s[n + 1 : 2 * n + 1], (), "0")
            return Step(reads=tuple(range(top)), next=s + line)
        start, k = top, 0  # the start of the last line written, and its column count
        while start + self._length(n, k) < len(s):
            start += self._length(n, k)
            k += 1
        if k > n or start + self._length(n, k) != len(s):
            return None  # the sum has been written after END
        reads = tuple(range(start, len(s)))
        a_rest = s[start + 1 : start + 1 + (n - k)]
        b_at = start + 1 + (n - k) + 3
        b_rest = s[b_at : b_at + (n - k)]
        ans_at = b_at + (n - k) + 3
        answer = s[ans_at : ans_at + k]
        carry = s[ans_at + k + 2]
        if k == n:  # the END line: write the sum, a leading 1 only for a carry
            lead = ("1",) if carry == "1" else ()
            return Step(reads=reads, next=s + lead + answer)
        new_carry = s[len(s) - 1]
        new_digit = s[len(s) - 3]
        line = self._line(a_rest[:-1], b_rest[:-1], (new_digit,) + answer, new_carry)
        return Step(reads=reads, next=s + line)
