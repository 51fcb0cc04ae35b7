"""The values a key takes: coverage (the last size with a new window) and |X| for the z3 engine.

`image_sizes` lists, per size, the key values first seen at that size, from
each group's shape when it is exact or each site otherwise; an image too large
to list falls back to shapes and marks the coverage an upper bound.
"""

from __future__ import annotations

import itertools
from typing import Any

import z3

from lengthcheck.engines.smt import terms as T
from lengthcheck.engines.smt.decide.core import Decider, Group
from lengthcheck.engines.smt.symbolic import Lit, SolverGaveUp, connected
from lengthcheck.engines.smt.terms import Term, TooLarge

COVERAGE_CAP = 2_000  # leaf combinations enumerated per group for coverage (else shapes)
X_CAP = 2_000  # the same for counting |X| exactly (else the count is unknown)
X_Z3_CAP = 5_000  # values of one read tuple listed with z3 (path conditions that tie variables)


def image_sizes(d: Decider, groups: list[Group], nkey: int, cap: int = COVERAGE_CAP,
                z3_cap: int = 0) -> tuple[dict[int, set], bool]:
    """The keys (first nkey roots) new at each size; False if some image was too large.

    When an image is too large to enumerate, the result falls back to shapes: a
    group whose shape (over its key) was not seen at a smaller size counts as
    one new key. A new key needs a new shape, so the last size with something
    new is then an upper bound of the exact one.
    """
    try:
        return _image_sizes(d, groups, nkey, cap, z3_cap), True
    except TooLarge:
        d.coverage_upper = True
    seen: set[tuple] = set()
    new_by_size: dict[int, set] = {size: set() for size in d.sizes}
    for g in sorted(groups, key=lambda g: g.min_size):
        key = ("shape", d.terms.shape(g.shape.roots[:nkey]).key,
               tuple(r.id for r in g.shape.roots[g.nroots:]), g.litvals)
        if key not in seen:
            seen.add(key)
            new_by_size[g.min_size].add(key)
    return new_by_size, False


def _image_sizes(d: Decider, groups: list[Group], nkey: int, cap: int, z3_cap: int
                 ) -> dict[int, set]:
    seen: set[tuple] = set()
    new_by_size: dict[int, set] = {size: set() for size in d.sizes}
    done: set[tuple] = set()
    for g in sorted(groups, key=lambda g: g.min_size):
        if g.exact:
            lits = tuple(zip(g.shape.roots[g.nroots:], g.litvals))
            key = (tuple(r.id for r in g.shape.roots[:nkey]), tuple(lits))
            if key in done:
                continue
            done.add(key)
            img = constrained_image(d, g.shape.roots[:nkey], lits, cap, z3_cap)
            new_by_size[g.min_size] |= img - seen
            seen |= img
        else:
            for site in g.sites:
                img = constrained_image(d, site.roots[:nkey], site.lits, cap, z3_cap)
                new_by_size[site.size] |= img - seen
                seen |= img
    return new_by_size


def constrained_image(d: Decider, roots: tuple[Term, ...], lits: tuple[Lit, ...],
                      cap: int = COVERAGE_CAP, z3_cap: int = 0) -> set[tuple]:
    """Exactly the value tuples of the roots under the literals (TooLarge past `cap`)."""
    terms = d.terms
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
        d.budget.check("enumerating an image")
        res = solver.check()
        if res == z3.unsat:
            return found
        if res != z3.sat:
            raise SolverGaveUp(f"{T.why_unknown(solver)}, enumerating the values of a site")
        model = solver.model()
        codes = [model.eval(e, model_completion=True).as_long() for e in exprs]
        found.add(tuple(terms.decode(c) for c in codes))
        if len(found) > z3_cap:
            raise TooLarge("too many values")
        solver.add(z3.Or([e != c for e, c in zip(exprs, codes)]))
