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
from collections.abc import Callable, Iterator, Mapping
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
    writes: tuple[int, ...]  # positions of `next` the step writes (appended ones included)
    mode: str  # "append" | "rewrite" | "rewrite+append" | "splice" | "moved"
    ready: tuple[tuple[int, ...], ...]  # every ready step's reads (just `reads` without `ready`)
    read_ids: tuple[int, ...] | None  # element identities of the reads; None if unknown
    ready_next: tuple[State | None, ...] = ()  # next state of each ready step (None: reads only)
    # Positions the step writes *into* the state (not appended at its end), per ready step
    # in the order of `ready`: what a label's write offsets and R_io count (DESIGN §2).
    ready_into: tuple[tuple[int, ...], ...] = ()
    # What each ready step writes (its output tokens), in the order of `ready`; None where
    # ready(s) gave only reads. f must be a function over every step a model may take.
    ready_out: tuple[tuple[str, ...] | None, ...] = ()

    @property
    def into(self) -> tuple[int, ...]:
        """The positions this step writes into the state (appends excluded)."""
        return self.ready_into[self.ready.index(self.reads)] if self.ready_into else ()

    @property
    def output(self) -> tuple:
        """What f maps the causal input to: the tokens written and where they land."""
        return causal_output(self.out, self.into, self.reads)

    def ready_outputs(self) -> list[tuple[tuple[int, ...], tuple]]:
        """(reads, f's output) of every ready step whose output is known (the taken one too)."""
        if not self.ready_out:
            return [(self.reads, self.output)]
        return [(reads, causal_output(out, into, reads))
                for reads, out, into in zip(self.ready, self.ready_out, self.ready_into)
                if out is not None]


WRITE = "write"  # tags a write in a label or an output: ("write", window or read, offset)


def causal_output(out: tuple[str, ...], into: tuple[int, ...], reads: tuple[int, ...]) -> tuple:
    """f's output (DESIGN §2): the tokens written, then where each write into the state lands.

    A write is placed relative to the read nearest to it, `(WRITE, k, w - reads[k])`:
    a step that writes over one of its own reads writes at offset 0 from it,
    however far apart its reads are; a write far from every read shows its distance.
    """
    if not into:
        return out
    return out + tuple((WRITE, *nearest(w, reads)) for w in into)


def nearest(w: int, centres: tuple[int, ...]) -> tuple[int, int]:
    """(k, w - centres[k]) for the first centre closest to w."""
    k = min(range(len(centres)), key=lambda j: abs(w - centres[j]))
    return k, w - centres[k]


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
        if count == 0 and not getattr(self.problem, "population", ""):  # a dataset may skip sizes
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
            out, writes, mode, into = _output(state, reads, nxt, step, origin, context)
            ready, ready_next, ready_into, ready_out = self._ready(state, reads, nxt, into, out,
                                                                   context)
            read_ids = None if ids is None else tuple(ids[i] for i in reads)
            steps.append(TraceStep(index, state, reads, nxt, out, writes, mode, ready, read_ids,
                                   ready_next, ready_into, ready_out))
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
        # positional order, as a model sees them: a spec's listing order carries nothing
        return tuple(sorted(reads))

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
        self, state: State, reads: tuple[int, ...], nxt: State, into: tuple[int, ...],
        out: tuple[str, ...], context: dict,
    ) -> tuple[tuple, tuple, tuple, tuple]:
        """Every ready step's reads, its next state when ready(s) gave a `Step` (else None),
        the positions it writes into the state (() when only its reads are known) and its
        output tokens (None when only its reads are known)."""
        if not self.with_ready:
            return (reads,), (nxt,), (into,), (out,)
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
        placed: dict[tuple[int, ...], tuple[int, ...]] = {}
        outputs: dict[tuple[int, ...], tuple[str, ...]] = {}
        for item in items:
            if isinstance(item, Step):
                item_reads = self._check_reads(item.reads, state, where, context, what)
                item_next: State | None = self._as_state_in_step(item.next, where, context)
                item_out, _, _, placed[item_reads] = _output(
                    state, item_reads, item_next, item, Location(*item.origin), context)
                outputs[item_reads] = item_out
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
        placed[reads] = into
        outputs[reads] = out
        return (tuple(found), tuple(found.values()), tuple(placed.get(r, ()) for r in found),
                tuple(outputs.get(r) for r in found))


