"""A new user's first hour (issue 9): interruptions, pipes, settings, the plugin, explain."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lengthcheck.cli import main
from lengthcheck.loader import load
from lengthcheck.trace import Runner

from .conftest import PROBLEMS, SPECS

ROOT = Path(__file__).parent.parent
GOOD = str(SPECS / "good_parity_fill.py")



def documentation() -> str:
    """The README (the front page) and the docs site's pages: where a claim is documented."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(page.read_text(encoding="utf-8") for page in pages)

def lengthcheck(*args: str, cwd: Path | None = None, env: dict | None = None,
                script: bool = False) -> subprocess.CompletedProcess:
    """Run the command as a user does: `python -m lengthcheck`, or the console script."""
    command = ([str(Path(sys.executable).parent / "lengthcheck")] if script
               else [sys.executable, "-m", "lengthcheck"])
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=300,
                          check=False, cwd=cwd, env=env)


# --- 1: Ctrl-C ---------------------------------------------------------------------------

INTERRUPTED = '''
import os
import signal

from lengthcheck import Problem, Step


class First(Problem):
    alphabet = ("a", "b")
    max_size = 3

    def instances(self, n):
        yield ("a",) * n

    def step(self, s):
        if "a" not in s:
            return None
        p = s.index("a")
        return Step(reads=(p,), next=s[:p] + ("b",) + s[p + 1:])


CALLS = [0]


class Second(First):
    def step(self, s):
        CALLS[0] += 1
        if CALLS[0] == 3:
            HOW
        return super().step(s)


class Third(First):
    pass
'''


@pytest.mark.parametrize("how", ["os.kill(os.getpid(), signal.SIGINT)", "raise KeyboardInterrupt"])
def test_ctrl_c_keeps_results_and_exits_130(tmp_path, how):
    spec = tmp_path / "spec.py"
    spec.write_text(INTERRUPTED.replace("HOW", how))
    proc = lengthcheck("check", str(spec), "-j", "1")  # the interrupt is raised in-process
    assert proc.returncode == 130, proc.stderr
    assert "First" in proc.stdout and "VERDICT" in proc.stdout  # the result already printed
    assert "interrupted: 1 of 3 problems checked" in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    proc = lengthcheck("check", str(spec), "--json", "-j", "1")
    assert proc.returncode == 130
    assert [entry["problem"] for entry in json.loads(proc.stdout)] == ["First"]


# --- 2: a closed pipe --------------------------------------------------------------------

@pytest.mark.parametrize("args", [["check", GOOD, "--json"], ["check", GOOD],
                                  ["dag", GOOD, "--size", "2"], ["explain", GOOD]])
