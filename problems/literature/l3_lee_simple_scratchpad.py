"""L-3 Lee et al. 2023: the "simplified scratchpad" — one A/C line per column, then the sum.

Paper and code: repo lee-ny/teaching_arithmetic, data file
`data/ar_simple/add_examples_algorithmic_1000.txt`, written by
`main_utils.get_algo_reasoning_str(..., simple=True)`:

    Input:
    22+1
    Target:
    A->3 , C->0
    A->2 , C->0.
    23

One line per column, least significant first: the sum digit `A->d` and the
carry out `C->c`; a `.` after the last line; then the sum, most significant
first, with a leading 1 only when the last carry is 1 (`A.insert(0, 1)`).

Tokenisation: operands of n digits each (Lee allows unequal lengths and
pads with 0; leading zeros allowed here), `Input:`/`Target:` become one `:`
token, each line is the four tokens `A d C c` (`->`, `,` and the newline
carry no information), `.` is a token. Base 2 by default
(`base10/literature10.py` for `--engine smt`). 3 + 1 in base 2:

    1 1 + 0 1 :                          reads (1, 4, 5)     line 0 (carry in: `:` = 0)
    1 1 + 0 1 : A 0 C 1                  reads (0, 3, 9)     line 1 (carry in: C of line 0)
    1 1 + 0 1 : A 0 C 1 A 0 C 1          reads (12, 13)      `.`, and `1` because C = 1
    1 1 + 0 1 : A 0 C 1 A 0 C 1 . 1      reads (10, 11)      copy A of line 1
    1 1 + 0 1 : A 0 C 1 A 0 C 1 . 1 0    reads (6, 7)        copy A of line 0
    1 1 + 0 1 : A 0 C 1 A 0 C 1 . 1 0 0  halt (100₂ = 4)

Line k reads a_k, b_k (far back in the prompt) and the carry just written.

Published outcome: not reported. Lee et al.'s scratchpad configs score only
lengths up to the training length, and the sentence about models
struggling to extrapolate that an earlier digest attributed to them was not
found in a primary source (reference/literature-formats.md L-3). Not
reported is not failed.

Expectations, derived by hand (bound N = max_size = 4):

* causal_function: well defined — (a, b, `:`|c) ↦ the line, (C, c) ↦ `.`
  and the leading 1, (A, d) ↦ d; fan-in 3 (bounded).
* R: line k reads a_k at n−1−k and the last token at 2n+1+4k: span
  n+2+5k, R_n = 6n−3 (line n−1): grows.
* at_most_once: True — a_k, b_k and `:` are read once, each line's carry by
  the next line (the last one by the `.` step), each `A d` by its copy.
* Recover form, n = 1, anchor min (a_k): the window must cover the span,
  h ≥ 6N−3 = 21 at N = 4: r ≥ 43 > 21: None.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from _literature_arith import digits, rules

from lengthcheck import Problem, State, Step, token_function


@token_function
def final_carry(c: str) -> tuple[str, ...]:
    """`.` and, when the last carry is 1, the leading digit 1 (Lee's `A.insert(0, 1)`)."""
    return (".", "1") if c == "1" else (".",)


class LeeSimpleScratchpad(Problem):
    name = "lee-simple-scratchpad"
    description = "Lee et al. simplified scratchpad: lines `A->d , C->c` LSB first, then the "\
        "sum (L-3)"
    base = 2
    alphabet = digits(2) + ("+", ":", "A", "C", ".")
    max_size = 4
    published = {
        "id": "L-3",
        "outcome": "not-reported",
        "device": "",
        "source": "Lee et al. 2023, repo lee-ny/teaching_arithmetic scratchpad configs "
        "(primary code: scored only up to the training length), data file "
        "data/ar_simple/add_examples_algorithmic_1000.txt; no length-generalization result in "
        "a primary source; reference/literature-formats.md L-3",
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

    def step(self, s: State) -> Step | None:
        n = 0
        while s[n] != "+":
            n += 1
        top = 2 * n + 2  # the first token after `:`
        t = len(s) - top
        last = len(s) - 1
        if t < 4 * n:  # line k
            k = t // 4
            a, b = n - 1 - k, 2 * n - k
            carry_in = "0" if s[last] == ":" else s[last]
            r = rules(self.base)
            line = ("A", r.digit(s[a], s[b], carry_in), "C", r.carry(s[a], s[b], carry_in))
            return Step(reads=(a, b, last), next=s + line)
        if t == 4 * n:
            return Step(reads=(last - 1, last), next=s + final_carry(s[last]))
        answer = top + 4 * n + 1  # after `.`
        if s[top + 4 * n - 1] == "1":
            answer += 1  # the leading 1
        copied = len(s) - answer
        if copied == n:
            return None
        line = top + 4 * (n - 1 - copied)  # the line whose digit comes next
        return Step(reads=(line, line + 1), next=s + (s[line + 1],))
