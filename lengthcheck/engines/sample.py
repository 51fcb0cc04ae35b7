"""The sample engine: search sizes beyond the enumerated ones with Hypothesis.

The enumerated sizes give reference tables (each causal input's output, each
window key's label for the configuration the verdict rests on). At every
larger size, Hypothesis draws instances, runs their traces and looks for a
query that contradicts a table; a hit is shrunk to the smallest instance
Hypothesis can find and replayed as a concrete counterexample. A search that
finds nothing is reported as sampled — never as a proof.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from hypothesis import HealthCheck, Phase, find, settings
from hypothesis.errors import NoSuchExample

from lengthcheck.engines.contract import Computed, Judge, Options, Progress
from lengthcheck.engines.enumerate import compute_from_exploration
from lengthcheck.engines.exploration import explore
from lengthcheck.events import Event
from lengthcheck.options import flag
from lengthcheck.properties.causal import FirstStep
from lengthcheck.properties.explored import Exploration, Reached
from lengthcheck.properties.windows import anchors, step_label, window, windows
from lengthcheck.results import (
    NONE,
    ConsistencyCheck,
    Counterexample,
    Finding,
    FindingKind,
    Query,
    Scope,
)
from lengthcheck.spec import Problem, State
from lengthcheck.strategies import POOL_CAP, instance_strategy
from lengthcheck.trace import Runner, Trace


@dataclass
class SampleOutcome:
    sizes: list[int]
    samples: int
    seed: int
    examples: int = 0
    counterexample: Counterexample | None = None
    largest_span: dict[int, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def fresh_seed() -> int:
    return random.SystemRandom().randrange(2**31)


class _Tables:
    """What the enumerated sizes showed: outputs per causal input, labels per key."""

    def __init__(
        self, exploration: Exploration, config: ConsistencyCheck | None, include_final: bool
    ) -> None:
        self.include_final = include_final
        # each causal input's first step in the traces (not the closure runs) of the
        # enumerated sizes, kept while exploring: (out, instance, size, index, state, reads)
        sizes = set(exploration.sizes)
        self.outputs: dict[tuple, FirstStep] = {
            x: first for x, first in exploration.causal.first_regular.items() if first[2] in sizes
        }
        self.config = config if config is not None and config.n == 1 else None
        self.keys: dict[tuple, tuple[object, Reached, int]] = {}
        if self.config is not None:
            groups = exploration.states_by_size()
            for size in groups:
                for entry in groups[size]:
                    for pos, (key, label) in enumerate(self.queries(entry.state, entry.step)):
                        self.keys.setdefault(key, (label, entry, pos))

    def queries(self, state: State, step) -> list[tuple[tuple, object]]:
        """(key, label) per position, exactly as the configured check defines them."""
        cfg = self.config
        assert cfg is not None
        h = (cfg.r - 1) // 2
        if step is None and not self.include_final:
            return []
        keys = windows(state, h)
        if cfg.form == "local-rule":
            extra = tuple(window(state, state.index(m), h) if m in state else None
                          for m in cfg.locators)
            after = state if step is None else step.next  # a final state: nothing changes
            return [((k, extra) if cfg.locators else k, t) for k, t in zip(keys, after)]
        labels: list[object] = [NONE] * len(state)
        if step is not None:
            rule = cfg.anchor_rule or "min"
            for k, reads in enumerate(step.ready):
                a = anchors(reads, 1, h, rule)
                if a is not None:
                    into = step.ready_into[k] if step.ready_into else ()
                    labels[a[0]] = step_label(reads, into, a, h, rule)
        return list(zip(keys, labels))


def search(
    problem: Problem,
    exploration: Exploration,
    config: ConsistencyCheck | None,
    sizes: list[int],
    samples: int,
    seed: int,
    include_final: bool = True,
    progress: Callable[[str], None] | None = None,
) -> SampleOutcome:
    """Look for a contradiction of the enumerated tables at each of `sizes`."""
    outcome = SampleOutcome(sizes, samples, seed)
    if config is not None and config.n != 1:
        outcome.notes.append(
            f"sampled sizes were checked for the causal function only: the ({config.n}, "
            f"{config.r}) check with several windows is not sampled"
        )
    runner = Runner(problem)
    tables = _Tables(exploration, config, include_final)
    rnd = random.Random(seed)
    for size in sizes:
        if progress:
            progress(Event(f"{runner.name}: sampling size {size} ({samples} examples, "
                           f"seed {seed})"))
        strategy, complete = instance_strategy(problem, size)
        if not complete:
            outcome.notes.append(
                f"size {size}: drawn from the first {POOL_CAP:,} instances only "
                "(declare a layout to sample all of them)"
            )

        def contradicts(instance: State, size: int = size) -> bool:
            outcome.examples += 1
            trace = runner.run(instance, size)
            span = max((reads[-1] - reads[0] for st in trace.steps for reads in st.ready),
                       default=0)
            outcome.largest_span[size] = max(outcome.largest_span.get(size, 0), span)
            return _conflict(tables, trace) is not None

        try:
            found = find(
                strategy,
                contradicts,
                settings=settings(
                    max_examples=samples,
                    database=None,
                    deadline=None,
                    phases=[Phase.generate, Phase.shrink],
                    suppress_health_check=list(HealthCheck),
                ),
                random=rnd,
            )
        except NoSuchExample:
            continue
        outcome.counterexample = _conflict(tables, runner.run(found, size))
        break
    return outcome


def _conflict(tables: _Tables, trace: Trace) -> Counterexample | None:
    for st in trace.steps:
        x = tuple(st.state[i] for i in st.reads)
        seen = tables.outputs.get(x)
        if seen is not None and seen[0] != st.output:
            out, instance, size, index, state, reads = seen
            return Counterexample(
                "causal-conflict",
                Query(instance, size, index, state, reads, (x,), out),
                Query(trace.instance, trace.size, st.index, st.state, st.reads, (x,), st.output),
                detail="found by sampling: the same causal input gives two different outputs",
            )
    cfg = tables.config
    if cfg is None:
        return None
    h = (cfg.r - 1) // 2
    states = [(st.index, st.state, st) for st in trace.steps] + [
        (len(trace.steps), trace.final, None)
    ]
    for index, state, step in states:
        for pos, (key, label) in enumerate(tables.queries(state, step)):
            seen = tables.keys.get(key)
            if seen is None or seen[0] == label:
                continue
            old_label, entry, old_pos = seen
            shown = (pos,)
            first = Query(entry.instance, entry.size, entry.step_index, entry.state, (old_pos,),
                          (window(entry.state, old_pos, h),), old_label)
            second = Query(trace.instance, trace.size, index, state, shown,
                           (window(state, pos, h),), label)
            if old_label == NONE:
                first, second = second, first
            kind = "local-rule" if cfg.form == "local-rule" else (
                "decoy" if NONE in (old_label, label) else "anchor-conflict")
            return Counterexample(kind, first, second, cfg.form, cfg.n, cfg.r, cfg.anchor_rule,
                                  detail="found by sampling beyond the enumerated sizes")
    return None


SAMPLE_ENUMERATION_CAP = 20_000  # the sample engine enumerates only while this is cheap


def compute_sampled(
    problem: Problem, max_size: int, opts: Options, progress: Progress | None,
    judge: Judge | None = None,
) -> Computed:
    """Enumerate the small sizes, then search the rest of 1..max_size with Hypothesis.

    The first verdict (from the enumerated sizes) says which configuration the
    search tries to contradict; the sample engine never upgrades a verdict.
    """
    cap = min(opts.max_instances, SAMPLE_ENUMERATION_CAP)
    exploration = explore(problem, max_size, max_instances=cap, progress=progress)
    exploration.notes.clear()  # the sizes the cap cut short are sampled instead
    base = compute_from_exploration(exploration, opts, progress, exhaustive=True)
    sizes = list(range(exploration.max_size + 1, max_size + 1))
    if not sizes:
        return base
    target = judge(base) if judge is not None else None  # the check to contradict
    seed = opts.seed if opts.seed is not None else fresh_seed()
    outcome = search(problem, exploration, target, sizes, opts.samples, seed,
                     opts.include_final, progress)
    scope = Scope(
        max_size=base.scope.max_size, sizes=base.scope.sizes, engine="enumerate+sample",
        exhaustive=False, instance_count=base.scope.instance_count,
        notes=base.scope.notes + outcome.notes
        + [f"sampling ran {outcome.examples} traces over sizes {sizes[0]}–{sizes[-1]}"],
        sampled_sizes=sizes, samples=opts.samples, stopped_by=base.scope.stopped_by,
        seed=seed,
    )
    findings = []
    R = base.distance.value
    grown = {m: s for m, s in outcome.largest_span.items() if R is not None and s > R}
    if grown:
        m = min(grown)
        findings.append(Finding(
            FindingKind.SAMPLED, f"sampling saw a span of {grown[m]} at n = {m}, above R = "
            f"{R}: the enumerated sizes do not show the larger ones; raise "
            f"{flag('max_size')}"))
    return Computed(scope, base.distance, base.causal, base.at_most_once, base.checks,
                    base.minimal_r, base.theorem_3_5, outcome.counterexample,
                    base.findings + tuple(findings), base.theorem_3_5_cause, base.ready_cycle,
                    base.order_conflict)
