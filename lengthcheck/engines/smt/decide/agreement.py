"""Do z3 and Python run the same program? Concrete replays of the symbolic paths (DESIGN §2).

Symbolic execution can diverge from the spec's concrete behaviour: `tok is ONE`
is object identity, always False on a symbolic token, while a concrete run
with interned strings may take the other branch; a `step()` that keeps a
counter on `self` behaves differently after the many symbolic calls. z3 would
then decide a different problem than the one Python runs. So after tracing,
instances of every size are run concretely and compared, step by step, with
the symbolic path they satisfy: one instance per path (from the path
condition) and a seeded random sample drawn slot by slot. A divergence is a
spec error: the verdict would be about another program.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from lengthcheck.engines.smt.symbolic import Sym
from lengthcheck.engines.smt.terms import Terms
from lengthcheck.engines.smt.tracer import SymTrace
from lengthcheck.errors import SpecError, definition_location
from lengthcheck.options import flag
from lengthcheck.spec import Problem, State
from lengthcheck.trace import Runner, Trace

PATHS_PER_SIZE = 16  # paths replayed from their own model, per size
SAMPLES_PER_SIZE = 8  # random instances per size (every size: many in all)


def check_agreement(problem: Problem, terms: Terms, traces: dict[int, list[SymTrace]],
                    model_instance, seed: int = 0) -> None:
    """Raise a SpecError at the first instance whose concrete run leaves its symbolic path.

    `model_instance(trace)` gives an instance that satisfies a path's condition.
    """
    runner = Runner(problem)
    rnd = random.Random(seed)
    for size in sorted(traces):
        paths = traces[size]
        if not paths:
            continue
        for trace in paths[:PATHS_PER_SIZE]:
            _compare(problem, runner, terms, trace, model_instance(trace), size)
        for instance in _samples(problem, paths[0], size, rnd):
            trace = _path_of(terms, paths, instance)
            if trace is None:
                _diverged(problem, instance, size, "no symbolic path admits it")
            _compare(problem, runner, terms, trace, instance, size)


def _samples(problem: Problem, path: SymTrace, size: int, rnd: random.Random
             ) -> Iterator[State]:
    """Random instances of a size, drawn slot by slot (kept when the layout's filter holds)."""
    layout = problem.layout(size)
    if layout is None or not path.slot_vars:
        return
    drawn = 0
    for _ in range(4 * SAMPLES_PER_SIZE):
        state = tuple(rnd.choice(part.tokens) if hasattr(part, "tokens") else part
                      for part in layout.template)
        if layout.where is not None and not layout.where(state):
            continue
        yield state
        drawn += 1
        if drawn >= SAMPLES_PER_SIZE:
            return


def _env(trace: SymTrace, instance: State) -> dict[int, Any]:
    return {var.id: instance[pos] for pos, var in trace.slot_vars}


def _path_of(terms: Terms, paths: list[SymTrace], instance: State) -> SymTrace | None:
    """The path whose condition the instance satisfies (paths partition a size)."""
    for trace in paths:
        env = _env(trace, instance)
        memo: dict[int, Any] = {}
        if all(terms.evaluate(lt, env, memo) == lv for lt, lv in trace.lits):
            return trace
    return None


def _value(terms: Terms, token: Any, env: dict[int, Any], memo: dict[int, Any]) -> Any:
    return terms.evaluate(token.t, env, memo) if isinstance(token, Sym) else token


def _compare(problem: Problem, runner: Runner, terms: Terms, trace: SymTrace, instance: State,
             size: int) -> None:
    concrete = runner.run(instance, size)
    env = _env(trace, instance)
    memo: dict[int, Any] = {}

    def shown(state: tuple) -> State:
        return tuple(_value(terms, tok, env, memo) for tok in state)

    why = _difference(concrete, trace, shown)
    if why is not None:
        _diverged(problem, instance, size, why)


def _difference(concrete: Trace, trace: SymTrace, shown) -> str | None:
    """How a concrete trace differs from the symbolic path, or None."""
    for st, sym in zip(concrete.steps, trace.steps):
        k = st.index
        if st.reads != sym.reads:
            return f"at step {k} Python reads {list(st.reads)}, z3 saw {list(sym.reads)}"
        if (st.writes, st.mode) != (sym.writes, sym.mode):
            return (f"at step {k} Python writes {list(st.writes)} ({st.mode}), z3 saw "
                    f"{list(sym.writes)} ({sym.mode})")
        if st.next != shown(sym.next):
            return (f"at step {k} Python's next state is {' '.join(st.next)}, z3's is "
                    f"{' '.join(map(str, shown(sym.next)))}")
    if len(concrete.steps) != len(trace.steps):
        return (f"Python takes {len(concrete.steps)} steps, z3 saw {len(trace.steps)}")
    return None


def _diverged(problem: Problem, instance: State, size: int, why: str) -> None:
    raise SpecError(
        f"the z3 engine and a concrete run disagree on instance {' '.join(instance)} "
        f"(size {size}): {why}",
        problem=problem.name or type(problem).__name__,
        location=definition_location(problem.step),
        hint="step() must be a pure function of the state that touches tokens only through "
        "==, !=, in, indexing, slicing and @token_function s: write `tok == ONE`, not "
        "`tok is ONE` (symbolic tokens have no identity), and keep no state on self between "
        f"calls; or check with {flag('engine', 'enumerate')}",
    )
