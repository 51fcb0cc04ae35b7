"""Smaller things a new user hit (issue 19): exit codes under a pipe."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize("command", [
    ["check", "problems/parity_fill.py", "problems/parity_direct.py", "--max-size", "6"],
    ["explain", "problems/parity_fill.py"],
])
def test_a_closed_pipe_exits_141_without_a_traceback(command):
    """The reader is gone before anything is written: rich's own answer to that is exit 1,
    which reads as "not guaranteed"; the documented code is 141."""
    proc = subprocess.Popen([sys.executable, "-m", "lengthcheck", *command], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 141, err
    assert "Traceback" not in err and "Exception ignored" not in err


@pytest.mark.parametrize("command", [
    ["check", "problems/parity_fill.py", "problems/parity_direct.py", "--max-size", "6"],
    ["explain", "problems/parity_fill.py"],
])
def test_head_two_exits_0_or_141(command):
    """`lengthcheck ... | head -2`: 0 when everything fit the pipe before head left, else
    141; never 1."""
    shell = (f"set -o pipefail; {sys.executable} -m lengthcheck {' '.join(command)} "
             "| head -2 > /dev/null")
    done = subprocess.run(["bash", "-c", shell], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode in (0, 141), done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


SPEC = '''
from lengthcheck import Problem, Step


class {name}(Problem):
    alphabet = ("0", "1", "?")
    max_size = 3

    def instances(self, n):
        yield ("0",) * n + ("?",)

    def step(self, s):
        if "?" not in s:
            return None
        p = s.index("?")
        return Step(reads=(p - 1,), next=s[:p] + (s[p - 1],) + s[p + 1:])
'''


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "sort01.py").write_text(SPEC.format(name="SortReady"))
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "inner.py").write_text(SPEC.format(name="Inner"))
    (tmp_path / "__pycache__").mkdir()
    return tmp_path


def test_a_folder_names_each_subfolder_it_does_not_enter(folder, capsys):
    from lengthcheck.cli import main

    main(["check", str(folder), "-q", "--engine", "enumerate"])
    err = capsys.readouterr().err
    assert f"note: not entered {folder / 'rules'}/" in err and "add -r" in err
    assert "__pycache__" not in err


def test_recursive_enters_subfolders_and_the_run_ends_with_a_count(folder, capsys):
    from lengthcheck.cli import main

    main(["check", str(folder), "-r", "-q", "--engine", "enumerate"])
    captured = capsys.readouterr()
    assert "not entered" not in captured.err
    last = captured.out.rstrip().splitlines()[-1]
    assert last.startswith("2 problems: ") and last.endswith("; 0 spec errors")


def test_one_problem_has_no_count_line(folder, capsys):
    from lengthcheck.cli import main

    main(["check", str(folder / "sort01.py"), "-q", "--engine", "enumerate"])
    assert "problems:" not in capsys.readouterr().out


@pytest.mark.parametrize(("target", "suggested"), [
    ("sort.py", "sort01.py"),
    ("sort01.py::SortReadyy", "sort01.py::SortReady"),
])
def test_a_near_miss_is_suggested(folder, capsys, target, suggested):
    from lengthcheck.cli import main

    assert main(["check", str(folder / target), "-q"]) == 2
    assert f"did you mean {folder / suggested}?" in capsys.readouterr().err


def test_a_near_miss_of_a_module_class_is_suggested(folder, capsys, monkeypatch):
    from lengthcheck.cli import main

    monkeypatch.chdir(folder)
    assert main(["check", "sort01:SortRedy", "-q"]) == 2
    assert "did you mean sort01:SortReady?" in capsys.readouterr().err
