"""Running a problem on concrete tokens: traces, validation, spec errors.

Every call into the user's code goes through this module, so that anything
the spec does wrong (a bad read, a token outside the alphabet, an exception)
becomes a `SpecError` naming the spec file and line, the instance and the step.
It also decides what a step *outputs* (append / same-length rewrite / splice,
DESIGN §2) and tracks element identity for the at-most-once check.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lengthcheck.errors import Location, SpecError, definition_location, user_location
from lengthcheck.spec import Problem, State, Step, has_ready

PAD = "⊥"  # positions outside a state; never a token of the alphabet


@dataclass(frozen=True, slots=True)
class TraceStep:
    """One step of a trace, as lengthcheck sees it."""

    index: int
    state: State
    reads: tuple[int, ...]
    next: State
    out: tuple[str, ...]
    writes: tuple[int, ...]
    mode: str  # "append" | "rewrite" | "splice" | "explicit"
    ready: tuple[tuple[int, ...], ...]  # every ready step's reads (just `reads` without `ready`)
    read_ids: tuple[int, ...] | None  # element identities of the reads; None if unknown
    ready_next: tuple[State | None, ...] = ()  # next state of each ready step (None: reads only)


@dataclass(frozen=True, slots=True)
class Trace:
    instance: State
    size: int
    steps: tuple[TraceStep, ...]
    final: State
    identity_note: str | None  # why element identity could not be followed, if so
    partial: bool = False  # stopped at an explored state: `final` is not a final state

    @property
    def states(self) -> tuple[State, ...]:
        return tuple(st.state for st in self.steps) + (self.final,)


class Runner:
    """Calls a problem's code and validates what comes back."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.name = problem.name or type(problem).__name__
        self.alphabet = frozenset(problem.alphabet)
        self.with_ready = has_ready(problem)
        self._validate_declaration()

    def _validate_declaration(self) -> None:
        p = self.problem
        loc = _class_location(p)
        if not p.alphabet:
            raise SpecError(
                "the problem declares no alphabet",
                problem=self.name,
                location=loc,
                hint="set `alphabet = (...)` to the tuple of every token a state may hold",
            )
        bad = [t for t in p.alphabet if not isinstance(t, str)]
        if bad:
            raise SpecError(
                f"alphabet tokens must be strings, got {bad[0]!r}",
                problem=self.name,
                location=loc,
                hint="write every token as a string, e.g. '0', '1', 'P(3,4)'",
            )
        if PAD in self.alphabet:
            raise SpecError(
                f"the alphabet contains {PAD!r}, the pad token lengthcheck reserves",
                problem=self.name,
                location=loc,
                hint="rename that token",
            )

    # -- instances ---------------------------------------------------------

    def instances(self, n: int) -> Iterator[State]:
        """Yield the validated instances of size n; an empty set is a spec error."""
        where = definition_location(self.problem.instances)
        try:
            produced = self.problem.instances(n)
            iterator = iter(produced)
        except SpecError:
            raise
        except Exception as exc:  # the user's code failed
            raise _user_exception(exc, f"instances({n}) raised", problem=self.name) from None
        count = 0
        while True:
            try:
                raw = next(iterator)
            except StopIteration:
                break
            except Exception as exc:
                raise _user_exception(exc, f"instances({n}) raised", problem=self.name) from None
            state = self._as_state(raw, where, f"instances({n}) yielded")
            count += 1
            yield state
        if count == 0:
            raise SpecError(
                f"instances({n}) yielded no instance",
                problem=self.name,
                location=where,
                hint=f"yield every initial state of size {n}, or raise `min_size` above {n}",
            )

    def _as_state(self, raw: object, where: Location | None, what: str) -> State:
        if isinstance(raw, str) or not isinstance(raw, (tuple, list)):
            raise SpecError(
                f"{what} {raw!r}, which is not a tuple of tokens",
                problem=self.name,
                location=where,
                hint="a state is a tuple of token strings, e.g. ('#', '0', '1')",
            )
        state = tuple(raw)
        for pos, token in enumerate(state):
            if not isinstance(token, str):
                raise _not_a_string(token, pos, what + " a state", where, {"problem": self.name},
                                    state)
            if token not in self.alphabet:
                raise SpecError(
                    f"{what} a state with token {token!r} at position {pos}, "
                    "which is not in the alphabet",
                    problem=self.name,
                    location=where,
                    state=state,
                    hint=f"add {token!r} to `alphabet` or fix the code that produces it",
                )
        return state

    # -- steps -------------------------------------------------------------

    def run(
        self,
        instance: State,
        size: int,
        *,
        start: State | None = None,
        first_index: int = 0,
        stop_at: Callable[[State], bool] | None = None,
    ) -> Trace:
        """Run one instance to its final state, validating every step.

        `start`/`first_index` continue the instance's reasoning from a state
        reached by another ready step (the ready closure); `stop_at` ends the
        run early at a state already explored (the trace is then partial).
        """
        limit = self._max_steps(size)
        steps: list[TraceStep] = []
        state = instance if start is None else start
        ids: list[int] | None = list(range(len(state)))
        fresh = itertools.count(len(state))
        identity_note: str | None = None
        for index in itertools.count(first_index):
            if stop_at is not None and index > first_index and stop_at(state):
                return Trace(instance, size, tuple(steps), state, identity_note, partial=True)
            context = {"problem": self.name, "instance": instance, "step_index": index}
            step = self._call_step(state, context)
            if step is None:
                return Trace(instance, size, tuple(steps), state, identity_note)
            if index >= limit:
                raise SpecError(
                    f"the trace ran past max_steps({size}) = {limit} steps",
                    location=definition_location(self.problem.step),
                    hint="make sure step() returns None when the reasoning is done, "
                    "or raise max_steps(n)",
                    **context,
                )
            origin = Location(*step.origin)
            reads = self._check_reads(step.reads, state, origin, context, "reads")
            nxt = self._as_state_in_step(step.next, origin, context)
            ready, ready_next = self._ready(state, reads, nxt, context)
            out, writes, mode = _output(state, reads, nxt, step, origin, context)
            read_ids = None if ids is None else tuple(ids[i] for i in reads)
            steps.append(TraceStep(index, state, reads, nxt, out, writes, mode, ready, read_ids,
                                   ready_next))
            if ids is not None:
                ids, identity_note = _follow_identity(ids, state, reads, nxt, mode, step, fresh)
            state = nxt
        raise AssertionError("unreachable")

    def _max_steps(self, size: int) -> int:
        try:
            return int(self.problem.max_steps(size))
        except Exception as exc:
            raise _user_exception(exc, f"max_steps({size}) raised", problem=self.name) from None

    def _call_step(self, state: State, context: dict) -> Step | None:
        try:
            step = self.problem.step(state)
        except SpecError:
            raise
        except Exception as exc:
            raise _user_exception(exc, "step() raised", **context, state=state) from None
        if step is not None and not isinstance(step, Step):
            raise SpecError(
                f"step() returned {step!r}; expected a Step or None",
                location=definition_location(self.problem.step),
                state=state,
                hint="return Step(reads=..., next=...) or None when done",
                **context,
            )
        return step

    def _check_reads(
        self, reads: tuple, state: State, where: Location, context: dict, what: str
    ) -> tuple[int, ...]:
        if not reads:
            raise SpecError(
                f"the step's {what} set is empty",
                location=where,
                state=state,
                hint="list the positions of the state this step's output depends on",
                **context,
            )
        for pos in reads:
            if not isinstance(pos, int) or isinstance(pos, bool):
                raise SpecError(
                    f"{what} holds {pos!r}, which is not a position (an int)",
                    location=where,
                    state=state,
                    hint="positions are 0-based ints into the current state",
                    **context,
                )
            if not 0 <= pos < len(state):
                raise SpecError(
                    f"{what} holds position {pos}, outside the state (length {len(state)})",
                    location=where,
                    state=state,
                    hint=f"positions must lie in 0..{len(state) - 1}",
                    **context,
                )
        if len(set(reads)) != len(reads):
            raise SpecError(
                f"{what} {tuple(reads)} repeats a position",
                location=where,
                state=state,
                hint="list each position once",
                **context,
            )
        return tuple(reads)

    def _as_state_in_step(self, nxt: State, where: Location, context: dict) -> State:
        for pos, token in enumerate(nxt):
            if not isinstance(token, str):
                raise _not_a_string(token, pos, "the next state", where, context, nxt)
            if token not in self.alphabet:
                raise SpecError(
                    f"the next state has token {token!r} at position {pos}, "
                    "which is not in the alphabet",
                    location=where,
                    state=nxt,
                    hint=f"add {token!r} to `alphabet` or fix the code that writes it",
                    **context,
                )
        return nxt

    def _ready(
        self, state: State, reads: tuple[int, ...], nxt: State, context: dict
    ) -> tuple[tuple[tuple[int, ...], ...], tuple[State | None, ...]]:
        """Every ready step's reads, and its next state when ready(s) gave a `Step`."""
        if not self.with_ready:
            return (reads,), (nxt,)
        where = definition_location(self.problem.ready)  # type: ignore[attr-defined]
        try:
            raw = self.problem.ready(state)  # type: ignore[attr-defined]
            items = list(raw)
        except SpecError:
            raise
        except TypeError as exc:
            if raw is None or not hasattr(raw, "__iter__"):
                raise SpecError(
                    f"ready() returned {raw!r}, which is not a list", location=where,
                    state=state, hint="return a list of Step objects (or of read tuples)",
                    **context,
                ) from None
            raise _user_exception(exc, "ready() raised", **context, state=state) from None
        except Exception as exc:
            raise _user_exception(exc, "ready() raised", **context, state=state) from None
        what = "a ready step's reads"
        found: dict[tuple[int, ...], State | None] = {}
        for item in items:
            if isinstance(item, Step):
                item_reads = self._check_reads(item.reads, state, where, context, what)
                item_next: State | None = self._as_state_in_step(item.next, where, context)
            elif isinstance(item, (tuple, list)):
                item_reads = self._check_reads(tuple(item), state, where, context, what)
                item_next = None
            else:
                raise SpecError(
                    f"ready() returned an item {item!r} ({type(item).__name__}); each item must "
                    "be a Step or a tuple of positions",
                    location=where, state=state,
                    hint="return e.g. [Step(reads=(i, j), next=...), ...] or [(i, j), ...]",
                    **context,
                )
            if item_reads in found and found[item_reads] != item_next:
                raise SpecError(
                    f"ready() returned two steps reading {item_reads} with different next states",
                    location=where, state=state,
                    hint="a step is a function of what it reads: give each read tuple one "
                    "next state", **context,
                )
            found[item_reads] = item_next
        if reads not in found:
            raise SpecError(
                f"the step taken (reads {reads}) is not among the steps ready() returned",
                location=where,
                state=state,
                hint="ready(s) must include the reads of the step that step(s) takes",
                **context,
            )
        if found[reads] is not None and found[reads] != nxt:
            raise SpecError(
                f"ready() gives the step reading {reads} a different next state than step() "
                "takes",
                location=where, state=state,
                hint="ready(s) and step(s) must agree on the step that step(s) takes",
                **context,
            )
        found[reads] = nxt
        return tuple(found), tuple(found.values())


