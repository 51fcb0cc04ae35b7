"""The check options, declared once (issue 20): name, type, default, help and flag.

`Options` is what every engine is given. Each field's metadata (`Setting`) says
how the front doors spell it: `lengthcheck check`'s flag (`--max-size`), the
pytest option (`--lengthcheck-max-size`), the `[tool.lengthcheck]` key and
the fixture keyword (the field name, `max_size`). argparse, the pytest plugin
and the pyproject reader are generated from here (`add_arguments`,
`setting_types`, `from_arguments`), so an option added here reaches all of
them. This module imports nothing heavy: the pytest plugin loads it at start-up.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

FORMS = ("recover", "local-rule", "both")
ENGINES = ("enumerate", "sample", "smt", "auto")
ANCHOR_RULES = ("min", "max", "mid")  # the anchor rules for one window (n = 1)
UNTIL_DECIDED_DEFAULT = 300.0  # seconds: `--until-decided` given without a number


def positive(text: str) -> int:
    """An argparse type: an integer of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def seconds(text: str) -> float:
    """An argparse type: a positive number of seconds."""
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be a positive number of seconds")
    return value


@dataclass(frozen=True)
class Setting:
    """How one option is spelt and read at the front doors (CLI, pytest, pyproject)."""

    flag: str  # the CLI flag; the pytest option is `--lengthcheck-` + the flag's name
    help: str
    kinds: tuple[type, ...]  # what a pyproject value / fixture keyword must be
    parse: Callable[[str], Any] | None = None  # argparse type (None: a switch or choices)
    choices: tuple[str, ...] | None = None
    metavar: str | None = None
    switch_sets: Any = None  # a switch (no value): the value it sets, e.g. False
    const: Any = None  # a flag whose value may be left out: the value it then takes


def _setting(flag: str, help: str, kinds: tuple[type, ...], **how: Any) -> dict[str, Setting]:
    return {"setting": Setting(flag, help, kinds, **how)}


@dataclass(frozen=True)
class Options:
    max_size: int | None = field(default=None, metadata=_setting(
        "--max-size", "largest instance size (default: each problem's own max_size)", (int,),
        parse=positive))
    n_max: int = field(default=4, metadata=_setting(
        "--n-max", "most windows tried (default 4)", (int,), parse=positive))
    r_max: int = field(default=21, metadata=_setting(
        "--r-max", "widest window length tried (default 21)", (int,), parse=positive))
    form: str = field(default="both", metadata=_setting(
        "--form", "which (n, r)-consistency form to check (default both)", (str,),
        choices=FORMS))
    anchor: str = field(default="min", metadata=_setting(
        "--anchor", "anchor rule for one window (default min)", (str,), choices=ANCHOR_RULES))
    include_final: bool = field(default=True, metadata=_setting(
        "--no-final-states", "leave final states out of both forms (halting not checked)",
        (bool,), switch_sets=False))
    max_instances: int = field(default=2_000_000, metadata=_setting(
        "--max-instances", "stop enumerating after this many instances (default 2,000,000)",
        (int,), parse=positive))
    max_memory: float | None = field(default=None, metadata=_setting(  # None: half the machine
        "--max-memory", "stop enumerating when the process uses this many GiB (default: half "
        "the machine's memory); the sizes finished by then are the scope", (int, float),
        parse=float, metavar="GIB"))
    engine: str | None = field(default=None, metadata=_setting(  # None: its own, else auto
        "--engine", "auto (default: enumeration or z3, whichever settles it first; the report "
        "is the same either way), enumerate every instance, sample with Hypothesis, or decide "
        "with z3 (smt)", (str,), choices=ENGINES))
    samples: int = field(default=200, metadata=_setting(
        "--samples", "sample engine only: examples drawn per size beyond the enumerated ones "
        "(default 200)", (int,), parse=positive))
    seed: int | None = field(default=None, metadata=_setting(  # None: a fresh seed, printed
        "--seed", "sample engine only: the seed (printed with results)", (int,), parse=int))
    smt_rlimit: int | None = field(default=None, metadata=_setting(
        "--smt-rlimit", "z3 engine: deterministic resource limit per query (default "
        "50,000,000)", (int,), parse=positive))
    smt_budget: float | None = field(default=None, metadata=_setting(
        "--smt-budget", "z3 engine: seconds for one problem (default 600); past it: unknown",
        (int, float), parse=float))
    cores: int | None = field(default=None, metadata=_setting(  # None: all this process has
        "--cores", "auto engine: cores each problem may use; with two or more it runs "
        "enumeration and z3 side by side and keeps the first complete answer (default: the "
        "machine's cores shared among the -j workers; 1 for the count rule, whose output does "
        "not depend on timing)", (int,), parse=positive, metavar="N"))
    until_decided: float | None = field(default=None, metadata=_setting(
        "--until-decided", "while the verdict is unknown, check again at the bound it names, "
        "until it is decided or SECONDS are spent (default "
        f"{UNTIL_DECIDED_DEFAULT:g}); the report lists the bounds tried", (int, float),
        parse=seconds, metavar="SECONDS", const=UNTIL_DECIDED_DEFAULT))

    def __post_init__(self) -> None:
        if self.engine is not None and self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
        if self.form not in FORMS:
            raise ValueError(f"form must be one of {', '.join(FORMS)}")
        if self.anchor not in ANCHOR_RULES:
            raise ValueError(f"anchor must be one of {', '.join(ANCHOR_RULES)}")
        if self.n_max < 1 or self.r_max < 1:
            raise ValueError("n_max and r_max must be at least 1")
        if self.cores is not None and self.cores < 1:
            raise ValueError("cores must be at least 1")
        if self.until_decided is not None and self.until_decided <= 0:
            raise ValueError("until_decided must be a positive number of seconds")


