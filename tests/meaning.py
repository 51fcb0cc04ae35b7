"""What a check's JSON means, without its wording: the snapshot issue 20 compares against.

The restructuring of issue 20 (typed core, reason codes, one result record) must
not change what any reference problem's report *says*. The wording may change;
the verdict, R, the minimal r series, the coverage size and the counterexample's
kind may not. `tests/snapshots/meaning.json` holds these for every module of
problems/ (reference, literature and rule formats) at its default bound, made from
the code before the restructuring. To rewrite it after an intended change:

    LENGTHCHECK_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_reference_problems.py \
        tests/test_literature.py -p no:xdist

and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

SNAPSHOT = Path(__file__).parent / "snapshots" / "meaning.json"


def meaning(report: dict[str, Any]) -> dict[str, Any]:
    """The parts of one problem's JSON object that carry meaning, not words."""
    cx = report.get("counterexample") or {}
    return {
        "verdict": report["verdict"],
        "R": report["R"]["value"],
        "R_by_size": report["R"]["by_size"],
        "at_most_once": report["at_most_once"],
        "causal_well_defined": report["causal_function"]["well_defined"],
        "minimal_r": report["minimal_r"],
        "minimal_r_by_size": report["minimal_r_by_size"],
        "coverage_size": report["coverage_size"],
        "counterexample_kind": cx.get("kind"),
        "next_bound": (report.get("evidence") or {}).get("next_bound"),
    }


def check_meaning(name: str, report: dict[str, Any]) -> None:
    """Assert (or, with LENGTHCHECK_UPDATE_SNAPSHOTS=1, record) problem `name`'s meaning."""
    stored = json.loads(SNAPSHOT.read_text()) if SNAPSHOT.exists() else {}
    now = json.loads(json.dumps(meaning(report)))  # the same key types as the stored file
    if os.environ.get("LENGTHCHECK_UPDATE_SNAPSHOTS"):
        stored[name] = now
        SNAPSHOT.write_text(json.dumps(stored, indent=1, sort_keys=True) + "\n")
        return
    assert name in stored, f"{name} has no meaning snapshot: see tests/meaning.py"
    assert now == stored[name]
