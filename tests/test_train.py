"""`lengthcheck train` (issue 11): data, the window mask, roll-outs, reports, no-torch.

Skipped as a whole without torch (the `train` extra). Nothing here checks how
accurate a trained model is: the end-to-end run is a few optimizer steps, for the
shape of what comes out (benchmarks/RESULTS-train.md measures accuracy).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

import jsonschema  # noqa: E402

from lengthcheck.cli import main  # noqa: E402
from lengthcheck.errors import SpecError  # noqa: E402
from lengthcheck.loader import load  # noqa: E402
from lengthcheck.trace import PAD  # noqa: E402
from lengthcheck.train import INSTALL_HINT  # noqa: E402
from lengthcheck.train.data import Vocab, build, parse_sizes  # noqa: E402
from lengthcheck.train.model import StepModel  # noqa: E402
from lengthcheck.train.report import wilson  # noqa: E402
from lengthcheck.train.run import _per_step, _rollout  # noqa: E402

ROOT = Path(__file__).parent.parent
PROBLEMS = ROOT / "problems"
SCHEMA = ROOT / "schema" / "lengthcheck-train.schema.json"

SPLICE_SPEC = '''
from lengthcheck import Problem, Step


class DropFront(Problem):
    """Deletes the first `x` each step: the tokens after it shift left."""
    name = "drop-front"
    alphabet = ("x", "y")

    def instances(self, n):
        yield ("x",) * n + ("y",)

    def step(self, s):
        if s[0] != "x":
            return None
        return Step(reads=(0,), next=s[1:])
'''


def problem(name: str):
    (p,) = load(str(PROBLEMS / f"{name}.py"))
    return p


# --- data -------------------------------------------------------------------


def test_parse_sizes():
    assert parse_sizes("1-3") == [1, 2, 3]
    assert parse_sizes("9,12,4-5") == [4, 5, 9, 12]
    for bad in ("0-2", "5-3", "a", ""):
        with pytest.raises(ValueError):
            parse_sizes(bad)


def test_pairs_of_an_append_spec():
    p = problem("parity_append")
    data = build(p, [3], per_size=100, seed=0, purpose="train")
    d = data.sizes[3]
    assert d.how == "all" and len(d.cases) == 8
    assert data.append_width == 1
    case = next(c for c in d.cases if c.instance == ("1", "0", "1", "="))
    assert case.steps == 3
    assert case.pairs[0] == (("1", "0", "1", "="), ("1", "0", "1", "=", "1"))
    assert case.pairs[1][1] == ("1", "0", "1", "=", "1", "1")
    assert case.final == ("1", "0", "1", "=", "1", "1", "0")
    for s, nxt in case.pairs:
        assert nxt[: len(s)] == s and len(nxt) == len(s) + 1
    # the appended token fills the first padding position of the input
    vocab = Vocab.of(p)
    s, nxt = case.pairs[0]
    x, y = vocab.encode(s, len(nxt)), vocab.encode(nxt, len(nxt))
    assert x[len(s)] == vocab.pad and vocab.tokens[y[len(s)]] == nxt[-1]
    assert vocab.tokens[vocab.pad] == PAD and vocab.decode(x) == s


def test_pairs_of_a_same_length_spec():
    p = problem("parity_fill")
    data = build(p, [1, 2], per_size=100, seed=0, purpose="train")
    assert data.append_width == 0
    assert [len(data.sizes[n].cases) for n in (1, 2)] == [2, 4]
    case = next(c for c in data.sizes[2].cases if c.instance == ("#", "1", "?", "1", "?"))
    assert case.pairs == (
        (("#", "1", "?", "1", "?"), ("#", "1", "s1", "1", "?")),
        (("#", "1", "s1", "1", "?"), ("#", "1", "s1", "1", "s0")),
    )
    assert len(data.pairs) == 2 * 1 + 4 * 2


def test_sampling_is_seeded_and_drawn_from_the_layout():
    p = problem("parity_fill")
    a = build(p, [20], per_size=5, seed=1, purpose="eval").sizes[20]
    b = build(p, [20], per_size=5, seed=1, purpose="eval").sizes[20]
    c = build(p, [20], per_size=5, seed=2, purpose="eval").sizes[20]
    assert a.how == "sampled" and len(a.cases) == 5
    assert [x.instance for x in a.cases] == [x.instance for x in b.cases]
    assert [x.instance for x in a.cases] != [x.instance for x in c.cases]


def test_splice_is_refused(tmp_path, capsys):
    spec = tmp_path / "drop_front.py"
    spec.write_text(SPLICE_SPEC)
    (p,) = load(str(spec))
    with pytest.raises(SpecError, match="not supported by train yet"):
        build(p, [2], per_size=10, seed=0, purpose="train")
    assert main(["train", str(spec), "--steps", "1"]) == 2
    err = capsys.readouterr().err
    assert "splice" in err and "not supported by train yet" in err and "Traceback" not in err


# --- the model --------------------------------------------------------------


@pytest.mark.parametrize("radius", [0, 1, 2])
def test_first_layer_sees_only_its_window(radius):
    torch.manual_seed(0)
    model = StepModel("local-global", vocab=7, pad=6, width=32, layers=2, heads=4,
                      radius=radius).eval()
    ids = torch.randint(0, 6, (1, 12))
    with torch.no_grad():
        out, weights = model.first_layer(ids)
        framed = weights.shape[-1]
        pos = torch.arange(framed)
        outside = (pos[None, :] - pos[:, None]).abs() > radius
        assert framed == 12 + 2 * radius
        assert torch.all(weights[..., outside] == 0)  # exactly zero, not just small
        c = 5
        for far in (c - radius - 1, c + radius + 1, 0, 11):
            if abs(far - c) <= radius:
                continue
            other = ids.clone()
            other[0, far] = (other[0, far] + 1) % 6
            changed, _ = model.first_layer(other)
            assert torch.equal(changed[0, c], out[0, c])  # bit for bit
            assert not torch.equal(changed[0, far], out[0, far])
        near = ids.clone()
        near[0, c + radius] = (near[0, c + radius] + 1) % 6
        assert not torch.equal(model.first_layer(near)[0][0, c], out[0, c])


class Oracle(torch.nn.Module):
    """A 'model' that applies the spec's step: roll-outs must then be exact, and a roll-out
    one step too short or too long is not (a final state maps to all pads)."""

    def __init__(self, p, vocab: Vocab, width: int) -> None:
        super().__init__()
        self.p, self.vocab, self.width, self.max_length = p, vocab, width, 200
        self.calls = 0

    def forward(self, ids):
        self.calls += 1
        logits = torch.zeros(*ids.shape, len(self.vocab.tokens))
        for row, seq in enumerate(ids.tolist()):
            step = self.p.step(self.vocab.decode(seq))
            target = self.vocab.encode(step.next if step else (), ids.shape[1])
            logits[row, torch.arange(ids.shape[1]), torch.tensor(target)] = 1.0
        return logits


@pytest.mark.parametrize("name", ["parity_append", "parity_fill"])
def test_rollout_takes_exactly_the_specs_steps(name):
    p = problem(name)
    vocab = Vocab.of(p)
    data = build(p, [1, 4], per_size=6, seed=0, purpose="eval")
    cases = [c for d in data.sizes.values() for c in d.cases]
    oracle = Oracle(p, vocab, data.append_width)
    assert _rollout(oracle, cases, vocab, data.append_width, torch.device("cpu")) == len(cases)
    assert _per_step(oracle, cases, vocab, data.append_width, torch.device("cpu")) == (
        sum(c.steps for c in cases),) * 2
    short = [type(c)(c.size, c.instance, c.pairs[:-1], c.final) for c in cases]
    assert _rollout(oracle, short, vocab, data.append_width, torch.device("cpu")) == 0
    long = [type(c)(c.size, c.instance, c.pairs + c.pairs[-1:], c.final) for c in cases]
    assert _rollout(oracle, long, vocab, data.append_width, torch.device("cpu")) == 0


def test_wilson_interval():
    assert wilson(0, 0) == (0.0, 1.0)
    lo, hi = wilson(5, 10)
    assert lo == pytest.approx(0.2366, abs=1e-4) and hi == pytest.approx(0.7634, abs=1e-4)
    lo, hi = wilson(10, 10)
    assert hi == 1.0 and lo == pytest.approx(0.7225, abs=1e-4)


# --- the command ------------------------------------------------------------

TINY = ["--train-sizes", "1-3", "--test-sizes", "4-5", "--steps", "15", "--width", "32",
        "--eval-instances", "6", "--check-max-size", "5", "-q"]


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("model", ["local-global", "absolute"])
def test_tiny_run_json_matches_the_schema(model, validator, tmp_path, capsys):
    page = tmp_path / "train.html"
    args = ["train", str(PROBLEMS / "parity_fill.py"), "--model", model, *TINY, "--json",
            "--html", str(page)]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)] == []
    assert data["config"]["model"] == model and data["config"]["torch_version"]
    assert data["verdict"]["window"] == 5  # (1, 5): the verdict's, or the minimal r at n = 5
    assert [(r["size"], r["split"]) for r in data["results"]] == [
        (1, "train"), (2, "train"), (3, "train"), (4, "test"), (5, "test")]
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html and "train-range" in html and "VERDICT: " in html
    assert "<script" not in html and "http://" not in html.replace("http://www.w3", "")
    # same seed, same numbers
    assert main(args) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["results"] == data["results"]
    assert again["training"]["loss_curve"] == data["training"]["loss_curve"]


def test_console_table_under_the_verdict(capsys):
    assert main(["train", str(PROBLEMS / "parity_fill.py"), *TINY, "--window", "3"]) == 0
    out = capsys.readouterr().out
    verdict = out.index("VERDICT: ")
    table = out.index("exact match")
    assert verdict < out.index("window r = 3 (h = 1, --window)") < table
    for word in ("size", "95% CI", "per-step", "instances", "train", "test"):
        assert word in out[table - 40:]


def test_without_torch_it_says_how_to_install(tmp_path):
    code = textwrap.dedent(f"""
        import sys
        sys.modules["torch"] = None  # as if torch were not installed
        import lengthcheck.cli
        from lengthcheck.cli import main
        sys.exit(main(["train", {str(PROBLEMS / "parity_fill.py")!r}]))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 2
    assert INSTALL_HINT in done.stderr and "Traceback" not in done.stderr
    assert INSTALL_HINT == "pip install torch==2.13.0 && pip install -e '.[train]'"


