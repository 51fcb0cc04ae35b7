"""L-2 with index hints: Lee's reversed-answer addition, a hint before every digit.

Not a repair of ours: the index hints are Zhou et al.'s, and Zhou et al.
2023's own hinted addition may already be this layout. Their RASP-L
listing (apple/ml-np-rasp, `examples/add.py`) writes the operands MSB-first
with hints, padded by one zero (literature-formats.md Z-1); whether its
answer is reversed was not checked here. If it is, this is their layout up
to that one zero of padding; if the answer is forward, their layout is Z-1
(`z1_index_hints_msb.py`), which differs from this one only in the answer
order (MSB-first there, so the carry is never local). The table therefore
lists this module as a variant of L-2, not a repair.

The change against L-2: operands stay most significant digit first as Lee
writes them, the answer stays reversed, and every digit is preceded by the
hint of its column, the same in both operands and the answer. The next
answer pair takes the hint after the last one written, and that hint is
found by content next to a_k and b_k: the step no longer depends on
counting.

    i1 1 i0 1 + i1 0 i0 1 =                     reads (2, 3, 8, 9)
    i1 1 i0 1 + i1 0 i0 1 = i0 0                reads (1, 3, 6, 8, 10, 11)
    i1 1 i0 1 + i1 0 i0 1 = i0 0 i1 0           reads (1, 6, 12, 13)
    i1 1 i0 1 + i1 0 i0 1 = i0 0 i1 0 i2 1      halt (reversed 100₂ = 4)

Everything else (hint set of H = 8 tokens, random start hint, carry from
the previous column's digits) is `z2_index_hints_reversed.py` with the
operands reversed, which is all this subclass changes.

Expectations, derived by hand (bound N = max_size = 6), as for Z-2: step k
reads a_k, a_(k−1) (2 apart), b_k, b_(k−1) and the last answer pair;
greedy anchors with h = 2 need three windows whose hints must agree:
(3, 5) and (4, 5) at every bound, n = 1, 2 None; R grows; at_most_once
False; |X| stops growing at n = 3. But the window centred on a_0 shows
`i(s) a0 + i(s+n−1) b`: hints of the first and last column side by side,
a pair that is new at every size, so coverage never saturates (rule (c)):
unknown. Hints alone do not reach `supported` under the evidence rules;
the mirrored layout (`l2_lee_reversed_hinted_mirrored.py`) is meant to (by
hand; the checker still finds new key tuples up to n = 5 there, an open
question in docs/literature.md).
"""

from __future__ import annotations

from z2_index_hints_reversed import IndexHintsReversed


class LeeReversedHinted(IndexHintsReversed):
    name = "lee-reversed-hinted"
    description = "repair of L-2: Lee's reversed-answer addition with index hints"
    msb_a = True
    msb_b = True
    published = {
        "outcome": "repair",
        "repairs": "l2_lee_reversed",
        "change": "add index hints before every digit (operands and answer)",
        "prior": "the hints are Zhou et al.'s, and Zhou et al. 2023's RASP-L listing may "
        "already be this layout",
    }
    expect = {
        "verdict": "unknown",
        "R": "grows",
        "at_most_once": False,
        "causal_function": True,
        "minimal_r": {"recover": {1: None, 2: None, 3: 5, 4: 5}},
    }
