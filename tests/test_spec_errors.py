"""Every kind of spec error names the spec file and line, the instance and step, and a fix."""

from __future__ import annotations

import pytest

from lengthcheck import SpecError, check
from lengthcheck.cli import main
from lengthcheck.loader import load

from .conftest import SPECS

CASES = [
    # (spec file, line the error must point at, words the message must hold)
    ("bad_read_outside", 14, "outside the state"),
    ("bad_token", 14, "not in the alphabet"),
    ("bad_empty_reads", 14, "empty"),
    ("bad_too_many_steps", 14, "max_steps"),
    ("bad_raises", 15, "KeyError"),
    ("bad_no_instances", 8, "yielded no instance"),
    ("bad_instance_token", 8, "not in the alphabet"),
]


@pytest.mark.parametrize("name,line,words", CASES)
def test_spec_error_names_file_and_line(name, line, words):
    (problem,) = load(str(SPECS / f"{name}.py"))
    with pytest.raises(SpecError) as info:
        check(problem, max_size=3)
    err = info.value
    assert err.location is not None
    assert err.location.file.endswith(f"{name}.py")
    assert err.location.line == line
    assert words in err.what
    assert err.hint


@pytest.mark.parametrize("name", ["bad_read_outside", "bad_raises", "bad_token"])
def test_step_errors_name_the_instance_and_step(name):
    (problem,) = load(str(SPECS / f"{name}.py"))
    with pytest.raises(SpecError) as info:
        check(problem, max_size=2)
    assert info.value.instance == ("a",)
    assert info.value.step_index == 0


def test_syntax_error_in_spec_points_at_the_line():
    with pytest.raises(SpecError) as info:
        load(str(SPECS / "bad_syntax.py"))
    assert info.value.location.line == 4


@pytest.mark.parametrize("name", [c[0] for c in CASES] + ["bad_syntax"])
def test_cli_exits_2_without_a_traceback(name, capsys):
    code = main(["check", str(SPECS / f"{name}.py"), "--max-size", "3"])
    captured = capsys.readouterr()
    assert code == 2
    assert f"{name}.py:" in captured.err
    assert "spec error" in captured.err and "fix:" in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_missing_path_is_a_usage_error(capsys):
    assert main(["check", "no/such/spec.py"]) == 2
    assert "no such spec" in capsys.readouterr().err


def test_module_class_target(monkeypatch):
    monkeypatch.syspath_prepend(str(SPECS))
    (problem,) = load("good_two_markers:TwoMarkers")
    assert problem.name == "fixture-two-markers"


def test_file_class_target():
    (problem,) = load(str(SPECS / "good_two_markers.py") + "::TwoMarkers")
    assert problem.name == "fixture-two-markers"
    with pytest.raises(SpecError, match="no Problem class named"):
        load(str(SPECS / "good_two_markers.py") + "::Nope")
