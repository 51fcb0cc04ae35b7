"""Copy distinct tokens by appending, one token per step ((2, 3) per read; sizes capped at 6).

Format: `x1 … xn =` with pairwise distinct tokens from `a`..`f`; step k reads
x_k (position k−1) and the last token (`=` for k = 1, else the copy of
x_(k−1)) and appends x_k. The last token is read because it is what locates
x_k by content: x_k is the token after the input occurrence of the last
copied token (the recover form places windows only at read positions, so
the locating context has to be part of the causal input). Halt after n
appended tokens.

    c a e =            reads (0, 3)
    c a e = c          reads (1, 4)
    c a e = c a        reads (2, 5)
    c a e = c a e      halt

Size n = length; instances: the 6!/(6−n)! sequences of distinct tokens
(1,956 for sizes 1..6).

Source: the copy task of the LG literature; the contrast unique/repeated
tokens is the locator argument of paper-theory.md §7.

Expectations, derived by hand (bound N = max_size = 6):

* causal_function: (x, last) ↦ x. at_most_once: x_k is read by step k, the
  last token by the next step only. R_n = n (x_k at k−1, the last at
  n+k−1): grows.
* Recover form, n = 1, anchor k−1, label {0, n}: coverage needs h ≥ N. With
  h = N, size N, k = 1, the window at 0 ends exactly at the last token `=`,
  and the next state (position 0 NONE) agrees on it: conflict. h = N + 1
  shows every anchor's whole state and both ends: r_min = 2N + 3 = 15; it
  grows with the bound.
* Not (n, r) either, although the tokens are unique: DESIGN's greedy cover
  merges reads within h of the first anchor into one window, and for the
  size n = h the two reads are exactly h apart, so the single window at x_k
  ends at the last token and cannot see the frontier (the same conflict as
  above). So for every h some size ≤ N with N ≥ h fails: not-guaranteed.
  (With one window per read, (2, 3) would hold: `… ⊥` marks the last token,
  and the unique x_k is found by content; copy_slots is the same-length
  variant that is (2, 3) under DESIGN's rules.)

Revised with DESIGN §2's cover rules for n ≥ 2: with one window per read
("per-read"), the window at x_k shows x_(k−1) x_k x_(k+1) and the window at
the last token shows the last copied token with ⊥ after it; tokens are
distinct, so the first window is the input occurrence of the token after the
last one copied: (2, 3) holds at every bound (greedy still fails, as below).
Verdict at N = 6: unknown, not guaranteed: the alphabet of six distinct
tokens caps the size at 6, and a new window still appears at n = 4 > N/2 = 3
(rule (c)). No bound can ever satisfy rule (c) for this alphabet — which is
the honest answer for a format whose sizes are bounded by its alphabet.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from lengthcheck import Problem, State, Step

TOKENS = ("a", "b", "c", "d", "e", "f")


class CopyUnique(Problem):
    name = "copy-unique"
    description = (
        "copy distinct tokens by appending, each step reads x_k and the last token; "
        "(2, 3) per read; sizes capped at 6 by the alphabet, so coverage cannot be shown"
    )
    alphabet = TOKENS + ("=",)
    max_size = 6
    expect = {
        "verdict": "unknown",
        "R": "grows",
        "at_most_once": True,
        "causal_function": True,
        "minimal_r": {"recover": {1: 15, 2: 3}, "recover/greedy": {2: 15}},
    }

    def layout(self, n: int):  # the z3 engine's view of instances(n)
        from lengthcheck import Layout, Slot

        def distinct(s):
            return all(s[i] != s[j] for i in range(n) for j in range(i))

        return Layout((Slot(TOKENS),) * n + ("=",), where=distinct)

    def instances(self, n: int) -> Iterator[State]:
        for tokens in itertools.permutations(TOKENS, n):
            yield tokens + ("=",)

    def step(self, s: State) -> Step | None:
        n = 0
        while s[n] != "=":
            n += 1
        k = len(s) - n - 1  # tokens copied so far; x_(k+1) is at position k
        if k == n:
            return None
        return Step(reads=(k, len(s) - 1), next=s + (s[k],))
