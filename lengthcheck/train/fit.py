"""Did a run fit its training sizes? (plain Python, no torch; the reports only render this).

A model that does not reproduce its own training sizes failed at optimisation: its
accuracy on the longer test sizes then says nothing about whether the format
length-generalizes, and reading it as a verdict on the format would be wrong.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lengthcheck.train.report import RunResult, SizeScore

FIT_THRESHOLD = 0.9  # exact match on a training size below this: the model did not fit


def unfit_training_sizes(run: RunResult) -> list[SizeScore]:
    """The training sizes whose exact match is below FIT_THRESHOLD (sizes with no scored
    instance are left out: nothing was measured there)."""
    return [s for s in run.scores if s.split == "train" and s.instances
            and s.exact / s.instances < FIT_THRESHOLD]


def fit_warning(run: RunResult) -> str | None:
    """The warning for a run that did not fit its training sizes (None: it did): which
    sizes, their exact match, why it matters and what to try (`--steps`)."""
    unfit = unfit_training_sizes(run)
    if not unfit:
        return None
    shown = ", ".join(f"n = {s.size}: {100 * s.exact / s.instances:.0f}%" for s in unfit)
    steps = run.config.get("steps")
    more = f"--steps {2 * steps}" if isinstance(steps, int) else "more --steps"
    return (f"the {run.config.get('model', 'trained')} model has not fit its training sizes "
            f"(exact match {shown}; below {FIT_THRESHOLD:.0%}): this is an optimisation "
            "result, not one about the format; the model did not fit its training data, so "
            "its accuracy on the test sizes says nothing about length generalization; train "
            f"longer ({more}) or a wider model")
