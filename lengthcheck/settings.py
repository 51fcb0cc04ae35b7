"""Check settings from every source, merged in one documented order.

One story for `lengthcheck check` and the pytest plugin. Precedence, highest
first: command-line options (the flags of `lengthcheck check`, `--lengthcheck-*`
in pytest), the test's own settings (pytest only: keyword arguments, then the
`@pytest.mark.lengthcheck(...)` marker), `[tool.lengthcheck]` in the nearest
pyproject.toml (from the working directory upward for the command, from
pytest's rootdir upward for the plugin), the defaults of
`lengthcheck.checker.Options` (and the problem's own `max_size`).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lengthcheck.options import setting_types, settings

KEYS = tuple(settings())  # every option, declared once in lengthcheck.options
TYPES: dict[str, tuple[type, ...]] = setting_types()  # what each must be (bool is no int)
EXTRA_KEYS = ("paths",)  # [tool.lengthcheck] paths: what `lengthcheck check` checks without PATH


class SettingsError(ValueError):
    """A setting that is unknown or of the wrong type; the message names where it came from."""


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start`."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def pyproject_settings(start: Path) -> dict[str, Any]:
    """`[tool.lengthcheck]` of the nearest pyproject.toml at or above `start`."""
    found = find_pyproject(start)
    if found is None:
        return {}
    try:
        with found.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{found}: not valid TOML: {exc}") from None
    table = data.get("tool", {}).get("lengthcheck", {})
    if not isinstance(table, dict):
        raise SettingsError(f"{found}: [tool.lengthcheck] must be a table")
    settings = {k.replace("-", "_"): v for k, v in table.items()}
    try:
        check_types(settings)
    except SettingsError as exc:
        raise SettingsError(f"{found}, [tool.lengthcheck]: {exc}") from None
    if "paths" in settings:
        paths = settings["paths"]
        if isinstance(paths, str):
            paths = [paths]
        settings["paths"] = [str(found.parent / p) for p in paths]
    return settings


def check_types(settings: Mapping[str, Any]) -> None:
    """Raise SettingsError for an unknown key or a value of the wrong type."""
    unknown = sorted(set(settings) - set(KEYS) - set(EXTRA_KEYS))
    if unknown:
        raise SettingsError(f"unknown lengthcheck setting(s): {', '.join(unknown)}; "
                            f"known: {', '.join(KEYS + EXTRA_KEYS)}")
    for key, value in settings.items():
        kinds = TYPES.get(key)
        if value is None or kinds is None:
            continue
        if not isinstance(value, kinds) or (bool not in kinds and isinstance(value, bool)):
            want = " or ".join(k.__name__ for k in kinds)
            raise SettingsError(f"{key} must be {want}, not {value!r}")


def merge(*layers: Mapping[str, Any] | None) -> dict[str, Any]:
    """Merge layers given lowest precedence first; None values never override."""
    merged: dict[str, Any] = {}
    for layer in layers:
        for key, value in (layer or {}).items():
            if value is not None:
                merged[key] = value
    check_types(merged)
    return {k: v for k, v in merged.items() if k not in EXTRA_KEYS}


def cache_dir() -> Path:
    """lengthcheck's cache folder: `$XDG_CACHE_HOME/lengthcheck`, else `~/.cache/lengthcheck`."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lengthcheck"


def use_hypothesis_cache() -> None:
    """Keep Hypothesis's files (its database, constants) out of the user's working directory.

    Called by the `lengthcheck` command only (a user's own pytest run keeps
    Hypothesis's defaults); `HYPOTHESIS_STORAGE_DIRECTORY` still wins.
    """
    if os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
        return
    from hypothesis.configuration import set_hypothesis_home_dir

    set_hypothesis_home_dir(cache_dir() / "hypothesis")
