"""The engine contract: what every engine is given (`Options`, declared with its flags in
`lengthcheck.options`) and returns (`Computed`).

Every engine depends on this module and nothing here depends on an engine or
on the checker, so `checker → engines → contract` has no cycle. The verdict is
decided from a `Computed` by `lengthcheck.verdict`, the same way whichever
engine produced it.
"""

from __future__ import annotations

from collections.abc import Callable

from lengthcheck.options import ENGINES, FORMS, Options  # declared once there
from lengthcheck.results import (  # the record every engine fills (the model)
    Computed,
    ConsistencyCheck,
)

Progress = Callable[[str], None]
# the (n, r) check the verdict would rest on, given what an engine computed (None: none);
# the checker passes one (built on `verdict.decide`), so no engine imports the verdict
Judge = Callable[[Computed], ConsistencyCheck | None]


__all__ = ["ENGINES", "FORMS", "Computed", "Judge", "Options", "Progress"]
