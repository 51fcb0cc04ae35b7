"""`lengthcheck check --json` conforms to schema/lengthcheck-result.schema.json."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from lengthcheck.checker import check_problem
from lengthcheck.cli import main
from lengthcheck.report.json import problem_json

from .conftest import PROBLEMS, SPECS
from .test_report_console import CausalConflict, ReadFirstAlways

SCHEMA = Path(__file__).parent.parent / "schema" / "lengthcheck-result.schema.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def check_json(capsys, *args: str) -> list:
    main(["check", "--json", *args])
    return json.loads(capsys.readouterr().out)


def errors(validator, data) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def test_fixtures_validate(validator, capsys):
    data = check_json(capsys, str(SPECS / "good_parity_fill.py"),
                      str(SPECS / "good_two_markers.py"))
    data += check_json(capsys, str(SPECS / "good_two_markers.py"), "--n-max", "1", "--form",
                       "recover", "--r-max", "9")
    assert len(data) == 3 and errors(validator, data) == []


def test_reference_problems_validate(validator, capsys):
    if not any(PROBLEMS.glob("*.py")):
        pytest.skip("no reference problems in problems/ yet")
    # small bounds keep this fast; every key and counterexample shape still appears
    data = check_json(capsys, str(PROBLEMS), "--max-size", "3", "--n-max", "2")
    assert data and errors(validator, data) == []


def test_every_counterexample_shape_validates(validator):
    entries = []
    for problem in (CausalConflict(), ReadFirstAlways()):
        entries.append(problem_json(check_problem(problem, max_size=3)))
    assert {e["counterexample"]["kind"] for e in entries if e["counterexample"]} >= {
        "causal-conflict"}
    assert errors(validator, entries) == []


def test_schema_rejects_what_it_should(validator, capsys):
    (entry,) = check_json(capsys, str(SPECS / "good_parity_fill.py"), "--max-size", "4")
    for change in (
        lambda e: e.update(verdict="maybe"),
        lambda e: e.pop("scope"),
        lambda e: e["R"]["by_size"].update({"x": 1}),
        lambda e: e["consistency"][0].update(holds="yes"),
        lambda e: e["consistency"][0]["counterexample"].update(kind="other"),
    ):
        broken = copy.deepcopy(entry)
        change(broken)
        assert errors(validator, [broken]), change
