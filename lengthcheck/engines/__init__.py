"""The engines: each computes every property of a problem up to a bound, and nothing else.

Each engine is a function `(problem, max_size, Options, progress) -> Computed`
(the contract, `engines.contract`); the verdict is decided from the result by
`lengthcheck.verdict`, the same way for all of them. Where each property is
computed:

=============  =====================================  ==================================
engine         state space                            R, f, at most once, (n, r), coverage
=============  =====================================  ==================================
enumerate      `exploration.explore`                  `lengthcheck.properties.*`
sample         `exploration` + Hypothesis (`sample`)  `lengthcheck.properties.*`
smt            `smt.tracer` (symbolic paths)          `smt.decide.*`
auto           both at once, or one (`auto`, `race`)  as the engine that answered
=============  =====================================  ==================================
"""

from __future__ import annotations

from lengthcheck.engines.contract import ENGINES, Computed, Judge, Options, Progress
from lengthcheck.spec import Problem


def compute(problem: Problem, max_size: int, opts: Options,
            progress: Progress | None = None, judge: Judge | None = None) -> Computed:
    """Run the engine `opts.engine` names (imported only when used: z3 is slow to load).

    `judge` is the checker's way of telling an engine which (n, r) check a verdict
    would rest on, for the sample engine to aim at: engines compute, never judge.
    """
    if opts.engine == "enumerate":
        from lengthcheck.engines.enumerate import compute_enumerated as run
    elif opts.engine == "sample":
        from lengthcheck.engines.sample import compute_sampled as run
    elif opts.engine == "smt":
        from lengthcheck.engines.smt.engine import compute_smt as run
    elif opts.engine == "auto":
        from lengthcheck.engines.auto import compute_auto as run
    else:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}")
    if opts.engine == "sample":
        return run(problem, max_size, opts, progress, judge)
    return run(problem, max_size, opts, progress)
