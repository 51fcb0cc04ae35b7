"""The spec API: what a user writes to describe a chain-of-thought format.

A problem is `(alphabet, instances(n), step(s))` (DESIGN §2, §4). States are
tuples of tokens (strings). `step(s)` returns `None` when the reasoning is done,
or a `Step` naming the positions the step reads (its causal input) and the next
state. Step code touches tokens only through indexing, `len`, `==`/`!=`, `in`,
slicing/concatenation and `@token_function`s, so that the same code can later
run on symbolic tokens.
"""

from __future__ import annotations

import functools
import itertools
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

State = tuple[str, ...]

F = TypeVar("F", bound=Callable[..., Any])


class Step:
    """One reasoning step: the causal input `reads` and the `next` state.

    `out` is needed only when the next state is neither an append, a same-length
    rewrite, nor a splice of the read span (DESIGN §2, "Causal function").
    `moved={old: new}` declares which elements of `s` survive at which position
    of `next`, for the at-most-once check on rewrites lengthcheck cannot infer.
    `writes=(i, ...)` declares the positions a same-length rewrite writes, even
    where it writes the token already there (e.g. `x := x xor 0`): a written
    position holds a new element, whatever its value.
    """

    __slots__ = ("reads", "next", "out", "moved", "writes", "origin")

    def __init__(
        self,
        reads: Sequence[int],
        next: Sequence[str],
        out: Sequence[str] | None = None,
        moved: Mapping[int, int] | None = None,
        writes: Sequence[int] | None = None,
    ) -> None:
        caller = sys._getframe(1)
        # Where the user built this step: spec errors about it point here.
        self.origin = (caller.f_code.co_filename, caller.f_lineno)
        self.reads = _positions(reads, "reads", self.origin)
        if isinstance(next, str) or not isinstance(next, Iterable):
            _bad_argument(f"Step(next=...) got {next!r}; the next state must be a tuple of "
                          "tokens", "write next=s[:p] + (token,) + s[p + 1:]", self.origin)
        self.next = tuple(next)
        if out is not None and (isinstance(out, str) or not isinstance(out, Iterable)):
            _bad_argument(f"Step(out=...) got {out!r}; the output must be a tuple of tokens",
                          "write out=(token,)", self.origin)
        self.out = None if out is None else tuple(out)
        self.moved = None if moved is None else dict(moved)
        self.writes = None if writes is None else _positions(writes, "writes", self.origin)

    def __repr__(self) -> str:
        return f"Step(reads={self.reads}, next={self.next})"


def _positions(raw: Any, what: str, origin: tuple[str, int]) -> tuple[int, ...]:
    """A tuple of positions, or a spec error at the line that built the Step."""
    if isinstance(raw, (str, bytes)) or not isinstance(raw, Iterable):
        _bad_argument(
            f"Step({what}={raw!r}): {what} must be a tuple of positions (ints), "
            f"not {type(raw).__name__}",
            f"write {what}=({raw!r},) for a single position", origin,
        )
    positions = tuple(raw)
    for pos in positions:
        if isinstance(pos, bool) or not hasattr(pos, "__index__"):
            _bad_argument(f"Step({what}=...) holds {pos!r} ({type(pos).__name__}); positions "
                          "are 0-based ints into the current state", "pass ints", origin)
    return positions


def _bad_argument(what: str, hint: str, origin: tuple[str, int]) -> None:
    from lengthcheck.errors import Location, SpecError

    raise SpecError(what, location=Location(*origin), hint=hint)