def _output(
    state: State, reads: tuple[int, ...], nxt: State, step: Step, where: Location, context: dict
) -> tuple[tuple[str, ...], tuple[int, ...], str, tuple[int, ...]]:
    """What a step writes (DESIGN §2): its output tokens, write positions, mode and
    the write positions *into* the state (appends excluded).

    Modes: "append" (s' extends s), "rewrite" (same length; the changed
    positions, or those the step declares with `writes`), "rewrite+append" (the
    old positions changed and tokens appended), "splice" (s' = s[:min I] + out
    + s[max I + 1:]), "moved" (the step's `moved` map says which elements
    survive where; every other position of s' is written). When a growing step
    fits both "rewrite+append" and "splice", the description that writes fewer
    positions is taken, unless the step's `out` names the other one.

    A declared `out` is never taken on trust: it must be the output the next
    state shows, else the spec is wrong (a declared out could hide a far write).
    """
    if step.moved is not None:
        mode, writes = "moved", _moved_writes(state, nxt, step, where, context)
        out = tuple(nxt[i] for i in writes)
    elif step.writes is not None and len(nxt) == len(state):
        changed = {i for i in range(len(nxt)) if nxt[i] != state[i]}
        writes = tuple(sorted(set(step.writes) | changed))
        mode, out = "rewrite", tuple(nxt[i] for i in writes)
    elif len(nxt) > len(state) and nxt[: len(state)] == state:
        mode, out, writes = "append", nxt[len(state) :], tuple(range(len(state), len(nxt)))
    elif len(nxt) == len(state):
        writes = tuple(i for i in range(len(nxt)) if nxt[i] != state[i])
        mode, out = "rewrite", tuple(nxt[i] for i in writes)
    else:
        out, writes, mode = _splice_or_grow(state, reads, nxt, step, where, context)
    if step.out is not None and tuple(step.out) != out:
        raise SpecError(
            f"the step declares out={tuple(step.out)!r}, but its next state shows it writes "
            f"{out!r} at positions {list(writes)} ({mode})",
            location=where, state=state,
            hint="drop out= (lengthcheck reads the output off the next state), or make it the "
            "tokens the step writes; give moved={old: new} for the elements that survive a "
            "shift", **context,
        )
    if mode in ("rewrite", "splice"):
        into = writes
    elif mode == "moved":
        into = _moved_into(state, nxt, step.moved or {})
    else:  # appended positions are emitted at the end by construction: not part of a label
        into = tuple(i for i in writes if i < len(state))
    return out, writes, mode, into


def _splice_or_grow(
    state: State, reads: tuple[int, ...], nxt: State, step: Step, where: Location, context: dict
) -> tuple[tuple[str, ...], tuple[int, ...], str]:
    """A step that changes the length without appending: a splice or a rewrite+append."""
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
    if grown is not None and step.out is not None and spliced and \
            tuple(step.out) != tuple(nxt[i] for i in grown):
        grown = None  # the step names the splice's output: check that one
    if grown is not None and (not spliced or len(grown) < len(nxt) - lo - suffix):
        return tuple(nxt[i] for i in grown), grown, "rewrite+append"
    if spliced:
        out = nxt[lo : len(nxt) - suffix]
        return out, tuple(range(lo, lo + len(out))), "splice"
    raise SpecError(
        "the next state is neither an append, a same-length rewrite, "
        "nor a splice s[:min(reads)] + out + s[max(reads)+1:]",
        location=where,
        state=state,
        hint="say which elements of s survive and where: Step(reads=..., next=..., "
        "moved={old: new, ...}); every other position of next counts as written",
        **context,
    )


