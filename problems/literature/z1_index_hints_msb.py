"""Z-1 Zhou et al. 2023, "What Algorithms can Transformers Learn?": index hints, MSB-first answer.

Format: a hint symbol before every digit, the same hint for the same
significance in both operands and in the answer (literature-formats.md
Z-1); here operands and answer most significant digit first, the
"forward" order a reader expects:

    a1b2+a3b4=c0a4b6       (12 + 34 = 046 with hints a, b, c; c marks the carry digit)

The RASP-L listing of the paper (apple/ml-np-rasp, `examples/add.py`) is
forward: MSB-first, operands padded by one zero (literature-formats.md
Z-1); here the operands are not padded and the answer has n+1 digits, the
carry first, which is the same information.

Tokenisation: hints `i0 … i(H−1)` (H = `hint_count` = 8), a run of
consecutive hints from a random start s (as in Z-2), the answer n+1
hinted digits, carry first. Base 2 by default (`base10/literature10.py`
for `--engine smt`). 3 + 1 (n = 2, s = 0):

    i1 1 i0 1 + i1 0 i0 1 =                     reads (0, 1, 3, 6, 8, 9)  carry: every digit
    i1 1 i0 1 + i1 0 i0 1 = i2 1                reads (0, 1, 3, 6, 8)     c1 and its hint
    i1 1 i0 1 + i1 0 i0 1 = i2 1 i1 0           reads (2, 3, 8)           c0 and its hint
    i1 1 i0 1 + i1 0 i0 1 = i2 1 i1 0 i0 0      halt (100₂ = 4)

The hints locate a_i and b_i, but c_i also needs the carry into column i,
which depends on every lower digit: the step reads a_i … a_0, b_i … b_0
(and the hint it copies; the carry step reads `=` and a's first hint, whose
successor it writes).

Published outcome: failed. The 1.5x that Zhou et al. 2024 (Fig. 1/2) give
for Zhou et al. 2023 belongs to a *reversed* answer with hints
(`a6b7c5+a1b6c3=a7b3c9`, NoPE), not to this MSB-first layout; Zhou et al.
2024 §4.2 reports that the standard (MSB-first) format shows limited length
generalization under every positional encoding (reference/literature-formats.md
Z-1). Limited, not none: recorded as failed, the class the hard rule
(never `supported`) applies to, since a format that generalizes only a
little under every encoding is one the theory must not certify.

Expectations, derived by hand (bound N = max_size = 4):

* causal_function: well defined; fan-in 2n + 2 (the carry step): grows, so
  X is infinite (Cor 3.1.2) — the hints cannot help, the carry is nowhere.
* R_n = 4n + 1 (the carry step reads 0 … 4n+1): grows.
* at_most_once: False — a0 is read by every step.
* Recover form, n = 1: the carry step's span 4n+1 needs h ≥ 4N+1 = 17 at
  N = 4: None.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from _literature_arith import digits, hints, next_hint, rules

from lengthcheck import Problem, State, Step


class IndexHintsMsb(Problem):
    name = "index-hints-msb"
    description = "Zhou et al. 2023 index hints, operands and answer MSB first (Z-1)"
    base = 2
    hint_count = 8
    alphabet = digits(2) + hints(8) + ("+", "=")
    max_size = 4
    published = {
        "id": "Z-1",
        "outcome": "failed",
        "device": "",
        "source": "Zhou et al. 2024, §4.2 (primary): the standard MSB-first format shows "
        "limited length generalization under every positional encoding; the 1.5x of Zhou et "
        "al. 2024 Fig. 2 is a reversed answer with hints (NoPE), not this layout; "
        "reference/literature-formats.md Z-1",
        "summary": "limited length generalization under every positional encoding (§4.2)",
    }
    expect = {
        "verdict": "not-guaranteed",
        "R": "grows",
        "at_most_once": False,
        "causal_function": True,
        "minimal_r": {"recover": {1: None}},
    }

    def instances(self, n: int) -> Iterator[State]:
        ds = digits(self.base)
        for start in range(self.hint_count - n):
            for a in itertools.product(ds, repeat=n):
                for b in itertools.product(ds, repeat=n):
                    # a, b most significant first; hint of column j is i(start + j)
                    a_part = tuple(t for p in range(n) for t in (f"i{start + n - 1 - p}", a[p]))
                    b_part = tuple(t for p in range(n) for t in (f"i{start + n - 1 - p}", b[p]))
                    yield a_part + ("+",) + b_part + ("=",)

    def step(self, s: State) -> Step | None:
        n = 0
        while s[2 * n] != "+":
            n += 1
        written = (len(s) - (4 * n + 2)) // 2
        if written == n + 1:
            return None
        r = rules(self.base)
        i = n - written  # the column written now (n: the carry digit)

        def a(j: int) -> int:
            return 2 * (n - 1 - j) + 1

        def b(j: int) -> int:
            return 2 * n + 1 + a(j)

        carry = "0"
        for j in range(min(i, n)):
            carry = r.carry(s[a(j)], s[b(j)], carry)
        if i == n:
            reads = (0,) + tuple(a(j) for j in range(n)) + tuple(b(j) for j in range(n))
            hint = next_hint(self.hint_count)(s[0])
            return Step(reads=tuple(sorted(reads + (4 * n + 1,))), next=s + (hint, carry))
        reads = (a(i) - 1,) + tuple(a(j) for j in range(i + 1)) + tuple(b(j) for j in range(i + 1))
        out = (s[a(i) - 1], r.digit(s[a(i)], s[b(i)], carry))
        return Step(reads=tuple(sorted(reads)), next=s + out)
