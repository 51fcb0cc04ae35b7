"""The plain-text reports of a few problems, compared exactly with tests/snapshots/.

Run from the repository root (spec paths print relative to it) with colour off
and no terminal. The line numbers of the `spec:` lines are masked so that
editing a spec's docstring does not break a snapshot. After an intended change:

    LENGTHCHECK_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_report_snapshots.py

and review the diff of tests/snapshots/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from lengthcheck.cli import main

ROOT = Path(__file__).parent.parent
SNAPSHOTS = Path(__file__).parent / "snapshots"

CASES = {
    "check_fixture_parity_fill": ["check", "tests/specs/good_parity_fill.py"],
    "check_fixture_two_markers_one_window": [
        "check", "tests/specs/good_two_markers.py", "--n-max", "1", "--form", "recover",
        "--r-max", "9",
    ],
    "check_parity_direct": ["check", "problems/parity_direct.py"],
    "check_consume_leftmost_zero": ["check", "problems/consume_leftmost_zero.py"],
    "explain_parity_direct": ["explain", "problems/parity_direct.py"],
    "explain_fixture_parity_fill": ["explain", "tests/specs/good_parity_fill.py", "--size", "3"],
}


def normalize(text: str) -> str:
    return re.sub(r"^(  spec: \S+):\d+$", r"\1:<line>", text, flags=re.M)


@pytest.mark.parametrize("name", sorted(CASES))
def test_snapshot(name, monkeypatch, capsys):
    for var in ("FORCE_COLOR", "NO_COLOR", "COLUMNS", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(ROOT)
    args = CASES[name]
    if not (ROOT / args[1]).exists():
        pytest.skip(f"{args[1]} is not in this checkout")
    main([*args, "--no-color"])
    got = normalize(capsys.readouterr().out)
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("LENGTHCHECK_UPDATE_SNAPSHOTS"):
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run with LENGTHCHECK_UPDATE_SNAPSHOTS=1"
    assert got == path.read_text(encoding="utf-8"), (
        f"{name}: the report differs from {path.relative_to(ROOT)}; if the change is intended, "
        "rerun with LENGTHCHECK_UPDATE_SNAPSHOTS=1 and review the diff"
    )
