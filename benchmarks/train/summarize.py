"""Summarize a grid of `lengthcheck train --json` runs (benchmarks/train/run_grid.sh).

    python benchmarks/train/summarize.py /tmp/grid > benchmarks/train/RESULTS.md

One row per (problem, model, seed): the checker's verdict and window, the loss
at the start and end, the mean exact match over the training sizes, and exact
match with its Wilson 95 % interval at each test size. Numbers come only from
the JSON files; nothing is typed in.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def row(data: dict, wall: str) -> str:
    config, verdict, training = data["config"], data["verdict"], data["training"]
    train = [r for r in data["results"] if r["split"] == "train"]
    test = [r for r in data["results"] if r["split"] == "test"]
    mean_train = sum(r["exact_accuracy"] for r in train) / len(train)
    cells = [data["problem"], verdict["word"], str(config["window"]), config["model"],
             str(config["seed"]), f"{training['loss_first']:.3g} → {training['loss_last']:.3g}",
             f"{100 * mean_train:.1f}%"]
    tests = []
    for r in test:
        lo, hi = r["exact_ci95"]
        tests.append(f"n = {r['size']}: {100 * r['exact_accuracy']:.1f}% "
                     f"[{100 * lo:.0f}, {100 * hi:.0f}] (per-step {100 * r['step_accuracy']:.1f}%)")
    cells += ["; ".join(tests), wall]
    return "| " + " | ".join(cells) + " |"


def main(folder: Path) -> None:
    walls = {}
    done = folder / "done.txt"
    if done.exists():
        for line in done.read_text().splitlines():
            p, m, s, rc, wall = line.split()
            walls[(p, m, s)] = f"{float(wall):.0f} s" if rc == "rc=0" else rc
    print("| problem | verdict | r | model | seed | loss | train sizes 1–8 exact (mean) | "
          "test sizes: exact [95% CI] | wall |")
    print("|---|---|---|---|---|---|---|---|---|")
    for path in sorted(folder.glob("*.json")):
        p, rest = path.stem.split("_local-global_") if "_local-global_" in path.stem else \
            path.stem.split("_absolute_")
        model = "local-global" if "_local-global_" in path.stem else "absolute"
        text = path.read_text()
        if not text.strip():
            continue  # still running, or failed: see done.txt
        data = json.loads(text)
        print(row(data, walls.get((p, model, rest), "?")))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/grid"))
