"""lengthcheck: decide whether a chain-of-thought format can length-generalize.

Implements the sufficient conditions of Xiao & Liu (R, the causal function,
(n, r)-consistency, coverage) as a checker over problem specs. See DESIGN.md
in the shared folder, README.md and docs/
"""

from lengthcheck.errors import SpecError
from lengthcheck.spec import Layout, Problem, Slot, State, Step, token_function
from lengthcheck.version import __version__

__all__ = [
    "Layout", "Problem", "Slot", "SpecError", "State", "Step", "token_function", "check",
    "export", "__version__",
]


def check(problem, **options):
    """Check one problem (a `Problem` instance or class); returns a `ProblemResult`."""
    from lengthcheck.checker import check_problem

    return check_problem(problem, **options)


def export(problem, sizes, sample=None, seed=0):
    """The trace records of a problem at each size (an iterator; see `lengthcheck.data`)."""
    from lengthcheck.data.records import export as records

    return records(problem, sizes, sample, seed)
