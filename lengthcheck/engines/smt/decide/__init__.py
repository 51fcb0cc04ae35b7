"""The z3 engine's properties, decided over all instances of each size from symbolic traces.

Where each property is computed (every module's functions take the `Decider`):

    core.py         the shared machinery: `Decider` (z3 queries, replay, grouping
                    sites by shape, the pair search, windows, pair counterexamples),
                    `Site`, `Group`, `Budget`, `ReplayError`; the design and why it
                    is sound are in its docstring
    distance.py     R and R_io (`distance`), at-most-once (`at_most_once`)
    causal.py       the causal function f and |X| (`causal`)
    consistency.py  (n, r)-consistency in the recover form (`check_recover`), its
                    coverage, and the minimal r search (`search_recover`)
    local_rule.py   the local-rule form (`check_local_rule`, `locator_candidates`,
                    `search_local_rule`)
    images.py       the values keys take: coverage sizes and |X| (`image_sizes`)
    repeats.py      which positions of a state can have new sites (the others repeat
                    a smaller size exactly and are never built)
"""

from lengthcheck.engines.smt.decide.causal import causal
from lengthcheck.engines.smt.decide.consistency import check_recover, search_recover
from lengthcheck.engines.smt.decide.core import Budget, Decider, Group, ReplayError, Site, value
from lengthcheck.engines.smt.decide.distance import at_most_once, distance
from lengthcheck.engines.smt.decide.images import constrained_image, image_sizes
from lengthcheck.engines.smt.decide.local_rule import (
    check_local_rule,
    locator_candidates,
    same_length,
    search_local_rule,
)

__all__ = [
    "Budget",
    "Decider",
    "Group",
    "ReplayError",
    "Site",
    "at_most_once",
    "causal",
    "check_local_rule",
    "check_recover",
    "constrained_image",
    "distance",
    "image_sizes",
    "locator_candidates",
    "same_length",
    "search_local_rule",
    "search_recover",
    "value",
]
