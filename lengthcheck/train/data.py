"""Training and evaluation data from a spec: pairs (S_i, S_(i+1)) of its traces.

Plain Python (no torch), so it can be tested and reused without the extra.
Every trace comes from `lengthcheck.trace.Runner`, so a spec that misbehaves
gives the same spec errors as `lengthcheck check`. The model maps a state to
the next one position by position, so only steps that keep every token where
it was are supported: same-length rewrites, and appends (the appended tokens
fill the first padding positions). A splice that shifts tokens is refused with
a clear error rather than trained on silently misaligned targets.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from lengthcheck.errors import SpecError, definition_location
from lengthcheck.spec import Layout, Problem, State
from lengthcheck.trace import PAD, Runner, Trace

POOL_CAP = 50_000  # most instances enumerated to sample from when a size has no layout
SUPPORTED_MODES = ("append", "rewrite")


def parse_sizes(text: str) -> list[int]:
    """`1-8`, `9,12,16-24` → sorted distinct sizes; ValueError with a reason otherwise."""
    sizes: set[int] = set()
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        lo, sep, hi = part.partition("-")
        try:
            a = int(lo)
            b = int(hi) if sep else a
        except ValueError:
            raise ValueError(f"{part!r} is not a size or a range like 1-8") from None
        if a < 1 or b < a:
            raise ValueError(f"{part!r} is not a range of sizes ≥ 1 (low-high)")
        sizes.update(range(a, b + 1))
    if not sizes:
        raise ValueError("no size given")
    return sorted(sizes)


@dataclass(frozen=True)
class Vocab:
    """The alphabet and the pad token as class indices (pad last)."""

    tokens: tuple[str, ...]

    @classmethod
    def of(cls, problem: Problem) -> Vocab:
        return cls(tuple(problem.alphabet) + (PAD,))

    @property
    def pad(self) -> int:
        return len(self.tokens) - 1

    def encode(self, state: Sequence[str], length: int) -> list[int]:
        """Token ids of `state`, padded with the pad id to `length`."""
        index = {t: i for i, t in enumerate(self.tokens)}
        return [index[t] for t in state] + [self.pad] * (length - len(state))

    def decode(self, ids: Sequence[int]) -> State:
        """The state up to the first pad (the model's output ends there)."""
        out: list[str] = []
        for i in ids:
            if i == self.pad:
                break
            out.append(self.tokens[i])
        return tuple(out)


@dataclass(frozen=True)
class Case:
    """One instance's trace, as the data the model sees."""

    size: int
    instance: State
    pairs: tuple[tuple[State, State], ...]  # (S_i, S_(i+1)) for every step
    final: State

    @property
    def steps(self) -> int:
        return len(self.pairs)


@dataclass
class SizeData:
    """The cases drawn at one size, and how they were drawn."""

    size: int
    cases: list[Case]
    how: str  # "all" | "sampled" | "sampled from the first N" (no layout, too many)
    available: int | None  # instances of this size when known (all enumerated), else None


@dataclass
class Dataset:
    """Cases per size, with the widest append any step made (0: same-length only)."""

    sizes: dict[int, SizeData] = field(default_factory=dict)
    append_width: int = 0

    @property
    def pairs(self) -> list[tuple[State, State]]:
        return [p for d in self.sizes.values() for c in d.cases for p in c.pairs]

    @property
    def max_length(self) -> int:
        """The longest state of any case (every later state of a rollout is padded past it)."""
        return max((len(c.final) for d in self.sizes.values() for c in d.cases), default=1)


def build(
    problem: Problem, sizes: Sequence[int], per_size: int, seed: int, purpose: str
) -> Dataset:
    """Draw up to `per_size` instances of each size (all of them when there are that few),
    run their traces and keep the pairs; `purpose` ("train"/"eval") separates the seeds."""
    runner = Runner(problem)
    data = Dataset()
    for size in sizes:
        if size < problem.min_size:
            raise SpecError(
                f"size {size} is below the problem's min_size {problem.min_size}",
                problem=runner.name,
                hint=f"choose sizes from {problem.min_size} on",
            )
        rng = random.Random(f"{seed}/{purpose}/{size}")
        instances, how, available = draw_instances(problem, runner, size, per_size, rng)
        cases = [case(runner, inst, size) for inst in instances]
        for c in cases:
            for s, nxt in c.pairs:
                data.append_width = max(data.append_width, len(nxt) - len(s))
        data.sizes[size] = SizeData(size, cases, how, available)
    return data


def preflight(problem: Problem, sizes: Sequence[int], per_size: int = 3) -> None:
    """Run a few instances of each size, so an unsupported step stops the command before
    the (longer) check and training start."""
    runner = Runner(problem)
    for size in sizes:
        if size >= problem.min_size:
            for instance in itertools.islice(runner.instances(size), per_size):
                case(runner, instance, size)


def case(runner: Runner, instance: State, size: int) -> Case:
    """Run one instance; refuse steps the position-wise model cannot express."""
    trace = runner.run(instance, size)
    check_supported(runner, trace)
    return Case(size, instance, tuple((st.state, st.next) for st in trace.steps), trace.final)


def check_supported(runner: Runner, trace: Trace) -> None:
    """Same-length rewrites and appends only: anything else shifts tokens."""
    for st in trace.steps:
        if st.mode not in SUPPORTED_MODES:
            what = ("a splice that shifts the tokens after it" if st.mode == "splice"
                    else "a step that is neither an append nor a same-length rewrite")
            raise SpecError(
                f"step {st.index} is {what} ({len(st.state)} → {len(st.next)} tokens): "
                "not supported by train yet",
                problem=runner.name,
                location=definition_location(runner.problem.step),
                instance=trace.instance,
                step_index=st.index,
                state=st.state,
                hint="lengthcheck train supports same-length rewrites and appends; "
                "write the format so that no step moves a token (e.g. rewrite consumed "
                "tokens to a blank instead of deleting them)",
            )


def draw_instances(
    problem: Problem, runner: Runner, size: int, count: int, rng: random.Random
) -> tuple[list[State], str, int | None]:
    """Up to `count` distinct instances of `size`: every one when there are at most
    `count`, else a seeded sample (slot by slot from the layout when there is one)."""
    layout = _layout(problem, size)
    if layout is not None and layout.count() > POOL_CAP:
        drawn = _draw_from_layout(runner, layout, count, rng)
        if drawn:
            return drawn, "sampled", None
    pool = list(itertools.islice(runner.instances(size), POOL_CAP + 1))
    if len(pool) <= count:
        return pool, "all", len(pool)
    complete = len(pool) <= POOL_CAP
    chosen = rng.sample(pool[:POOL_CAP], count)
    if complete:
        return chosen, "sampled", len(pool)
    return chosen, f"sampled from the first {POOL_CAP}", None


def _layout(problem: Problem, size: int) -> Layout | None:
    method = getattr(problem, "layout", None)
    if not callable(method):
        return None
    try:
        layout = method(size)
    except Exception:  # a broken layout is the z3 engine's business; enumerate instead
        return None
    return layout if isinstance(layout, Layout) else None


def _draw_from_layout(
    runner: Runner, layout: Layout, count: int, rng: random.Random
) -> list[State]:
    """Distinct states drawn slot by slot (uniform per slot), filtered by `where`."""
    choices = [part.tokens if hasattr(part, "tokens") else (part,) for part in layout.template]
    seen: dict[State, None] = {}
    for _ in range(count * 20):
        if len(seen) == count:
            break
        state = tuple(rng.choice(c) for c in choices)
        if state in seen:
            continue
        if layout.where is not None:
            try:
                if not layout.where(state):
                    continue
            except Exception:
                return []
        if any(t not in runner.alphabet for t in state):
            return []  # let enumeration report the bad token as a spec error
        seen[state] = None
    return list(seen)
