"""FX-04 PAR-FILL: bits interleaved with answer slots, filled left to right (good).

Format: `# x1 ? x2 ? … xn ?`; a step finds the first slot `?` at position p,
reads (p−2, p−1) — the previous filled slot (or `#`, value 0) and the bit
x_k — and writes `s0`/`s1` = the running parity at p (same length).

    # 1 ?  0 ?  1 ?  1 ?      reads (0, 1)
    # 1 s1 0 ?  1 ?  1 ?      reads (2, 3)
    # 1 s1 0 s1 1 ?  1 ?      reads (4, 5)
    # 1 s1 0 s1 1 s0 1 ?      reads (6, 7)
    # 1 s1 0 s1 1 s0 1 s1     halt (no `?`; the last slot is the parity)

Size n = bits; instances: all 2^n bit strings (2,046 for sizes 1..10).

Source: paper-experiments.md FX-04, (1,5), R = 1, R_io = 2; DESIGN.md §4.

Expectations, derived by hand (bound N = max_size = 10):

* causal_function: (#|s0|s1, bit) ↦ s(val ⊕ bit). at_most_once: same-length,
  identity by position; `#` is read once, each bit once, each slot element is
  written by step k and read by step k+1 only (the `?` it replaced is not
  read). R = 1.
* Recover form, n = 1, anchor p−2 (the previous slot or `#`), label {0, 1}.
  h = 1 fails: in `# 0 s0 0 ? 0 ?` the anchor 2 has the window `0 s0 0`, and
  in `# 0 s0 0 s0 0 ?` position 2 has the same window but is NONE (the
  anchor is 4). h = 2 works: a position c is the anchor iff s[c] ∈ {#, s0,
  s1} and s[c+2] = `?` (slots fill left to right, so a filled slot/`#` two
  before a `?` means that `?` is the first one); both are in the window.
  h = 0 cannot cover the span. r_min = 5 (= 4R+1): supported by Thm 3.5.

Proved for every n through inferred rules (issue 23): `lengthcheck prove problems/parity_fill.py`
reads one rule per (window → written tokens) off the traces, checks that the rules
take exactly the spec's steps up to the bound, and proves the rules; that they are
this step() is shown up to the bound only (tests/test_inferred_rules.py, n = 6).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from lengthcheck import Problem, State, Step, token_function


@token_function
def fill(previous: str, bit: str) -> str:
    """The slot after `bit`: the running parity, `#` counting as 0."""
    value = (previous == "s1") != (bit == "1")
    return "s1" if value else "s0"


class ParityFill(Problem):
    name = "parity-fill"
    description = "bits interleaved with slots filled left to right (FX-04); expected good (1,5)"
    alphabet = ("#", "0", "1", "?", "s0", "s1")
    max_size = 10
    expect = {
        "verdict": "supported",
        "R": 1,
        "at_most_once": True,
        "causal_function": True,
        "minimal_r": {"recover": {1: 5}},
    }

    def layout(self, n: int):  # the z3 engine's view of instances(n)
        from lengthcheck import Layout, Slot

        return Layout(("#",) + (Slot("01"), "?") * n)

    def instances(self, n: int) -> Iterator[State]:
        for bits in itertools.product("01", repeat=n):
            yield ("#",) + tuple(t for b in bits for t in (b, "?"))

    def step(self, s: State) -> Step | None:
        for p in range(2, len(s), 2):
            if s[p] == "?":
                out = fill(s[p - 2], s[p - 1])
                return Step(reads=(p - 2, p - 1), next=s[:p] + (out,) + s[p + 1 :])
        return None
