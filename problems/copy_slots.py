"""Copy distinct tokens into pre-allocated slots `?`, filled left to right (good via (2,3)).

Format: `x1 … xn = ? … ?` (n slots, tokens pairwise distinct from `a`..`f`);
a step finds the first `?` at q, reads x_k (position k−1 = q−n−1) and that
slot, and writes x_k into it (same length). Halt when no `?` is left.

    c a e = ? ? ?      reads (0, 4)
    c a e = c ? ?      reads (1, 5)
    c a e = c a ?      reads (2, 6)
    c a e = c a e      halt

An extra reference problem (beyond the 17 asked for): the same-length
counterpart of copy_unique, where the frontier is a token (`?` after a
non-`?`) that a small window sees, instead of the end of the state.
Size n = length; instances: 6!/(6−n)! (1,956 for sizes 1..6).

Expectations, derived by hand (bound N = max_size = 6):

* causal_function: (x, `?`) ↦ x. at_most_once: x_k is read once; the slot
  is read once and replaced by a new element. R_n = n + 1: grows.
* Recover form, n = 1, anchor k−1, label {0, n+1}: coverage needs
  h ≥ N + 1; with h = N + 1 the window at k−1 sees the left end, `=` (so n)
  and the state up to the first `?`, which fixes the label, and any query
  with the same key is that anchor: r_min = 2N + 3 = 15, growing.
* (2, 3) recover form: with h = 1 the reads are ≥ 2 apart, so the anchors
  are x_k and the first `?`. The window (s[q−1], ?, s[q+1]) with s[q−1] ≠ ?
  occurs only at the first `?`; (x_(k−1)|⊥, x_k, x_(k+1)|=) occurs only at
  x_k's input position (x_k is not copied yet and the tokens are distinct),
  and in any state where this pair of windows occurs, the last copied token
  is x_(k−1), so the token after its input occurrence is the next one to
  copy: the label {(1,0),(2,0)} is a function of the key. Final states have
  no `?`. Supported via the (n, r) route (Thm 3.6/3.7).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from lengthcheck import Problem, State, Step

TOKENS = ("a", "b", "c", "d", "e", "f")


class CopySlots(Problem):
    name = "copy-slots"
    description = "copy distinct tokens into slots filled left to right; expected good via (2,3)"
    alphabet = TOKENS + ("=", "?")
    max_size = 6
    expect = {
        "verdict": "supported",
        "R": "grows",
        "at_most_once": True,
        "causal_function": True,
        "minimal_r": {"recover": {1: 15}},
    }

    def layout(self, n: int):  # the z3 engine's view of instances(n)
        from lengthcheck import Layout, Slot

        def distinct(s):
            return all(s[i] != s[j] for i in range(n) for j in range(i))

        return Layout((Slot(TOKENS),) * n + ("=",) + ("?",) * n, where=distinct)

    def instances(self, n: int) -> Iterator[State]:
        for tokens in itertools.permutations(TOKENS, n):
            yield tokens + ("=",) + ("?",) * n

    def step(self, s: State) -> Step | None:
        n = (len(s) - 1) // 2
        for q in range(n + 1, len(s)):
            if s[q] == "?":
                k = q - n - 1
                return Step(reads=(k, q), next=s[:q] + (s[k],) + s[q + 1 :])
        return None