def _output(
    state: State, reads: tuple[int, ...], nxt: State, step: Step, where: Location, context: dict
) -> tuple[tuple[str, ...], tuple[int, ...], str]:
    """What a step writes (DESIGN §2): its output tokens, write positions and mode.

    Modes: "append" (s' extends s), "rewrite" (same length; the changed
    positions, or those the step declares with `writes`), "rewrite+append" (the
    old positions changed and tokens appended), "splice" (s' = s[:min I] + out
    + s[max I + 1:]), "explicit" (the step's own `out`). When a growing step
    fits both "rewrite+append" and "splice", the description that writes fewer
    positions is taken: a splice would count tokens the step never read as
    its output.
    """
    if step.writes is not None and len(nxt) == len(state):
        changed = {i for i in range(len(nxt)) if nxt[i] != state[i]}
        writes = tuple(sorted(set(step.writes) | changed))
        mode, out = "rewrite", tuple(nxt[i] for i in writes)
    elif len(nxt) > len(state) and nxt[: len(state)] == state:
        mode, out, writes = "append", nxt[len(state) :], tuple(range(len(state), len(nxt)))
    elif len(nxt) == len(state):
        writes = tuple(i for i in range(len(nxt)) if nxt[i] != state[i])
        mode, out = "rewrite", tuple(nxt[i] for i in writes)
    else:
        lo, hi = min(reads), max(reads)
        suffix = len(state) - hi - 1
        spliced = (
            len(nxt) >= lo + suffix
            and nxt[:lo] == state[:lo]
            and nxt[len(nxt) - suffix :] == state[hi + 1 :]
        )
        grown = None
        if len(nxt) > len(state):
            changed = [i for i in range(len(state)) if nxt[i] != state[i]]
            grown = tuple(changed) + tuple(range(len(state), len(nxt)))
        if grown is not None and step.out is not None and \
                step.out != tuple(nxt[i] for i in grown):
            grown = None  # the step says its output is something else: take its word
        if grown is not None and (not spliced or len(grown) < len(nxt) - lo - suffix):
            mode, writes = "rewrite+append", grown
            out = tuple(nxt[i] for i in writes)
        elif spliced:
            out = nxt[lo : len(nxt) - suffix]
            mode, writes = "splice", tuple(range(lo, lo + len(out)))
        elif step.out is None:
            raise SpecError(
                "the next state is neither an append, a same-length rewrite, "
                "nor a splice s[:min(reads)] + out + s[max(reads)+1:]",
                location=where,
                state=state,
                hint="pass the step's output explicitly: Step(reads=..., next=..., out=(...))",
                **context,
            )
        else:
            mode, out, writes = "explicit", step.out, ()
    if step.out is not None:
        out = step.out
    return out, writes, mode


