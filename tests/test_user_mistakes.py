"""A new user's broken specs (tests/user_mistakes/): exit 2, the spec's file:line, no traceback.

Each spec marks the line its error must name with `# <- error` (a few mark two
acceptable lines). They run through the command line as a user runs them
(`python -m lengthcheck check FILE`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

MISTAKES = Path(__file__).parent / "user_mistakes"
SPECS = sorted(MISTAKES.glob("*.py"))


def marked_lines(path: Path) -> set[int]:
    text = path.read_text(encoding="utf-8").splitlines()
    found = {number for number, line in enumerate(text, 1) if "# <- error" in line}
    assert found, f"{path.name} marks no line with '# <- error'"
    return found


def lengthcheck(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lengthcheck", *args], capture_output=True,
                          text=True, timeout=300, check=False, cwd=cwd)


def test_there_are_mistakes_to_run():
    assert len(SPECS) >= 8


@pytest.mark.parametrize("spec", SPECS, ids=[p.stem for p in SPECS])
def test_mistake_exits_2_with_file_line_and_no_traceback(spec):
    proc = lengthcheck("check", str(spec), "--max-size", "3")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 2, output
    assert any(f"{spec.name}:{line}: spec error" in proc.stderr for line in marked_lines(spec)), (
        output)
    assert "fix:" in proc.stderr
    assert "Traceback" not in output


@pytest.mark.parametrize("spec", SPECS, ids=[p.stem for p in SPECS])
def test_mistake_in_json_is_an_error_entry(spec):
    proc = lengthcheck("check", str(spec), "--max-size", "3", "--json")
    assert proc.returncode == 2
    (entry,) = json.loads(proc.stdout)
    error = entry["error"]
    assert set(error) >= {"file", "line", "message", "fix"}
    assert error["file"].endswith(spec.name) and error["line"] in marked_lines(spec)
    assert error["message"] and error["fix"]
    assert "Traceback" not in proc.stderr


def test_method_typo_names_the_near_miss():
    proc = lengthcheck("check", str(MISTAKES / "typo_step.py"))
    assert "defines no step(s); did you mean stpe?" in proc.stderr
    assert "rename stpe to step" in proc.stderr
    proc = lengthcheck("check", str(MISTAKES / "typo_instances.py"))
    assert "defines no instances(n); did you mean instance?" in proc.stderr


HELPER = "def shared_alphabet():\n    return ('a', 'b')\n"
TEST_MODULE = "import pytest\nfrom nothing_installed import fixture  # noqa\n"
GOOD = '''
from helpers import shared_alphabet
from lengthcheck import Problem, Step


class Flip(Problem):
    alphabet = shared_alphabet()
    max_size = 4

    def instances(self, n):
        yield ("a",) * n

    def step(self, s):
        if "a" not in s:
            return None
        p = s.index("a")
        return Step(reads=(p,), next=s[:p] + ("b",) + s[p + 1:])
'''


def test_folder_skips_helper_and_test_modules_with_a_note(tmp_path):
    (tmp_path / "helpers.py").write_text(HELPER)
    (tmp_path / "test_flip.py").write_text(TEST_MODULE)
    (tmp_path / "conftest.py").write_text("")
    (tmp_path / "flip.py").write_text(GOOD)
    proc = lengthcheck("check", str(tmp_path), "--max-size", "4")
    assert proc.returncode in (0, 1, 3), proc.stderr
    assert "Flip" in proc.stdout
    assert "note: skipped" in proc.stderr and "helpers.py: defines no Problem" in proc.stderr
    assert "test_flip.py: a test module" in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


def test_folder_of_helpers_only_is_an_error(tmp_path):
    (tmp_path / "helpers.py").write_text(HELPER)
    proc = lengthcheck("check", str(tmp_path))
    assert proc.returncode == 2
    assert "helpers.py:1: spec error: no file in folder" in proc.stderr
