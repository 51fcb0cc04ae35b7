"""D-1 Dziri et al. 2023, "Faith and Fate": the multiplication scratchpad, reused from problems/.

Paper and code: repo nouhadziri/faith-and-fate,
`multiplication/generate_scratchpads.py`: for y's digit in each place,
" Let's multiply {x} by the digit in the {place} place of {y}, which is
{d}.", then per digit of x "{step}. Multiply {dy} by the digit in the
{place} place of {x}, which is {dx}. … Write down the result r and carry
over the c", then "{step}. The partial product for this step is {A}={pp}
which is the concatenation of the digits we found in each step.", and
finally "Now, let's sum the {k} partial products …". For 12 × 21 (base
3 here; the paper uses base 10):

    Let's multiply 12 by the digit in the ones place of 21, which is 1.
    1. Multiply 1 by the digit in the ones place of 12, which is 2. …

Tokenisation, the worked example, the step structure and the hand
derivation of the expect block are those of `problems/mul_faith_fate.py`
(FX-10), which this module subclasses rather than copies: a numbered line
becomes `M place x r c`, a header `L place y`, a partial product
`P c r… `, the sum `S` + digits. The class adds only the published outcome
and a default bound that keeps the literature folder quick.

Published outcome: failed. The abstract (primary) says performance "can
rapidly decay with increased task complexity"; that scratchpad fine-tuning
reaches near 0% out of distribution comes from a secondary summary, not
checked against the paper (literature-formats.md D-1). A sentence quoted
here before as the abstract's is not in the abstract.

Expectations, derived by hand (bound N = max_size = 3; see
mul_faith_fate.py for the derivation, which does not depend on N ≥ 2):

* causal_function: well defined; fan-in grows (the sum reads 2n+4 tokens,
  a partial product n+1): X infinite (Cor 3.1.2): not-guaranteed.
* at_most_once: False (x_i is read in both blocks). R_n = 12n+6: grows.
* Recover form, n = 1: h ≥ 18 at every bound: None.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The reference problem lives one folder up; the loader only puts this folder on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mul_faith_fate import MulFaithFate  # noqa: E402


class FaithFateMultiplication(MulFaithFate):
    name = "faith-and-fate-mul"
    description = "Dziri et al. numbered long-multiplication scratchpad as tokens (D-1)"
    max_size = 3
    published = {
        "id": "D-1",
        "outcome": "failed",
        "device": "",
        "source": "Dziri et al. 2023, Faith and Fate, abstract (primary): performance 'can "
        "rapidly decay with increased task complexity'; scratchpad fine-tuning near 0% out of "
        "distribution (secondary summary, not checked); repo nouhadziri/faith-and-fate "
        "multiplication/generate_scratchpads.py (primary code); "
        "reference/literature-formats.md D-1",
        "summary": "performance 'can rapidly decay with increased task complexity' (abstract)",
    }
    expect = {
        "verdict": "not-guaranteed",
        "R": "grows",
        "at_most_once": False,
        "causal_function": True,
        "minimal_r": {"recover": {1: None}},
    }
