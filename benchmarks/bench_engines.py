"""Engine choice (issue 13): `auto` against the faster of `enumerate` and `smt`, per problem.

    python benchmarks/bench_engines.py                       # every workload, all engines
    python benchmarks/bench_engines.py --only bubble-sort    # workloads whose label contains it
    python benchmarks/bench_engines.py --baseline /tmp/base  # also the old code's auto

Each run is `lengthcheck check FILE --engine E --json -q` in a fresh process
(imports included, as a user pays them), under a wall-clock cap; a run past
the cap counts as the cap (marked ≥). The verdicts of all engines that
finished are printed too: the engines must agree where both decide.
Workloads: every reference problem in problems/*.py at its default bound,
and two branch-heavy / branch-free specs of our own in benchmarks/specs/.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPECS = [
    ("binary-subtraction N=7", "benchmarks/specs/binary_subtraction.py", ["--max-size", "7"]),
    ("binary-subtraction N=10", "benchmarks/specs/binary_subtraction.py", ["--max-size", "10"]),
    ("bubble-sort N=8", "benchmarks/specs/bubble_sort.py", ["--max-size", "8"]),
]


def workloads() -> list[tuple[str, str, list[str]]]:
    reference = [(Path(p).stem, f"problems/{Path(p).name}", [])
                 for p in sorted((ROOT / "problems").glob("*.py"))]
    return reference + SPECS


def run(path: str, extra: list[str], engine: str, cap: float,
        code: Path = ROOT) -> tuple[float, str, bool]:
    """Seconds, verdict word (or what went wrong), and whether the cap cut the run."""
    env = dict(os.environ, PYTHONPATH=str(code))
    command = [sys.executable, "-m", "lengthcheck", "check", str(ROOT / path), "--engine",
               engine, "--json", "-q", *extra]
    start = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=cap, env=env,
                              cwd=code)
    except subprocess.TimeoutExpired:
        return cap, "timeout", True
    seconds = time.perf_counter() - start
    try:
        entry = json.loads(done.stdout)[0]
    except (json.JSONDecodeError, IndexError):
        return seconds, f"rc={done.returncode}", False
    if "error" in entry:
        return seconds, "spec error", False
    return seconds, entry["verdict"], False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="")
    parser.add_argument("--cap", type=float, default=240.0, help="seconds per run")
    parser.add_argument("--baseline", type=Path, help="a checkout of the old code (its auto)")
    args = parser.parse_args()
    print("| workload | enumerate s | smt s | auto s | auto ÷ faster | verdicts |"
          + (" baseline auto s |" if args.baseline else ""))
    print("|---|---|---|---|---|---|" + ("---|" if args.baseline else ""))
    for label, path, extra in workloads():
        if args.only not in label:
            continue
        cells, words = {}, {}
        for engine in ("enumerate", "smt", "auto"):
            seconds, word, cut = run(path, extra, engine, args.cap)
            cells[engine] = (seconds, cut)
            words[engine] = word
        usable = [cells[e][0] for e in ("enumerate", "smt")
                  if words[e] not in ("spec error", "timeout") and not words[e].startswith("rc=")]
        faster = min(usable) if usable else None
        ratio = f"{cells['auto'][0] / faster:.2f}" if faster else "–"
        row = [label] + [("≥" if cells[e][1] else "") + f"{cells[e][0]:.1f}"
                         for e in ("enumerate", "smt", "auto")]
        row += [ratio, " / ".join(f"{e[0]}: {words[e]}" for e in words)]
        if args.baseline:
            seconds, word, cut = run(path, extra, "auto", args.cap, code=args.baseline)
            row.append(("≥" if cut else "") + f"{seconds:.1f} ({word})")
        print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
