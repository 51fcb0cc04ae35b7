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
    """`lengthcheck ... | head -2`: rich's own answer to a closed pipe is exit 1, which reads
    as "not guaranteed"; the documented code is 141."""
    shell = (f"set -o pipefail; {sys.executable} -m lengthcheck {' '.join(command)} "
             "| head -2 > /dev/null")
    done = subprocess.run(["bash", "-c", shell], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 141, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