def _follow_identity(
    ids: list[int],
    state: State,
    reads: tuple[int, ...],
    nxt: State,
    mode: str,
    step: Step,
    fresh: Iterator[int],
) -> tuple[list[int] | None, str | None]:
    """Element identities in the next state, or None with the reason.

    A written position holds a new element even when the token is unchanged
    (declared with `writes`); an unwritten one keeps its element.
    """
    if step.moved is not None:
        new = [next(fresh) for _ in nxt]
        for old, pos in step.moved.items():
            if 0 <= old < len(ids) and 0 <= pos < len(new):
                new[pos] = ids[old]
        return new, None
    if mode == "append":
        return ids + [next(fresh) for _ in range(len(nxt) - len(state))], None
    if mode in ("rewrite", "rewrite+append"):
        written = set(step.writes or ())
        kept = [
            next(fresh) if i in written or nxt[i] != state[i] else ids[i]
            for i in range(len(state))
        ]
        return kept + [next(fresh) for _ in range(len(nxt) - len(state))], None
    if mode == "splice":
        lo, hi = min(reads), max(reads)
        width = len(nxt) - lo - (len(state) - hi - 1)
        return ids[:lo] + [next(fresh) for _ in range(width)] + ids[hi + 1 :], None
    return None, "a step with an explicit output and no `moved` map"


def _not_a_string(token: object, pos: int, what: str, where: Location | None, context: dict,
                  state: tuple) -> SpecError:
    return SpecError(
        f"{what} has {token!r} ({type(token).__name__}) at position {pos}; tokens are strings",
        location=where, state=tuple(map(str, state)),
        hint=f"write the token as a string: {str(token)!r}", **context,
    )


def _user_exception(exc: BaseException, what: str, **context) -> SpecError:
    location = user_location(exc.__traceback__)
    return SpecError(
        f"{what} {type(exc).__name__}: {exc}",
        location=location,
        hint="fix the spec's code at the line above",
        **context,
    )


def _class_location(problem: Problem) -> Location | None:
    cls = type(problem)
    try:
        return Location(inspect.getsourcefile(cls) or "?", inspect.getsourcelines(cls)[1])
    except (OSError, TypeError):
        return None
