"""Symbolic traces: every run of a size's instances, as a few paths with symbolic tokens.

`SymbolicTracer.trace(n)` starts from the problem's `layout(n)` (constants stay
plain tokens, every slot becomes a variable over the slot's tokens), runs the
layout filter and then each step under `explore_call`, and returns the leaves
of the fork tree as `SymTrace`s. Each path has concrete control flow: concrete
read positions, lengths, write positions, ready sets, step counts and element
identities; token values are terms. The path condition (`lits`) says which
instances follow the path; the paths of one size partition its instances.

A step is validated the way `trace.Runner` validates a concrete step (reads,
tokens in the alphabet, ready steps, the output mode, element identity — the
last two by running trace.py's own `_output` and `_follow_identity` on
symbolic tokens), so both engines follow the same semantics. A check that
fails on some path is a spec error for some instance: the tracer reports
`CannotFollow`, and the concrete engine reports the error itself.
"""

from __future__ import annotations

import itertools
import operator
from dataclasses import dataclass
from typing import Any

from lengthcheck.engines.smt.symbolic import CannotFollow, Lit, Oracle, Sym, _Active, explore_call
from lengthcheck.engines.smt.terms import Term, Terms, vkey
from lengthcheck.errors import Location
from lengthcheck.spec import Layout, Problem, Slot, Step, has_ready
from lengthcheck.trace import _follow_identity, _output

PATH_CAP = 4096  # paths per size
CALL_CAP = 1024  # paths through one call of the spec


@dataclass(frozen=True)
class SymStep:
    index: int
    state: tuple
    reads: tuple[int, ...]
    next: tuple
    out: tuple
    writes: tuple[int, ...]
    mode: str
    ready: tuple[tuple[int, ...], ...]
    read_ids: tuple[int, ...] | None
    into: tuple[int, ...]  # positions written into the state (appends excluded)
    nlits: int  # the path condition up to and including this step's decisions

    @property
    def ready_into(self) -> tuple[tuple[int, ...], ...]:
        """Writes into the state per ready step: the taken one's (z3 knows no other's)."""
        return tuple(self.into if r == self.reads else () for r in self.ready)


@dataclass(frozen=True)
class SymTrace:
    size: int
    lits: tuple[Lit, ...]
    instance: tuple
    steps: tuple[SymStep, ...]
    final: tuple
    identity_note: str | None
    slot_vars: tuple[tuple[int, Term], ...]  # (template position, variable)

    @property
    def states(self) -> tuple[tuple, ...]:
        return tuple(st.state for st in self.steps) + (self.final,)


class NoLayout(Exception):
    """The problem declares no layout for a size."""


class _Counter:
    def __init__(self, start: int) -> None:
        self.next = start

    def __iter__(self) -> _Counter:
        return self

    def __next__(self) -> int:
        self.next += 1
        return self.next - 1


