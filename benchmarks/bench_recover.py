"""Throughput of the recover-form check (one window), on interleaved parity.

    python benchmarks/bench_recover.py [--max-size 14] [--problem problems/parity_fill.py]

A query is one (reachable state, position) pair: the key is the window around
the position, the label the step's read offsets or NONE. For each size bound
it times, in the same process and on the same exploration:

* `fast`  : lengthcheck's check (`check_recover`, one dict per check, windows
            sliced from a padded state);
* `naive` : the baseline, a direct reading of the definition: build each window
            position by position and keep every key's set of labels.

It prints a Markdown table row per bound; paste it into benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from lengthcheck.engines.exploration import explore
from lengthcheck.loader import load
from lengthcheck.properties.consistency import anchors, check_recover, offsets, window
from lengthcheck.results import NONE

ROOT = Path(__file__).resolve().parent.parent


def naive_recover(exploration, r: int) -> bool:
    """The baseline: the definition read literally (no padding trick, no early exit)."""
    h = (r - 1) // 2
    labels_by_key: dict[tuple, set] = {}
    for entry in exploration.reached.values():
        own = {}
        if entry.step is not None:
            for reads in entry.step.ready:
                a = anchors(reads, 1, h)
                own[a[0]] = offsets(reads, a, h)
        for c in range(len(entry.state)):
            labels_by_key.setdefault(window(entry.state, c, h), set()).add(own.get(c, NONE))
    return all(len(labels) == 1 for labels in labels_by_key.values())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--problem", default=str(ROOT / "problems" / "parity_fill.py"))
    ap.add_argument("--max-size", type=int, default=14)
    ap.add_argument("--r", type=int, default=5)
    args = ap.parse_args()
    (problem,) = load(args.problem)
    print("| bound n | states | queries | explore s | fast s | fast queries/s | naive s "
          "| naive queries/s | speed-up | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n in range(problem.min_size + 7, args.max_size + 1):
        t0 = time.perf_counter()
        ex = explore(problem, n)
        t1 = time.perf_counter()
        queries = sum(len(s) for s in ex.reached)
        fast = check_recover(ex, 1, args.r)
        t2 = time.perf_counter()
        slow = naive_recover(ex, args.r)
        t3 = time.perf_counter()
        assert fast.holds == slow, "fast and naive checks disagree"
        f, s = t2 - t1, t3 - t2
        print(f"| {n} | {len(ex.reached):,} | {queries:,} | {t1 - t0:.2f} | {f:.2f} | "
              f"{queries / f:,.0f} | {s:.2f} | {queries / s:,.0f} | {s / f:.1f}x | "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} |", flush=True)


if __name__ == "__main__":
    main()
