"""Data in and out (issue 22): export, data check, data coverage, and their bad inputs.

The round trip is the main claim: a spec's export, checked as data, gives the same
R series and minimal r as `check` of the spec to the same bound. Both sides are
computed here; nothing is read from an expect block.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import lengthcheck
from lengthcheck.checker import check_problem
from lengthcheck.cli import main
from lengthcheck.data import DataError, check, coverage, export, parse_records
from lengthcheck.loader import load

PROBLEMS = Path(__file__).parent.parent / "problems"


def _spec(name: str):
    (problem,) = load(str(PROBLEMS / f"{name}.py"))
    return problem


def _write(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _minimal(result) -> list[tuple[str, int, int | None]]:
    return [(m.form, m.n, m.value) for m in result.minimal_r]


# a rewrite format, an append format, a splice format
@pytest.mark.parametrize(("name", "bound"), [("parity_fill", 6), ("parity_append", 6),
                                             ("arith_fixed_order", 4)])
def test_an_export_checked_as_data_gives_the_spec_s_r_and_minimal_r(tmp_path, name, bound):
    problem = _spec(name)
    path = _write(tmp_path / "traces.jsonl", export(problem, range(problem.min_size, bound + 1)))
    as_data = check(path)
    as_spec = check_problem(problem, max_size=bound, engine="enumerate")
    assert as_data.distance.by_size == as_spec.distance.by_size
    assert as_data.distance.io_by_size == as_spec.distance.io_by_size
    assert as_data.causal.x_by_size == as_spec.causal.x_by_size
    assert _minimal(as_data) == _minimal(as_spec)
    assert as_data.verdict.word == as_spec.verdict.word
    assert f"instances in {path}" in as_data.verdict.headline  # the file's, not all


def test_export_streams_records_that_replay_as_the_spec_runs():
    problem = _spec("parity_append")
    records = export(problem, range(1, 4))
    first = next(records)  # a generator: nothing else computed yet
    assert first["states"][0] == ["0", "="] and first["steps"][0]["reads"] == [0, 1]
    assert first["text"] == "0 =\n0 = 0"
    assert sum(1 for _ in records) == 2 + 4 + 8 - 1


def test_sampled_export_is_seeded_and_drawn_from_the_layout():
    problem = _spec("parity_append")
    one = [r["states"][0] for r in export(problem, [20], sample=5, seed=3)]
    two = [r["states"][0] for r in export(problem, [20], sample=5, seed=3)]
    assert one == two and len(one) == 5 and all(len(s) == 21 for s in one)
    assert [r["states"] for r in lengthcheck.export(problem, [2])] == [
        r["states"] for r in export(problem, [2])]  # the library front door


def test_export_command_writes_jsonl_and_text(tmp_path, capsys):
    out = tmp_path / "t.jsonl"
    assert main(["export", str(PROBLEMS / "parity_fill.py"), "--sizes", "1-3", "-o",
                 str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 + 4 + 8 and json.loads(lines[0])["size"] == 1
    assert main(["export", str(PROBLEMS / "parity_fill.py"), "--sizes", "2", "--format",
                 "text"]) == 0
    blocks = capsys.readouterr().out.strip().split("\n\n")
    assert len(blocks) == 4 and blocks[0].splitlines()[0] == "# 0 ? 0 ?"


def test_the_export_loads_with_hugging_face_datasets(tmp_path):
    datasets = pytest.importorskip("datasets")
    path = _write(tmp_path / "t.jsonl", export(_spec("parity_fill"), range(1, 4)))
    loaded = datasets.load_dataset("json", data_files=str(path), split="train")
    assert len(loaded) == 14 and loaded[0]["text"] == "# 0 ?\n# 0 s0"
    # the other way (docs/data.md): records saved through datasets check as the export does
    saved = tmp_path / "saved.jsonl"
    datasets.Dataset.from_list(list(export(_spec("parity_fill"), range(1, 4)))).to_json(saved)
    assert check(saved).distance.by_size == check(path).distance.by_size


# --- coverage -----------------------------------------------------------------------------


def test_a_complete_training_file_covers_every_pattern(tmp_path):
    problem = _spec("parity_fill")
    path = _write(tmp_path / "train.jsonl", export(problem, range(1, 7)))
    cov = coverage(problem, path, max_size=6, engine="enumerate")
    assert cov.complete and cov.fraction == 1.0 and cov.needed > 0 and not cov.differing


def test_a_pattern_missing_from_the_training_file_is_named_with_an_instance(tmp_path, capsys):
    problem = _spec("parity_fill")
    wanted = ["s1", "1", "s0", "1", "?"]  # the window of one step, dropped on purpose

    def shows(record) -> bool:
        return any(s[i:i + 5] == wanted for s in record["states"] for i in range(len(s)))

    kept = [r for r in export(problem, range(1, 7)) if not shows(r)]
    path = _write(tmp_path / "train.jsonl", kept)
    cov = coverage(problem, path, max_size=6, engine="enumerate")
    missing = [p for p, _ in cov.missing]
    assert ("window", (tuple(wanted),), ((0, 0), (0, 1), ("write", 0, 2))) in missing
    assert 0 < cov.fraction < 1 and cov.close_with_sizes == 3
    code = main(["data", "coverage", str(PROBLEMS / "parity_fill.py"), "--train", str(path),
                 "--max-size", "6", "-q"])
    out = capsys.readouterr().out
    assert code == 1 and "window [s1 1 s0 1 ?]" in out and "To close the gap" in out


def test_coverage_counts_only_the_inputs_when_no_window_check_holds(tmp_path):
    problem = _spec("copy_repeated")
    path = _write(tmp_path / "train.jsonl", export(problem, range(1, 3)))
    cov = coverage(problem, path, max_size=4, engine="enumerate")
    assert cov.route is None and set(cov.by_kind) == {"input"}


# --- bad input: each error names the line and says how to fix it ----------------------------

GOOD = {"size": 1, "states": [["0", "="], ["0", "=", "0"]], "steps": [{"reads": [0, 1]}]}


@pytest.mark.parametrize(("line", "said"), [
    ("{not json", "malformed JSON"),
    (json.dumps({"states": [["0", "="], ["0", "=", "0"]]}), "gives no reads"),
    (json.dumps({"states": [["0", "="], ["0", "=", "0"]], "steps": [{"reads": [0, 5]}]}),
     "reads position 5, outside its state"),
    (json.dumps({"states": [["0", "="], ["1", "="]], "steps": [{"reads": [0], "writes": []}]}),
     "does not follow from state 0 under the stated writes"),
    (json.dumps({"states": [["0", "="], ["0", "=", "0"]], "steps": []}), "gives no reads"),
])
def test_bad_records_are_named_by_line_without_a_traceback(tmp_path, capsys, line, said):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        list(parse_records(path.read_text().splitlines(), str(path)))
    assert caught.value.line == 2 and said in caught.value.what and caught.value.hint
    assert main(["data", "check", str(path), "-q"]) == 2
    err = capsys.readouterr().err
    assert f"{path}:2: data error" in err and "Traceback" not in err


def test_two_lines_that_step_differently_from_one_state_are_a_data_error(tmp_path, capsys):
    other = {"size": 1, "states": [["0", "="], ["0", "=", "1"]], "steps": [{"reads": [0, 1]}]}
    path = _write(tmp_path / "d.jsonl", [GOOD, other])
    assert main(["data", "check", str(path), "-q"]) == 2
    err = capsys.readouterr().err
    assert "followed by two different steps: on line 1" in err and ":2:" in err


def test_data_check_json_names_the_counterexample_lines(tmp_path, capsys):
    problem = _spec("parity_append")
    path = _write(tmp_path / "t.jsonl", export(problem, range(1, 7)))
    code = main(["data", "check", str(path), "--json", "-q"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 1 and payload["verdict"] == "not-guaranteed"
    assert payload["lines"]["first"] >= 1 and payload["source"] == str(path)
