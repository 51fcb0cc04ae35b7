"""lengthcheck's pytest plugin (registered under the `pytest11` entry point).

* `pytest --lengthcheck PATH...` (or `lengthcheck_paths` in the ini file)
  collects every Problem of the spec files as items, one per property of its
  `expect` block (`problems/parity_fill.py::parity-fill::verdict`), so `-k`
  and `-x` work as usual. A failing item shows the verdict, the property that
  differs and the counterexample; a spec error shows the spec's file and line.
* A spec without an `expect` block gets one `::verdict` item, which fails
  unless the verdict is the expected one: `supported` (or `proved`) by
  default; say otherwise with `lengthcheck_expect_verdict = not-guaranteed` in the ini file,
  `--lengthcheck-expect-verdict`, or a marker on the problem's items
  (`pytestmark = pytest.mark.lengthcheck(expect="not-guaranteed")` in the spec
  module, or added by a conftest). Several verdicts: comma-separated; `any`:
  the item only asserts that the spec runs cleanly. Precedence: command line >
  marker > ini > `supported`. The old word `guaranteed` (now `supported`: a
  bounded verdict, not a proof) is still read for one release, wherever a
  verdict is expected, with a DeprecationWarning in the test's warnings.
* The `lengthcheck` fixture and the `@pytest.mark.lengthcheck(...)` marker
  serve users' own tests (see lengthcheck.testing for the plain helpers).

This module stays light: collection imports neither z3 nor the checker; a
check runs only when an item runs. Settings precedence (highest first):
`--lengthcheck-*` options, the test's keyword arguments and marker,
`[tool.lengthcheck]` in pyproject.toml, the defaults.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

DEPRECATED_VERDICT = "guaranteed"  # read as "supported" for one release, with a warning


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("lengthcheck", "length-generalization checks of CoT formats")
    group.addoption("--lengthcheck", action="store_true", default=False,
                    help="collect the Problem specs in the given paths as test items")
    from lengthcheck.options import add_arguments

    add_arguments(group.addoption, prefix="--lengthcheck-")  # every check option, declared once
    group.addoption("--lengthcheck-expect-verdict", default=None, metavar="VERDICTS",
                    help="the verdict a spec without an expect block must get (comma-separated; "
                    "'any': only run it; default supported)")
    parser.addini("lengthcheck_paths", type="paths", default=[],
                  help="spec files or folders whose Problems are collected as test items")
    parser.addini("lengthcheck_expect_verdict", type="string", default="supported",
                  help="the verdict a spec without an expect block must get (comma-separated; "
                  "'any': only run it)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "lengthcheck(**settings): settings for the lengthcheck fixture in this test "
        "(max_size, n_max, r_max, form, anchor, engine, ...)",
    )
    ini_paths = [Path(p) for p in config.getini("lengthcheck_paths")]
    config.stash[_SPEC_ROOTS] = ini_paths
    config.stash[_RESULTS] = {}
    if ini_paths and config.args_source != pytest.Config.ArgsSource.ARGS:
        config.args.extend(str(p) for p in ini_paths if str(p) not in config.args)


_SPEC_ROOTS = pytest.StashKey[list]()
_RESULTS = pytest.StashKey[dict]()


def _wants(config: pytest.Config, path: Path) -> bool:
    if path.suffix != ".py" or path.name == "conftest.py" or path.name.startswith("test_"):
        return False
    roots = config.stash[_SPEC_ROOTS]
    under_ini = any(path == r or r in path.parents for r in roots)
    if not (config.getoption("lengthcheck") or under_ini):
        return False
    try:
        return "Problem" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if _wants(parent.config, file_path):
        return SpecFile.from_parent(parent, path=file_path)
    return None


def cli_settings(config: pytest.Config) -> dict[str, Any]:
    from lengthcheck.options import from_arguments

    return from_arguments(config.getoption)


def settings_for(config: pytest.Config, *test_layers: dict[str, Any] | None) -> dict[str, Any]:
    """Defaults < pyproject [tool.lengthcheck] < marker < keyword arguments < command line."""
    from lengthcheck.settings import merge, pyproject_settings

    return merge(pyproject_settings(config.rootpath), *test_layers, cli_settings(config))


def problem_name(problem) -> str:
    """A problem's name: its `name`, else its class name (`name` is optional)."""
    return getattr(problem, "name", "") or type(problem).__name__


