"""The machinery every property of the z3 engine shares: sites, shapes, pair search, replay.

Every property of DESIGN §2 is decided over all instances of each size from
symbolic traces; each property is a module next to this one (the package
docstring of `lengthcheck.engines.smt.decide` says which holds which).

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

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import z3

from lengthcheck.engines.smt import terms as T
from lengthcheck.engines.smt.symbolic import Lit, SolverGaveUp, Sym, connected
from lengthcheck.engines.smt.terms import Term, Terms
from lengthcheck.engines.smt.tracer import SymTrace
from lengthcheck.properties.windows import window
from lengthcheck.results import NONE, Counterexample, Query
from lengthcheck.spec import Problem
from lengthcheck.trace import PAD, Runner, Trace


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
        # dup holds the (id(trace), state index) left out.
        self.dup: set[tuple[int, int]] = set()
        seen: set[tuple] = set()
        for size in self.sizes:
            for trace in traces[size]:
                if trace.slot_vars or trace.lits:
                    continue
                for t, state in enumerate(trace.states):
                    if state in seen:
                        self.dup.add((id(trace), t))
                    else:
                        seen.add(state)
        self._substs: dict[tuple, tuple[dict[int, Term], dict[int, Term]]] = {}
        self.values_cache: dict[tuple[int, int], tuple[Term, ...]] = {}  # decide.repeats
        self.previous_cache: dict[tuple[int, int], SymTrace] | None = None  # the same

    # -- z3 helpers ----------------------------------------------------------

    def solve(self, parts: list[tuple[tuple[Term, ...], tuple[Lit, ...]]],
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
            raise SolverGaveUp(T.why_unknown(solver))
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
        model = self.solve([((), trace.lits)], lambda e: [])
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
            if not site.lits:  # no path condition: what the general case below gives
                shape = terms.shape(site.roots, True)
                key = (shape.key, (), True, site.label)
                g = groups.get(key)
                if g is None:
                    g = groups[key] = Group(shape, len(site.roots), (), True, site.label)
                g.sites.append(site)
                continue
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
                found = self.solve([(g1.shape.roots[:nl1], lits1),
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
                model = self.solve([(sa.roots, connected(sa.roots, sa.lits)),
                                    (sb.roots, connected(sb.roots, sb.lits))], rel)
                if model is not None:
                    # the other literals of the paths are independent of the sites'
                    # variables: satisfiable together, and needed to concretise
                    model = self.solve([(sa.roots, sa.lits), (sb.roots, sb.lits)], rel)
                    if model is None:
                        raise ReplayError("a conflict vanished with the whole path condition")
                    best = (key[0], key[1], sa, sb, model)
                    break
                if g1.exact and g2.exact:
                    raise ReplayError("two sites of conflicting exact shapes do not conflict")
        return best

    # -- keys ----------------------------------------------------------------------

    def windows(self, state: tuple, centres: tuple[int, ...], h: int) -> tuple[Term, ...]:
        """The terms of the windows of length 2h + 1 centred on `centres` (PAD outside)."""
        terms = self.terms
        pad = terms.const(PAD)
        out = []
        for c in centres:
            for i in range(c - h, c + h + 1):
                out.append(value(state[i], terms) if 0 <= i < len(state) else pad)
        return tuple(out)

    # -- counterexamples ---------------------------------------------------------

    def pair_counterexample(self, found, h: int, n: int) -> Counterexample:
        """Replay a conflicting pair from `search` (labelled or local-rule sites)."""
        _, _, sa, sb, model = found
        queries = []
        for copy, site in enumerate((sa, sb)):
            upto = site.t + 1 if site.t < len(site.trace.steps) else None
            trace = self.replay(site.trace, self.instance(site.trace, model, copy), upto)
            state = trace.states[site.t]
            wins = tuple(window(state, c, h) for c in site.pos)
            label = site.label
            if label is None:  # local rule: the next token (a final state's own: it halts)
                steps = trace.steps
                label = (steps[site.t].next if site.t < len(steps) else state)[site.pos[0]]
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


def step_query(trace: Trace, st, label: object) -> Query:
    read_tokens = tuple(st.state[i] for i in st.reads)
    return Query(trace.instance, trace.size, st.index, st.state, st.reads, (read_tokens,), label)