def _moved_into(state: State, nxt: State, moved: Mapping[int, int]) -> tuple[int, ...]:
    """Where a step with a `moved` map changes the state, in the state's own positions.

    A shift moves the positions of everything after an edit, so what a step
    writes is located where it happens in `s` (as its reads are): every
    element that does not survive (rewritten or deleted), the place of each
    insertion between two neighbouring survivors, and both ends of a survivor
    moved out of order (a reorder is a write too). Fresh tokens after the last
    survivor with nothing consumed there are appended: an autoregressive model
    emits them at the end by construction (`# 3 * 2 + 1` -> `# 2 + 1 _ _`: the
    product is written where its reads were, the pads are appended).
    """
    into = {p for p in range(len(state)) if p not in moved}
    order = [old for new, old in sorted((new, old) for old, new in moved.items())]
    in_place = _increasing_run(order)
    new_to_old = {new: old for old, new in moved.items()}
    previous, fresh_run = -1, False
    for p in range(len(nxt)):
        old = new_to_old.get(p)
        if old is None:
            fresh_run = True
            continue
        if old not in in_place:
            into.add(old)  # where it came from
            into.add(previous + 1 if previous + 1 < len(state) else old)  # where it went
            continue
        if fresh_run and old == previous + 1:
            into.add(old)  # an insertion just before this survivor
        previous, fresh_run = old, False
    return tuple(sorted(into))


def _increasing_run(order: list[int]) -> set[int]:
    """The old positions of a longest increasing subsequence (the survivors left in order)."""
    import bisect

    tails: list[int] = []
    tail_index: list[int] = []
    parent = [-1] * len(order)
    for k, value in enumerate(order):
        j = bisect.bisect_left(tails, value)
        if j == len(tails):
            tails.append(value)
            tail_index.append(k)
        else:
            tails[j] = value
            tail_index[j] = k
        parent[k] = tail_index[j - 1] if j > 0 else -1
    kept: set[int] = set()
    k = tail_index[-1] if tail_index else -1
    while k >= 0:
        kept.add(order[k])
        k = parent[k]
    return kept


def _moved_writes(state: State, nxt: State, step: Step, where: Location, context: dict
                  ) -> tuple[int, ...]:
    """The positions of `nxt` a step with a `moved` map writes, after checking the map.

    A moved element keeps its token (else the map lies, and at most once would
    follow elements that are not there); every position no element moves to
    is written by the step, and so is part of its output.
    """
    moved = step.moved or {}
    targets: set[int] = set()
    for old, new in moved.items():
        problem = None
        if not (isinstance(old, int) and isinstance(new, int)):
            problem = f"moved holds {old!r}: {new!r}; positions are ints"
        elif not 0 <= old < len(state):
            problem = f"moved names position {old}, outside the state (length {len(state)})"
        elif not 0 <= new < len(nxt):
            problem = f"moved sends position {old} to {new}, outside the next state " \
                      f"(length {len(nxt)})"
        elif new in targets:
            problem = f"moved sends two elements to position {new}"
        elif nxt[new] is not state[old] and nxt[new] != state[old]:
            problem = (f"moved says the element at {old} ({state[old]!r}) survives at {new}, "
                       f"but the next state holds {nxt[new]!r} there")
        if problem is not None:
            raise SpecError(
                problem, location=where, state=state,
                hint="moved={old: new} lists the elements of s that survive unchanged in next "
                "(same token); leave out every position the step writes", **context,
            )
        targets.add(new)
    written = {i for i in range(len(nxt)) if i not in targets} | set(step.writes or ())
    return tuple(sorted(written))


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
    return None, f"a {mode} step with no `moved` map"


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
