"""The pytest plugin, driven through pytester as a user would run it."""

from __future__ import annotations

import pytest

GOOD_SPEC = '''
import itertools
from lengthcheck import Problem, Step


class ParityFill(Problem):
    name = "parity-fill"
    alphabet = ("#", "0", "1", "?", "s0", "s1")
    max_size = 8
    expect = {"verdict": "supported", "R": 1, "minimal_r": {"recover": {1: 5}}}

    def instances(self, n):
        for bits in itertools.product("01", repeat=n):
            yield ("#",) + tuple(t for b in bits for t in (b, "?"))

    def step(self, s):
        if "?" not in s:
            return None
        p = s.index("?")
        odd = (s[p - 2] == "s1") != (s[p - 1] == "1")
        return Step(reads=(p - 2, p - 1), next=s[:p] + ("s1" if odd else "s0",) + s[p + 1:])
'''

BAD_SPEC = '''
import itertools
from lengthcheck import Problem, Step


class CopyBits(Problem):
    """Copy a bit string by appending: which bit comes next cannot be seen locally."""
    name = "copy-bits"
    alphabet = ("0", "1", "=")
    max_size = 6
    expect = {"verdict": "supported"}

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

ERROR_SPEC = '''
from lengthcheck import Problem, Step


class Broken(Problem):
    name = "broken"
    alphabet = ("a", "b")
    expect = {"verdict": "supported", "R": 0}

    def instances(self, n):
        yield ("a",) * n

    def step(self, s):
        if s[0] == "b":
            return None
        return Step(reads=(7,), next=("b",) + s[1:])
'''


@pytest.fixture
def specs(pytester):
    pytester.mkdir("specs")
    pytester.path.joinpath("specs", "good.py").write_text(GOOD_SPEC)
    pytester.path.joinpath("specs", "bad.py").write_text(BAD_SPEC)
    return pytester


def test_passing_spec_passes_one_item_per_expected_property(specs):
    result = specs.runpytest("--lengthcheck", "specs/good.py", "-v")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines([
        "*good.py::parity-fill::verdict PASSED*",
        "*good.py::parity-fill::R PASSED*",
        "*good.py::parity-fill::minimal_r?recover,1? PASSED*",
    ])


def test_failing_spec_shows_verdict_counterexample_and_reproduction(specs):
    result = specs.runpytest("--lengthcheck", "specs/bad.py")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "copy-bits: verdict differs from the expect block" in out
    assert "expected 'supported', computed 'not-guaranteed'" in out
    assert "counterexample:" in out and "windows:" in out and "why:" in out
    assert "Reproduce with: lengthcheck check specs/bad.py::CopyBits" in out
    assert "pytest_plugin.py" not in out and "lengthcheck/checker.py" not in out


def test_spec_error_is_reported_with_file_and_line(pytester):
    pytester.path.joinpath("broken.py").write_text(ERROR_SPEC)
    result = pytester.runpytest("--lengthcheck", "broken.py")
    result.assert_outcomes(errors=2)
    out = result.stdout.str()
    assert "broken.py:16: spec error: reads holds position 7, outside the state" in out
    assert "ERROR at setup of lengthcheck broken::verdict" in out
    assert "Traceback" not in out and "During handling" not in out


def test_syntax_error_is_a_collection_error_with_the_line(pytester):
    pytester.path.joinpath("nosyntax.py").write_text("from lengthcheck import Problem\nx = (\n")
    result = pytester.runpytest("--lengthcheck", "nosyntax.py")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*nosyntax.py:*spec error: syntax error*"])


def test_k_selects_and_x_stops(specs):
    result = specs.runpytest("--lengthcheck", "specs", "-k", "parity and verdict")
    result.assert_outcomes(passed=1, deselected=3)
    result = specs.runpytest("--lengthcheck", "specs", "-x", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1, passed=0)


def test_without_the_flag_specs_are_not_collected(specs):
    result = specs.runpytest("specs")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_ini_paths_collect_specs(specs):
    specs.makeini("[pytest]\nlengthcheck_paths = specs/good.py\n")
    result = specs.runpytest()
    result.assert_outcomes(passed=3)


def test_collection_does_not_import_z3_or_run_checks(specs):
    specs.makeconftest(
        "import sys\n"
        "def pytest_collection_finish(session):\n"
        "    print('Z3-LOADED' if 'z3' in sys.modules else 'Z3-NOT-LOADED')\n"
        "    print('CHECKER-LOADED' if 'lengthcheck.checker' in sys.modules else 'NO-CHECKER')\n"
    )
    result = specs.runpytest_subprocess("--lengthcheck", "specs", "--collect-only", "-s")
    result.stdout.fnmatch_lines(["*Z3-NOT-LOADED*", "*NO-CHECKER*"])


USER_TEST = '''
import pytest
from specs.good import ParityFill
from specs.bad import CopyBits


def test_good(lengthcheck):
    result = lengthcheck.assert_supported(ParityFill)
    print("MAX-SIZE", result.scope.max_size)


