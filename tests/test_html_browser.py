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
          "--n-max", "1", "--form", "recover", "--r-max", "9", "--max-size", "8",
          "--html", str(report)])
    proc = chromium(tmp_path, "--dump-dom", report.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = Text()
    dom.feed(proc.stdout)
    text = " ".join(" ".join(dom.parts).split())
    assert "lengthcheck report" in text
    assert "fixture-parity-fill" in text and "fixture-two-markers" in text
    assert "VERDICT: SUPPORTED" in text and "VERDICT: NOT-GUARANTEED" in text
    assert "Why: The step reads positions 0 and" in text
    assert "Trace of a small instance" in text and "Reasoning DAG" in text
    # the browser built the inline SVG: plots and DAG nodes are elements of the DOM
    assert dom.tags.get("svg", 0) >= 8 and dom.tags.get("polyline", 0) >= 4
    assert dom.tags.get("rect", 0) >= 10 and dom.tags.get("table", 0) >= 5

    shot = tmp_path / "report.png"
    proc = chromium(tmp_path, "--window-size=1280,2400", f"--screenshot={shot}", report.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


# Injected into a copy of the report only (the report itself has no scripts): lists every
# element that runs past its problem's card, every SVG text (plot titles, legends, labels)
# outside its picture and, when strict, every table that needs its scroll box, into
# <pre id="overflow">.
OVERFLOW_CHECK = """<script>
(function () {
  const strict = STRICT;
  const found = [];
  const name = (el) => el.tagName.toLowerCase()
      + (el.className && el.className.baseVal === undefined
         ? "." + String(el.className).split(" ").join(".") : "")
      + " '" + (el.textContent || "").trim().slice(0, 60) + "'";
  for (const card of document.querySelectorAll("section.problem")) {
    const box = card.getBoundingClientRect();
    for (const el of card.querySelectorAll("*")) {
      const scroller = el.closest(".scroll, .checks-wrap");
      if (scroller && scroller !== el) continue;  // scrolls inside its container, checked below
      if (el.closest("svg") && el.tagName.toLowerCase() !== "svg") continue;  // checked below
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > box.right + 0.5 || r.left < box.left - 0.5)
        found.push(name(el) + " leaves its card");
    }
  }
  for (const s of strict ? document.querySelectorAll(".scroll, .checks-wrap") : []) {
    if (s.querySelector("table") && s.scrollWidth > s.clientWidth + 1)
      found.push(name(s.querySelector("table")) + " is wider than its card");
  }
  for (const t of document.querySelectorAll("svg text")) {
    const r = t.getBoundingClientRect(), p = t.ownerSVGElement.getBoundingClientRect();
    if (r.right > p.right + 1 || r.left < p.left - 1
        || r.top < p.top - 1 || r.bottom > p.bottom + 1)
      found.push("svg text '" + t.firstChild.textContent + "' runs outside its picture");
  }
  const out = document.createElement("pre");
  out.id = "overflow";
  out.textContent = "@@" + "RESULT" + JSON.stringify(found) + "@@";
  document.body.appendChild(out);
})();
</script>"""


@pytest.mark.parametrize("width", [1280, 700])
def test_nothing_overflows_its_box(tmp_path, width):
    """Trace annotations, plot legends and tables stay inside their boxes (issue 9, item 19).

    At 1280 pixels nothing may even need a scroll box; at 700 a wide grid may scroll inside
    its box, but nothing runs past the card or out of a picture. A screenshot is kept.
    """
    import json
    import re

    from .conftest import PROBLEMS

    report = tmp_path / "report.html"
    main(["check", str(SPECS / "good_two_markers.py"), str(PROBLEMS / "parity_reduce.py"),
          str(PROBLEMS / "arith_front.py"), str(PROBLEMS / "copy_unique.py"), "--max-size", "5",
          "-q", "--html", str(report)])
    script = OVERFLOW_CHECK.replace("STRICT", "true" if width >= 1280 else "false")
    checked = tmp_path / "checked.html"
    checked.write_text(report.read_text(encoding="utf-8").replace("</body>", script + "</body>"))
    shot = tmp_path / "report.png"
    proc = chromium(tmp_path, f"--window-size={width},3000", f"--screenshot={shot}",
                    report.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    proc = chromium(tmp_path, f"--window-size={width},3000", "--dump-dom", checked.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    match = re.search(r"@@RESULT(.*?)@@", proc.stdout, re.S)
    assert match, "the overflow check did not run"
    found = json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&")
                       .replace("&lt;", "<").replace("&gt;", ">"))
    assert found == [], "\n".join(found)
