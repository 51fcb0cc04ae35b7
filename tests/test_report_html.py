"""The HTML report: one self-contained file with the verdict, grids, plots and the DAG."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from lengthcheck.checker import check_problem
from lengthcheck.cli import main
from lengthcheck.loader import load
from lengthcheck.report import html
from lengthcheck.report.svg import line_plot

from .conftest import SPECS

GOOD = str(SPECS / "good_parity_fill.py")
TWO = str(SPECS / "good_two_markers.py")
VOID = {"meta", "br", "img", "input", "hr", "link", "col", "source", "wbr", "area", "base"}
SVG_LEAVES = {"line", "circle", "rect", "polyline", "path"}


class Balance(HTMLParser):
    """Checks that every non-void element is closed, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> str:
    target = tmp_path_factory.mktemp("html") / "report.html"
    code = main(["check", GOOD, TWO, "--n-max", "1", "--form", "recover", "--r-max", "9",
                 "--max-size", "8", "--html", str(target)])
    assert code == 1  # two-markers with one window is not guaranteed: the exit code still says so
    return target.read_text(encoding="utf-8")


def test_self_contained(page):
    assert page.startswith("<!DOCTYPE html>")
    lowered = page.lower()
    for outside in ("<script", "<link", "@import", "<img", "<iframe", "src=", "http://",
                    "https://", "//fonts", "@font-face"):
        assert outside not in lowered, outside
    # the only references are to fragments of the page itself
    assert all(u.startswith("#") for u in re.findall(r"url\(([^)]*)\)", page))
    # ... and the reference page of the terms (a link to follow, nothing the page loads)
    assert all(h.startswith("#") or h.endswith("docs/reference.md")
               for h in re.findall(r'href="([^"]*)"', page))
    assert "docs/reference.md" in page


def test_well_formed(page):
    parser = Balance()
    parser.feed(page)
    parser.close()
    assert not parser.errors and parser.stack == []


def test_content_per_problem(page):
    parser = Balance()
    parser.feed(page)
    text = " ".join(parser.text)
    assert page.count('<section class="problem"') == 2
    assert "fixture-parity-fill" in text and "fixture-two-markers" in text
    assert "VERDICT: SUPPORTED" in text and "VERDICT: NOT-GUARANTEED" in text
    assert "no counterexample up to n = 8" in text
    # plots (R, |X|, minimal r) and a DAG for each problem
    assert page.count('<svg class="plot"') == 6 and page.count('<svg class="dag"') == 2
    assert "R and R_io against size" in text and "|X| against size" in text
    # the failing problem's counterexample, drawn as a grid with the reason
    assert text.count("Counterexample") == 1 and "Why:" in text and "uncoverable" in text
    # grids: windows outlined, reads and writes highlighted
    for cls in ('class="c win wl', " wr", " read", " written", "pad"):
        assert cls in page
    assert "Trace of a small instance" in text and "→ final state" in text
    assert 'id="dag0-arrow"' in page and 'id="dag1-arrow"' in page  # ids stay unique


def test_trace_grid_matches_the_sample(page):
    # parity-fill at n = 3: 4 states, 3 of them with an outlined window
    first = page.split('<section class="problem"')[1]
    grid = first.split('Trace of a small instance')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", grid)
    assert [re.search(r"<th>(.*?)</th>", r).group(1) for r in rows] == ["t=0", "t=1", "t=2", "t=3"]
    assert all(" wl" in r for r in rows[:3]) and " wl" not in rows[3]
    assert [len(re.findall(r'class="[^"]*\bread\b', r)) for r in rows] == [2, 2, 2, 0]


def test_section_without_pictures():
    (problem,) = load(GOOD)
    result = check_problem(problem, max_size=3)
    text = html.page([html.Section(result, ["R: expected 2, computed 1"], note="no pictures: x")])
    assert "no pictures: x" in text and "expect block: DIFFERS" in text
    assert '<svg class="dag"' not in text


def test_line_plot_marks_missing_values():
    svg = line_plot("minimal r", [("recover, n = 1", {1: 5, 2: 7, 3: None})], "r")
    assert svg.count("<circle") == 2 and "none within the limits" in svg and "×" in svg
    assert line_plot("empty", [("x", {})], "y") == ""
