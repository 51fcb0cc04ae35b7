"""The causal function f (step output from the causal input) and |X|, for the z3 engine.

f is well defined when no two steps read equal tokens and output different
ones: one site per step (key: the read tokens, label: the output terms),
searched for a conflicting pair of shapes and replayed. |X| counts the
distinct read tuples up to each size (`images.image_sizes`), exactly when
their values can be listed, else by shape and reported unknown.
"""

from __future__ import annotations

from lengthcheck.engines.smt.decide.core import (
    Decider,
    Group,
    ReplayError,
    Site,
    step_query,
    value,
)
from lengthcheck.engines.smt.decide.images import X_CAP, X_Z3_CAP, image_sizes
from lengthcheck.properties.trend import classify
from lengthcheck.results import CausalResult, Counterexample
from lengthcheck.trace import nearest


def causal(d: Decider) -> tuple[CausalResult, list[str]]:
    """Whether f is well defined (with a replayed conflict if not), |X| and the arity
    by size; and what could not be decided (each keeps the verdict unknown)."""
    undecided: list[str] = []
    sites = []
    terms = d.terms
    for size in d.sizes:
        for trace in d.traces[size]:
            for st in trace.steps:
                if (id(trace), st.index) in d.dup:
                    continue
                roots = tuple(value(st.state[i], terms) for i in st.reads) + tuple(
                    value(o, terms) for o in st.out
                )
                # where the step writes into the state is part of f's output (concrete
                # on a path): sites that write elsewhere conflict whenever the reads agree
                placed = tuple(nearest(w, st.reads) for w in st.into)  # as causal_output
                sites.append(Site(size, trace, st.index, st.reads, roots, len(st.reads),
                                  trace.lits[: st.nlits], ("shape", len(st.reads),
                                                            len(st.out), placed)))
    groups = d.group(sites)
    # equal read tuples need equal lengths; outputs of different lengths always differ
    by_len: dict[int, list[Group]] = {}
    for g in groups:
        by_len.setdefault(g.label[1], []).append(g)
    conflict = None
    for nreads, gs in sorted(by_len.items()):
        for found in (d.search(gs, nreads, lambda a, b: True, True),
                      d.search(gs, nreads, lambda a, b: a.label[3] != b.label[3], False)):
            if found is not None and (conflict is None or found[:2] < conflict[:2]):
                conflict = found
    cx = None
    if conflict is not None:
        cx = _causal_counterexample(d, conflict)
    x_by_size: dict[int, int] = {}
    coverage = None
    count = 0
    exact_all = True
    new_by_size: dict[int, set] = {s: set() for s in d.sizes}
    for nreads, gs in sorted(by_len.items()):
        got, ok = image_sizes(d, gs, nreads, X_CAP, X_Z3_CAP)
        exact_all &= ok
        for s, new in got.items():
            new_by_size[s] |= new
    arity_by_size: dict[int, int] = {}
    arity = 0
    for size in d.sizes:
        if new_by_size[size]:
            coverage = size
        count += len(new_by_size[size])
        x_by_size[size] = count
        for trace in d.traces[size]:
            for st in trace.steps:
                arity = max(arity, len(st.reads))
        arity_by_size[size] = arity
    token_first_size: dict[str, int] = {}
    if exact_all:  # the keys are read-token tuples (else shapes: no tokens to name)
        for size in d.sizes:
            for key in new_by_size[size]:
                for token in key:
                    token_first_size.setdefault(token, size)
    if not exact_all:
        undecided.append("|X| could not be counted exactly (a read tuple has too many "
                     "values); the counts shown are of distinct read-tuple shapes")
    return (
        CausalResult(conflict is None, x_by_size, classify(x_by_size), cx, coverage,
                     arity_by_size, classify(arity_by_size), token_first_size),
        undecided,
    )


def _causal_counterexample(d: Decider, found) -> Counterexample:
    _, _, sa, sb, model = found
    qs = []
    for copy, site in enumerate((sa, sb)):
        trace = d.replay(site.trace, d.instance(site.trace, model, copy), site.t + 1)
        st = trace.steps[site.t]
        qs.append((trace, st))
    (ta, a), (tb, b) = sorted(qs, key=lambda q: q[0].size)
    xa = tuple(a.state[i] for i in a.reads)
    xb = tuple(b.state[i] for i in b.reads)
    if xa != xb or a.output == b.output:
        raise ReplayError(f"causal conflict did not replay: {xa} -> {a.output}, "
                          f"{xb} -> {b.output}")
    return Counterexample(
        "causal-conflict",
        step_query(ta, a, a.output),
        step_query(tb, b, b.output),
        detail="the same causal input gives two different outputs",
    )
