"""Consume the 0s of a bit string left to right, then the 1s, appending each (bad; R = 0).

Format: `x1 … xn =`; each step reads one input bit — the leftmost 0 not read
yet, or, once every 0 has been read, the leftmost 1 not read yet — and
appends it. The input stays in place (append style), so the final state is
the input followed by its bits sorted (a stable partition).

    1 0 1 0 =            reads (1,)
    1 0 1 0 = 0          reads (3,)
    1 0 1 0 = 0 0        reads (0,)
    1 0 1 0 = 0 0 1      reads (2,)
    1 0 1 0 = 0 0 1 1    halt

Which bits were read is visible only by counting the output, far away.
Size n = bits; instances: all 2^n bit strings (62 for sizes 1..5).

Source: DESIGN.md §2 (Verdict), the example of R bounded + at-most-once while
(1, 4R+1) fails: "an append-style step leaves its consumed inputs in place".

Expectations, derived by hand (bound N = max_size = 5):

* causal_function: the appended token is the bit read. at_most_once: each
  input bit is read by exactly one step; appended tokens are never read.
  R = 0 (one read per step), so Thm 3.5 would give (1, 4R+1) = (1, 1).
* Recover form, n = 1, anchor c = the bit read, label {0}. A state A with m
  appended tokens and its successor B = A + (one token), where c is NONE
  (each bit is read once), agree at c unless the window reaches B's new
  position n+m+1: h ≥ n + m + 1 − c. The worst case is x = 1 0^(n−1): the 1
  at c = 0 is read last (m = n−1), so h ≥ 2n, and h ≥ 2N over the sizes
  ≤ N (this witness pairs the last step with the final state). With h = 2N
  every anchor window sees its whole state and both ends (c − 2N < 0,
  c + 2N ≥ n+m+1), so no conflict. r_min = 4N + 1 = 21 at the default bound
  (grows; (1, 1) fails), and the checker should flag the Thm 3.5 mismatch.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from lengthcheck import Problem, State, Step


class ConsumeLeftmostZero(Problem):
    name = "consume-leftmost-zero"
    description = (
        "append the leftmost unread 0, then the 1s; R = 0 and at-most-once, yet "
        "(1, 4R+1) fails; expected bad"
    )
    alphabet = ("0", "1", "=")
    max_size = 5
    expect = {
        "verdict": "not-guaranteed",
        "R": 0,
        "at_most_once": True,
        "causal_function": True,
        "minimal_r": {"recover": {1: 21}},
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
        zeros = ones = 0  # how many of each have been read (= appended)
        for p in range(n + 1, len(s)):
            if s[p] == "0":
                zeros += 1
            else:
                ones += 1
        for bit, skip in (("0", zeros), ("1", ones)):
            for p in range(n):
                if s[p] == bit:
                    if skip == 0:
                        return Step(reads=(p,), next=s + (s[p],))
                    skip -= 1
        return None
