"""Advice names an option the way the user's front door spells it (issue 20).

`lengthcheck check` says `--max-size 12`; a spec collected by the pytest plugin
says `--lengthcheck-max-size=12`; `check()`, the fixture and a notebook say
`max_size=12`. The words come from one place (`options.flag`), fed by the
`Options` declaration.
"""

from __future__ import annotations

import json
from pathlib import Path

from lengthcheck import check
from lengthcheck.cli import main
from lengthcheck.loader import load
from lengthcheck.options import FrontDoor, flag, front_door

ROOT = Path(__file__).parent.parent
SUBTRACTION = ROOT / "benchmarks" / "specs" / "binary_subtraction.py"


def test_each_door_spells_an_option_its_own_way():
    assert flag("max_size", 12) == "max_size=12"  # the library is the default door
    assert flag("engine", "smt") == "engine='smt'"
    with front_door(FrontDoor.CLI):
        assert flag("max_size", 12) == "--max-size 12"
        assert flag("include_final") == "--no-final-states"
    with front_door(FrontDoor.PYTEST):
        assert flag("max_size", 12) == "--lengthcheck-max-size=12"
        assert flag("max_instances") == "--lengthcheck-max-instances"
    assert flag("include_final") == "include_final=False"


def test_the_cli_and_the_library_name_the_next_bound_each_their_way(capsys):
    (problem,) = load(str(SUBTRACTION))
    library = check(problem, max_size=6, engine="enumerate")
    bound = library.verdict.next_bound
    assert bound is not None and library.verdict.headline.endswith(f"try max_size={bound}")
    assert main(["check", str(SUBTRACTION), "--max-size", "6", "--engine", "enumerate",
                 "--json"]) == 3  # unknown
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["headline"].endswith(f"try --max-size {bound}")


def test_inside_the_pytest_door_the_advice_names_the_pytest_option():
    """The plugin runs a collected spec's check inside this door (ExpectItem.setup)."""
    (problem,) = load(str(SUBTRACTION))
    with front_door(FrontDoor.PYTEST):
        result = check(problem, max_size=6, engine="enumerate")
    bound = result.verdict.next_bound
    assert result.verdict.headline.endswith(f"try --lengthcheck-max-size={bound}")
