"""Every property of DESIGN §2, decided over all instances of each size from symbolic traces.

The semantics are exactly those of the concrete engine (lengthcheck.properties),
restated over *sites*: a site is a place in one symbolic path (a step, or a
state and a tuple of positions) with its key terms, its label (concrete, or a
term for the local-rule form) and the path condition that reaches it.

* R, R_io, at-most-once and the ready/anchor structure are concrete on each
  path (positions never depend on token values within a path), so they are
  computed directly; their witnesses are concretised from the path condition.
* Conflicts (f not well defined, (n, r)-consistency) are pairs of sites whose
  keys can be equal while the labels differ. Sites are grouped by shape
  (lengthcheck.engines.smt.terms): all sites of one group take exactly the same values,
  so one z3 query per *pair of groups* decides every pair of their sites.
  Pairs whose per-position value sets are disjoint (a PAD against a token, a
  marker against a digit) are pruned without z3. Pairs are tried smallest
  (larger size, total size) first, so the first conflict is the one the
  concrete engine reports.
* Every satisfiable query is re-asked on the two concrete sites with their
  exact terms and full path conditions; the model gives two instances, which
  are replayed through `trace.Runner` and re-checked with the concrete
  definitions (`window`, `anchors`, `offsets`). A conflict that does not
  replay raises `ReplayError`: it would be a bug, and is never reported.
* A query z3 gives up on (rlimit) or the time budget raises `SolverGaveUp`;
  the property is then unknown from that size on, never a pass.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import z3

from lengthcheck.engines.smt import terms as T
from lengthcheck.engines.smt.symbolic import Lit, SolverGaveUp, Sym, connected
from lengthcheck.engines.smt.terms import Term, Terms, TooLarge
from lengthcheck.engines.smt.tracer import SymTrace
from lengthcheck.properties.consistency import (
    anchors,
    minimal_local_rule,
    minimal_recover,
    offsets,
    window,
)
from lengthcheck.properties.trend import classify
from lengthcheck.results import (
    NONE,
    AtMostOnceResult,
    CausalResult,
    ConsistencyCheck,
    Counterexample,
    DistanceResult,
    MinimalR,
    Query,
    Span,
)
from lengthcheck.spec import Problem
from lengthcheck.trace import PAD, Runner, Trace

COVERAGE_CAP = 2_000  # leaf combinations enumerated per group for coverage (else shapes)
X_CAP = 2_000  # the same for counting |X| exactly (else the count is unknown)
X_Z3_CAP = 5_000  # values of one read tuple listed with z3 (path conditions that tie variables)


class ReplayError(AssertionError):
    """A counterexample z3 found did not replay concretely: a bug in the z3 engine."""


class Budget:
    """The total time budget of one run (the per-query limit is z3's rlimit)."""

    def __init__(self, seconds: float | None) -> None:
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self.queries = 0

    def check(self, where: str) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise SolverGaveUp(f"the time budget ran out ({where})")


def value(x: Any, terms: Terms) -> Term:
    return x.t if isinstance(x, Sym) else terms.const(x)


@dataclass
class Site:
    size: int
    trace: SymTrace
    t: int  # state index in the trace
    pos: tuple[int, ...]  # the positions looked at (anchor tuple, position, reads)
    roots: tuple[Term, ...]  # key terms, then label terms
    nkey: int
    lits: tuple[Lit, ...]
    label: Any = None  # a concrete label; None when the label is roots[nkey:]


@dataclass
class Group:
    shape: T.Shape
    nroots: int  # roots of the shape that are key/label terms (the rest are literals)
    litvals: tuple
    exact: bool
    label: Any
    sites: list[Site] = field(default_factory=list)

    @property
    def min_size(self) -> int:
        return self.sites[0].size


class Decider:
    """Properties of one problem's symbolic traces."""

    def __init__(self, problem: Problem, terms: Terms, traces: dict[int, list[SymTrace]],
                 budget: Budget) -> None:
        self.problem = problem
        self.terms = terms
        self.traces = traces
        self.sizes = sorted(traces)
        self.budget = budget
        self.runner = Runner(problem)
        self._replayed: dict[tuple, Trace] = {}
        self.coverage_upper = False  # some coverage size is an upper bound (from shapes)
        self._unary: dict[tuple, frozenset] = {}
        # Enumerated traces (no variables) repeat states; as the concrete engine, keep
        # each concrete state once, at the smallest size (conflicts only need that one).
        self._dup: set[tuple[int, int]] = set()
        seen: set[tuple] = set()
        for size in self.sizes:
            for trace in traces[size]:
                if trace.slot_vars or trace.lits:
                    continue
                for t, state in enumerate(trace.states):
                    if state in seen:
                        self._dup.add((id(trace), t))
                    else:
                        seen.add(state)
        self._substs: dict[tuple, tuple[dict[int, Term], dict[int, Term]]] = {}

    # -- z3 helpers ----------------------------------------------------------

    def _solve(self, parts: list[tuple[tuple[Term, ...], tuple[Lit, ...]]],
               constraints: Callable[[list[list]], list]) -> z3.ModelRef | None:
        """Satisfy the literals of each part (its own copy) and `constraints` over the roots."""
        self.budget.check("z3 queries")
        solver = T.new_solver()
        terms = self.terms
        exprs = []
        for copy, (roots, lits) in enumerate(parts):
            support: set[int] = set()
            for r in roots:
                support |= r.support
            for lt, _ in lits:
                support |= lt.support
            solver.add(*terms.domain_constraints(support, copy))
            solver.add(*[terms.lit(lt, lv, copy) for lt, lv in lits])
            exprs.append([terms.z3(r, copy) for r in roots])
        solver.add(*constraints(exprs))
        self.budget.queries += 1
        res = solver.check()
        if res == z3.unknown:
            raise SolverGaveUp(f"z3 gave up ({solver.reason_unknown()})")
        return solver.model() if res == z3.sat else None

    def instance(self, trace: SymTrace, model: z3.ModelRef | None, copy: int) -> tuple:
        state = list(trace.instance)
        for pos, var in trace.slot_vars:
            domain = self.terms.domains[var.id]
            state[pos] = domain[0]
            if model is not None:
                got = model.eval(self.terms.z3(var, copy), model_completion=False)
                if z3.is_int_value(got):
                    state[pos] = self.terms.decode(got.as_long())
                    if state[pos] not in domain:
                        raise ReplayError(f"z3 gave {state[pos]!r} outside a slot's tokens")
        return tuple(state)

    def path_instance(self, trace: SymTrace) -> tuple:
        """Some instance following the path (its first model)."""
        if not trace.lits:
            return self.instance(trace, None, 0)
        model = self._solve([((), trace.lits)], lambda e: [])
        if model is None:
            raise ReplayError("an explored path has an unsatisfiable path condition")
        return self.instance(trace, model, 0)

    def replay(self, trace: SymTrace, instance: tuple, upto: int | None = None) -> Trace:
        """Run the instance concretely; it must follow the path (up to state `upto`)."""
        key = (trace.size, instance)
        got = self._replayed.get(key)
        if got is None:
            got = self.runner.run(instance, trace.size)
            self._replayed[key] = got
        sym_reads = [st.reads for st in trace.steps][:upto]
        if [st.reads for st in got.steps][:upto] != sym_reads or (
            upto is not None and len(got.steps) < upto
        ):
            raise ReplayError(
                f"instance {' '.join(instance)} does not follow its symbolic path "
                f"(reads {[st.reads for st in got.steps][:5]}… vs {sym_reads[:5]}…)"
            )
        return got

    # -- R -------------------------------------------------------------------

    def distance(self) -> DistanceResult:
        by_size: dict[int, int | None] = {}
        io_by_size: dict[int, int | None] = {}
        best: tuple[int, SymTrace, int] | None = None
        best_io: int | None = None
        for size in self.sizes:
            for trace in self.traces[size]:
                for st in trace.steps:
                    span = max(st.reads) - min(st.reads)
                    if best is None or span > best[0]:
                        best = (span, trace, st.index)
                    touched = st.reads + st.writes
                    if st.maybe_writes:
                        best_io = max(best_io or 0, self._io_span(trace, st, min(touched),
                                                                  max(touched), best_io or 0))
                    else:
                        best_io = max(best_io or 0, max(touched) - min(touched))
            by_size[size] = best[0] if best is not None else None  # no step yet: no R
            io_by_size[size] = best_io
        witness = None
        if best is not None:
            span, trace, index = best
            concrete = self.replay(trace, self.path_instance(trace))
            st = concrete.steps[index]
            witness = Span(concrete.instance, trace.size, index, st.state, st.reads, span)
        return DistanceResult(by_size, io_by_size, witness, classify(by_size))

    def _io_span(self, trace: SymTrace, st, lo: int, hi: int, floor: int) -> int:
        """The largest span of reads and writes over the instances of the path."""
        lits = trace.lits[: st.nlits]
        left = [(i, t) for i, t in st.maybe_writes if i < lo] + [(lo, None)]
        right = [(i, t) for i, t in st.maybe_writes if i > hi] + [(hi, None)]
        pairs = sorted(((r[0] - l_[0], l_, r) for l_ in left for r in right),
                       key=lambda p: -p[0])
        for span, (_li, lt), (_ri, rt) in pairs:
            if span <= floor:
                return floor
            need = tuple((t, True) for t in (lt, rt) if t is not None)
            if self._solve([((), lits + need)], lambda e: []) is not None:
                return span
        return floor

    # -- at most once ---------------------------------------------------------

    def at_most_once(self) -> AtMostOnceResult:
        for size in self.sizes:
            for trace in self.traces[size]:
                reader: dict[int, int] = {}
                for st in trace.steps:
                    if st.read_ids is None:
                        concrete = self.replay(trace, self.path_instance(trace))
                        return AtMostOnceResult(
                            None,
                            f"not checked: element identity is lost at step {st.index - 1} "
                            f"of instance {' '.join(concrete.instance)} "
                            f"({trace.identity_note}), so the reads of step {st.index} cannot "
                            f"be followed; give step {st.index - 1} a `moved` map (steps "
                            "count from 0)",
                        )
                    for element, pos in zip(st.read_ids, st.reads):
                        earlier = reader.get(element)
                        if earlier is not None:
                            concrete = self.replay(trace, self.path_instance(trace))
                            e, s = concrete.steps[earlier], concrete.steps[st.index]
                            return AtMostOnceResult(
                                False,
                                f"an element is read by steps {earlier} and {st.index} "
                                f"(size {size})",
                                Counterexample(
                                    "reused-element",
                                    _step_query(concrete, e, "read"),
                                    _step_query(concrete, s, f"read again at position {pos}"),
                                    detail=f"element first read at step {earlier}",
                                ),
                            )
                        reader[element] = st.index
        return AtMostOnceResult(True, "every element is read by at most one step")

    # -- grouping and pair search ----------------------------------------------

    def group(self, sites: Iterable[Site]) -> list[Group]:
        """Sites by shape. Literals on one variable are folded into its domain first
        (exact: `x = '*'` restricts x to {'*'}), so paths that differ only in such
        literals share shapes; literals over several variables stay literals."""
        groups: dict[tuple, Group] = {}
        terms = self.terms
        for count, site in enumerate(sites):
            if count % 512 == 0:
                self.budget.check("grouping sites by shape")
            restrict, multi = self._fold(site.lits)
            roots, lits = site.roots, multi
            if restrict:
                subst, memo = self._substitution(restrict)
                roots = tuple(terms._subst(r, subst, memo) for r in roots)
                lits = tuple((terms._subst(lt, subst, memo), lv) for lt, lv in multi)
            support: set[int] = set()
            for r in roots:
                support |= r.support
            local: list[Lit] = []
            exact = True
            for lt, lv in lits:
                if lt.kind == T.CONST:
                    if lt.value != lv:
                        raise ReplayError("a path condition folded to false")
                    continue
                if lt.support & support:
                    if lt.support <= support:
                        local.append((lt, lv))
                    else:
                        exact = False
            shape = terms.shape(roots + tuple(lt for lt, _ in local), exact)
            litvals = tuple(T.vkey(lv) for _, lv in local)
            key = (shape.key, litvals, exact, site.label)
            g = groups.get(key)
            if g is None:
                g = groups[key] = Group(shape, len(site.roots), tuple(lv for _, lv in local),
                                        exact, site.label)
            g.sites.append(site)
        return list(groups.values())

    def _fold(self, lits: tuple[Lit, ...]) -> tuple[tuple, tuple[Lit, ...]]:
        allowed: dict[int, frozenset] = {}
        multi: list[Lit] = []
        for lt, lv in lits:
            if len(lt.support) != 1:
                multi.append((lt, lv))
                continue
            (vid,) = lt.support
            key = (lt.id, T.vkey(lv))
            ok = self._unary.get(key)
            if ok is None:
                ok = self._unary[key] = frozenset(
                    x for x in self.terms.domains[vid]
                    if self.terms.evaluate(lt, {vid: x}) == lv
                )
            allowed[vid] = allowed.get(vid, ok) & ok
        restrict = tuple(sorted(
            (vid, tuple(x for x in self.terms.domains[vid] if x in ok))
            for vid, ok in allowed.items() if len(ok) < len(self.terms.domains[vid])
        ))
        return restrict, tuple(multi)

    def _substitution(self, restrict: tuple) -> tuple[dict[int, Term], dict[int, Term]]:
        got = self._substs.get(restrict)
        if got is None:
            subst: dict[int, Term] = {}
            for vid, dom in restrict:
                if not dom:
                    raise ReplayError("a path condition leaves a slot no token")
                subst[vid] = (self.terms.const(dom[0]) if len(dom) == 1
                              else self.terms.var(("restricted", vid), dom))
            got = self._substs[restrict] = (subst, {})
        return got

    def search(
        self,
        groups: list[Group],
        nkey: int,
        label_differs: Callable[[Group, Group], bool],
        symbolic_label: bool,
    ) -> tuple[int, int, Site, Site, z3.ModelRef] | None:
        """The conflicting site pair with the smallest (larger size, total size)."""
        cands = []
        # groups whose keys are constant (enumerated sizes) pair only with equal keys
        const_key = [all(r.kind == T.CONST for r in g.shape.roots[:nkey]) for g in groups]
        buckets: dict[tuple, list[int]] = {}
        for i, g in enumerate(groups):
            if const_key[i]:
                buckets.setdefault(tuple(r.id for r in g.shape.roots[:nkey]), []).append(i)
        partners: dict[int, list[int]] = {}
        for members in buckets.values():
            for i in members:
                partners[i] = members
        others = [i for i in range(len(groups)) if not const_key[i]]
        for i, g1 in enumerate(groups):
            self.budget.check("pairing sites")
            r1 = g1.shape.roots
            pool = sorted(set(partners[i]) | set(others)) if const_key[i] else range(len(groups))
            for j in pool:
                if j < i or (j == i and not symbolic_label):
                    continue
                g2 = groups[j]
                if not label_differs(g1, g2):
                    continue
                r2 = g2.shape.roots
                if any(not (r1[k].vals & r2[k].vals) for k in range(nkey)):
                    continue
                if symbolic_label and all(
                    r1[k].kind == T.CONST and r2[k] is r1[k] for k in range(nkey, g1.nroots)
                ):
                    continue
                cands.append((max(g1.min_size, g2.min_size), g1.min_size + g2.min_size, i, j))
        cands.sort()
        best: tuple[int, int, Site, Site, z3.ModelRef] | None = None
        for bound, total, i, j in cands:
            if best is not None and (bound, total) >= best[:2]:
                break
            g1, g2 = groups[i], groups[j]
            nl1 = g1.nroots
            nl2 = g2.nroots
            lits1 = tuple(zip(g1.shape.roots[nl1:], g1.litvals))
            lits2 = tuple(zip(g2.shape.roots[nl2:], g2.litvals))
            rel = _relation(nkey, nl1, symbolic_label)
            try:
                found = self._solve([(g1.shape.roots[:nl1], lits1),
                                     (g2.shape.roots[:nl2], lits2)], rel)
            except SolverGaveUp as exc:
                raise SolverGaveUp(f"{exc}, on a pair of sites of sizes {g1.min_size} and "
                                   f"{g2.min_size}: undecided from size {bound} on") from None
            if found is None:
                continue
            pairs = _site_pairs(g1, g2)
            for sa, sb in pairs:
                key = (max(sa.size, sb.size), sa.size + sb.size)
                if best is not None and key >= best[:2]:
                    break
                model = self._solve([(sa.roots, connected(sa.roots, sa.lits)),
                                     (sb.roots, connected(sb.roots, sb.lits))], rel)
                if model is not None:
                    # the other literals of the paths are independent of the sites'
                    # variables: satisfiable together, and needed to concretise
                    model = self._solve([(sa.roots, sa.lits), (sb.roots, sb.lits)], rel)
                    if model is None:
                        raise ReplayError("a conflict vanished with the whole path condition")
                    best = (key[0], key[1], sa, sb, model)
                    break
                if g1.exact and g2.exact:
                    raise ReplayError("two sites of conflicting exact shapes do not conflict")
        return best

    def image_sizes(self, groups: list[Group], nkey: int, cap: int = COVERAGE_CAP,
                    z3_cap: int = 0) -> tuple[dict[int, set], bool]:
        """The keys (first nkey roots) new at each size; False if some image was too large.

        When an image is too large to enumerate, the result falls back to shapes: a
        group whose shape (over its key) was not seen at a smaller size counts as
        one new key. A new key needs a new shape, so the last size with something
        new is then an upper bound of the exact one.
        """
        try:
            return self._image_sizes(groups, nkey, cap, z3_cap), True
        except TooLarge:
            self.coverage_upper = True
        seen: set[tuple] = set()
        new_by_size: dict[int, set] = {size: set() for size in self.sizes}
        for g in sorted(groups, key=lambda g: g.min_size):
            key = ("shape", self.terms.shape(g.shape.roots[:nkey]).key,
                   tuple(r.id for r in g.shape.roots[g.nroots:]), g.litvals)
            if key not in seen:
                seen.add(key)
                new_by_size[g.min_size].add(key)
        return new_by_size, False

    def _image_sizes(self, groups: list[Group], nkey: int, cap: int, z3_cap: int
                     ) -> dict[int, set]:
        seen: set[tuple] = set()
        new_by_size: dict[int, set] = {size: set() for size in self.sizes}
        done: set[tuple] = set()
        for g in sorted(groups, key=lambda g: g.min_size):
            if g.exact:
                lits = tuple(zip(g.shape.roots[g.nroots:], g.litvals))
                key = (tuple(r.id for r in g.shape.roots[:nkey]), tuple(lits))
                if key in done:
                    continue
                done.add(key)
                img = self.constrained_image(g.shape.roots[:nkey], lits, cap, z3_cap)
                new_by_size[g.min_size] |= img - seen
                seen |= img
            else:
                for site in g.sites:
                    img = self.constrained_image(site.roots[:nkey], site.lits, cap, z3_cap)
                    new_by_size[site.size] |= img - seen
                    seen |= img
        return new_by_size

    def constrained_image(self, roots: tuple[Term, ...], lits: tuple[Lit, ...],
                          cap: int = COVERAGE_CAP, z3_cap: int = 0) -> set[tuple]:
        """Exactly the value tuples of the roots under the literals (TooLarge past `cap`)."""
        terms = self.terms
        lits = connected(roots, lits)
        all_roots = roots + tuple(lt for lt, _ in lits)
        want = tuple(lv for _, lv in lits)
        leaves = terms.decompose(all_roots)
        images = [sorted(terms.image(leaf), key=T.vkey) for leaf in leaves]
        size = 1
        for img in images:
            size *= len(img)
        n = len(roots)
        if size <= cap:
            out: set[tuple] = set()
            ids = [leaf.id for leaf in leaves]
            for combo in itertools.product(*images):
                env = dict(zip(ids, combo))
                memo: dict[int, Any] = {}
                vals = tuple(terms.evaluate(r, env, memo) for r in all_roots)
                if vals[n:] == want:
                    out.add(vals[:n])
            return out
        if z3_cap <= 0:
            raise TooLarge("too many leaf combinations")
        solver = T.new_solver()
        support: set[int] = set()
        for r in all_roots:
            support |= r.support
        solver.add(*terms.domain_constraints(support, 0))
        for lt, lv in lits:
            solver.add(terms.z3(lt, 0) == terms.code(lv))
        exprs = [terms.z3(r, 0) for r in roots]
        found: set[tuple] = set()
        while True:
            self.budget.check("enumerating an image")
            res = solver.check()
            if res == z3.unsat:
                return found
            if res != z3.sat:
                raise SolverGaveUp("z3 gave up enumerating the values of a site")
            model = solver.model()
            codes = [model.eval(e, model_completion=True).as_long() for e in exprs]
            found.add(tuple(terms.decode(c) for c in codes))
            if len(found) > z3_cap:
                raise TooLarge("too many values")
            solver.add(z3.Or([e != c for e, c in zip(exprs, codes)]))

    # -- the causal function ------------------------------------------------------

    def causal(self) -> tuple[CausalResult, list[str]]:
        notes: list[str] = []
        sites = []
        terms = self.terms
        for size in self.sizes:
            for trace in self.traces[size]:
                for st in trace.steps:
                    if (id(trace), st.index) in self._dup:
                        continue
                    roots = tuple(value(st.state[i], terms) for i in st.reads) + tuple(
                        value(o, terms) for o in st.out
                    )
                    sites.append(Site(size, trace, st.index, st.reads, roots, len(st.reads),
                                      trace.lits[: st.nlits], ("shape", len(st.reads),
                                                                len(st.out))))
        groups = self.group(sites)
        # equal read tuples need equal lengths; outputs of different lengths always differ
        by_len: dict[int, list[Group]] = {}
        for g in groups:
            by_len.setdefault(g.label[1], []).append(g)
        conflict = None
        for nreads, gs in sorted(by_len.items()):
            found = self.search(gs, nreads, lambda a, b: True, True)
            if found is not None and (conflict is None or found[:2] < conflict[:2]):
                conflict = found
        cx = None
        if conflict is not None:
            cx = self._causal_counterexample(conflict)
        x_by_size: dict[int, int] = {}
        coverage = None
        count = 0
        exact_all = True
        new_by_size: dict[int, set] = {s: set() for s in self.sizes}
        for nreads, gs in sorted(by_len.items()):
            got, ok = self.image_sizes(gs, nreads, X_CAP, X_Z3_CAP)
            exact_all &= ok
            for s, new in got.items():
                new_by_size[s] |= new
        arity_by_size: dict[int, int] = {}
        arity = 0
        for size in self.sizes:
            if new_by_size[size]:
                coverage = size
            count += len(new_by_size[size])
            x_by_size[size] = count
            for trace in self.traces[size]:
                for st in trace.steps:
                    arity = max(arity, len(st.reads))
            arity_by_size[size] = arity
        if not exact_all:
            notes.append("UNKNOWN: |X| could not be counted exactly (a read tuple has too many "
                         "values); the counts shown are of distinct read-tuple shapes")
        return (
            CausalResult(conflict is None, x_by_size, classify(x_by_size), cx, coverage,
                         arity_by_size, classify(arity_by_size)),
            notes,
        )

    def _causal_counterexample(self, found) -> Counterexample:
        _, _, sa, sb, model = found
        qs = []
        for copy, site in enumerate((sa, sb)):
            trace = self.replay(site.trace, self.instance(site.trace, model, copy), site.t + 1)
            st = trace.steps[site.t]
            qs.append((trace, st))
        (ta, a), (tb, b) = sorted(qs, key=lambda q: q[0].size)
        xa = tuple(a.state[i] for i in a.reads)
        xb = tuple(b.state[i] for i in b.reads)
        if xa != xb or a.out == b.out:
            raise ReplayError(f"causal conflict did not replay: {xa} -> {a.out}, {xb} -> {b.out}")
        return Counterexample(
            "causal-conflict",
            _step_query(ta, a, a.out),
            _step_query(tb, b, b.out),
            detail="the same causal input gives two different outputs",
        )

    # -- recover form ---------------------------------------------------------------

    def _windows(self, state: tuple, centres: tuple[int, ...], h: int) -> tuple[Term, ...]:
        terms = self.terms
        pad = terms.const(PAD)
        out = []
        for c in centres:
            for i in range(c - h, c + h + 1):
                out.append(value(state[i], terms) if 0 <= i < len(state) else pad)
        return tuple(out)

    def check_recover(self, n: int, r: int, rule: str, include_final: bool) -> ConsistencyCheck:
        if n != 1:
            return self._check_recover_tuples(n, r, rule, include_final)
        h = (r - 1) // 2
        sites: list[Site] = []
        own_failures: list[tuple[int, int, Any]] = []
        for size in self.sizes:
            for trace in self.traces[size]:
                states = trace.states
                for t, state in enumerate(states):
                    if (id(trace), t) in self._dup:
                        continue
                    final = t == len(trace.steps)
                    if final and not include_final:
                        continue
                    lits = trace.lits if final else trace.lits[: trace.steps[t].nlits]
                    labels: dict[int, Any] = {}
                    if not final:
                        own, problem = _ready_labels(trace.steps[t].ready, 1, h, rule)
                        if problem is not None:
                            own_failures.append((size, 2 * size, (trace, t, problem)))
                            continue
                        labels = {a[0]: lab for a, lab in own.items()}
                    for c in range(len(state)):
                        sites.append(Site(size, trace, t, (c,), self._windows(state, (c,), h),
                                          2 * h + 1, lits, labels.get(c, NONE)))
        return self._finish_labelled("recover", n, r, h, sites, own_failures, rule)

    def _finish_labelled(self, form, n, r, h, sites, own_failures, rule) -> ConsistencyCheck:
        groups = self.group(sites)
        nkey = sites[0].nkey if sites else 0
        found = self.search(groups, nkey, lambda a, b: a.label != b.label, False)
        own = min(own_failures, key=lambda f: f[:2]) if own_failures else None
        anchor_rule = rule
        if found is None and own is None:
            coverage = self._coverage(groups, nkey)
            return ConsistencyCheck(form, n, r, True, None, None, anchor_rule, (), coverage)
        if own is not None and (found is None or own[:2] <= found[:2]):
            cx = self._own_counterexample(own[2], h)
            bound = own[0]
        else:
            assert found is not None
            cx = self._pair_counterexample(found, h, n)
            bound = found[0]
        cx = Counterexample(cx.kind, cx.first, cx.second, form, n, r, anchor_rule, cx.detail)
        return ConsistencyCheck(form, n, r, False, bound, cx, anchor_rule, (), None)

    def _coverage(self, groups: list[Group], nkey: int) -> int | None:
        new_by_size, _exact = self.image_sizes(groups, nkey)
        coverage = None
        for size in self.sizes:
            if new_by_size[size]:
                coverage = size
        return coverage

    def _own_counterexample(self, what, h) -> Counterexample:
        trace, t, problem = what
        concrete = self.replay(trace, self.path_instance(trace))
        kind, reads, detail_or_labels = problem
        state = concrete.states[t]
        size = trace.size
        if kind == "uncoverable":
            anchor = tuple(sorted(reads))
            q = Query(concrete.instance, size, t, state, anchor,
                      tuple(window(state, c, h) for c in anchor), "reads")
            return Counterexample("uncoverable", q, detail=detail_or_labels)
        anchor, la, lb = detail_or_labels
        wins = tuple(window(state, c, h) for c in anchor)
        return Counterexample(
            "anchor-conflict",
            Query(concrete.instance, size, t, state, anchor, wins, la),
            Query(concrete.instance, size, t, state, anchor, wins, lb),
            detail="two ready steps share an anchor tuple but read different positions",
        )

    def _pair_counterexample(self, found, h: int, n: int) -> Counterexample:
        _, _, sa, sb, model = found
        queries = []
        for copy, site in enumerate((sa, sb)):
            upto = site.t + 1 if site.t < len(site.trace.steps) else None
            trace = self.replay(site.trace, self.instance(site.trace, model, copy), upto)
            state = trace.states[site.t]
            wins = tuple(window(state, c, h) for c in site.pos)
            label = site.label
            if label is None:  # local rule: the next token
                label = trace.steps[site.t].next[site.pos[0]]
            queries.append(Query(trace.instance, trace.size, site.t, state, site.pos, wins,
                                 label))
        qa, qb = sorted(queries, key=lambda q: q.size)
        nwin = len(sa.pos) if sa.label is not None else 1
        if qa.windows[:nwin] != qb.windows[:nwin] or qa.label == qb.label:
            raise ReplayError(f"conflict did not replay: {qa} / {qb}")
        if sa.label is None:
            return Counterexample("local-rule", qa, qb)
        kind = "decoy" if NONE in (qa.label, qb.label) else "anchor-conflict"
        if qa.label == NONE:
            qa, qb = qb, qa
        return Counterexample(kind, qa, qb)

    # -- recover form, n >= 2 ---------------------------------------------------------

    def _check_recover_tuples(self, n: int, r: int, cover: str, include_final: bool
                              ) -> ConsistencyCheck:
        """n >= 2: true anchors against every increasing tuple of positions showing their key."""
        h = (r - 1) // 2
        w = 2 * h + 1
        anchor_sites: list[Site] = []
        own_failures: list[tuple[int, int, Any]] = []
        owns: dict[tuple[int, int], dict] = {}
        for size in self.sizes:
            for trace in self.traces[size]:
                for t, st in enumerate(trace.steps):
                    if (id(trace), t) in self._dup:
                        continue
                    own, problem = _ready_labels(st.ready, n, h, cover)
                    if problem is not None:
                        own_failures.append((size, 2 * size, (trace, t, problem)))
                        continue
                    owns[(id(trace), t)] = own
                    lits = trace.lits[: st.nlits]
                    for anchor, label in own.items():
                        anchor_sites.append(Site(size, trace, t, anchor,
                                                 self._windows(st.state, anchor, h),
                                                 len(anchor) * w, lits, label))
        anchor_groups = self.group(anchor_sites)
        # every (tuple, label) that shows the key of an anchor group: decoys and anchors alike
        candidates: list[Site] = list(anchor_sites)
        bound_cap = min((f[0] for f in own_failures), default=None)
        for size in self.sizes:
            if bound_cap is not None and size > bound_cap:
                break
            for trace in self.traces[size]:
                for t, state in enumerate(trace.states):
                    if (id(trace), t) in self._dup:
                        continue
                    final = t == len(trace.steps)
                    if final and not include_final:
                        continue
                    own = owns.get((id(trace), t), {}) if not final else {}
                    if not final and (id(trace), t) not in owns:
                        continue
                    lits = trace.lits if final else trace.lits[: trace.steps[t].nlits]
                    wins = [self._windows(state, (c,), h) for c in range(len(state))]
                    for g in anchor_groups:
                        k = len(g.sites[0].pos)
                        roots = g.shape.roots
                        lists = []
                        for j in range(k):
                            part = roots[j * w:(j + 1) * w]
                            lists.append([c for c in range(len(state))
                                          if all(part[i].vals & wins[c][i].vals
                                                 for i in range(w))])
                        for tup in _increasing(lists):
                            label = own.get(tup, NONE)
                            if label == g.label:
                                continue
                            key = tuple(x for c in tup for x in wins[c])
                            candidates.append(Site(size, trace, t, tup, key, len(key), lits,
                                                   label))
                    self.budget.check("recover form, n >= 2")
        groups = self.group(candidates)
        by_k: dict[int, list[Group]] = {}
        for g in groups:
            by_k.setdefault(len(g.sites[0].pos), []).append(g)
        found = None
        for k, gs in sorted(by_k.items()):
            got = self.search(gs, k * w, lambda a, b: a.label != b.label, False)
            if got is not None and (found is None or got[:2] < found[:2]):
                found = got
        own = min(own_failures, key=lambda f: f[:2]) if own_failures else None
        if found is None and own is None:
            coverage = self._coverage_tuples(anchor_groups, include_final, w)
            return ConsistencyCheck("recover", n, r, True, None, None, cover, (), coverage)
        if own is not None and (found is None or own[:2] <= found[:2]):
            cx = self._own_counterexample(own[2], h)
            bound = own[0]
        else:
            assert found is not None
            cx = self._pair_counterexample(found, h, n)
            bound = found[0]
        cx = Counterexample(cx.kind, cx.first, cx.second, "recover", n, r, cover, cx.detail)
        return ConsistencyCheck("recover", n, r, False, bound, cx, cover, (), None)

    def _coverage_tuples(self, anchor_groups: list[Group], include_final: bool, w: int) -> int:
        """As the concrete engine: the last size with a new true key or a new single window."""
        coverage = 0
        for k in sorted({len(g.sites[0].pos) for g in anchor_groups}):
            gs = [g for g in anchor_groups if len(g.sites[0].pos) == k]
            new_by_size, _ = self.image_sizes(gs, k * w)
            for size in self.sizes:
                if new_by_size[size]:
                    coverage = max(coverage, size)
        h = (w - 1) // 2
        sites = []
        for size in self.sizes:
            for trace in self.traces[size]:
                for t, state in enumerate(trace.states):
                    if (id(trace), t) in self._dup:
                        continue
                    final = t == len(trace.steps)
                    if final and not include_final:
                        continue
                    lits = trace.lits if final else trace.lits[: trace.steps[t].nlits]
                    for c in range(len(state)):
                        sites.append(Site(size, trace, t, (c,), self._windows(state, (c,), h),
                                          w, lits, None))
        new_by_size, _ = self.image_sizes(self.group(sites), w)
        for size in self.sizes:
            if new_by_size[size]:
                coverage = max(coverage, size)
        return coverage

    # -- local-rule form ----------------------------------------------------------------

    def same_length(self) -> bool:
        return all(
            len(st.next) == len(st.state)
            for size in self.sizes for trace in self.traces[size] for st in trace.steps
        )

    def check_local_rule(self, n: int, r: int, locators: tuple[str, ...] = ()) -> ConsistencyCheck:
        h = (r - 1) // 2
        terms = self.terms
        sites: list[Site] = []
        for size in self.sizes:
            for trace in self.traces[size]:
                for st in trace.steps:
                    if (id(trace), st.index) in self._dup:
                        continue
                    base_lits = trace.lits[: st.nlits]
                    for extra_lits, located in self._locate(st.state, locators):
                        lits = base_lits + extra_lits
                        extra = self._windows(st.state, located, h)
                        for c in range(len(st.state)):
                            key = self._windows(st.state, (c,), h) + extra
                            roots = key + (value(st.next[c], terms),)
                            sites.append(Site(size, trace, st.index, (c,) + located, roots,
                                              len(key), lits, None))
        groups = self.group(sites)
        # sites with different located counts have keys of different lengths: never equal
        by_len: dict[int, list[Group]] = {}
        for g in groups:
            by_len.setdefault(g.sites[0].nkey, []).append(g)
        found = None
        for k, gs in sorted(by_len.items()):
            got = self.search(gs, k, lambda a, b: True, True)
            if got is not None and (found is None or got[:2] < found[:2]):
                found = got
        if found is None:
            coverage = None
            for k, gs in sorted(by_len.items()):
                new_by_size, _ = self.image_sizes(gs, k)
                for size in self.sizes:
                    if new_by_size[size]:
                        coverage = size if coverage is None else max(coverage, size)
            return ConsistencyCheck("local-rule", n, r, True, None, None, None, locators,
                                    coverage)
        cx = self._pair_counterexample(found, h, 1)
        cx = Counterexample("local-rule", cx.first, cx.second, "local-rule", n, r, None, "")
        return ConsistencyCheck("local-rule", n, r, False, found[0], cx, None, locators, None)

    def _locate(self, state: tuple, locators: tuple[str, ...]):
        """Each way the locators can sit in the state: (literals, positions of those present).

        As the concrete engine: a locator's window is at its first occurrence; an
        absent locator adds no window.
        """
        terms = self.terms
        options: list[list[tuple[tuple[Lit, ...], tuple[int, ...]]]] = []
        for m in locators:
            mt = terms.const(m)
            cases: list[tuple[tuple[Lit, ...], tuple[int, ...]]] = []
            before: list[Lit] = []
            for p, tok in enumerate(state):
                eq = terms.app(T.EQ, (value(tok, terms), mt))
                if eq.kind == T.CONST:
                    if eq.value:
                        cases.append((tuple(before), (p,)))
                        break
                    continue
                cases.append((tuple(before) + ((eq, True),), (p,)))
                before.append((eq, False))
            else:
                cases.append((tuple(before), ()))
            options.append(cases)
        for combo in itertools.product(*options):
            lits = tuple(lit for lits, _ in combo for lit in lits)
            located = tuple(p for _, ps in combo for p in ps)
            yield lits, located

    def locator_candidates(self) -> list[str]:
        """As consistency.locator_candidates: tokens occurring exactly once in every
        non-final state (of every instance)."""
        terms = self.terms
        tv = terms.code(True)
        out = []
        steps = [(trace, st) for size in self.sizes for trace in self.traces[size]
                 for st in trace.steps if (id(trace), st.index) not in self._dup]
        if not steps:
            return []
        for m in sorted(self.problem.alphabet):
            mt = terms.const(m)
            ok = True
            for trace, st in steps:
                eqs = [terms.app(T.EQ, (value(tok, terms), mt)) for tok in st.state]
                sure = sum(1 for e in eqs if e.kind == T.CONST and e.value)
                maybe = tuple(e for e in eqs if e.kind != T.CONST)
                if sure >= 2 or (sure == 0 and not maybe):
                    ok = False
                elif maybe:
                    lits = trace.lits[: st.nlits]

                    def wrong(e, sure=sure):
                        count = z3.Sum([z3.If(x == tv, 1, 0) for x in e[0]])
                        return [count != 1 - sure]

                    ok = self._solve([(maybe, lits)], wrong) is None
                if not ok:
                    break
            if ok:
                out.append(m)
        return out


# ---------------------------------------------------------------------------
# helpers


def _relation(nkey: int, nroots: int, symbolic_label: bool):
    def rel(e: list[list]) -> list:
        a, b = e
        out = [a[k] == b[k] for k in range(nkey)]
        if symbolic_label:
            la, lb = a[nkey:], b[nkey:]
            if len(la) != len(lb):
                return out
            out.append(z3.Or([x != y for x, y in zip(la, lb)]) if la else z3.BoolVal(False))
        return out

    return rel


def _site_pairs(g1: Group, g2: Group) -> list[tuple[Site, Site]]:
    if g1.exact and g2.exact:
        return [(g1.sites[0], g2.sites[0])]
    pairs = [(a, b) for a in g1.sites for b in g2.sites]
    pairs.sort(key=lambda p: (max(p[0].size, p[1].size), p[0].size + p[1].size))
    return pairs


def _increasing(lists: list[list[int]], after: int = -1) -> Iterable[tuple[int, ...]]:
    if not lists:
        yield ()
        return
    for p in lists[0]:
        if p > after:
            for rest in _increasing(lists[1:], p):
                yield (p,) + rest


def _ready_labels(ready: tuple[tuple[int, ...], ...], n: int, h: int, rule: str):
    """As consistency._ready_labels, on concrete positions: anchor tuple -> offsets, or a failure.

    The failure is ("uncoverable", reads, detail) or ("anchor-conflict", reads, (anchor, a, b)).
    """
    own: dict[tuple[int, ...], Any] = {}
    for reads in ready:
        anchor = anchors(reads, n, h, rule)
        if anchor is None:
            return own, (
                "uncoverable",
                reads,
                f"the causal input {tuple(sorted(reads))} does not fit in {n} "
                f"window(s) of length {2 * h + 1}",
            )
        label = offsets(reads, anchor, h, rule)
        if anchor in own and own[anchor] != label:
            return own, ("anchor-conflict", reads, (anchor, own[anchor], label))
        own[anchor] = label
    return own, None


def _step_query(trace: Trace, st, label: object) -> Query:
    read_tokens = tuple(st.state[i] for i in st.reads)
    return Query(trace.instance, trace.size, st.index, st.state, st.reads, (read_tokens,), label)


# ---------------------------------------------------------------------------
# minimal r, as properties.consistency.search_recover / search_local_rule


def _guarded(form: str, check):
    """Name the (n, r) a solver gave up on."""

    def call(n: int, r: int, *rest):
        try:
            return check(n, r, *rest)
        except SolverGaveUp as exc:
            raise SolverGaveUp(f"{form} form ({n}, {r}): {exc}") from None

    return call


def search_recover(d: Decider, n_max: int, r_max: int, rule: str, include_final: bool,
                   progress=None) -> tuple[list[ConsistencyCheck], list[MinimalR]]:
    """The concrete engine's search (properties.consistency.minimal_recover) over z3 checks."""
    check = _guarded("recover", lambda n, r, name: d.check_recover(n, r, name, include_final))
    z3_progress = (lambda m: progress(f"z3: {m}")) if progress else None
    fan_in = max((len(reads) for size in d.sizes for trace in d.traces[size]
                  for st in trace.steps for reads in st.ready), default=0)
    return minimal_recover(check, d.sizes, n_max, r_max, rule, z3_progress, fan_in)


def search_local_rule(d: Decider, n_max: int, r_max: int, max_locator_sets: int = 64,
                      progress=None) -> tuple[list[ConsistencyCheck], list[MinimalR]]:
    """The concrete engine's search (properties.consistency.minimal_local_rule) over z3 checks."""
    check = _guarded("local-rule", d.check_local_rule)
    z3_progress = (lambda m: progress(f"z3: {m}")) if progress else None
    return minimal_local_rule(check, d.sizes, d.same_length(), d.locator_candidates, n_max,
                              r_max, max_locator_sets, z3_progress)