def test_the_cli_does_not_import_torch(tmp_path):
    code = "import sys, lengthcheck.cli; sys.exit(1 if 'torch' in sys.modules else 0)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr


def test_a_short_run_learns_the_training_sizes(capsys):
    """Loss falls and in-distribution accuracy is high after a few hundred steps (seconds)."""
    args = ["train", str(PROBLEMS / "parity_fill.py"), "--train-sizes", "1-3", "--test-sizes",
            "4-5", "--steps", "200", "--width", "32", "--eval-instances", "8",
            "--check-max-size", "5", "--seed", "0", "-q", "--json"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    training = data["training"]
    assert training["loss_last"] < training["loss_first"] / 10
    for row in data["results"]:
        if row["split"] == "train":
            assert row["step_accuracy"] >= 0.9, row
    assert data["warnings"] == []  # it fitted its training sizes: no optimisation warning


# --- issue 19: a run that did not fit, the check's engine, several runs on one plot ------

def test_an_undertrained_model_is_called_an_optimisation_result(tmp_path, capsys):
    """One optimizer step cannot fit parity: the report must not read as a verdict on the
    format, in the JSON and in the HTML."""
    page = tmp_path / "unfit.html"
    args = ["train", str(PROBLEMS / "parity_fill.py"), *TINY, "--steps", "1", "--json",
            "--html", str(page)]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    (warning,) = data["warnings"]
    assert "has not fit its training sizes" in warning and "optimisation result" in warning
    assert "length generalization" in warning and "--steps 2" in warning
    unfit = [r for r in data["results"] if r["split"] == "train" and r["exact_accuracy"] < 0.9]
    assert unfit and all(f"n = {r['size']}: " in warning for r in unfit)
    html = page.read_text(encoding="utf-8")
    assert 'class="warning">WARNING: ' in html and "optimisation result" in html


def _constructed_run(train_exact: int, model: str = "absolute"):
    from lengthcheck.train.report import RunResult, SizeScore

    scores = [SizeScore(1, "train", 10, 10, 10, 10, "all"),
              SizeScore(2, "train", 10, train_exact, 10, 10, "all"),
              SizeScore(3, "test", 10, 0, 10, 0, "all")]
    config = {"model": model, "steps": 100, "window": 3, "radius": 1,
              "window_source": "--window", "layers": 3, "width": 32, "train_sizes": [1, 2],
              "seed": 0, "device": "cpu"}
    training = {"pairs": 4, "loss_first": 1.0, "loss_last": 0.5, "wall_seconds": 1.0}
    return RunResult("p", config, training, scores)


def test_the_fit_warning_reads_the_training_sizes_only():
    from lengthcheck.train.fit import FIT_THRESHOLD, fit_warning, unfit_training_sizes

    assert FIT_THRESHOLD == 0.9
    assert unfit_training_sizes(_constructed_run(9)) == []
    assert fit_warning(_constructed_run(9)) is None  # 90 %: fitted; the test size's 0 % is
    # the result, not a failure to fit
    run = _constructed_run(8)
    assert [s.size for s in unfit_training_sizes(run)] == [2]
    warning = fit_warning(run)
    assert "n = 2: 80%" in warning and "n = 1" not in warning and "n = 3" not in warning
    assert "optimisation result" in warning and "--steps 200" in warning


def test_the_fit_warning_in_the_terminal_and_the_page():
    from rich.console import Console

    from lengthcheck.train.report import console_report, html_page, runs_json

    verdict = {"word": "supported", "headline": "", "route": "", "scope": "sizes 1-5",
               "reasons": [], "description": ""}
    runs = [_constructed_run(10, "local-global"), _constructed_run(5, "absolute")]
    console = Console(width=200, record=True, color_system=None)
    console.print(console_report(verdict, runs))
    text = console.export_text()
    assert text.count("WARNING: ") == 1
    assert text.index("WARNING: the absolute model") > text.index("train: absolute")
    assert "n = 2: 50%" in text
    html = html_page(verdict, runs)
    assert html.count('class="warning"') == 1 and "n = 2: 50%" in html
    document = runs_json(verdict, runs)
    assert document["warnings"] == []  # the first run's object: it fitted
    assert [len(r["warnings"]) for r in document["runs"]] == [0, 1]


@pytest.mark.parametrize("engine", ["smt", "enumerate"])
def test_train_passes_the_engine_to_its_check(engine, monkeypatch, capsys):
    import lengthcheck.checker as checker

    seen = []
    real = checker.check_problem

    def spy(problem, progress=None, **options):
        seen.append(options.get("engine"))
        return real(problem, progress=progress, **options)

    monkeypatch.setattr(checker, "check_problem", spy)
    assert main(["train", str(PROBLEMS / "parity_fill.py"), *TINY, "--engine", engine,
                 "--json"]) == 0
    assert seen == [engine]
    assert json.loads(capsys.readouterr().out)["verdict"]["word"]


def test_train_without_engine_keeps_the_checks_default(monkeypatch, capsys):
    import lengthcheck.checker as checker

    seen = []
    real = checker.check_problem

    def spy(problem, progress=None, **options):
        seen.append(options.get("engine", "absent"))
        return real(problem, progress=progress, **options)

    monkeypatch.setattr(checker, "check_problem", spy)
    assert main(["train", str(PROBLEMS / "parity_fill.py"), *TINY, "--steps", "1"]) == 0
    assert seen in (["absent"], [None])  # check_problem picks its own default


def test_an_unknown_engine_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["train", str(PROBLEMS / "parity_fill.py"), "--engine", "nope"])
    assert exit_.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_two_models_on_one_plot(tmp_path, capsys, validator):
    page = tmp_path / "both.html"
    assert main(["train", str(PROBLEMS / "parity_fill.py"), *TINY, "--model",
                 "local-global,absolute", "--json", "--html", str(page)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [e.message for e in validator.iter_errors(data)] == []
    assert [run["config"]["model"] for run in data["runs"]] == ["local-global", "absolute"]
    html = page.read_text(encoding="utf-8")
    assert html.count("<svg") == 1  # one axes
    assert "local-global exact match" in html and "absolute exact match" in html
    assert "local-global vs absolute" in html
    assert html.count('class="legend"') == 2  # one legend entry per run
    assert 'class="series s0"' in html and 'class="series s1"' in html  # one line each
