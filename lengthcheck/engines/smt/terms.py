"""Finite-domain terms: the symbolic values the z3 engine computes with.

Every symbolic token is a `Term`, interned (hash-consed) in a `Terms` store:

* a constant (a token, a bool, any hashable value a token function returns);
* a variable: one slot of a layout, ranging over the slot's tokens;
* an application `fn(args)` of a *table function*: a pure Python function of
  finite-valued arguments (a `@token_function`, `==`, truthiness, negation),
  evaluated on concrete values only, memoised per argument tuple.

Because every term has finitely many values, everything here is exact and
finite: `vals(t)` is an over-approximation of the values of `t` (the images of
the argument value sets), `image(t)` the exact set (computed below), and the z3
encoding maps every value to an integer code and every application to an
if-then-else table over its arguments' values.

**Shapes** (the dedup of DESIGN §3). A *site* of a trace (a window and a label,
a read tuple and an output, ...) is a tuple of terms over the instance's slot
variables. `decompose(roots)` cuts the term DAG into independent *leaves*: a
sub-term `u` is cut when no variable of `u` occurs in the roots except through
`u`. The leaves then have pairwise disjoint variables, so the set of values the
roots take jointly is exactly what the part above the leaves computes from the
product of the leaves' exact images. Replacing each leaf by a fresh canonical
variable ranging over that image (numbered in order of first occurrence) gives
the site's *shape*: two sites with the same shape take exactly the same joint
values. Regular formats have a handful of shapes (the window three columns left
of the cursor in an addition looks the same at every length), so the z3 engine
asks one query per pair of shapes instead of one per pair of sites.
Path conditions that tie the site's variables to variables outside it are left
out of the shape, which makes the shape an over-approximation: such shapes are
marked `exact=False`, and a conflict between them is re-checked site by site
with the exact terms and full path conditions before anything is reported.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import z3

CONST, VAR, APP = 0, 1, 2

# Products of argument value sets larger than this are not tabulated.
TABLE_CAP = 1_000_000
# Leaf products enumerated in Python before asking z3 for an image.
ENUM_CAP = 20_000


class TooLarge(Exception):
    """A table or an image would be too large to compute."""


class FnError(Exception):
    """A table function raised on some argument tuple."""

    def __init__(self, fn: Fn, args: tuple, exc: BaseException) -> None:
        self.fn, self.args, self.exc = fn, args, exc
        super().__init__(f"{fn.name}{args!r} raised {type(exc).__name__}: {exc}")


class Fn:
    """A pure function of finitely many values, evaluated concretely and memoised."""

    __slots__ = ("name", "func", "cache", "kind")

    def __init__(self, name: str, func: Callable[..., Any], kind: str = "user") -> None:
        self.name = name
        self.func = func
        self.cache: dict[tuple, Any] = {}
        self.kind = kind  # "eq" | "not" | "truth" | "user"

    def __call__(self, args: tuple) -> Any:
        try:
            return self.cache[args]
        except KeyError:
            pass
        try:
            value = self.func(*args)
        except Exception as exc:
            raise FnError(self, args, exc) from None
        try:
            hash(value)
        except TypeError as exc:
            raise FnError(self, args, exc) from None
        self.cache[args] = value
        return value

    def __repr__(self) -> str:
        return self.name


EQ = Fn("==", lambda a, b: a == b, "eq")
NOT = Fn("not", lambda a: not a, "not")
TRUTH = Fn("bool", lambda a: bool(a), "truth")


def vkey(value: Any) -> tuple:
    """A deterministic sort key for values of mixed types."""
    return (type(value).__name__, repr(value))


class Term:
    """An interned finite-domain term. Compare terms by identity."""

    __slots__ = ("kind", "value", "fn", "args", "key", "id", "support", "vals", "_img", "_z3",
                 "depth")

    def __init__(self, kind: int, value: Any, fn: Fn | None, args: tuple[Term, ...], key: Any,
                 tid: int, support: frozenset[int], vals: frozenset) -> None:
        self.kind = kind
        self.value = value  # the constant, or the variable's key
        self.fn = fn
        self.args = args
        self.key = key
        self.id = tid
        self.support = support  # ids of the variables it depends on
        self.vals = vals  # over-approximation of its values (exact for consts and vars)
        self._img: frozenset | None = None
        self._z3: Any = None
        self.depth = 1 + max((a.depth for a in args), default=0)

    def __repr__(self) -> str:
        if self.kind == CONST:
            return repr(self.value)
        if self.kind == VAR:
            return f"v{self.id}"
        return f"{self.fn!r}({', '.join(map(repr, self.args))})"

    def __hash__(self) -> int:
        return self.id

    def __eq__(self, other: object) -> bool:
        return self is other


class Terms:
    """The intern table and the caches of one engine run."""

    def __init__(self) -> None:
        self._table: dict[Any, Term] = {}
        self.vars: dict[int, Term] = {}
        self.domains: dict[int, tuple] = {}
        self._codes: dict[tuple, int] = {}
        self._values: list[Any] = []
        self._shapes: dict[tuple, Shape] = {}
        self._decomp: dict[tuple, tuple] = {}
        self._domain_cache: dict[tuple[int, int], Any] = {}
        self._lit_cache: dict[tuple, Any] = {}
        # symbolic._compare's shortcut for x == x: whether it has interned True (for ==)
        # and True and False (for !=), as the general path does (term ids stay the same)
        self.bools_interned = [False, False]

    # -- construction -------------------------------------------------------

    def _new(self, kind, value, fn, args, key, support, vals) -> Term:
        t = Term(kind, value, fn, args, key, len(self._table), support, vals)
        self._table[key] = t
        return t

    def const(self, value: Hashable) -> Term:
        key = ("c", type(value).__name__, value)
        t = self._table.get(key)
        if t is None:
            t = self._new(CONST, value, None, (), key, frozenset(), frozenset((value,)))
        return t

    def var(self, name: Hashable, domain: Sequence[Hashable]) -> Term:
        dom = tuple(domain)
        key = ("v", name, dom)
        t = self._table.get(key)
        if t is None:
            t = self._new(VAR, name, None, (), key, frozenset(), frozenset(dom))
            t.support = frozenset((t.id,))
            self.vars[t.id] = t
            self.domains[t.id] = dom
        return t

    def app(self, fn: Fn, args: Sequence[Term]) -> Term:
        """fn(args), folded to a constant when every argument is constant."""
        args = tuple(args)
        if fn.kind == "eq":
            a, b = args
            if a is b:
                return self.const(True)
            if a.id > b.id:
                args = (b, a)
        if all(a.kind == CONST for a in args):
            return self.const(fn(tuple(a.value for a in args)))
        key = ("a", id(fn), tuple(a.id for a in args))
        t = self._table.get(key)
        if t is not None:
            return t
        size = 1
        for a in args:
            size *= len(a.vals)
        if size > TABLE_CAP:
            raise TooLarge(f"{fn.name} over {size} argument combinations")
        if fn.kind == "eq":
            a, b = args
            if not (a.vals & b.vals):
                vals = frozenset([False])
            elif len(a.vals) == 1 and len(b.vals) == 1:
                vals = frozenset([True])
            else:
                vals = frozenset([True, False])
        else:
            vals = frozenset(fn(combo) for combo in itertools.product(*(a.vals for a in args)))
        if len(vals) == 1:  # a function constant on its arguments' values
            (only,) = vals
            t = self.const(only)
            self._table[key] = t
            return t
        support = frozenset().union(*(a.support for a in args))
        return self._new(APP, None, fn, args, key, support, vals)

    # -- evaluation ---------------------------------------------------------

    def evaluate(self, t: Term, env: dict[int, Any], memo: dict[int, Any] | None = None) -> Any:
        """The value of t when each leaf id in env (a variable or a cut term) has its value."""
        if memo is None:
            memo = {}
        return self._eval(t, env, memo)

    def _eval(self, t: Term, env: dict[int, Any], memo: dict[int, Any]) -> Any:
        got = env.get(t.id, _MISSING)
        if got is not _MISSING:
            return got
        if t.kind == CONST:
            return t.value
        got = memo.get(t.id, _MISSING)
        if got is not _MISSING:
            return got
        if t.kind == VAR:
            raise KeyError(f"no value for variable {t!r}")
        value = t.fn(tuple(self._eval(a, env, memo) for a in t.args))  # type: ignore[union-attr]
        memo[t.id] = value
        return value

    # -- exact images -------------------------------------------------------

    def image(self, t: Term) -> frozenset:
        """Exactly the values t takes over all assignments of its variables."""
        if t._img is not None:
            return t._img
        if t.kind != APP:
            t._img = t.vals
            return t._img
        if len(t.vals) <= 1:
            t._img = t.vals
            return t._img
        tuples = self.joint_image(t.args)
        t._img = frozenset(t.fn(combo) for combo in tuples)  # type: ignore[union-attr]
        return t._img

    def joint_image(self, roots: Sequence[Term]) -> set[tuple]:
        """Exactly the value tuples the roots take jointly."""
        leaves = self.decompose(tuple(roots))
        images = [sorted(self.image(leaf), key=vkey) for leaf in leaves]
        size = 1
        for img in images:
            size *= len(img)
        if size > ENUM_CAP:
            return self._joint_image_z3(roots)
        out: set[tuple] = set()
        ids = [leaf.id for leaf in leaves]
        for combo in itertools.product(*images):
            env = dict(zip(ids, combo))
            memo: dict[int, Any] = {}
            out.add(tuple(self._eval(r, env, memo) for r in roots))
        return out

    def _joint_image_z3(self, roots: Sequence[Term], cap: int = ENUM_CAP) -> set[tuple]:
        solver = new_solver()
        exprs = [self.z3(r, 0) for r in roots]
        support = frozenset().union(*(r.support for r in roots))
        solver.add(*self.domain_constraints(support, 0))
        out: set[tuple] = set()
        while True:
            res = solver.check()
            if res == z3.unsat:
                return out
            if res != z3.sat:
                raise TooLarge("z3 gave up enumerating an image")
            model = solver.model()
            codes = [model.eval(e, model_completion=True).as_long() for e in exprs]
            out.add(tuple(self._values[c] for c in codes))
            if len(out) > cap:
                raise TooLarge(f"an image with more than {cap} values")
            solver.add(z3.Or([e != c for e, c in zip(exprs, codes)]))

    # -- decomposition and shapes -------------------------------------------

    def decompose(self, roots: tuple[Term, ...]) -> list[Term]:
        """Independent leaves (variables and cut sub-terms) that determine the roots."""
        key = tuple(r.id for r in roots)
        got = self._decomp.get(key)
        if got is not None:
            return list(got)
        open_: dict[Term, None] = dict.fromkeys(r for r in roots if r.kind != CONST)
        cut: set[int] = set()
        while True:
            count: dict[int, int] = {}
            for u in open_:
                for v in u.support:
                    count[v] = count.get(v, 0) + 1
            expand = None
            for u in open_:
                if u.kind == APP and u.id not in cut:
                    if all(count[v] == 1 for v in u.support):
                        cut.add(u.id)
                    elif expand is None or u.depth > expand.depth:
                        # expand outermost first: a sub-term of an open term is never
                        # expanded while the term that shares its variables is open
                        expand = u
            if expand is None:
                break
            del open_[expand]
            for a in expand.args:
                if a.kind != CONST:
                    open_.setdefault(a)
        leaves = tuple(open_)
        self._decomp[key] = leaves
        return list(leaves)

    def shape(self, roots: tuple[Term, ...], exact: bool = True) -> Shape:
        """The canonical shape of a tuple of terms (see the module docstring)."""
        key = (tuple([r.id for r in roots]), exact)
        got = self._shapes.get(key)
        if got is not None:
            return got
        leaves = self.decompose(roots)
        order: dict[int, Term] = {}
        for r in roots:
            self._first_leaves(r, {leaf.id for leaf in leaves}, order, set())
        subst: dict[int, Term] = {}
        for k, leaf in enumerate(order.values()):
            img = tuple(sorted(self.image(leaf), key=vkey))
            subst[leaf.id] = self.var(("leaf", k), img)
        memo: dict[int, Term] = {}
        canon = tuple(self._subst(r, subst, memo) for r in roots)
        s = Shape(canon, exact, tuple(canon_id.id for canon_id in canon))
        self._shapes[key] = s
        return s

    def _first_leaves(self, t: Term, leaf_ids: set[int], order: dict[int, Term],
                      seen: set[int]) -> None:
        if t.id in seen or t.kind == CONST:
            return
        seen.add(t.id)
        if t.id in leaf_ids:
            order.setdefault(t.id, t)
            return
        for a in t.args:
            self._first_leaves(a, leaf_ids, order, seen)

    def _subst(self, t: Term, subst: dict[int, Term], memo: dict[int, Term]) -> Term:
        got = subst.get(t.id) or memo.get(t.id)
        if got is not None:
            return got
        if t.kind != APP:
            return t
        new = self.app(t.fn, [self._subst(a, subst, memo) for a in t.args])  # type: ignore[arg-type]
        memo[t.id] = new
        return new

    # -- z3 -----------------------------------------------------------------

    def code(self, value: Any) -> int:
        key = (type(value).__name__, value)
        c = self._codes.get(key)
        if c is None:
            c = len(self._values)
            self._codes[key] = c
            self._values.append(value)
        return c

    def decode(self, code: int) -> Any:
        return self._values[code]

    def z3(self, t: Term, copy: int) -> z3.ArithRef:
        """The z3 integer expression of t in copy `copy` (copies rename the variables)."""
        cache = t._z3
        if cache is None:
            cache = t._z3 = {}
        got = cache.get(copy)
        if got is not None:
            return got
        if t.kind == CONST:
            e = z3.IntVal(self.code(t.value))
        elif t.kind == VAR:
            e = z3.Int(f"x{t.id}_{copy}")
        else:
            e = self._z3_app(t, copy)
        cache[copy] = e
        return e

    def _z3_app(self, t: Term, copy: int) -> z3.ArithRef:
        fn = t.fn
        assert fn is not None
        args = [self.z3(a, copy) for a in t.args]
        true, false = z3.IntVal(self.code(True)), z3.IntVal(self.code(False))
        if fn.kind == "eq":
            return z3.If(args[0] == args[1], true, false)
        return self._ite_table(fn, t.args, args, ())[1]

    def _ite_table(self, fn: Fn, terms: tuple[Term, ...], exprs: list, fixed: tuple) -> tuple:
        """(key, expr): if-then-else over the first free argument's values, the rest recursively.

        Argument values with the same sub-table share one branch (keys compare sub-tables).
        """
        k = len(fixed)
        if k == len(terms):
            c = self.code(fn(fixed))
            return c, z3.IntVal(c)
        groups: dict[Any, tuple[list, Any]] = {}
        for v in sorted(terms[k].vals, key=vkey):
            sk, sub = self._ite_table(fn, terms, exprs, fixed + (v,))
            if sk in groups:
                groups[sk][0].append(v)
            else:
                groups[sk] = ([v], sub)
        items = list(groups.items())
        if len(items) == 1:
            return items[0][0], items[0][1][1]
        e = items[-1][1][1]
        for _, (vs, sub) in reversed(items[:-1]):
            cond = z3.Or([exprs[k] == self.code(v) for v in vs])
            e = z3.If(cond, sub, e)
        key = tuple((tuple(self.code(v) for v in vs), sk) for sk, (vs, _) in items)
        return key, e

    def domain_constraints(self, support: Iterable[int], copy: int) -> list:
        out = []
        cache = self._domain_cache
        for vid in sorted(support):
            got = cache.get((vid, copy))
            if got is None:
                x = self.z3(self.vars[vid], copy)
                codes = sorted(self.code(v) for v in self.domains[vid])
                if codes == list(range(codes[0], codes[-1] + 1)):
                    got = z3.And(x >= codes[0], x <= codes[-1])
                else:
                    got = z3.Or([x == c for c in codes])
                cache[(vid, copy)] = got
            out.append(got)
        return out

    def lit(self, t: Term, value: Any, copy: int) -> Any:
        """The z3 constraint `t = value` in a copy (cached)."""
        key = (t.id, type(value).__name__, value, copy)
        got = self._lit_cache.get(key)
        if got is None:
            got = self._lit_cache[key] = self.z3(t, copy) == self.code(value)
        return got

    def value_of(self, model: z3.ModelRef, t: Term, copy: int) -> Any:
        return self._values[model.eval(self.z3(t, copy), model_completion=True).as_long()]


_MISSING = object()


@dataclass(frozen=True)
class Shape:
    """A canonical tuple of terms over leaf variables `("leaf", k)`."""

    roots: tuple[Term, ...]
    exact: bool
    key: tuple[int, ...]


RLIMIT = [20_000_000]  # per-query z3 resource limit (deterministic); set by the engine


DEADLINE: list[float | None] = [None]  # time.monotonic() by which the run must end


def new_solver() -> z3.Solver:
    """A solver under the deterministic rlimit, and a wall-clock timeout near the deadline.

    The timeout only ever turns a query into "unknown" (so the verdict into
    unknown), which keeps `--smt-budget` a wall-clock promise even when one
    query would run long under its rlimit.
    """
    s = z3.SimpleSolver()
    s.set("rlimit", RLIMIT[0])
    if DEADLINE[0] is not None:
        left_ms = int((DEADLINE[0] - time.monotonic()) * 1000)
        s.set("timeout", max(1, left_ms))
    return s


def why_unknown(solver: z3.Solver) -> str:
    """Why a query answered unknown: the run's time budget (its timeout), or z3's own reason."""
    if DEADLINE[0] is not None and time.monotonic() >= DEADLINE[0]:
        return "the time budget ran out (a z3 query was stopped at the deadline)"
    return f"z3 gave up ({solver.reason_unknown()})"
