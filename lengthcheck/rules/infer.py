"""Rules inferred from a plain `Problem`, so that `prove` can prove it (issue 23).

Most users write `step()`, not rules. When every step rewrites a bounded span of the
state (its reads and the positions it changes lie within w tokens, w flat over the
enumerated sizes), the enumerated traces are a table: window content → replacement.
`infer` builds that table with h tokens of context on each side (⊥ beyond the state's
edges), for the smallest h at which

(a) the rules reproduce every step of every instance up to the bound: in every state
    reached, the matches of the rules are exactly the spec's steps there (the one step
    of `step()`, or every step of `ready()`), with the same next state, and no rule
    matches a final state;

and returns them as a `RuleProblem` over the spec's own instances. The prover then
proves the *rules* for every n; that they are the user's `step()` is shown only up to
the bound N, which is what `prove` says: "proved (rules inferred up to n = N)". Copy
the printed rules into a `RuleProblem` of your own to own a proof outright.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from lengthcheck.errors import Location, SpecError
from lengthcheck.rules.problem import EDGE, Rule, RuleProblem
from lengthcheck.spec import Problem, State, Step, has_ready
from lengthcheck.trace import Runner, _output

Key = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # left, pattern, right


@dataclass(frozen=True)
class Span:
    """What one step does, as a rewrite of a span of its state."""

    start: int
    old: tuple[str, ...]
    new: tuple[str, ...]


@dataclass
class Inferred:
    """The rules inferred from a spec, or why none could be."""

    problem: str
    max_size: int
    radius: int | None = None
    table: dict[Key, tuple[str, ...]] | None = None
    rule_problem: type[RuleProblem] | None = None
    width_by_size: dict[int, int] | None = None
    why_not: str | None = None

    def source(self) -> str:
        """The rules as Python a user can paste into a RuleProblem."""
        assert self.table is not None
        lines = ["rules = ("]
        for (left, pattern, right), new in sorted(self.table.items()):
            args = [f"pattern={_classes(pattern)}"]
            if left:
                args.insert(0, f"left={_classes(left)}")
            if right:
                args.append(f"right={_classes(right)}")
            args.append(f"rewrite=lambda *t: {new!r}")
            lines.append(f"    Rule({', '.join(args)}),")
        lines.append(")")
        return "\n".join(lines)


def _classes(tokens: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"({t!r},)" for t in tokens) + ("," if len(tokens) == 1 else "") + ")"


def _span(state: State, step: Step) -> Span | None:
    """The step as a rewrite of one span of its state, read as the checker reads a step
    (`trace._output`): a rewrite spans its reads and writes, a splice its reads, an
    append everything from its first read or write to the end. None for a step with a
    `moved` map (which elements survive is not a span)."""
    reads, nxt = tuple(step.reads), tuple(step.next)
    try:
        _, writes, mode, _ = _output(state, reads, nxt, step, Location("<infer>", 0), {})
    except SpecError:
        return None
    if mode == "moved":
        return None
    if mode == "splice":
        lo, hi = min(reads), max(reads)
        return Span(lo, tuple(state[lo:hi + 1]), nxt[lo:len(nxt) - (len(state) - hi - 1)])
    inside = [p for p in (*reads, *writes) if p < len(state)]
    lo = min(inside)
    hi = max(inside) if mode == "rewrite" else len(state) - 1
    return Span(lo, tuple(state[lo:hi + 1]), nxt[lo:hi + 1 + len(nxt) - len(state)])


def _steps(problem: Problem, runner: Runner, max_size: int
           ) -> Iterator[tuple[int, State, list[Step]]]:
    """(size, state, its steps) for every state the traces reach."""
    seen: set[State] = set()
    ready = has_ready(problem)
    for n in range(problem.min_size, max_size + 1):
        for instance in runner.instances(n):
            trace = runner.run(instance, n)
            for state in trace.states:
                if state in seen:
                    continue
                seen.add(state)
                if ready:
                    steps = list(problem.ready(state))  # type: ignore[attr-defined]
                    if not all(isinstance(st, Step) for st in steps):
                        raise SpecError("ready(s) gives read tuples, not steps with their "
                                        "next states: no rule can be read off them")
                else:
                    one = problem.step(state)
                    steps = [] if one is None else [one]
                yield n, state, steps


def _window(state: State, start: int, length: int, h: int) -> Key:
    padded = (EDGE,) * h + tuple(state) + (EDGE,) * h
    at = start + h
    return (padded[at - h:at], padded[at:at + length], padded[at + length:at + length + h])


def infer(problem: Problem, max_size: int, max_radius: int = 3) -> Inferred:
    """The rules of `problem` as seen up to `max_size` (see the module docstring).

    At a small bound a wide context sees whole states, and any format, however global,
    looks local. So the context radius must be the same at the two bounds below
    `max_size` as at `max_size` itself (as the bounded verdict asks a series to be flat),
    else nothing is inferred and the radii are said.
    """
    found = _infer_at(problem, max_size, max_radius)
    if found.rule_problem is None:
        return found
    lower = [n for n in (max_size - 2, max_size - 1) if n > problem.min_size]
    radii = {n: _infer_at(problem, n, max_radius).radius for n in lower}
    if any(h != found.radius for h in radii.values()) or len(lower) < 2:
        shown = ", ".join(f"{h} at n = {n}" for n, h in sorted(radii.items()))
        found.why_not = (f"the context the rules need is not shown to be flat: radius "
                         f"{found.radius} at n = {max_size}" + (f", {shown}" if shown else "") +
                         " (it must be the same at two smaller bounds; a context that grows "
                         "with the bound is a global format seen through wide windows)")
        found.rule_problem = found.table = None
        found.radius = None
    return found


def _infer_at(problem: Problem, max_size: int, max_radius: int) -> Inferred:
    name = problem.name or type(problem).__name__
    runner = Runner(problem)
    found = Inferred(name, max_size)
    states: list[tuple[State, list[Span]]] = []
    width: dict[int, int] = {}
    try:
        for n, state, steps in _steps(problem, runner, max_size):
            spans = []
            for step in steps:
                span = _span(state, step)
                if span is None:
                    found.why_not = (f"a step at {' '.join(state)} gives a `moved` map: which "
                                     "elements survive is not a rewrite of one span")
                    return found
                spans.append(span)
                width[n] = max(width.get(n, 0), len(span.old))
            states.append((state, spans))
    except SpecError as exc:
        found.why_not = f"the spec failed while its traces were enumerated: {exc.what}"
        return found
    found.width_by_size = dict(sorted(width.items()))
    sizes = sorted(width)
    if len(sizes) >= 2 and width[sizes[-1]] > width[sizes[-2]]:
        found.why_not = (f"the span a step rewrites grows with n ({width[sizes[-2]]} at n = "
                         f"{sizes[-2]}, {width[sizes[-1]]} at n = {sizes[-1]}): R_io is not "
                         "bounded, so no finite set of local rules is this format")
        return found
    for h in range(max_radius + 1):
        table, why = _table(states, h)
        if table is not None:
            found.radius, found.table = h, table
            found.rule_problem = _rule_problem(problem, table, max_size)
            return found
        found.why_not = why
    found.why_not = f"no context radius up to {max_radius} reproduces the steps: {found.why_not}"
    return found


def _table(states: list[tuple[State, list[Span]]], h: int
           ) -> tuple[dict[Key, tuple[str, ...]] | None, str]:
    table: dict[Key, tuple[str, ...]] = {}
    for state, spans in states:
        for span in spans:
            key = _window(state, span.start, len(span.old), h)
            if table.setdefault(key, span.new) != span.new:
                return None, (f"two steps read the same window {' '.join(key[1])} (context "
                              f"{h}) and write different tokens")
    lengths = sorted({len(k[1]) for k in table})
    for state, spans in states:  # (a): the matches are exactly the steps
        wanted = {(s.start, len(s.old)) for s in spans}
        for length in lengths:
            for start in range(len(state) - length + 1):
                if _window(state, start, length, h) in table and (start, length) not in wanted:
                    return None, (f"at context {h} a rule also matches {' '.join(state)} at "
                                  f"position {start}, where the spec takes no such step")
    return table, ""


def _rule_problem(problem: Problem, table: dict[Key, tuple[str, ...]], max_size: int
                  ) -> type[RuleProblem]:
    rules = tuple(
        Rule(pattern=tuple((t,) for t in pattern), left=tuple((t,) for t in left),
             right=tuple((t,) for t in right), rewrite=_constant(new), name=f"r{i}")
        for i, ((left, pattern, right), new) in enumerate(sorted(table.items())))
    base = problem

    class InferredRules(RuleProblem):
        name = f"{problem.name or type(problem).__name__} (rules inferred up to n = {max_size})"
        alphabet = tuple(problem.alphabet)
        min_size = problem.min_size

        def instances(self, n: int) -> Any:
            return base.instances(n)

        def layout(self, n: int) -> Any:
            return base.layout(n)

    InferredRules.rules = rules
    InferredRules.max_size = max_size
    return InferredRules


def _constant(new: tuple[str, ...]) -> Callable[..., tuple[str, ...]]:
    def rewrite(*tokens: str) -> tuple[str, ...]:
        return new
    return rewrite
