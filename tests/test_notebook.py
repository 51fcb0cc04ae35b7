"""A notebook user (issue 19): `lengthcheck.check(...)` returns a result that shows itself
(`_repr_html_`, the section `--html` writes) and gives the JSON shape (`to_dict`)."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import lengthcheck
from lengthcheck.cli import main
from lengthcheck.loader import load
from lengthcheck.options import FrontDoor, front_door

SPEC = str(Path(__file__).parent / "specs" / "good_parity_fill.py")
VOID = {"meta", "br", "img", "input", "hr", "link", "col", "wbr"}


class Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()


def test_to_dict_is_the_json_of_check(capsys):
    with front_door(FrontDoor.CLI):  # advice spelt as the CLI spells it, to compare
        result = lengthcheck.check(load(SPEC)[0], max_size=6, engine="enumerate")
    main(["check", SPEC, "--max-size", "6", "--engine", "enumerate", "--json", "-q"])
    (printed,) = json.loads(capsys.readouterr().out)
    mine = json.loads(json.dumps(result.to_dict()))
    mine["expect_mismatches"] = printed["expect_mismatches"] = None  # the CLI compares expect
    assert mine == printed


def test_repr_html_is_the_report_section_with_scoped_styles():
    result = lengthcheck.check(load(SPEC)[0], max_size=6)
    page = result._repr_html_()
    assert result.problem in page and f"v-{result.verdict.word}" in page
    checker = Balance()
    checker.feed(page)
    assert checker.errors == [] and checker.open == []
    style = page.split("<style>")[1].split("</style>")[0]
    assert all(rule.startswith(".lengthcheck-report") for rule in style.splitlines() if rule)
    assert "no trace or DAG pictures here" in page  # said, not silently left out
