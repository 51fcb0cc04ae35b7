"""The "auto" engine: enumerate the sizes that are cheap, decide the rest with z3."""

from __future__ import annotations

from itertools import islice

from lengthcheck.engines.contract import Computed, Options, Progress
from lengthcheck.engines.enumerate import compute_enumerated
from lengthcheck.engines.smt.engine import SymbolicUnsupported, compute_smt
from lengthcheck.spec import Problem
from lengthcheck.trace import Runner

AUTO_ENUMERATE = 256  # auto: enumerate sizes with at most this many instances


def auto_threshold(problem: Problem, max_size: int, cap: int | None = None) -> int:
    """The largest size up to which every size has at most `cap` instances (0: none)."""
    if cap is None:
        cap = AUTO_ENUMERATE
    runner = Runner(problem)
    upto = problem.min_size - 1
    for n in range(problem.min_size, max_size + 1):
        layout = problem.layout(n)
        if layout is not None and layout.where is None and layout.count() > cap:
            break
        if sum(1 for _ in islice(runner.instances(n), cap + 1)) > cap:
            break
        upto = n
    return upto


def compute_auto(
    problem: Problem, max_size: int, opts: Options, progress: Progress | None
) -> Computed:
    """Enumerate while sizes are small; z3 beyond; enumerate all when z3 cannot run."""
    upto = auto_threshold(problem, max_size)
    if upto >= max_size:
        return compute_enumerated(problem, max_size, opts, progress)
    try:
        return compute_smt(problem, max_size, opts, progress, enumerate_upto=upto)
    except SymbolicUnsupported as exc:
        computed = compute_enumerated(problem, max_size, opts, progress)
        computed.scope.notes.append(
            f"auto: the z3 engine cannot run ({exc.what}"
            + (f", {exc.location}" if exc.location else "")
            + "); every size was enumerated instead"
        )
        return computed
