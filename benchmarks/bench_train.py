"""Length generalization of trained models: `lengthcheck train` on reference problems.

Runs the command once per (problem, model, seed) with `--json`, then prints a
Markdown table per problem (exact match and per-step accuracy by size, with
the Wilson 95 % interval of exact match) and the wall time of every run.

    nice -n 10 python benchmarks/bench_train.py                      # the default set
    nice -n 10 python benchmarks/bench_train.py --problems parity_fill --seeds 0 1 2

Each run is the same command a user types; the command lines are printed with
the tables, so every figure in benchmarks/RESULTS-train.md can be reproduced.
"""

from __future__ import annotations

import argparse
import json
import platform
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).parent.parent
DEFAULT_PROBLEMS = ["parity_fill", "add_column", "parity_append"]
MODELS = ["local-global", "absolute"]


def run(problem: str, model: str, seed: int, train: str, test: str, steps: int,
        extra: list[str]) -> tuple[list[str], dict, float]:
    command = ["lengthcheck", "train", f"problems/{problem}.py", "--model", model,
               "--train-sizes", train, "--test-sizes", test, "--steps", str(steps),
               "--seed", str(seed), "--json", "-q", *extra]
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "lengthcheck", *command[1:]], cwd=ROOT,
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{shlex.join(command)} exited {done.returncode}:\n{done.stderr}")
    return command, json.loads(done.stdout), wall


def table(runs: list[tuple[str, int, dict]]) -> str:
    """Rows: sizes; columns: each run's exact match [CI] and per-step accuracy."""
    head = "| size | split | " + " | ".join(f"{m} s{s} exact [95% CI] | per-step"
                                           for m, s, _ in runs) + " |"
    lines = [head, "|" + "---|" * (2 + 2 * len(runs))]
    for k, row in enumerate(runs[0][2]["results"]):
        cells = [str(row["size"]), row["split"]]
        for _, _, data in runs:
            r = data["results"][k]
            lo, hi = r["exact_ci95"]
            cells.append(f"{100 * r['exact_accuracy']:.1f}% ({r['exact_correct']}/"
                         f"{r['instances']}) [{100 * lo:.0f}, {100 * hi:.0f}]")
            cells.append(f"{100 * r['step_accuracy']:.1f}%")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--problems", nargs="+", default=DEFAULT_PROBLEMS)
    p.add_argument("--models", nargs="+", default=MODELS, choices=MODELS)
    p.add_argument("--seeds", nargs="+", type=int, default=[0])
    p.add_argument("--train-sizes", default="1-8")
    p.add_argument("--test-sizes", default="9-24")
    p.add_argument("--steps", type=int, default=2000)
    p.add_argument("--extra", default="", help="more `lengthcheck train` flags, quoted")
    args = p.parse_args()
    print(f"machine: {platform.machine()}, {platform.python_version()}, "
          f"{platform.platform()}\n")
    for problem in args.problems:
        runs = []
        print(f"### {problem}\n")
        for model in args.models:
            for seed in args.seeds:
                command, data, wall = run(problem, model, seed, args.train_sizes,
                                          args.test_sizes, args.steps, shlex.split(args.extra))
                t = data["training"]
                print(f"- `{shlex.join(command)}`: {wall:.0f} s wall ({t['train_seconds']:.0f} s "
                      f"training, {t['steps_per_second']} steps/s, {t['pairs']} pairs, loss "
                      f"{t['loss_first']:.3g} → {t['loss_last']:.3g}), "
                      f"{data['config']['parameters']} parameters")
                runs.append((model, seed, data))
                sys.stdout.flush()
        v = runs[0][2]["verdict"]
        print(f"\nverdict: **{v['word']}** (window r = {v['window']}: {v['window_source']})\n")
        print(table(runs) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