def test_closed_pipe_is_quiet(args):
    """docs/cli.md "Exit codes": every command exits 141 when its output pipe closes early."""
    readme = " ".join(documentation().split())
    assert "141 when its output pipe closes early" in readme
    proc = subprocess.Popen([sys.executable, "-m", "lengthcheck", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # `| head -0`: the reader is gone before anything is written
    err = proc.stderr.read().decode()
    proc.wait(timeout=300)
    assert "BrokenPipeError" not in err and "Traceback" not in err, err
    assert err == "", err  # no traceback, and no other noise either
    assert proc.returncode == 141  # not 0: the output never reached its reader


# --- 3: --json with a spec error (schema) -------------------------------------------------

def test_json_error_entry_matches_the_schema(capsys):
    import jsonschema

    schema = json.loads((ROOT / "schema" / "lengthcheck-result.schema.json").read_text())
    assert main(["check", "--json", str(SPECS / "bad_raises.py"), GOOD, "--max-size", "3"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert [bool(entry.get("error")) for entry in data] == [True, False]
    assert data[0]["error"]["file"].endswith("bad_raises.py") and data[0]["error"]["line"] == 15
    jsonschema.Draft202012Validator(schema).validate(data)
    assert main(["check", "--json", str(SPECS / "bad_syntax.py")]) == 2
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["error"]["line"] == 4
    jsonschema.Draft202012Validator(schema).validate([entry])


# --- 6: name is optional ------------------------------------------------------------------

NAMELESS = '''
from lengthcheck import Problem, Step


class Nameless(Problem):
    alphabet = ("a", "b")
    max_size = 4

    def instances(self, n):
        yield ("a",) * n

    def step(self, s):
        if "a" not in s:
            return None
        p = s.index("a")
        return Step(reads=(p,), next=s[:p] + ("b",) + s[p + 1:])
'''


def test_name_is_optional_everywhere(pytester):
    readme = documentation()
    assert "* Required: `name`" not in readme
    assert "`name` is optional" in readme
    pytester.path.joinpath("nameless.py").write_text(NAMELESS)
    result = pytester.runpytest("--lengthcheck", "nameless.py", "-v",
                                "--lengthcheck-expect-verdict", "any")
    result.stdout.fnmatch_lines(["*nameless.py::Nameless::verdict PASSED*"])


# --- 7: module:Class from the console script ------------------------------------------------

def test_module_class_from_the_console_script(tmp_path):
    (tmp_path / "mymodule.py").write_text(NAMELESS)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    for script in (True, False):
        proc = lengthcheck("check", "mymodule:Nameless", cwd=tmp_path, env=env, script=script)
        assert proc.returncode in (0, 1, 3), proc.stderr
        assert "VERDICT" in proc.stdout
    (tmp_path / "broken.py").write_text("import os\nraise RuntimeError('boom')\n")
    proc = lengthcheck("check", "broken:X", cwd=tmp_path, env=env, script=True)
    assert proc.returncode == 2
    assert "broken.py:2: spec error" in proc.stderr and "importlib" not in proc.stderr
    proc = lengthcheck("check", "not_there:X", cwd=tmp_path, env=env, script=True)
    assert proc.returncode == 2
    assert "no module named 'not_there'" in proc.stderr and "importlib" not in proc.stderr


# --- 11, 12: the plugin ---------------------------------------------------------------------

NOT_GUARANTEED = '''
import itertools
from lengthcheck import Problem, Step


class CopyBits(Problem):
    alphabet = ("0", "1", "=")
    max_size = 4

    def instances(self, n):
        for bits in itertools.product("01", repeat=n):
            yield tuple(bits) + ("=",)

    def step(self, s):
        n = s.index("=")
        k = len(s) - n - 1
        if k == n:
            return None
        return Step(reads=(k,), next=s + (s[k],))
'''


def test_spec_without_expect_fails_unless_its_verdict_is_expected(pytester):
    pytester.path.joinpath("copybits.py").write_text(NOT_GUARANTEED)
    result = pytester.runpytest("--lengthcheck", "copybits.py")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "CopyBits: verdict is not the verdict expected" in out
    assert "expected 'supported' or 'proved', computed 'not-guaranteed'" in out
    assert "counterexample:" in out
    # the ini says which verdict is expected
    pytester.makeini("[pytest]\nlengthcheck_expect_verdict = not-guaranteed\n")
    pytester.runpytest("--lengthcheck", "copybits.py").assert_outcomes(passed=1)
    # the command line over the ini
    pytester.runpytest("--lengthcheck", "copybits.py", "--lengthcheck-expect-verdict",
                       "supported").assert_outcomes(failed=1)
    # a marker in the spec module
    pytester.makeini("[pytest]\n")
    pytester.path.joinpath("copybits.py").write_text(
        "import pytest\npytestmark = pytest.mark.lengthcheck(expect='not-guaranteed')\n"
        + NOT_GUARANTEED)
    pytester.runpytest("--lengthcheck", "copybits.py").assert_outcomes(passed=1)


USER_TEST = '''
from copy_spec import CopyBits


def test_copy(lengthcheck):
    lengthcheck.assert_supported(CopyBits)


def test_copy_plain():
    from lengthcheck.testing import assert_supported
    assert_supported(CopyBits)
'''


def test_failures_hide_lengthcheck_frames(pytester):
    pytester.path.joinpath("copy_spec.py").write_text(NOT_GUARANTEED)
    pytester.makepyfile(test_user=USER_TEST)
    result = pytester.runpytest("-p", "no:cacheprovider", "test_user.py")
    result.assert_outcomes(failed=2)
    out = result.stdout.str()
    assert "lengthcheck says not-guaranteed" in out
    assert "lengthcheck/testing.py" not in out and "pytest_plugin.py" not in out
    assert "checker.py" not in out


# --- 13: [tool.lengthcheck] for the command -------------------------------------------------

def test_check_reads_pyproject(tmp_path, monkeypatch, capsys):
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "flip.py").write_text(NAMELESS)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.lengthcheck]\nmax_size = 3\nn_max = 1\npaths = ["specs"]\n')
    monkeypatch.chdir(tmp_path / "specs")  # the nearest pyproject.toml upward
    main(["check", "flip.py", "--json"])
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["scope"]["max_size"] == 3 and entry["options"]["n_max"] == 1
    main(["check", "flip.py", "--json", "--max-size", "4"])  # the flag over pyproject
    assert json.loads(capsys.readouterr().out)[0]["scope"]["max_size"] == 4
    main(["check", "--json"])  # no PATH: pyproject's paths
    assert json.loads(capsys.readouterr().out)[0]["problem"] == "Nameless"
    (tmp_path / "pyproject.toml").write_text("[tool.lengthcheck]\nmax_sise = 3\n")
    assert main(["check", "flip.py"]) == 2
    assert "unknown lengthcheck setting(s): max_sise" in capsys.readouterr().err
    (tmp_path / "pyproject.toml").write_text('[tool.lengthcheck]\nform = "sideways"\n')
    assert main(["check", "flip.py"]) == 2
    assert "form must be one of" in capsys.readouterr().err


# --- 14, 15, 16: explain --------------------------------------------------------------------

SORT = '''
import itertools
from lengthcheck import Problem, Step


class BubbleBits(Problem):
    alphabet = ("0", "1")
    max_size = 5

    def instances(self, n):
        yield from itertools.product("01", repeat=n)

    def step(self, s):
        for p in range(len(s) - 1):
            if s[p] == "1" and s[p + 1] == "0":
                return Step(reads=(p, p + 1), next=s[:p] + ("0", "1") + s[p + 2:])
        return None
'''


def test_default_trace_instance_takes_steps(tmp_path, capsys):
    from lengthcheck.cli import default_instance

    spec = tmp_path / "sort.py"
    spec.write_text(SORT)
    (problem,) = load(str(spec))
    instance, size = default_instance(problem, None)
    assert instance != ("0", "0", "1")  # sorted already: a trace of no step
    steps = len(Runner(problem).run(instance, size).steps)
    assert size == 3 and steps == 2  # the most steps among the small sizes
    assert main(["dag", str(spec)]) == 0
    assert f"instance {' '.join(instance)} (n = 3)" in capsys.readouterr().err


def test_explain_draws_the_instance_asked_for(capsys):
    spec = str(PROBLEMS / "parity_direct.py")
    assert main(["explain", spec, "--instance", "0 1 1 =", "--no-color"]) == 0
    out = capsys.readouterr().out
    assert "decoy" in out  # the counterexample, and
    assert "trace of instance 0 1 1 = (n = 3)" in out  # the instance asked for


EXPLICIT_OUT = '''
from lengthcheck import Problem, Step


class Fold(Problem):
    alphabet = ("a", "b", "c", "d", "x", "y")
    max_size = 1

    def instances(self, n):
        yield ("a", "b", "c", "d")

    def step(self, s):
        if len(s) < 4:
            return None
        return Step(reads=(1, 2), next=("a", "x", "d"), out=("y",))
'''


def test_a_declared_out_the_next_state_does_not_show_is_a_spec_error(tmp_path, capsys):
    # issue 18: a declared out is never taken on trust (it could hide a far write)
    spec = tmp_path / "fold.py"
    spec.write_text(EXPLICIT_OUT)
    assert main(["check", str(spec), "--no-color"]) == 2
    err = capsys.readouterr().err
    assert "declares out=('y',)" in err and "('x',) at positions [1] (splice)" in err
    assert "fold.py:15" in err  # the line that built the Step


# --- 18: why an uncoverable read is uncoverable ---------------------------------------------

def test_uncoverable_why_names_the_reach_of_the_window(capsys):
    main(["check", str(SPECS / "good_two_markers.py"), "--n-max", "1", "--form", "recover",
          "--r-max", "9", "--no-color"])
    out = capsys.readouterr().out
    assert "can hold" not in out
    assert ("a window of length 9 is centred on its anchor (position 0, anchor rule min) and "
            "reaches 4 either side, so it sees positions -4 to 4, and position 5 lies outside"
            ) in out


# --- 19: prose in an 80-column terminal -----------------------------------------------------

def test_terminal_prose_breaks_between_words():
    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": "80", "TTY_COMPATIBLE": "1"}
    env.pop("NO_COLOR", None)
    proc = lengthcheck("check", str(PROBLEMS / "consume_leftmost_zero.py"), "-q", env=env)
    text = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout)
    wide = lengthcheck("check", str(PROBLEMS / "consume_leftmost_zero.py"), "-q")
    words = set(wide.stdout.split())
    prose = [line for line in text.splitlines() if line.startswith(("  - ", "  note: ",
                                                                     "  WARNING"))]
    assert prose
    for line in text.splitlines():
        assert len(line) <= 80, line
        if not any(ch in line for ch in "┌─│⊥^+"):  # prose, not a drawing
            assert all(word in words for word in line.split()), line


# --- 20: small but expected -----------------------------------------------------------------

def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert re.fullmatch(r"lengthcheck \d+\.\d+\.\d+\n", capsys.readouterr().out)


def test_samples_and_seed_need_the_sample_engine(capsys):
    assert main(["check", GOOD, "--samples", "50"]) == 2
    assert "--samples applies to --engine sample only" in capsys.readouterr().err
    assert main(["check", GOOD, "--seed", "3", "--engine", "smt"]) == 2
    assert "--seed applies to --engine sample only" in capsys.readouterr().err


def test_sample_engine_keeps_hypothesis_out_of_the_working_directory(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("HYPOTHESIS_STORAGE_DIRECTORY", None)
    work = tmp_path / "work"
    work.mkdir()
    # sizes 1-5 enumerated (62 instances, under --max-instances), 6-8 sampled
    proc = lengthcheck("check", str(PROBLEMS / "parity_fill.py"), "--engine", "sample",
                       "--max-size", "8", "--max-instances", "100", "--samples", "5",
                       "--seed", "1", cwd=work, env=env)
    assert proc.returncode in (0, 1, 3, 4), proc.stderr
    assert not (work / ".hypothesis").exists()
    assert (tmp_path / "cache" / "lengthcheck" / "hypothesis").is_dir()


SWAP = '''
from lengthcheck import Problem, Step


class Swap(Problem):
    alphabet = ("a", "b", "c", "d", "x", "y", "z")
    max_size = 1

    def instances(self, n):
        yield ("a", "b", "c", "d")

    def step(self, s):
        if len(s) == 4:  # neither append, rewrite nor splice: identity is lost here
            return Step(reads=(1, 2), next=("x", "a", "d"), out=("y",))
        if s[0] == "x":
            return Step(reads=(1,), next=("z", "a", "d"))
        return None
'''


def test_a_step_no_form_fits_must_say_what_survives(tmp_path, capsys):
    # issue 18: with no append, rewrite or splice to read the output off, the step says
    # which elements survive (moved=); an out= alone cannot account for the change
    spec = tmp_path / "swap.py"
    spec.write_text(SWAP)
    assert main(["check", str(spec), "--no-color"]) == 2
    err = capsys.readouterr().err
    assert "neither an append, a same-length rewrite, nor a splice" in err
    assert "moved={old: new" in err
    moved = tmp_path / "swap_moved.py"
    moved.write_text(SWAP.replace('out=("y",))', 'moved={0: 1, 3: 2})'))
    assert main(["check", str(moved), "--no-color"]) in (0, 1, 3)
    out = capsys.readouterr().out
    assert "at most once: not checked" not in out  # identity followed through moved


def test_check_help_names_every_target_form(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "file.py::Class" in help_text and "module:Class" in help_text
    assert "4 a result differs from its expect block" in help_text


def test_dag_takes_an_instance_without_a_size(capsys):
    assert main(["dag", GOOD, "--instance", "# 1 ? 0 ?"]) == 0
    assert "(n = 2)" in capsys.readouterr().err


EXPECT_WRONG = NAMELESS.replace('    max_size = 4\n', '    max_size = 4\n'
                                '    expect = {"R": 5}\n')


def test_expect_mismatch_has_its_own_exit_code(tmp_path, capsys):
    spec = tmp_path / "wrong.py"
    spec.write_text(EXPECT_WRONG)
    assert main(["check", str(spec)]) == 4
    assert "expect block: DIFFERS" in capsys.readouterr().out
    readme = " ".join(documentation().split())
    assert "4 a problem's result differs from its `expect` block" in readme


# --- 21: the reference page -----------------------------------------------------------------

TERMS = ["recover form", "local-rule form", "anchor rule", "greedy", "per-read", "locator",
         "decoy", "anchor-conflict", "uncoverable", "causal-conflict", "reused-element", "R_io",
         "|X|", "fan-in", "N_cov", "ready", "trend", "evidence rules"]


def test_reference_page_defines_the_terms_and_every_report_links_it(tmp_path, capsys):
    page = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    for term in TERMS:
        assert term.lower() in page.lower(), term
    assert page.count("```") >= 2 * 10  # a drawn example per term
    assert "docs/reference.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    main(["check", GOOD, "--max-size", "3"])
    assert "docs/reference.md" in capsys.readouterr().out.splitlines()[-1]
    main(["check", GOOD, "--max-size", "3", "--json"])
    assert json.loads(capsys.readouterr().out)[0]["reference"] == "docs/reference.md"
    main(["check", GOOD, "--max-size", "3", "--html", str(tmp_path / "r.html")])
    assert 'reference.md">docs/reference.md</a>' in (tmp_path / "r.html").read_text()
