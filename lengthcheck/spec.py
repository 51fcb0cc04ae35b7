"""The spec API: what a user writes to describe a chain-of-thought format.

A problem is `(alphabet, instances(n), step(s))` (DESIGN §2, §4). States are
tuples of tokens (strings). `step(s)` returns `None` when the reasoning is done,
or a `Step` naming the positions the step reads (its causal input) and the next
state. Step code touches tokens only through indexing, `len`, `==`/`!=`, `in`,
slicing/concatenation and `@token_function`s, so that the same code can later
run on symbolic tokens.
"""

from __future__ import annotations

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

    # `ready(s)` is optional: a subclass that defines it declares every step
    # that could be taken next. Detected with `has_ready`.


def has_ready(problem: Problem) -> bool:
    return callable(getattr(problem, "ready", None))


def token_function(func: F) -> F:
    """Mark a pure function of tokens (e.g. `xor(a, b)`, `digit_sum(p)`).

    The concrete engine calls it as is; the symbolic engine tabulates it over
    the finite alphabet. It must not depend on anything but its token arguments.
    """
    func.__lengthcheck_token_function__ = True  # type: ignore[attr-defined]
    return func


def is_token_function(func: Any) -> bool:
    return bool(getattr(func, "__lengthcheck_token_function__", False))
