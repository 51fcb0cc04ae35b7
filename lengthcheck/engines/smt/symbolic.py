"""Symbolic tokens and forking: running the unchanged spec code on symbolic states.

A symbolic state is a tuple whose elements are plain token strings (the
layout's constants) or `Sym` objects (a `Term` over the layout's slot
variables). The spec's `step`, `ready` and layout filter run on such tuples as
they are. What they may do with a `Sym`:

* `==` / `!=` against a token or another `Sym` gives a plain bool when the
  value sets decide it (`'?'` can never equal a bit slot), else a boolean `Sym`.
  Python's `in`, `tuple.index` and `tuple.count` use `==` and then truth, so
  they work unchanged.
* a `@token_function` applied to `Sym` arguments becomes an application term;
  the function is tabulated over its arguments' finite value sets.
* truth (`if`, `and`, `not`, ...) and use as an index (`__index__`) *fork*.

**Forking** (CrossHair-like, by re-execution). A spec call runs under a
`Decider` holding the path condition (a tuple of literals `term = value`) and
a prefix of decisions. At a decision beyond the prefix the decider asks the
`Oracle` which values of the term are feasible under the path condition
(exactly: images for independent terms, z3 otherwise), takes the first in a
fixed order and queues the others as new prefixes; the call is re-run once per
queued prefix. Every feasible path of the call is explored once, each with
its own concrete control flow, concrete positions and lengths, and only token
values symbolic. The path conditions of the leaves partition the inputs, so
the paths together cover exactly the concrete runs: sound and complete.

Anything else on a `Sym` (hashing it into a set or dict, `str()`, `int()`,
string methods, formatting, ordering) raises `CannotFollow`, naming the spec
line; so does any exception the spec raises on symbolic input. The engine then
says it cannot decide the problem (and `auto` falls back to enumeration).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from lengthcheck.engines.smt import terms as T
from lengthcheck.engines.smt.terms import EQ, NOT, TRUTH, Fn, FnError, Term, Terms, TooLarge, vkey
from lengthcheck.errors import Location, is_internal
from lengthcheck.spec import _SYMBOLIC_HOOK

Lit = tuple[Term, Any]  # a literal of a path condition: the term has this value


def connected(roots: tuple[Term, ...], lits: tuple[Lit, ...]) -> tuple[Lit, ...]:
    """The literals that share variables with the roots, directly or through each other."""
    support: set[int] = set()
    for r in roots:
        support |= r.support
    chosen: list[Lit] = []
    rest = list(lits)
    grew = True
    while grew:
        grew = False
        keep = []
        for lit in rest:
            if lit[0].support & support:
                chosen.append(lit)
                support |= lit[0].support
                grew = True
            else:
                keep.append(lit)
        rest = keep
    return tuple(chosen)


class CannotFollow(Exception):
    """The spec does something the symbolic engine cannot follow (with the spec line)."""

    def __init__(self, why: str, location: Location | None = None,
                 find_line: bool = True) -> None:
        self.why = why
        self.location = location
        if location is None and find_line:
            self.location = _user_frame()
        where = f"line {self.location.line} of {self.location.file}: " if self.location else ""
        super().__init__(f"{where}{why}")


class SolverGaveUp(Exception):
    """z3 answered unknown (resource limit) on a query the engine needed."""


def _user_frame() -> Location | None:
    frame = sys._getframe(1)
    while frame is not None:
        if not is_internal(frame.f_code.co_filename):
            return Location(frame.f_code.co_filename, frame.f_lineno)
        frame = frame.f_back  # type: ignore[assignment]
    return None


class _Active:
    terms: Terms | None = None
    decider: Decider | None = None
    fns: dict[Any, Fn] = {}


def _cannot(what: str) -> CannotFollow:
    return CannotFollow(f"{what} a symbolic token; the z3 engine can only compare tokens "
                        "(==, !=, in, index, count) and pass them to @token_function s")


class Sym:
    """A symbolic value (token, bool, or a token function's result)."""

    __slots__ = ("t",)

    def __init__(self, t: Term) -> None:
        self.t = t

    def __eq__(self, other: object) -> Any:  # type: ignore[override]
        return _compare(self, other, False)

    def __ne__(self, other: object) -> Any:  # type: ignore[override]
        return _compare(self, other, True)

    def __bool__(self) -> bool:
        d = _Active.decider
        if d is None:
            raise _cannot("truth of")
        return bool(d.choose_bool(self.t))

    def __index__(self) -> int:
        d = _Active.decider
        if d is None:
            raise _cannot("using as a position")
        value = d.choose(self.t)
        if not isinstance(value, int):
            raise CannotFollow(f"a symbolic value used as a position can be {value!r}")
        return value

    def __hash__(self) -> int:
        raise _cannot("hashing (a set, a dict key)")

    def __repr__(self) -> str:
        if _Active.decider is not None:
            raise _cannot("repr() of")
        return f"<symbolic {self.t!r}>"

    def __str__(self) -> str:
        raise _cannot("str() of")

    def __format__(self, spec: str) -> str:
        raise _cannot("formatting")

    def __int__(self) -> int:
        raise _cannot("int() of")

    def __float__(self) -> float:
        raise _cannot("float() of")

    def __len__(self) -> int:
        raise _cannot("len() of")

    def __iter__(self) -> Any:
        raise _cannot("iterating over")

    def __getitem__(self, item: Any) -> Any:
        raise _cannot("indexing into")

    def __contains__(self, item: Any) -> bool:
        raise _cannot("`in` on")

    def __lt__(self, other: Any) -> bool:
        raise _cannot("ordering (<, >)")

    __le__ = __gt__ = __ge__ = __lt__

    def __add__(self, other: Any) -> Any:
        raise _cannot("arithmetic or concatenation with")

    __radd__ = __mul__ = __rmul__ = __sub__ = __rsub__ = __mod__ = __add__

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise _cannot(f"the attribute .{name} of")


def term_of(value: Any) -> Term:
    terms = _Active.terms
    assert terms is not None
    if isinstance(value, Sym):
        return value.t
    try:
        hash(value)
    except TypeError:
        raise CannotFollow(f"an unhashable value {type(value).__name__} passed with a "
                           "symbolic token") from None
    return terms.const(value)


def wrap(t: Term) -> Any:
    """A constant term as its plain value, anything else as a `Sym`."""
    return t.value if t.kind == T.CONST else Sym(t)


def _compare(a: Sym, other: object, negate: bool) -> Any:
    terms = _Active.terms
    if terms is None:
        raise _cannot("comparing")
    if other is a:  # x == x (a state's untouched token against itself): no term to build,
        # but the constants the general path would intern are interned (term ids stay the same)
        if not terms.bools_interned[negate]:
            terms.const(True)
            if negate:
                terms.const(False)
            terms.bools_interned[negate] = True
        return not negate
    try:
        b = term_of(other)
        t = terms.app(EQ, (a.t, b))
        if negate:
            t = terms.app(NOT, (t,))
    except TooLarge as exc:
        raise CannotFollow(str(exc)) from None
    return wrap(t)


def _token_function_hook(func: Callable[..., Any], args: tuple, kwargs: dict) -> Any:
    if not kwargs:  # the common case, without the generic checks below
        for a in args:
            if isinstance(a, Sym):
                break
        else:
            return func(*args)
        fn = _Active.fns.get((func, ()))
        terms = _Active.terms
        if fn is not None and terms is not None:
            try:
                t = terms.app(fn, [a.t if isinstance(a, Sym) else term_of(a) for a in args])
            except (FnError, TooLarge):
                pass  # raised again and reported below
            else:
                return wrap(t)
    symbolic = any(isinstance(a, Sym) for a in args)
    if not symbolic and not any(isinstance(v, Sym) for v in kwargs.values()):
        return func(*args, **kwargs)
    if any(isinstance(v, Sym) for v in kwargs.values()):
        raise CannotFollow(f"symbolic keyword argument to token function {func.__name__}")
    terms = _Active.terms
    assert terms is not None
    fkey = (func, tuple(sorted(kwargs.items())))
    fn = _Active.fns.get(fkey)
    if fn is None:
        call = (lambda *a: func(*a, **kwargs)) if kwargs else func
        fn = _Active.fns[fkey] = Fn(getattr(func, "__qualname__", "token_function"), call)
    try:
        t = terms.app(fn, [term_of(a) for a in args])
    except FnError as exc:
        raise CannotFollow(
            f"token function {func.__name__} raised {type(exc.exc).__name__}: {exc.exc} "
            f"on arguments {exc.args!r}, which its symbolic arguments may take"
        ) from None
    except TooLarge as exc:
        raise CannotFollow(f"token function {func.__name__}: {exc}") from None
    return wrap(t)


class Oracle:
    """Decides whether a literal is feasible under a path condition."""

    def __init__(self, terms: Terms) -> None:
        self.terms = terms
        self.queries = 0
        self._cache: dict[tuple, bool] = {}

    def feasible(self, lits: tuple[Lit, ...], t: Term, v: Any) -> bool:
        if v not in t.vals:
            return False
        chosen = connected((t,), lits)
        support = set(t.support).union(*(lit[0].support for lit in chosen))
        if not chosen:
            try:
                return v in self.terms.image(t)
            except TooLarge:
                pass
        key = (tuple(sorted((lt.id, vkey(lv)) for lt, lv in chosen)), t.id, vkey(v))
        got = self._cache.get(key)
        if got is not None:
            return got
        terms = self.terms
        solver = T.new_solver()
        solver.add(*terms.domain_constraints(support, 0))
        solver.add(*[terms.lit(lt, lv, 0) for lt, lv in chosen])
        solver.add(terms.lit(t, v, 0))
        self.queries += 1
        res = solver.check()
        if res == T.z3.unknown:
            raise SolverGaveUp(f"{T.why_unknown(solver)}, deciding which way a branch of the "
                               "spec goes")
        ok = res == T.z3.sat
        self._cache[key] = ok
        return ok


class Decider:
    """The decisions of one run of a spec call (see the module docstring)."""

    def __init__(self, oracle: Oracle, lits: tuple[Lit, ...], prefix: tuple) -> None:
        self.oracle = oracle
        self.lits = lits
        self.prefix = prefix
        self.taken: list[Any] = []
        self.new: list[Lit] = []
        self.pending: list[tuple] = []

    def choose_bool(self, t: Term) -> Any:
        terms = self.oracle.terms
        if not t.vals <= {True, False}:
            t = terms.app(TRUTH, (t,))
            if t.kind == T.CONST:
                return t.value
        return self.choose(t)

    def choose(self, t: Term) -> Any:
        if t.kind == T.CONST:
            return t.value
        i = len(self.taken)
        if i < len(self.prefix):
            value = self.prefix[i]
        else:
            here = self.lits + tuple(self.new)
            options = sorted(t.vals, key=vkey)
            feasible = [v for v in options if self.oracle.feasible(here, t, v)]
            if not feasible:
                raise AssertionError("a path with no feasible continuation")
            value = feasible[0]
            base = tuple(self.taken)
            for other in feasible[1:]:
                self.pending.append(base + (other,))
        self.taken.append(value)
        self.new.append((t, value))
        return value


def explore_call(
    call: Callable[[], Any],
    terms: Terms,
    oracle: Oracle,
    lits: tuple[Lit, ...],
    cap: int,
) -> list[tuple[tuple[Lit, ...], Any]]:
    """Run `call` on every feasible path; returns (new literals, result) per path, in order."""
    results: list[tuple[tuple[Lit, ...], Any]] = []
    stack: list[tuple] = [()]
    previous = (_Active.terms, _Active.decider, _SYMBOLIC_HOOK[0])
    _Active.terms = terms
    _SYMBOLIC_HOOK[0] = _token_function_hook
    try:
        while stack:
            prefix = stack.pop()
            decider = Decider(oracle, lits, prefix)
            _Active.decider = decider
            try:
                result = call()
            except (CannotFollow, SolverGaveUp):
                raise
            except Exception as exc:
                from lengthcheck.errors import SpecError, user_location

                if isinstance(exc, SpecError):
                    raise CannotFollow(
                        f"on some instances: {exc.what}", exc.location
                    ) from None
                raise CannotFollow(
                    f"the spec raised {type(exc).__name__}: {exc} on symbolic input",
                    user_location(exc.__traceback__),
                ) from None
            finally:
                _Active.decider = None
            results.append((tuple(decider.new), result))
            if len(results) > cap:
                raise CannotFollow(
                    f"more than {cap} paths through one call of the spec (its control flow "
                    "depends on too many token values)", find_line=False)
            stack.extend(reversed(decider.pending))
    finally:
        _Active.terms, _Active.decider, _SYMBOLIC_HOOK[0] = previous
    return results