def settings() -> dict[str, Setting]:
    """Every option's name and how it is spelt, in declaration order."""
    return {f.name: f.metadata["setting"] for f in fields(Options)}


def setting_types() -> dict[str, tuple[type, ...]]:
    """What a `[tool.lengthcheck]` value or a fixture keyword of each option must be."""
    return {name: s.kinds for name, s in settings().items()}


def add_arguments(add: Callable[..., Any], prefix: str = "--") -> None:
    """Declare every option through `add` (argparse's or pytest's `add_argument`/`addoption`).

    `prefix` replaces the flag's `--` (pytest: `--lengthcheck-`); every default is None,
    so a flag not given leaves the option to the next source (pyproject, then Options).
    """
    for name, s in settings().items():
        flag = prefix + s.flag.removeprefix("--")
        help_text = s.help.replace("%", "%%")
        if s.switch_sets is not None:
            add(flag, dest=name, action="store_const", const=s.switch_sets, default=None,
                help=help_text)
            continue
        how: dict[str, Any] = {"dest": name, "default": None, "help": help_text}
        if s.choices is not None:
            how["choices"] = s.choices
        if s.parse is not None:
            how["type"] = s.parse
        if s.metavar is not None:
            how["metavar"] = s.metavar
        if s.const is not None:
            how.update(nargs="?", const=s.const)
        add(flag, **how)


def from_arguments(read: Callable[[str], Any]) -> dict[str, Any]:
    """Each option's value as the front door read it (`read(name)`; None: not given)."""
    return {name: read(name) for name in settings()}


# ---------------------------------------------------------------------------
# how a message names an option: the way the front door in use spells it


class FrontDoor(StrEnum):
    """Where the user asked for the check: each spells an option its own way."""

    CLI = "cli"  # lengthcheck check --max-size 12
    PYTEST = "pytest"  # pytest --lengthcheck-max-size=12 (spec files collected by the plugin)
    PYTHON = "python"  # check(problem, max_size=12), the lengthcheck fixture, a notebook


_FRONT_DOOR: ContextVar[FrontDoor] = ContextVar("front_door", default=FrontDoor.PYTHON)


@contextmanager
def front_door(door: FrontDoor) -> Iterator[None]:
    """Messages made inside name options as `door` spells them (forked workers inherit it)."""
    token = _FRONT_DOOR.set(door)
    try:
        yield
    finally:
        _FRONT_DOOR.reset(token)


def flag(name: str, value: object = None) -> str:
    """Option `name` (an `Options` field), with `value` if given, as the user's door spells it:
    `--max-size 12`, `--lengthcheck-max-size=12` or `max_size=12`."""
    setting = settings()[name]
    door = _FRONT_DOOR.get()
    if door is FrontDoor.PYTHON:
        shown = setting.switch_sets if setting.switch_sets is not None else value
        return f"{name}={shown!r}" if shown is not None else name
    if door is FrontDoor.PYTEST:
        spelt = "--lengthcheck-" + setting.flag.removeprefix("--")
        return spelt if value is None else f"{spelt}={value}"
    return setting.flag if value is None else f"{setting.flag} {value}"
