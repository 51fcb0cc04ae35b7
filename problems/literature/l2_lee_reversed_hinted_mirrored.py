"""Repair of L-2, second try: index hints, and operand a written the other way round.

Why a second try: `l2_lee_reversed_hinted.py` (hints only) is consistent with
three windows of length 5, but a window centred near `+` shows a_0's hint
i(s) next to b's first hint i(s+n−1): that pair spells out n, so every size
brings windows never seen before and training coverage cannot saturate
(evidence rule (c)). The same happens at `=` in Zhou et al.'s all-reversed
layout (Z-2). The change here: operand a least significant digit first,
operand b most significant first (as Lee writes it), the answer reversed
(as L-2). Then the hints that meet at `+` are both i(s+n−1) and those that
meet at `=` are both i(s): no window pairs hints of two different columns.

    i0 1 i1 1 + i1 0 i0 1 =                     reads (0, 1, 8, 9)
    i0 1 i1 1 + i1 0 i0 1 = i0 0                reads (1, 3, 6, 8, 10, 11)
    i0 1 i1 1 + i1 0 i0 1 = i0 0 i1 0           reads (3, 6, 12, 13)
    i0 1 i1 1 + i1 0 i0 1 = i0 0 i1 0 i2 1      halt (reversed 100₂ = 4)

Expectations, derived by hand (bound N = max_size = 6): as in Z-2, step k
reads a_(k−1), a_k (2 apart), b_k, b_(k−1) (2 apart) and the last answer
pair: greedy (3, 5) and (4, 5) at every bound, n = 1, 2 None; R grows;
at_most_once False; |X| stops growing at n = 3; the windows that occur are
those of n = 3 shifted along the hints (no window spans two columns' hints
except i(t), i(t+1) of neighbouring columns): coverage saturates by n = 3
= N/2: supported.
"""

from __future__ import annotations

from z2_index_hints_reversed import IndexHintsReversed


class LeeReversedHintedMirrored(IndexHintsReversed):
    name = "lee-reversed-hinted-mirrored"
    description = "repair of L-2: index hints, operand a reversed so hints at + and = match"
    msb_a = False
    msb_b = True
    published = {
        "outcome": "repair",
        "repairs": "l2_lee_reversed",
        "change": "add index hints before every digit and write operand a least significant "
        "digit first",
    }
    expect = {
        "verdict": "supported",
        "R": "grows",
        "at_most_once": False,
        "causal_function": True,
        "minimal_r": {"recover": {1: None, 2: None, 3: 5, 4: 5}},
    }
