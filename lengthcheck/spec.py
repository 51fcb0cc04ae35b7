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
    """

    __slots__ = ("reads", "next", "out", "moved", "origin")

    def __init__(
        self,
        reads: Sequence[int],
        next: Sequence[str],
        out: Sequence[str] | None = None,
        moved: Mapping[int, int] | None = None,
    ) -> None:
        self.reads = tuple(reads)
        self.next = tuple(next)
        self.out = None if out is None else tuple(out)
        self.moved = None if moved is None else dict(moved)
        caller = sys._getframe(1)
        # Where the user built this step: spec errors about it point here.
        self.origin = (caller.f_code.co_filename, caller.f_lineno)

    def __repr__(self) -> str:
        return f"Step(reads={self.reads}, next={self.next})"


class Problem:
    """Base class of a problem spec. Subclass it and fill in the four required parts.

    Required: `name`, `alphabet`, `instances(n)`, `step(s)`.
    Optional: `ready(s)` (all steps that could be taken next: a list of read
    tuples), `max_steps(n)`, `min_size`, `max_size` (the default bound of a
    check), `description`, and `expect` (what a reference problem must produce;
    only ever compared with what the checker computed).
    """

    name: ClassVar[str] = ""
    alphabet: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = ""
    min_size: ClassVar[int] = 1
    max_size: ClassVar[int] = 6
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
        # it runs spec code on symbolic tokens (lengthcheck.smt.symbolic).
        hook = _SYMBOLIC_HOOK[0]
        if hook is not None:
            return hook(func, args, kwargs)
        return func(*args, **kwargs)

    wrapper.__lengthcheck_token_function__ = True  # type: ignore[attr-defined]
    wrapper.__wrapped_token_function__ = func  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


# The z3 engine's hook for token functions called on symbolic tokens (None: concrete run).
_SYMBOLIC_HOOK: list[Callable[[Callable[..., Any], tuple, dict], Any] | None] = [None]
