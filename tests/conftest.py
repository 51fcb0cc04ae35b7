from __future__ import annotations

from pathlib import Path

import pytest

from lengthcheck.loader import load

SPECS = Path(__file__).parent / "specs"
PROBLEMS = Path(__file__).parent.parent / "problems"


@pytest.fixture
def spec():
    """Load the single problem of tests/specs/<name>.py."""

    def _load(name: str):
        (problem,) = load(str(SPECS / f"{name}.py"))
        return problem

    return _load
