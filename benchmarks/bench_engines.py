"""Engine choice (issue 13): `auto` against the faster of `enumerate` and `smt`, per problem.

    python benchmarks/bench_engines.py                       # every workload, all engines
    python benchmarks/bench_engines.py --only bubble-sort    # workloads whose label contains it
    python benchmarks/bench_engines.py --baseline /tmp/base  # also the old code's auto

Each run is `lengthcheck check FILE --engine E --json -q` in a fresh process
(imports included, as a user pays them), under a wall-clock cap; a run past
the cap counts as the cap (marked ≥). Where every engine's run is under
`REPEAT_BELOW` seconds, `REPEATS` rounds run the engines in turn and each
engine's fastest run is kept: this machine's speed varies by a third from
minute to minute, and interleaving spreads that over all engines.

`auto` races enumeration and z3 on two cores: its CPU seconds (its
children's, both engines) are shown beside its wall time, and `auto --cores
1` (the count rule a `check -j` worker uses) has a column of its own.
"÷ faster complete" leaves out z3 where auto's own note says z3 finished
first with a weaker answer than enumeration's (a coverage size known only
as an upper bound that decides the verdict, or a problem with `ready()`),
which auto does not take. The verdicts of all engines that finished are
printed too: the engines must agree where both decide.
Workloads: every reference problem in problems/*.py at its default bound,
and two branch-heavy / branch-free specs of our own in benchmarks/specs/.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT_BELOW, REPEATS = 20.0, 3
ENGINES = ("enumerate", "smt", "auto", "auto --cores 1")
SPECS = [
    ("binary-subtraction N=7", "benchmarks/specs/binary_subtraction.py", ["--max-size", "7"]),
    ("binary-subtraction N=10", "benchmarks/specs/binary_subtraction.py", ["--max-size", "10"]),
    ("bubble-sort N=8", "benchmarks/specs/bubble_sort.py", ["--max-size", "8"]),
]


def workloads() -> list[tuple[str, str, list[str]]]:
    reference = [(Path(p).stem, f"problems/{Path(p).name}", [])
                 for p in sorted((ROOT / "problems").glob("*.py"))]
    return reference + SPECS


@dataclass(frozen=True)
class Run:
    seconds: float
    word: str  # the verdict, or what went wrong
    cut: bool  # the cap stopped it
    cpu: float  # CPU seconds of the process and its children
    notes: tuple[str, ...] = ()  # the scope notes (auto says there which engine answered)

    @property
    def usable(self) -> bool:
        return self.word not in ("spec error", "timeout") and not self.word.startswith("rc=")

    def shown(self) -> str:
        return ("≥" if self.cut else "") + f"{self.seconds:.1f}"


def once(path: str, extra: list[str], engine: str, cap: float, code: Path = ROOT) -> Run:
    env = dict(os.environ, PYTHONPATH=str(code))
    flags = ["--engine", *engine.split()]  # e.g. "auto --cores 1"
    command = [sys.executable, "-m", "lengthcheck", "check", str(ROOT / path), *flags,
               "--json", "-q", *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=cap, env=env,
                              cwd=code)
    except subprocess.TimeoutExpired:
        return Run(cap, "timeout", True, cpu_since(before))
    seconds = time.perf_counter() - start
    cpu = cpu_since(before)
    try:
        entry = json.loads(done.stdout)[0]
    except (json.JSONDecodeError, IndexError):
        return Run(seconds, f"rc={done.returncode}", False, cpu)
    if "error" in entry:
        return Run(seconds, "spec error", False, cpu)
    return Run(seconds, entry["verdict"], False, cpu, tuple(entry["scope"]["notes"]))


def measured(path: str, extra: list[str], cap: float) -> dict[str, Run]:
    """Each engine's fastest run: rounds interleave the engines, so a slow spell of the
    machine falls on all of them; more rounds only where every run is short."""
    best = {engine: once(path, extra, engine, cap) for engine in ENGINES}
    if all(run.seconds < REPEAT_BELOW for run in best.values()):
        for _ in range(REPEATS - 1):
            for engine in ENGINES:
                run = once(path, extra, engine, cap)
                if run.seconds < best[engine].seconds:
                    best[engine] = run
    return best


def ratio(run: Run, over: float | None) -> str:
    return f"{run.seconds / over:.2f}" if over else "–"


def z3_incomplete(auto: Run) -> bool:
    """auto's own note says z3 finished first with an answer weaker than enumeration's."""
    return any("z3 finished first, but" in note for note in auto.notes)


def cpu_since(before: resource.struct_rusage) -> float:
    """CPU seconds of the children reaped since `before` (grandchildren included once reaped)."""
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="")
    parser.add_argument("--cap", type=float, default=240.0, help="seconds per run")
    parser.add_argument("--baseline", type=Path, help="a checkout of the old code (its auto)")
    args = parser.parse_args()
    print("| workload | enumerate s | smt s | auto s (CPU s) | auto ÷ faster "
          "| ÷ faster complete | auto --cores 1 s | ÷ faster | verdicts |"
          + (" baseline auto s |" if args.baseline else ""))
    print("|---|---|---|---|---|---|---|---|---|" + ("---|" if args.baseline else ""))
    for label, path, extra in workloads():
        if args.only not in label:
            continue
        runs = measured(path, extra, args.cap)
        usable = [runs[e].seconds for e in ("enumerate", "smt") if runs[e].usable]
        faster = min(usable) if usable else None
        complete = [runs["enumerate"].seconds] if runs["enumerate"].usable else []
        if runs["smt"].usable and not z3_incomplete(runs["auto"]):
            complete.append(runs["smt"].seconds)
        auto, single = runs["auto"], runs["auto --cores 1"]
        row = [label, runs["enumerate"].shown(), runs["smt"].shown(),
               f"{auto.shown()} ({auto.cpu:.1f})", ratio(auto, faster),
               ratio(auto, min(complete) if complete else None),
               single.shown(), ratio(single, faster),
               " / ".join(f"{e.replace(' --cores ', '-')[:6]}: {r.word}" for e, r in runs.items())]
        if args.baseline:
            old = once(path, extra, "auto", args.cap, code=args.baseline)
            row.append(f"{old.shown()} ({old.word})")
        print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
