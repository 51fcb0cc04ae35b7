"""Copy a bit string by appending, one token per step: repeated tokens, not locatable (bad).

Format: copy_unique (`x1 … xn =`, step k reads x_k and the last token and
appends x_k) over the bits `0`, `1`, so tokens repeat and x_k cannot be found
by content: in `0 0 … 0 =` every interior window of the input is the same
(paper-theory.md §7), so no fixed window tells which 0 comes next.

    0 1 0 =            reads (0, 3)
    0 1 0 = 0          reads (1, 4)
    0 1 0 = 0 1        reads (2, 5)
    0 1 0 = 0 1 0      halt

Size n = length; instances: all 2^n bit strings (126 for sizes 1..6).

Expectations, derived by hand (bound N = max_size = 6): exactly as
copy_unique, whose derivation never used distinctness — causal function
(x, last) ↦ x; at-most-once holds; R_n = n grows; recover form n = 1: the
window at x_k must see past the last token (h ≥ N + 1, and h = N + 1 shows
the whole state), so r_min = 2N + 3 = 15, growing; no (n, r) either (on top
of copy_unique's merged-window conflict, the all-zero witness defeats any
second window).
"""

from __future__ import annotations

import importlib.util
import itertools
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from lengthcheck import State


def _sibling(name: str) -> ModuleType:
    """Load a sibling module of problems/ by path (problems/ is not a package)."""
    spec = importlib.util.spec_from_file_location(
        f"lengthcheck_problems_{name}", Path(__file__).with_name(f"{name}.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_unique = _sibling("copy_unique")


class CopyRepeated(_unique.CopyUnique):  # type: ignore[name-defined]
    name = "copy-repeated"
    description = "copy a bit string by appending (tokens repeat, not locatable); expected bad"
    alphabet = ("0", "1", "=")
    max_size = 6
    expect = {
        "verdict": "not-guaranteed",
        "R": "grows",
        "at_most_once": True,
        "causal_function": True,
        "minimal_r": {"recover": {1: 15}},
    }

    def layout(self, n: int):  # the z3 engine's view of instances(n)
        from lengthcheck import Layout, Slot

        return Layout((Slot("01"),) * n + ("=",))

    def instances(self, n: int) -> Iterator[State]:
        for bits in itertools.product("01", repeat=n):
            yield bits + ("=",)
