"""FX-02 PAR-APPEND: `x1 … xn =` followed by the running parity, appended (bad).

Format: step k (k = 1..n) reads x_k (position k−1) and the last token — the
previous running parity s_(k−1), or `=` for k = 1, which counts as parity 0 —
and appends s_k = s_(k−1) ⊕ x_k. Halt after n appended tokens.

    1 0 1 1 =            reads (0, 4)
    1 0 1 1 = 1          reads (1, 5)
    1 0 1 1 = 1 1        reads (2, 6)
    1 0 1 1 = 1 1 0      reads (3, 7)
    1 0 1 1 = 1 1 0 1    halt (the last token is the parity)

Size n = bits; instances: all 2^n bit strings (510 for sizes 1..8).

Source: paper-experiments.md FX-02 (Cho et al. scratchpad), §7 witness 0^n.

Expectations, derived by hand (bound N = max_size = 8):

* causal_function: (x, `=`) ↦ x, (x, p) ↦ x ⊕ p. at_most_once: x_k is read
  by step k, `=` by step 1, s_k by step k+1 only. R_n = n (x_k at k−1, the
  last token at n+k−1): grows.
* Recover form, n = 1, anchor k−1 (state with k−1 parities), label {0, n}.
  Coverage needs h ≥ n, so h ≥ N. With h = N, size n = N, k = 1: the window
  at 0 covers 0..N = `x1 … xN =`, exactly the state; the next state (one
  more token, position 0 no longer the anchor → NONE) has the same window:
  conflict. So h ≥ N + 1; with h = N + 1 every anchor window sees the whole
  state and both ends (k−1 − h < 0, k−1 + h ≥ n + k), so keys are unique and
  consistent. r_min = 2N + 3 = 19 at the default bound; it grows.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from lengthcheck import Problem, State, Step, token_function


@token_function
def running(bit: str, previous: str) -> str:
    """The next running parity; `=` stands for the empty prefix (parity 0)."""
    return bit if previous in ("=", "0") else ("0" if bit == "1" else "1")


class ParityAppend(Problem):
    name = "parity-append"
    description = "bits, `=`, then the running parity appended (FX-02); expected bad"
    alphabet = ("0", "1", "=")
    max_size = 8
    expect = {
        "verdict": "not-guaranteed",
        "R": "grows",
        "at_most_once": True,
        "causal_function": True,
        "minimal_r": {"recover": {1: 19}},
    }

    def layout(self, n: int):  # the z3 engine's view of instances(n)
        from lengthcheck import Layout, Slot

        return Layout((Slot("01"),) * n + ("=",))

    def instances(self, n: int) -> Iterator[State]:
        for bits in itertools.product("01", repeat=n):
            yield bits + ("=",)

    def step(self, s: State) -> Step | None:
        n = 0
        while s[n] != "=":
            n += 1
        k = len(s) - n - 1  # parities written so far; x_(k+1) is at position k
        if k == n:
            return None
        last = len(s) - 1
        return Step(reads=(k, last), next=s + (running(s[k], s[last]),))
