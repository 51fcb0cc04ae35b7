"""C-2 Cho et al. 2024, "Position Coupling": prefix-parity scratchpad after the input.

Paper and code: repo HanseulJo/position-coupling, `src/data/parity.py`:
`generate_scratchpad_for_parity(string)` starts the scratchpad with the
first bit and appends `abs(int(char) - int(scratchpad[-1]))` for every
further bit (scratch i = input i XOR scratch i−1); `ParityDatasetWithScratchpad`
puts it after the input as the label, and
`ParityDatasetWithScratchpadAndCoupledPositions` gives scratch i the position
id of input i (`configs/task/parity_scratchpad_coupled.yaml`). With the
separator the model sees (literature-formats.md):

    1 0 1 1 = 1 1 0 1

Tokenisation: one token per bit, `=` between input and scratchpad (Cho's
code joins digits with spaces; the separator is the input/label boundary).
Step k reads x_k and the last token (`=` counts as parity 0, so scratch 1 =
x1 as in Cho's code) and appends scratch k:

    1 0 1 1 =            reads (0, 4)
    1 0 1 1 = 1          reads (1, 5)
    1 0 1 1 = 1 1        reads (2, 6)
    1 0 1 1 = 1 1 0      reads (3, 7)
    1 0 1 1 = 1 1 0 1    halt (the last token is the parity)

The same format as `problems/parity_append.py` (FX-02); written here again
so the literature folder stands alone.

Published outcome: unknown. The repository ships this configuration with
coupled positions (scratch i shares input i's position id), but the config
belongs to the follow-up project "Focus on Less to Achieve More" (2025;
train 1–20 bits, test 50), and no published outcome for it was found; the
NeurIPS 2024 position-coupling abstract reports addition (1–30 → 200
digits), not parity (literature-formats.md C-2). An unknown outcome is
compared with nothing.

Expectations, derived by hand (bound N = max_size = 7):

* causal_function: (x, `=`) ↦ x, (x, p) ↦ x ⊕ p; fan-in 2.
* R_n = n (x_k at k−1, the last token at n+k−1): grows — input k sits n
  tokens back from scratch k, and nothing in the tokens says which bit is
  next (position coupling supplies exactly that).
* at_most_once: True — x_k is read by step k, `=` by step 1, scratch k by
  step k+1.
* Recover form, n = 1, anchor k−1: coverage needs h ≥ n; with h = N at
  size N, k = 1 the window at 0 is the whole state `x1 … xN =`, and the
  next state shows the same window with position 0 no longer the anchor:
  conflict. h = N+1 sees the whole state and both ends: r_min = 2N+3 = 17.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from lengthcheck import Problem, State, Step, token_function


@token_function
def running(bit: str, previous: str) -> str:
    """The next prefix parity; `=` stands for the empty prefix (parity 0)."""
    return bit if previous in ("=", "0") else ("0" if bit == "1" else "1")


class ParityScratchpad(Problem):
    name = "parity-scratchpad-after-input"
    description = "Cho et al. prefix-parity scratchpad appended after the input (C-2)"
    alphabet = ("0", "1", "=")
    max_size = 7
    published = {
        "id": "C-2",
        "outcome": "unknown",
        "device": "",
        "source": "Cho et al. 2024, Position Coupling, NeurIPS 2024 abstract (primary): "
        "addition only, not parity; repo HanseulJo/position-coupling src/data/parity.py, "
        "config parity_scratchpad_coupled (primary code, from the 2025 follow-up \"Focus on "
        "Less to Achieve More\": train 1-20 bits, test 50), no outcome found; "
        "reference/literature-formats.md C-2",
        "summary": "no published outcome found for the coupled parity scratchpad",
    }
    expect = {
        "verdict": "not-guaranteed",
        "R": "grows",
        "at_most_once": True,
        "causal_function": True,
        "minimal_r": {"recover": {1: 17}},
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
        k = len(s) - n - 1  # scratch bits written so far; x_(k+1) is at position k
        if k == n:
            return None
        last = len(s) - 1
        return Step(reads=(k, last), next=s + (running(s[k], s[last]),))
