"""Smaller things a new user hit (issue 19), beyond tests/test_issue19_cli.py: a closed pipe
for every command, folders (-r, subfolders with no spec, links back), the count line, and
near misses that keep the `::Class` / `:Class` the user typed."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lengthcheck.cli import main
from lengthcheck.report.console import summary_line

from .conftest import SPECS

ROOT = Path(__file__).parent.parent
GOOD = SPECS / "good_parity_fill.py"
RULES = ROOT / "problems" / "rules" / "add_column.py"


class ClosedPipe(io.TextIOBase):
    """stdout whose reader went away: every write raises what a real closed pipe raises."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize("command", [
    ["check", str(GOOD), "--max-size", "6", "-q"],
    ["check", str(GOOD), "--max-size", "6", "-q", "--json"],
    ["explain", str(GOOD), "--max-size", "6", "-q"],
    ["dag", str(GOOD)],
    ["prove", str(RULES)],
])
def test_a_closed_pipe_is_141_for_every_command(command, monkeypatch):
    """rich's own answer to a broken pipe is SystemExit(1), which reads as not-guaranteed."""
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(command) == 141


@pytest.mark.parametrize("command", [
    ["dag", str(GOOD)],
    ["prove", str(RULES)],
])
def test_a_closed_pipe_in_a_real_process_exits_141_quietly(command):
    proc = subprocess.Popen([sys.executable, "-m", "lengthcheck", *command], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141, err
    assert "Traceback" not in err and "Exception ignored" not in err


def test_head_two_on_a_folder_run_exits_0_or_141(tmp_path):
    """Several reports through `| head -2`: the pipe breaks after two lines."""
    for index in range(4):
        (tmp_path / f"spec{index}.py").write_text(GOOD.read_text(encoding="utf-8"))
    shell = (f"set -o pipefail; {sys.executable} -m lengthcheck check {tmp_path} -q -j 1 "
             "--max-size 8 | head -2 > /dev/null")
    done = subprocess.run(["bash", "-c", shell], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode in (0, 141), done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


@pytest.fixture
def tree(tmp_path):
    """A spec, a subfolder with only a helper, a subfolder with only tests, a venv."""
    # not good.py: the pytester runs in tests/test_pytest_plugin.py import a module `good`
    (tmp_path / "smaller_spec.py").write_text(GOOD.read_text(encoding="utf-8"))
    (tmp_path / "helpers").mkdir()
    (tmp_path / "helpers" / "tools.py").write_text("X = 1\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_good.py").write_text("def test_x():\n    pass\n")
    (tmp_path / "venv" / "lib").mkdir(parents=True)
    (tmp_path / "venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (tmp_path / "venv" / "lib" / "site.py").write_text("raise SystemExit('imported')\n")
    return tmp_path


def test_only_subfolders_with_possible_specs_are_named(tree, capsys):
    assert main(["check", str(tree), "-q", "--max-size", "8"]) == 0
    err = capsys.readouterr().err
    assert f"note: not entered {tree / 'helpers'}/" in err
    assert f"`lengthcheck check {tree / 'helpers'}`" in err
    assert "tests" not in err and "venv" not in err


def test_recursive_notes_a_subfolder_without_problems_instead_of_failing(tree, capsys):
    assert main(["check", str(tree), "-r", "-q", "--max-size", "8"]) == 0
    err = capsys.readouterr().err
    assert f"note: skipped {tree / 'helpers' / 'tools.py'}: defines no Problem subclass" in err
    assert f"note: skipped {tree / 'helpers'}/: no file in it defines a Problem subclass" in err


def test_recursive_does_not_follow_a_link_back_up(tree, capsys):
    try:
        os.symlink(tree, tree / "helpers" / "up")
    except OSError:
        pytest.skip("no symlinks here")
    assert main(["check", str(tree), "-r", "-q", "--max-size", "8"]) == 0
    err = capsys.readouterr().err
    assert f"note: not entered {tree / 'helpers' / 'up'}/: a link back" in err


def test_the_count_line_counts_verdicts_spec_errors_and_differences(tmp_path, capsys):
    text = GOOD.read_text(encoding="utf-8")
    (tmp_path / "a_good.py").write_text(text)
    (tmp_path / "b_raises.py").write_text((SPECS / "bad_raises.py").read_text(encoding="utf-8"))
    (tmp_path / "c_differs.py").write_text(text.replace(
        "    max_size = 8\n", '    max_size = 8\n    expect = {"verdict": "not-guaranteed"}\n'))
    assert main(["check", str(tmp_path), "-q", "-j", "1"]) == 2
    last = capsys.readouterr().out.rstrip().splitlines()[-1]
    assert last == "3 problems: 2 supported; 1 spec error; 1 differs from its expect block"


@pytest.mark.parametrize("flag", ["--json", "--compare"])
def test_no_count_line_with_json_or_compare(tmp_path, capsys, flag):
    for name in ("a.py", "b.py"):
        (tmp_path / name).write_text(GOOD.read_text(encoding="utf-8"))
    main(["check", str(tmp_path), "-q", "-j", "1", flag])
    assert "2 problems:" not in capsys.readouterr().out


def test_summary_line_wording():
    words = ["supported"] * 7 + ["proved", "unknown"] + ["not-guaranteed"] * 3
    assert summary_line(words, 0, 1) == ("12 problems: 1 proved, 7 supported, 3 not-guaranteed, "
                                         "1 unknown; 0 spec errors; 1 differs from its expect "
                                         "block")
    assert summary_line([], 2, 0) == "2 problems: none checked; 2 spec errors"
    assert summary_line(["unknown"], 1, 2).endswith("; 1 spec error; 2 differ from their "
                                                    "expect blocks")


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "sort01.py").write_text(GOOD.read_text(encoding="utf-8").replace(
        "class ParityFillFixture", "class SortReady"))
    (tmp_path / "rules").mkdir()
    return tmp_path


def test_a_misspelt_file_keeps_the_class_asked_for(folder, capsys):
    assert main(["check", f"{folder / 'sort.py'}::SortReady", "-q"]) == 2
    assert f"did you mean {folder / 'sort01.py'}::SortReady?" in capsys.readouterr().err


def test_a_misspelt_folder_is_suggested(folder, capsys):
    assert main(["check", str(folder / "rule"), "-q"]) == 2
    assert f"did you mean {folder / 'rules'}?" in capsys.readouterr().err


def test_a_misspelt_module_is_suggested(folder, capsys, monkeypatch):
    monkeypatch.chdir(folder)
    assert main(["check", "sort1:SortReady", "-q"]) == 2
    assert "did you mean sort01:SortReady?" in capsys.readouterr().err


def test_a_misspelt_submodule_is_suggested(capsys):
    assert main(["check", "lengthcheck.lodaer:Problem", "-q"]) == 2
    assert "did you mean lengthcheck.loader:Problem?" in capsys.readouterr().err


def test_nothing_close_keeps_the_general_hint(folder, capsys, monkeypatch):
    monkeypatch.chdir(folder)
    assert main(["check", "zzzz:SortReady", "-q"]) == 2
    assert "run from the folder that holds zzzz.py" in capsys.readouterr().err


def test_a_misspelt_class_is_suggested(folder, capsys, monkeypatch):
    assert main(["check", f"{folder / 'sort01.py'}::SortReadyy", "-q"]) == 2
    assert f"did you mean {folder / 'sort01.py'}::SortReady?" in capsys.readouterr().err
    monkeypatch.chdir(folder)
    assert main(["check", "sort01:SortRedy", "-q"]) == 2
    assert "did you mean sort01:SortReady?" in capsys.readouterr().err


def test_a_misspelt_package_keeps_the_rest_of_the_name(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["check", "lengthchek.loader:Problem", "-q"]) == 2
    assert "did you mean lengthcheck.loader:Problem?" in capsys.readouterr().err
