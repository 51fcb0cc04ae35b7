"""(n, r)-consistency in the local-rule form and its minimal r search, for the z3 engine.

A site is a position of a non-final state together with the windows of the
locators (tokens that occur once in every state); its key is the window of
length r around the position plus the locator windows, its label the token
the step writes there (a term). A conflict is two sites whose keys can be
equal while the next tokens differ (`Decider.search`). Coverage is the last
size with a new key. The recover form is in `consistency`.
"""

from __future__ import annotations

import functools
import itertools
from typing import Any

import z3

from lengthcheck.engines.smt import terms as T
from lengthcheck.engines.smt.decide.consistency import guarded
from lengthcheck.engines.smt.decide.core import Decider, Group, Site, value
from lengthcheck.engines.smt.decide.images import image_sizes
from lengthcheck.engines.smt.decide.repeats import (
    fresh_positions,
    padded_values,
    previous_key,
    state_values,
)
from lengthcheck.engines.smt.symbolic import Lit
from lengthcheck.events import relabelled
from lengthcheck.properties.consistency import minimal_local_rule
from lengthcheck.results import ConsistencyCheck, Counterexample, MinimalR


def same_length(d: Decider) -> bool:
    """Whether every step keeps the length of its state (the local-rule form needs it)."""
    return all(
        len(st.next) == len(st.state)
        for size in d.sizes for trace in d.traces[size] for st in trace.steps
    )


def check_local_rule(d: Decider, n: int, r: int, locators: tuple[str, ...] = (),
                     include_final: bool = True) -> ConsistencyCheck:
    """Whether the next token is a function of the window of length r (and the locators').

    A final state takes part with every position's label its own token (nothing
    changes): halting must be recognizable from the windows (DESIGN §2).
    """
    h = (r - 1) // 2
    w = 2 * h + 1
    sites: list[Site] = []
    built: dict[tuple[int, int], Any] = {}
    for size in d.sizes:
        for trace in d.traces[size]:
            t = len(trace.steps)
            if include_final and (id(trace), t) not in d.dup:
                padded = padded_values(d, trace, t, h)
                own = state_values(d, trace, t)
                for extra_lits, located in _locate(d, trace.final, locators):
                    extra = d.windows(trace.final, located, h) if locators else ()
                    for c in range(len(trace.final)):
                        key = padded[c:c + w] + extra
                        sites.append(Site(size, trace, t, (c,) + located, key + (own[c],),
                                          len(key), trace.lits + extra_lits, None))
            for st in trace.steps:
                if (id(trace), st.index) in d.dup:
                    continue
                base_lits = trace.lits[: st.nlits]
                positions = fresh_positions(d, trace, st.index, h, built, with_next=True)
                padded = padded_values(d, trace, st.index, h)
                nxt = state_values(d, trace, st.index + 1)
                w = 2 * h + 1
                if not locators:  # the common case: one site per position
                    built[(id(trace), st.index)] = None
                    for c in range(len(st.state)) if positions is None else positions:
                        sites.append(Site(size, trace, st.index, (c,),
                                          padded[c:c + w] + (nxt[c],), w, base_lits, None))
                    continue
                before = (built[previous_key(d, trace, st.index)]
                          if positions is not None else {})
                combos = built[(id(trace), st.index)] = {}
                for extra_lits, located in _locate(d, st.state, locators):
                    lits = base_lits + extra_lits
                    extra = d.windows(st.state, located, h)
                    combos[(extra_lits, located)] = extra
                    same = before.get((extra_lits, located)) == extra  # the same locator windows
                    for c in range(len(st.state)) if not same else positions:
                        key = padded[c:c + w] + extra
                        roots = key + (nxt[c],)
                        sites.append(Site(size, trace, st.index, (c,) + located, roots,
                                          len(key), lits, None))
    groups = d.group(sites)
    # sites with different located counts have keys of different lengths: never equal
    by_len: dict[int, list[Group]] = {}
    for g in groups:
        by_len.setdefault(g.sites[0].nkey, []).append(g)
    found = None
    for k, gs in sorted(by_len.items()):
        got = d.search(gs, k, lambda a, b: True, True)
        if got is not None and (found is None or got[:2] < found[:2]):
            found = got
    if found is None:
        coverage = None
        for k, gs in sorted(by_len.items()):
            new_by_size, _ = image_sizes(d, gs, k)
            for size in d.sizes:
                if new_by_size[size]:
                    coverage = size if coverage is None else max(coverage, size)
        return ConsistencyCheck("local-rule", n, r, True, None, None, None, locators,
                                coverage)
    cx = d.pair_counterexample(found, h, 1)
    cx = Counterexample("local-rule", cx.first, cx.second, "local-rule", n, r, None, "")
    return ConsistencyCheck("local-rule", n, r, False, found[0], cx, None, locators, None)


def _locate(d: Decider, state: tuple, locators: tuple[str, ...]):
    """Each way the locators can sit in the state: (literals, positions of those present).

    As the concrete engine: a locator's window is at its first occurrence; an
    absent locator adds no window.
    """
    terms = d.terms
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


def locator_candidates(d: Decider) -> list[str]:
    """As consistency.locator_candidates: tokens occurring exactly once in every
    non-final state (of every instance)."""
    terms = d.terms
    tv = terms.code(True)
    out = []
    steps = [(trace, st) for size in d.sizes for trace in d.traces[size]
             for st in trace.steps if (id(trace), st.index) not in d.dup]
    if not steps:
        return []
    for m in sorted(d.problem.alphabet):
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

                ok = d.solve([(maybe, lits)], wrong) is None
            if not ok:
                break
        if ok:
            out.append(m)
    return out


def search_local_rule(d: Decider, n_max: int, r_max: int, max_locator_sets: int = 64,
                      progress=None, include_final: bool = True
                      ) -> tuple[list[ConsistencyCheck], list[MinimalR]]:
    """The concrete engine's search (properties.consistency.minimal_local_rule) over z3 checks."""
    check = guarded("local-rule", functools.partial(check_local_rule, d,
                                                    include_final=include_final))
    z3_progress = (lambda m: progress(relabelled(m, f"z3: {m}"))) if progress else None
    return minimal_local_rule(check, d.sizes, same_length(d),
                              functools.partial(locator_candidates, d), n_max, r_max,
                              max_locator_sets, z3_progress)