def _marker_settings(marker) -> dict[str, Any]:
    """A `lengthcheck` marker's check settings (its `expect` is not a setting)."""
    return {k: v for k, v in (marker.kwargs if marker else {}).items() if k != "expect"}


def expected_verdicts(item: pytest.Item) -> tuple[str, ...] | None:
    """The verdicts a spec without an expect block may get (None: any), and where that is said."""
    chosen = item.config.getoption("lengthcheck_expect_verdict")
    if chosen is None:
        marker = item.get_closest_marker("lengthcheck")
        chosen = marker.kwargs.get("expect") if marker else None
    if chosen is None:
        chosen = item.config.getini("lengthcheck_expect_verdict") or "supported"
    words = [chosen] if isinstance(chosen, str) else list(chosen)
    words = [w.strip() for word in words for w in word.split(",") if w.strip()]
    if "any" in words:
        return None
    if DEPRECATED_VERDICT in words:
        from lengthcheck.verdict import read_verdict_word

        where = f"the verdict expected of {problem_name(getattr(item, 'problem', None))}"
        words = [read_verdict_word(w, where) for w in words]
    if "supported" in words and "proved" not in words:
        words.append("proved")  # a proof for every n is more than bounded evidence
    from lengthcheck.results import VerdictWord  # (lazily: the plugin loads with pytest)

    wrong = [w for w in words if w not in tuple(VerdictWord)]
    if wrong:
        raise pytest.UsageError(
            f"lengthcheck expected verdict {', '.join(wrong)!r} is not one of "
            f"{', '.join(VerdictWord)} or any")
    return tuple(words)


class SpecFile(pytest.File):
    """A spec module: one child per Problem class, one item per expected property."""

    def collect(self):
        from lengthcheck.errors import SpecError
        from lengthcheck.loader import load

        try:
            problems = load(str(self.path))
        except SpecError as exc:
            raise self.CollectError(exc.render()) from None
        for problem in problems:
            expect = dict(problem.expect or {})
            properties = _expected_properties(expect) or [("verdict", None)]
            module = sys.modules.get(type(problem).__module__)
            marks = getattr(module, "pytestmark", [])
            for prop, expected in properties:
                item = ExpectItem.from_parent(
                    self, name=f"{problem_name(problem)}::{prop}", problem=problem, prop=prop,
                    expected=expected,
                )
                for mark in marks if isinstance(marks, list) else [marks]:
                    item.add_marker(mark)
                yield item


def _expected_properties(expect: dict[str, Any]) -> list[tuple[str, Any]]:
    items: list[tuple[str, Any]] = []
    for key, value in expect.items():
        if key == "minimal_r":
            for form, by_n in value.items():
                for n, r in by_n.items():
                    items.append((f"minimal_r[{form},{n}]", {"minimal_r": {form: {n: r}}}))
        else:
            items.append((key, {key: value}))
    return items


class ExpectMismatch(Exception):
    """The computed result differs from the spec's expect block."""