class Problem:
    """Base class of a problem spec. Subclass it and fill in the three required parts.

    Required: `alphabet`, `instances(n)`, `step(s)` (a missing method is a spec
    error at load time). `name` is optional: the class name when not given.
    Optional: `ready(s)` (all steps that could be taken next: `Step` objects,
    or read tuples), `max_steps(n)`, `min_size`, `max_size` (the default bound of a
    check), `description`, and `expect` (what a reference problem must produce;
    only ever compared with what the checker computed).
    """

    name: ClassVar[str] = ""
    alphabet: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""
    min_size: ClassVar[int] = 1
    max_size: ClassVar[int] = 6
    # the engine a check uses when none is chosen (None: enumerate); a format whose
    # evidence needs a bound too large to enumerate can default to "smt"
    engine: ClassVar[str | None] = None
    expect: ClassVar[Mapping[str, Any] | None] = None

    def instances(self, n: int) -> Iterable[State]:
        raise NotImplementedError

    def step(self, s: State) -> Step | None:
        raise NotImplementedError

    def max_steps(self, n: int) -> int:
        """A generous default; a trace longer than this is a spec error."""
        return 1000 * (n + 1) ** 2

    # --- layout API (issue 3, the z3 engine) ---------------------------------
    def layout(self, n: int) -> Layout | None:
        """The instances of size n as a template of constants and slots (optional).

        The z3 engine (`--engine smt|auto`) needs it: it treats every slot as a
        symbolic token ranging over the slot's tokens. `layout(n)` must describe
        exactly the set `instances(n)` yields (the engine checks this at sizes
        small enough to enumerate). None: no layout declared.
        """
        return None

    # `ready(s)` is optional: a subclass that defines it declares every step
    # that could be taken next. Detected with `has_ready`.


# --- layout API (issue 3, the z3 engine) -------------------------------------


class Slot:
    """A position of a layout that holds any of `tokens` (each a token of the alphabet)."""

    __slots__ = ("tokens",)

    def __init__(self, tokens: Iterable[str]) -> None:
        self.tokens = tuple(dict.fromkeys(tokens))
        if not self.tokens:
            raise ValueError("a Slot needs at least one token")

    def __repr__(self) -> str:
        return f"Slot({self.tokens!r})"


class Layout:
    """The instances of one size: a template of constant tokens and `Slot`s.

    Every assignment of a token to each slot is an instance, unless `where` is
    given: then only the states for which `where(state)` is true. `where` is
    spec code like `step` (indexing, `==`, `in`, token functions), so the z3
    engine runs it on symbolic tokens too.
    """

    __slots__ = ("template", "where")

    def __init__(
        self,
        template: Iterable[str | Slot],
        where: Callable[[State], Any] | None = None,
    ) -> None:
        self.template = tuple(template)
        self.where = where
        for part in self.template:
            if not isinstance(part, (str, Slot)):
                raise TypeError(f"a layout template holds tokens and Slots, not {part!r}")

    @property
    def slots(self) -> tuple[int, ...]:
        """The positions of the template that are slots."""
        return tuple(i for i, part in enumerate(self.template) if isinstance(part, Slot))

    def count(self) -> int:
        """How many states the template spans before `where` filters them."""
        total = 1
        for part in self.template:
            if isinstance(part, Slot):
                total *= len(part.tokens)
        return total

    def instances(self) -> Iterable[State]:
        """Every state of the layout (concrete), slots varying fastest on the right."""
        choices = [part.tokens if isinstance(part, Slot) else (part,) for part in self.template]
        for state in itertools.product(*choices):
            if self.where is None or self.where(state):
                yield state

    def strategy(self) -> Any:
        """A Hypothesis strategy drawing states slot by slot (filtered by `where`)."""
        from hypothesis import strategies as st

        parts = [
            st.sampled_from(part.tokens) if isinstance(part, Slot) else st.just(part)
            for part in self.template
        ]
        drawn = st.tuples(*parts)
        return drawn if self.where is None else drawn.filter(lambda s: bool(self.where(s)))


def has_ready(problem: Problem) -> bool:
    return callable(getattr(problem, "ready", None))


def token_function(func: F) -> F:
    """Mark a pure function of tokens (e.g. `xor(a, b)`, `digit_sum(p)`).

    The concrete engine calls it as is; the symbolic engine tabulates it over
    the finite alphabet. It must not depend on anything but its token arguments.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # Concrete calls go straight through; the z3 engine installs a hook while
        # it runs spec code on symbolic tokens (lengthcheck.engines.smt.symbolic).
        hook = _SYMBOLIC_HOOK[0]
        if hook is not None:
            return hook(func, args, kwargs)
        return func(*args, **kwargs)

    wrapper.__lengthcheck_token_function__ = True  # type: ignore[attr-defined]
    wrapper.__wrapped_token_function__ = func  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


# The z3 engine's hook for token functions called on symbolic tokens (None: concrete run).
_SYMBOLIC_HOOK: list[Callable[[Callable[..., Any], tuple, dict], Any] | None] = [None]