@pytest.mark.lengthcheck(max_size=3)
def test_marker(lengthcheck):
    print("MAX-SIZE", lengthcheck.check(ParityFill).scope.max_size)


def test_bad(lengthcheck):
    lengthcheck.assert_supported(CopyBits)


def test_bad_expected(lengthcheck):
    lengthcheck.assert_not_guaranteed(CopyBits)
'''


def test_fixture_helpers_and_hypothesis_style_failure(specs):
    specs.path.joinpath("specs", "__init__.py").write_text("")
    specs.makepyfile(test_user=USER_TEST)
    result = specs.runpytest("-p", "no:cacheprovider", "test_user.py")
    result.assert_outcomes(passed=3, failed=1)
    out = result.stdout.str()
    assert "copy-bits: expected supported, lengthcheck says not-guaranteed" in out
    assert "Falsifying example (smallest found):" in out
    assert "Reproduce with: lengthcheck check specs/bad.py::CopyBits" in out


def test_settings_precedence(specs):
    specs.path.joinpath("specs", "__init__.py").write_text("")
    specs.makepyfile(test_user=USER_TEST)
    specs.makepyprojecttoml("[tool.lengthcheck]\nmax_size = 9\n")
    # pyproject over the problem's default (8)
    result = specs.runpytest("-s", "test_user.py", "-k", "good")
    result.stdout.fnmatch_lines(["*MAX-SIZE 9*"])
    # the marker over pyproject
    result = specs.runpytest("-s", "test_user.py", "-k", "marker")
    result.stdout.fnmatch_lines(["*MAX-SIZE 3*"])
    # the command line over the marker
    result = specs.runpytest("-s", "test_user.py", "-k", "marker", "--lengthcheck-max-size", "4")
    result.stdout.fnmatch_lines(["*MAX-SIZE 4*"])


# ---------------------------------------------------------------------------
# the old word `guaranteed` (now `supported`) is read for one release, with a warning

DEPRECATED = "'guaranteed' is now 'supported' (a bounded verdict, not a proof); write 'supported'"


def test_expect_block_saying_guaranteed_passes_with_a_deprecation_warning(specs):
    from lengthcheck.checker import check_problem
    from lengthcheck.expect import compare

    old = GOOD_SPEC.replace('"verdict": "supported"', '"verdict": "guaranteed"')
    specs.path.joinpath("specs", "old.py").write_text(old)
    result = specs.runpytest("--lengthcheck", "specs/old.py", "-k", "verdict")
    result.assert_outcomes(passed=1, deselected=2, warnings=1)
    result.stdout.fnmatch_lines(["*DeprecationWarning: " + DEPRECATED + "*"])
    # the library call the item makes: `guaranteed` compares as `supported`, warned
    namespace: dict = {}
    exec(compile(old, "old.py", "exec"), namespace)
    checked = check_problem(namespace["ParityFill"], max_size=8)
    with pytest.warns(DeprecationWarning, match=r"^'guaranteed' is now 'supported' \("):
        assert compare(checked, {"verdict": "guaranteed"}) == []
    assert compare(checked, {"verdict": "supported"}) == []


OLD_HELPER_TEST = '''
import pytest
from specs.good import ParityFill


def test_old_helper(lengthcheck):
    lengthcheck.assert_guaranteed(ParityFill)


def test_old_plain_helper():
    from lengthcheck.testing import assert_guaranteed
    with pytest.warns(DeprecationWarning, match="write 'supported'"):
        assert_guaranteed(ParityFill)
'''


def test_plugin_helper_assert_guaranteed_passes_with_a_deprecation_warning(specs):
    specs.path.joinpath("specs", "__init__.py").write_text("")
    specs.makepyfile(test_old=OLD_HELPER_TEST)
    result = specs.runpytest("-p", "no:cacheprovider", "test_old.py", "-k", "old_helper")
    result.assert_outcomes(passed=1, deselected=1, warnings=1)
    result.stdout.fnmatch_lines(["*test_old.py:6: DeprecationWarning: assert_guaranteed: "
                                 + DEPRECATED + "*"])
    result = specs.runpytest("-p", "no:cacheprovider", "test_old.py", "-k", "plain")
    result.assert_outcomes(passed=1, deselected=1)


def test_expected_verdict_guaranteed_reads_as_supported_with_a_warning(specs):
    """A spec without an expect block, and `--lengthcheck-expect-verdict guaranteed`."""
    plain = GOOD_SPEC.replace('    expect = {"verdict": "supported", "R": 1, '
                              '"minimal_r": {"recover": {1: 5}}}\n', "")
    assert "expect" not in plain
    specs.path.joinpath("specs", "plain.py").write_text(plain)
    result = specs.runpytest("--lengthcheck", "specs/plain.py",
                             "--lengthcheck-expect-verdict", "guaranteed")
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines(["*DeprecationWarning: " + DEPRECATED + "*"])