class ExpectItem(pytest.Item):
    """Checks one property of one Problem against its expect block."""

    def __init__(self, *, problem, prop: str, expected: dict[str, Any] | None, **kwargs):
        super().__init__(**kwargs)
        self.problem = problem
        self.prop = prop
        self.expected = expected
        self.result = None

    def setup(self) -> None:
        """Run (or reuse) the problem's check; a spec error is this item's error."""
        __tracebackhide__ = True
        from lengthcheck.errors import SpecError
        from lengthcheck.options import FrontDoor, front_door

        error = None
        try:
            with front_door(FrontDoor.PYTEST):  # advice names --lengthcheck-... options
                self.result = self._check()
        except (SpecError, ValueError) as exc:
            error = exc.render() if isinstance(exc, SpecError) else f"lengthcheck: {exc}"
        if error is not None:  # outside the except block: no chained traceback
            pytest.fail(error, pytrace=False)

    def runtest(self) -> None:
        __tracebackhide__ = True
        from lengthcheck.expect import compare

        assert self.result is not None
        if self.expected is None:  # no expect block: the verdict the settings expect
            wanted = expected_verdicts(self)
            word = self.result.verdict.word
            if wanted is not None and word not in wanted:
                said = " or ".join(repr(w) for w in wanted)
                raise ExpectMismatch(
                    f"verdict: expected {said}, computed {word!r} (the spec has no expect "
                    "block; say which verdict it should get with an expect block, "
                    "lengthcheck_expect_verdict in the ini file, or "
                    "@pytest.mark.lengthcheck(expect=...))")
            return
        mismatches = compare(self.result, self.expected)
        if mismatches:
            raise ExpectMismatch("\n".join(mismatches))

    def _check(self):
        __tracebackhide__ = True
        from lengthcheck.checker import check_problem

        settings = settings_for(self.config, _marker_settings(self.get_closest_marker(
            "lengthcheck")))
        key = (str(self.path), type(self.problem).__name__, tuple(sorted(settings.items())))
        cache = self.config.stash[_RESULTS]
        if key not in cache:
            try:
                cache[key] = check_problem(self.problem, **settings)
            except Exception as exc:  # keep spec errors for every item of the problem
                cache[key] = exc
        if isinstance(cache[key], Exception):
            raise cache[key]
        return cache[key]

    def repr_failure(self, excinfo, style=None) -> str:
        from lengthcheck.errors import SpecError
        from lengthcheck.report.console import drawing
        from lengthcheck.testing import reproduce_command, verdict_lines

        exc = excinfo.value
        if isinstance(exc, SpecError):
            return exc.render()
        if not isinstance(exc, ExpectMismatch) or self.result is None:
            return super().repr_failure(excinfo, style=style)
        v = self.result.verdict
        differs = ("differs from the expect block" if self.expected is not None
                   else "is not the verdict expected")
        lines = [f"{problem_name(self.problem)}: {self.prop} {differs}"]
        lines += [f"  {line}" for line in str(exc).splitlines()]
        lines.append(f"  verdict: {v.word}" + (f" — {v.route}" if v.route else ""))
        lines.append(f"  scope: {v.scope}")
        lines += verdict_lines(self.result)
        if v.counterexample is not None:
            lines.append("  counterexample:")
            lines += ["    " + line for line in drawing(v.counterexample).splitlines()]
        settings = settings_for(self.config, _marker_settings(self.get_closest_marker(
            "lengthcheck")))
        lines.append(f"Reproduce with: {reproduce_command(self.problem, settings)}")
        return "\n".join(lines)

    def reportinfo(self):
        return self.path, None, f"lengthcheck {problem_name(self.problem)}::{self.prop}"


class Fixture:
    """What the `lengthcheck` fixture gives a test: the helpers, with the test's settings."""

    def __init__(self, request: pytest.FixtureRequest) -> None:
        self._request = request

    def settings(self, **overrides: Any) -> dict[str, Any]:
        __tracebackhide__ = True
        marker = self._request.node.get_closest_marker("lengthcheck")
        return settings_for(self._request.config, _marker_settings(marker), overrides)

    def check(self, problem, **overrides: Any):
        __tracebackhide__ = True
        from lengthcheck import testing

        return testing.check(problem, **self.settings(**overrides))

    def assert_supported(self, problem, **overrides: Any):
        __tracebackhide__ = True
        from lengthcheck import testing

        return testing.assert_supported(problem, **self.settings(**overrides))

    def assert_guaranteed(self, problem, **overrides: Any):
        """Deprecated (one release): `assert_supported`; `guaranteed` is now `supported`."""
        __tracebackhide__ = True
        from warnings import warn

        from lengthcheck import testing
        from lengthcheck.verdict import DEPRECATION_MESSAGE

        warn(f"assert_guaranteed: {DEPRECATION_MESSAGE} (lengthcheck.assert_supported)",
             DeprecationWarning, stacklevel=2)
        return testing.assert_supported(problem, **self.settings(**overrides))

    def assert_not_guaranteed(self, problem, **overrides: Any):
        __tracebackhide__ = True
        from lengthcheck import testing

        return testing.assert_not_guaranteed(problem, **self.settings(**overrides))


@pytest.fixture
def lengthcheck(request: pytest.FixtureRequest) -> Fixture:
    """Check problems with this test's settings: `lengthcheck.assert_supported(MyFormat)`."""
    return Fixture(request)
