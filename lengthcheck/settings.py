"""Check settings from every source, merged in one documented order.

Precedence, highest first: command-line options (`--lengthcheck-*` in pytest,
the flags of `lengthcheck check`), the test's own settings (keyword arguments,
then the `@pytest.mark.lengthcheck(...)` marker), `[tool.lengthcheck]` in
pyproject.toml, the defaults of `lengthcheck.checker.Options`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

KEYS = ("max_size", "n_max", "r_max", "form", "anchor", "include_final", "max_instances",
        "engine", "samples", "seed", "smt_rlimit", "smt_budget")


def pyproject_settings(start: Path) -> dict[str, Any]:
    """`[tool.lengthcheck]` of the nearest pyproject.toml at or above `start`."""
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            with candidate.open("rb") as fh:
                data = tomllib.load(fh)
            table = data.get("tool", {}).get("lengthcheck", {})
            return {k.replace("-", "_"): v for k, v in table.items()}
    return {}


def merge(*layers: Mapping[str, Any] | None) -> dict[str, Any]:
    """Merge layers given lowest precedence first; None values never override."""
    merged: dict[str, Any] = {}
    for layer in layers:
        for key, value in (layer or {}).items():
            if value is not None:
                merged[key] = value
    unknown = sorted(set(merged) - set(KEYS) - {"paths"})
    if unknown:
        raise ValueError(f"unknown lengthcheck setting(s): {', '.join(unknown)}; "
                         f"known: {', '.join(KEYS)}")
    return {k: v for k, v in merged.items() if k != "paths"}
