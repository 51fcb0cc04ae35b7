"""The HTML report in a real browser: headless Chromium loads it offline and we read the DOM.

Chromium comes from Debian's packages (`.ci/run` installs it); without it this
test is skipped. The browser runs with networking features off, so a page that
needed anything from outside would show it missing.
"""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from lengthcheck.cli import main

from .conftest import SPECS

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists()
                                        else None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary (install Debian's `chromium` package, as "
    ".ci/run does, to run the browser test)"
)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--hide-scrollbars"]


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1

    def handle_data(self, data):
        self.parts.append(data)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_report_renders_in_chromium(tmp_path):
    report = tmp_path / "report.html"
    main(["check", str(SPECS / "good_parity_fill.py"), str(SPECS / "good_two_markers.py"),
          "--n-max", "1", "--form", "recover", "--r-max", "9", "--max-size", "4",
          "--html", str(report)])
    proc = chromium(tmp_path, "--dump-dom", report.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = Text()
    dom.feed(proc.stdout)
    text = " ".join(" ".join(dom.parts).split())
    assert "lengthcheck report" in text
    assert "fixture-parity-fill" in text and "fixture-two-markers" in text
    assert "VERDICT: GUARANTEED" in text and "VERDICT: NOT-GUARANTEED" in text
    assert "Why: The step reads positions 0 and 5" in text
    assert "Trace of a small instance" in text and "Reasoning DAG" in text
    # the browser built the inline SVG: plots and DAG nodes are elements of the DOM
    assert dom.tags.get("svg", 0) >= 8 and dom.tags.get("polyline", 0) >= 4
    assert dom.tags.get("rect", 0) >= 10 and dom.tags.get("table", 0) >= 5

    shot = tmp_path / "report.png"
    proc = chromium(tmp_path, "--window-size=1280,2400", f"--screenshot={shot}", report.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
