"""Base-10 versions of the literature's addition formats, for the z3 engine.

The formats in `problems/literature/` default to base 2 so that enumeration
reaches useful sizes; the papers use base 10. These subclasses change only
the base and the alphabet (the digit rules in `_literature_arith.py` are
token functions, so z3 tabulates them over the ten digits), e.g.

    lengthcheck check problems/literature/base10/ --engine smt --max-size 4

They live in a folder of their own so that `lengthcheck check
problems/literature/` does not enumerate 10^(2n) instances. The index-hint
formats (Z-1, Z-2 and the L-2 repair) have no base-10 version here: their
instances start at a random hint, which a fixed layout template cannot
express. Each inherits its format's `published` block (the papers' base);
no `expect` block: the verdicts argued in the base-2 docstrings do not
depend on the base, but these bounds are run by hand, not by the tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The base-2 formats live one folder up; the loader only puts this folder on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _literature_arith import digits  # noqa: E402
from l1_lee_plain import LeePlain  # noqa: E402
from l2_lee_reversed import LeeReversed  # noqa: E402
from l3_lee_simple_scratchpad import LeeSimpleScratchpad  # noqa: E402
from m1_abacus_reversed import AbacusReversed  # noqa: E402


class LeePlain10(LeePlain):
    name = "lee-plain-10"
    base = 10
    alphabet = digits(10) + ("+", "=")
    max_size = 3
    expect = None


class LeeReversed10(LeeReversed):
    name = "lee-reversed-10"
    base = 10
    alphabet = digits(10) + ("+", "=")
    max_size = 3
    expect = None


class AbacusReversed10(AbacusReversed):
    name = "abacus-reversed-10"
    base = 10
    alphabet = digits(10) + ("+", "=")
    max_size = 3
    expect = None


class LeeSimpleScratchpad10(LeeSimpleScratchpad):
    name = "lee-simple-scratchpad-10"
    base = 10
    alphabet = digits(10) + ("+", ":", "A", "C", ".")
    max_size = 3
    expect = None