class SymbolicTracer:
    def __init__(self, problem: Problem, terms: Terms, oracle: Oracle) -> None:
        self.problem = problem
        self.terms = terms
        self.oracle = oracle
        self.alphabet = frozenset(problem.alphabet)
        self.with_ready = has_ready(problem)
        self._in_alphabet: set[int] = set()  # ids of terms whose values are all tokens

    def layout(self, n: int) -> Layout:
        layout = self.problem.layout(n)
        if layout is None:
            raise NoLayout(f"the problem declares no layout(n) for size {n}")
        if not isinstance(layout, Layout):
            raise CannotFollow(f"layout({n}) returned {type(layout).__name__}, not a Layout")
        for part in layout.template:
            tokens = part.tokens if isinstance(part, Slot) else (part,)
            for tok in tokens:
                if tok not in self.alphabet:
                    raise CannotFollow(f"layout({n}) holds {tok!r}, which is not in the alphabet")
        return layout

    def trace(self, n: int) -> list[SymTrace]:
        layout = self.layout(n)
        slot_vars: list[tuple[int, Term]] = []
        initial: list[Any] = []
        for pos, part in enumerate(layout.template):
            if isinstance(part, Slot):
                if len(part.tokens) == 1:
                    initial.append(part.tokens[0])
                    continue
                v = self.terms.var(("slot", pos), part.tokens)
                slot_vars.append((pos, v))
                initial.append(Sym(v))
            else:
                initial.append(part)
        state0 = tuple(initial)
        if layout.where is not None:
            where = layout.where
            starts = [
                lits
                for lits, ok in explore_call(
                    lambda: bool(where(state0)), self.terms, self.oracle, (), CALL_CAP
                )
                if ok
            ]
        else:
            starts = [()]
        limit = int(self.problem.max_steps(n))
        traces: list[SymTrace] = []
        stack: list[tuple] = [
            (state0, lits, (), list(range(len(state0))), _Counter(len(state0)).next, None)
            for lits in reversed(starts)
        ]
        while stack:
            state, lits, steps, ids, fresh, note = stack.pop()
            index = len(steps)

            def call(state=state, ids=ids, fresh=fresh, index=index):
                return self._step(state, ids, fresh, index)

            results = explore_call(call, self.terms, self.oracle, lits, CALL_CAP)
            children = []
            for new, info in results:
                path = lits + new
                if info is None:
                    traces.append(
                        SymTrace(n, path, state0, steps, state, note, tuple(slot_vars))
                    )
                    if len(traces) > PATH_CAP:
                        raise CannotFollow(f"more than {PATH_CAP} paths at size {n}",
                                           find_line=False)
                    continue
                if index >= limit:
                    raise CannotFollow(f"a trace of size {n} runs past max_steps({n}) = {limit}",
                                       find_line=False)
                sym_step, new_ids, new_fresh, new_note = info
                st = SymStep(index, state, *sym_step, len(path))
                children.append(
                    (sym_step[1], path, steps + (st,), new_ids, new_fresh, note or new_note)
                )
            stack.extend(reversed(children))
        return traces

    def _step(self, state: tuple, ids: list[int] | None, fresh: int, index: int) -> Any:
        """One step on a symbolic state, validated like `Runner.run` (runs under a Decider)."""
        step = self.problem.step(state)
        if step is None:
            return None
        if not isinstance(step, Step):
            raise CannotFollow(f"step() returned {type(step).__name__}; expected a Step or None")
        origin = Location(*step.origin)
        reads = self._positions(step.reads, state, "reads", origin)
        nxt = step.next
        for pos, token in enumerate(nxt):
            self._check_token(token, f"the next state's token at position {pos}", origin)
        ready: tuple[tuple[int, ...], ...] = (reads,)
        if self.with_ready:
            raw = [self._positions(r.reads if isinstance(r, Step) else r, state,
                                   "a ready step's reads", origin)
                   for r in self.problem.ready(state)]  # type: ignore[attr-defined]
            if reads not in raw:
                raise CannotFollow("the step taken is not among the steps ready() returned",
                                   origin)
            ready = tuple(dict.fromkeys(raw))
        context = {"problem": self.problem.name, "instance": None, "step_index": index}
        # trace.py's own rules: a `moved` map gives concrete write positions, and a
        # declared out is compared with the next state (a mismatch forks, then fails)
        out, writes, mode, into = _output(state, reads, nxt, step, origin, context)
        read_ids = None if ids is None else tuple(ids[i] for i in reads)
        new_note = None
        new_ids = ids
        counter = _Counter(fresh)
        if ids is not None:
            new_ids, new_note = _follow_identity(ids, state, reads, nxt, mode, step, counter)
        return (reads, nxt, tuple(out), writes, mode, ready, read_ids, into), new_ids, \
            counter.next, new_note

    def _positions(self, raw: Any, state: tuple, what: str, origin: Location) -> tuple[int, ...]:
        reads = []
        for pos in raw:
            if isinstance(pos, bool) or not isinstance(pos, (int, Sym)):
                raise CannotFollow(f"{what} holds {type(pos).__name__}, not a position", origin)
            reads.append(operator.index(pos))
        if not reads:
            raise CannotFollow(f"the step's {what} set is empty", origin)
        if any(not 0 <= p < len(state) for p in reads):
            raise CannotFollow(f"{what} holds a position outside the state", origin)
        if len(set(reads)) != len(reads):
            raise CannotFollow(f"{what} repeats a position", origin)
        return tuple(sorted(reads))  # positional order, as trace.Runner

    def _check_token(self, token: Any, what: str, origin: Location) -> None:
        if isinstance(token, Sym):
            if token.t.id in self._in_alphabet:
                return
            values = token.t.vals
            if values <= self.alphabet:
                self._in_alphabet.add(token.t.id)  # a term's values never change
            else:
                values = self.terms.image(token.t)
                decider = _Active.decider
                assert decider is not None
                here = decider.lits + tuple(decider.new)
                for bad in sorted(values - self.alphabet, key=vkey):
                    if self.oracle.feasible(here, token.t, bad):
                        raise CannotFollow(
                            f"{what} can be {bad!r}, which is not in the alphabet", origin
                        )
        elif not isinstance(token, str) or token not in self.alphabet:
            raise CannotFollow(f"{what} is {token!r}, which is not in the alphabet", origin)


def layout_matches(problem: Problem, layout: Layout, n: int, cap: int) -> bool | None:
    """Compare the layout with instances(n) while both fit under `cap`; None if too many."""
    if layout.count() > cap:
        return None
    from lengthcheck.trace import Runner

    declared = set(itertools.islice(Runner(problem).instances(n), cap + 1))
    if len(declared) > cap:
        return None
    return declared == set(layout.instances())
