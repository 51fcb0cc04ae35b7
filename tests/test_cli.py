"""The CLI: exit codes say the verdict; --json carries the documented keys."""

from __future__ import annotations

import json
import subprocess
import sys

from lengthcheck.cli import main

from .conftest import SPECS

GOOD = str(SPECS / "good_parity_fill.py")
TWO = str(SPECS / "good_two_markers.py")


def run_json(args, capsys):
    code = main(["check", "--json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_supported_exits_0(capsys):
    assert main(["check", GOOD, "--max-size", "8"]) == 0
    out = capsys.readouterr().out
    assert "VERDICT: SUPPORTED up to n = 8 (all instances, enumerate + z3) — not a proof" in out
    assert "no counterexample up to n = 8" in out


def test_expect_block_saying_guaranteed_is_read_as_supported_with_a_warning(tmp_path, capsys):
    """The old word, for one release: no mismatch, exit 0, the deprecation on stderr."""
    text = (SPECS / "good_parity_fill.py").read_text(encoding="utf-8")
    spec = tmp_path / "old_word.py"
    spec.write_text(text.replace("    max_size = 8\n",
                                 '    max_size = 8\n    expect = {"verdict": "guaranteed"}\n'))
    assert main(["check", str(spec)]) == 0
    out, err = capsys.readouterr()
    assert "expect block: matches what was computed" in out
    assert ("warning: 'guaranteed' is now 'supported' (a bounded verdict, not a proof); write "
            "'supported' (in the expect block of fixture-parity-fill)") in err


def test_small_bound_is_unknown_naming_the_rule_and_the_next_bound(capsys):
    """At n = 4 a window of 5 still sees whole instances of size 1 and 2 (rule (b))."""
    code, data = run_json([GOOD, "--max-size", "4"], capsys)
    assert code == 3
    evidence = data[0]["evidence"]
    assert evidence["failed_rule"] == "b" and evidence["next_bound"] == 6
    assert data[0]["headline"].endswith("try --max-size 6")


def test_not_guaranteed_exits_1(capsys):
    # with one window only, the two markers cannot be covered at a fixed width
    code, data = run_json([TWO, "--n-max", "1", "--form", "recover", "--r-max", "9"], capsys)
    assert code == 1
    (entry,) = data
    assert entry["verdict"] == "not-guaranteed"
    assert entry["counterexample"]["kind"] == "uncoverable"


def test_unknown_exits_3_when_too_few_sizes(capsys):
    code, data = run_json([GOOD, "--max-size", "2"], capsys)
    assert code == 3
    assert data[0]["verdict"] == "unknown"


def test_json_keys(capsys):
    code, data = run_json([GOOD, TWO, "--max-size", "8"], capsys)
    assert [d["verdict"] for d in data] == ["supported", "supported"]
    assert code == 0 and [d["problem"] for d in data] == [
        "fixture-parity-fill",
        "fixture-two-markers",
    ]
    entry = data[0]
    for key in ("problem", "verdict", "scope", "R", "causal_function", "at_most_once",
                "consistency", "minimal_r", "coverage_size", "theorems"):
        assert key in entry
    assert entry["scope"]["max_size"] == 8 and entry["scope"]["engine"] == "auto"  # the default
    assert entry["scope"]["engine_answered"] in ("enumerate", "smt")
    assert entry["R"] == {**entry["R"], "bounded": True, "value": 1}
    assert entry["R"]["by_size"] == {str(n): 1 for n in range(1, 9)}
    # the first step of the smallest instance already reads '#' and the bit after it
    assert entry["R"]["witness"] == {"instance": ["#", "0", "?"], "size": 1, "step_index": 0,
                                     "state": ["#", "0", "?"], "reads": [0, 1], "span": 1}
    assert data[1]["R"]["witness"]["span"] == 9  # two markers n + 1 apart at n = 8
    assert entry["causal_function"]["well_defined"] is True
    assert entry["at_most_once"] is True
    assert entry["minimal_r"]["recover"]["1"] == 5
    assert entry["minimal_r"]["local-rule"]["1"] == 5
    first = entry["consistency"][0]
    assert set(first) >= {"form", "n", "r", "holds", "counterexample"}
    failing = [c for c in entry["consistency"] if not c["holds"]]
    assert failing and failing[0]["counterexample"]["queries"][0]["windows"]
    # the (1, 5) window (0 s1 0 ? 0) needs a 1 before it, so four bits: N_cov = 4
    assert entry["coverage_size"] == 4
    assert any("Thm 3.6/3.7" in t for t in entry["theorems"])  # the (1, 5) recover route


def test_python_dash_m_entry_point():
    proc = subprocess.run(
        [sys.executable, "-m", "lengthcheck", "check", GOOD, "--max-size", "8", "--json"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["verdict"] == "supported"


def test_bad_option_is_a_usage_error(capsys):
    try:
        main(["check", GOOD, "--form", "sideways"])
    except SystemExit as exc:
        assert exc.code == 2
    else:  # pragma: no cover
        raise AssertionError("argparse should have exited")


def test_smt_solver_giving_up_is_unknown_never_a_pass(capsys):
    from .conftest import PROBLEMS

    code, data = run_json([str(PROBLEMS / "parity_fill.py"), "--engine", "smt",
                           "--max-size", "4", "--smt-rlimit", "1"], capsys)
    assert code == 4  # unknown, and parity_fill's expect block says supported: exit 4
    assert data[0]["verdict"] == "unknown"
    assert any("z3 gave up" in reason for reason in data[0]["reasons"])
    assert data[0]["scope"]["text"].startswith("undecided")


def test_smt_engine_decides_what_enumeration_decides(capsys):
    from .conftest import PROBLEMS

    spec = str(PROBLEMS / "parity_fill.py")
    _, smt = run_json([spec, "--engine", "smt", "--max-size", "8"], capsys)
    _, enum = run_json([spec, "--max-size", "8"], capsys)
    assert smt[0]["verdict"] == enum[0]["verdict"] == "supported"
    assert smt[0]["minimal_r"] == enum[0]["minimal_r"]
    assert smt[0]["evidence"] == enum[0]["evidence"]
    assert smt[0]["scope"]["smt_sizes"] == list(range(1, 9))
    assert "decided by z3" in smt[0]["scope"]["text"]
