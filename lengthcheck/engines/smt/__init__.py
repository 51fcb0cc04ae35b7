"""The z3 engine: decide every property over all instances of each size up to a bound.

Design in one paragraph. A problem declares `layout(n)` (lengthcheck.spec):
constants and slots. The *unchanged* spec code runs on states whose slots are
symbolic tokens (`symbolic.Sym`, finite-domain terms from `terms`); token
functions are tabulated over their arguments' finite value sets; comparisons
the value sets decide stay plain bools; any other branch on a symbolic value
forks by re-execution, exploring every feasible side (`symbolic.explore_call`).
Each resulting path has concrete positions, lengths, read sets and ready
sets, so R, at-most-once and every label of the recover form are concrete per
path (`tracer`). Conflicts — equal causal inputs with different outputs,
equal keys with different labels — are searched over *shapes*: each site's
key/label terms are cut into independent leaves and renamed canonically, so
sites that take the same joint values share one shape and one z3 query
answers for all their pairs (`decide`). Every satisfiable answer is re-asked on
two concrete sites with the exact terms and full path conditions, turned into
two instances, replayed through `trace.Runner` and re-checked with the
concrete definitions; a conflict that does not replay raises `ReplayError`.

Why it is sound. Paths partition the instances (each fork splits on a
condition and keeps only feasible sides), so nothing reachable is missed and
nothing unreachable is added. A shape with all its path literals is exact (its
leaves have disjoint variables, and leaf domains are exact images); a shape
that leaves literals out over-approximates, so an UNSAT answer still proves
there is no conflict, and a SAT answer is confirmed site by site before it
counts. z3 `unknown` (rlimit) or the time budget makes the verdict `unknown`,
never a pass. Anything the engine cannot follow raises `CannotFollow` with the
spec line; `--engine smt` then stops with a clear error and `auto` enumerates.

Modules: `terms` (finite-domain terms, shapes, the z3 encoding), `symbolic`
(symbolic tokens and forking), `tracer` (symbolic traces from a layout),
`decide` (a package, one module per property: `decide.core` the shared
machinery, `decide.distance` R and at-most-once, `decide.causal` f and |X|,
`decide.consistency` the recover form, `decide.local_rule` the local-rule
form, `decide.images` coverage), `engine` (the entry points used by the
checker).
"""
