"""Sites that repeat a smaller size, left out before they are built (issue 13).

A site identical to one of a smaller size (the same key and label terms, the
same path condition) changes nothing the z3 engine computes: it joins the same
group after the other (so the group's order, first site and shape stay), any
conflict it is in the other is in too, with a smaller (larger size, total
size), so the search never picks it, and its values are already counted for
coverage and |X|. Positions never depend on token values within a path, so
state t of a path at size n usually shows, at the same positions, the same
terms as state t at size n - 1: only the positions near what differs (the new
end, a new step) have new sites. Site builders ask `fresh_positions` for those
and build only them; the work per state is then what is new in it, not its
length. Nothing is approximated: a position is left out only when its window,
label and path condition are the very same terms as at a smaller size.

A state is compared with the state of the same index, finality and path
condition at the latest smaller size, or else with the state one index before
it (`previous_state`: the state one step from the end of a path at size n
lines up with the one at size n - 1); the caller passes the states whose sites
it built (`built`), and only those count.
"""

from __future__ import annotations

from typing import Any

from lengthcheck.engines.smt.decide.core import Decider, value
from lengthcheck.engines.smt.terms import Term
from lengthcheck.engines.smt.tracer import SymTrace
from lengthcheck.results import NONE
from lengthcheck.trace import PAD


def state_values(d: Decider, trace: SymTrace, t: int) -> tuple[Term, ...]:
    """The terms of state t of the trace (cached)."""
    key = (id(trace), t)
    got = d.values_cache.get(key)
    if got is None:
        state = trace.steps[t].state if t < len(trace.steps) else trace.final
        terms = d.terms
        got = d.values_cache[key] = tuple(value(x, terms) for x in state)
    return got


def previous_state(d: Decider, trace: SymTrace, t: int) -> tuple[SymTrace, int] | None:
    """A state of the latest smaller size with the same path condition, final exactly
    when state t is: state t of that size's path, else state t - 1 (the state one step
    from the end of a longer path lines up with the one of a shorter path)."""
    if d.previous_cache is None:
        d.previous_cache = {}
        latest: dict[tuple, tuple[SymTrace, int]] = {}
        for size in d.sizes:
            current: dict[tuple, tuple[SymTrace, int]] = {}
            for tr in d.traces[size]:
                nsteps = len(tr.steps)
                for i in range(nsteps + 1):
                    final = i == nsteps
                    lits = tr.lits if final else tr.lits[: tr.steps[i].nlits]
                    got = latest.get((i, final, lits)) or latest.get((i - 1, final, lits))
                    if got is not None:
                        d.previous_cache[(id(tr), i)] = got
                    current.setdefault((i, final, lits), (tr, i))
            latest.update(current)
    return d.previous_cache.get((id(trace), t))


def previous_key(d: Decider, trace: SymTrace, t: int) -> tuple[int, int] | None:
    """`previous_state` as a key of `built`: (id of its trace, its index)."""
    got = previous_state(d, trace, t)
    return None if got is None else (id(got[0]), got[1])


def fresh_positions(d: Decider, trace: SymTrace, t: int, h: int,
                    built: dict[tuple[int, int], Any], labels: dict | None = None,
                    with_next: bool = False) -> list[int] | None:
    """The positions of state t whose sites may be new, in increasing order; None
    when every position is (no built state of a smaller size to compare with).

    A position is not new when its window of half-width h, its label in
    `labels` (keys: positions or tuples of positions; compared with the
    labels `built` holds for the previous state) and, with `with_next`, its
    token in the next state are the same terms as in the previous state.
    """
    got = previous_state(d, trace, t)
    if got is None or (id(got[0]), got[1]) not in built:
        return None
    prev, tp = got
    a, b = state_values(d, trace, t), state_values(d, prev, tp)
    n = len(a)
    out: set[int] = set()
    for i in _differences(a, b, h):
        out.update(range(max(0, i - h), min(n, i + h + 1)))
    if with_next:
        out.update(i for i in _differences(state_values(d, trace, t + 1),
                                            state_values(d, prev, tp + 1), 0) if i < n)
    if labels is not None:
        before = built[(id(prev), tp)]
        for key in labels.keys() | before.keys():
            if labels.get(key, NONE) != before.get(key, NONE):
                out.update(c for c in (key if isinstance(key, tuple) else (key,)) if c < n)
    return sorted(out)


def padded_values(d: Decider, trace: SymTrace, t: int, h: int) -> tuple[Term, ...]:
    """The terms of state t with h PADs on each side: the window at c is [c, c + 2h]."""
    pad = (d.terms.const(PAD),) * h
    return pad + state_values(d, trace, t) + pad


def _differences(a: tuple[Term, ...], b: tuple[Term, ...], h: int) -> list[int]:
    """The indices where a and b differ (past the shorter: up to len(a) + h)."""
    m = min(len(a), len(b))
    if a[:m] == b[:m]:  # terms compare by identity: the common case runs in C
        out = []
    else:
        out = [i for i in range(m) if a[i] is not b[i]]
    out.extend(range(m, min(max(len(a), len(b)), len(a) + h)))
    return out
