"""Throughput of the recover-form check (one window), on interleaved parity.

    python benchmarks/bench_recover.py [--max-size 14] [--problem problems/parity_fill.py]
    python benchmarks/bench_recover.py --max-size 15 --baseline /path/to/old/checkout

A query is one (reachable state, position) pair: the key is the window around
the position, the label the step's read offsets or NONE. For each size bound
it times, in the same process and on the same exploration:

* `fast`  : lengthcheck's check (`check_recover`, one dict per check, windows
            sliced from a padded state);
* `naive` : the baseline, a direct reading of the definition: build each window
            position by position and keep every key's set of labels.

It prints a Markdown table row per bound; paste it into benchmarks/RESULTS.md.
All bounds run in one process, each exploration dropped before the next is
built (the peak RSS column is the process's peak so far: the largest bound's).
The query count is taken before the timers start.

`--baseline DIR` compares with another checkout (DIR is put first on
PYTHONPATH; its exploration module may be the older `engines.enumerate`): each
bound runs in a fresh process, the baseline's and this checkout's one after
the other, so each row's peak RSS is that bound's alone, and the table gives
both with their ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

try:
    from lengthcheck.engines.exploration import explore
except ImportError:  # a checkout from before engines/exploration.py (a --baseline run)
    from lengthcheck.engines.enumerate import explore  # type: ignore[no-redef]
from lengthcheck.loader import load
from lengthcheck.properties.consistency import check_recover
from lengthcheck.properties.windows import anchors, offsets, window
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


def peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def measure(problem, n: int, r: int, naive: bool = True) -> dict:
    """One bound: explore, the fast check, the naive one (both must agree)."""
    t0 = time.perf_counter()
    ex = explore(problem, n)
    t1 = time.perf_counter()
    states = len(ex.reached)
    queries = sum(len(s) for s in ex.reached)
    t2 = time.perf_counter()
    fast = check_recover(ex, 1, r)
    t3 = time.perf_counter()
    row = {"n": n, "states": states, "queries": queries, "explore": t1 - t0,
           "fast": t3 - t2, "peak_mb": peak_mb()}
    if naive:
        slow = naive_recover(ex, r)
        row["naive"] = time.perf_counter() - t3
        assert fast.holds == slow, "fast and naive checks disagree"
    return row


def child(args: argparse.Namespace, n: int, pythonpath: str | None) -> dict:
    """One bound in a fresh process (with `pythonpath` first on the path, from that folder)."""
    env = dict(os.environ)
    cwd = None
    if pythonpath is not None:
        env["PYTHONPATH"] = pythonpath + os.pathsep + env.get("PYTHONPATH", "")
        cwd = pythonpath
    cmd = [sys.executable, str(Path(__file__).resolve()), "--problem",
           str(Path(args.problem).resolve()), "--r", str(args.r), "--bound", str(n)]
    out = subprocess.run(cmd, env=env, cwd=cwd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def compare(args: argparse.Namespace, first: int) -> None:
    print("| bound n | states | queries | explore s new / base | fast s new / base | fast "
          "ratio | naive s new / base | peak RSS MB new / base | RSS ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n in range(first, args.max_size + 1):
        base = child(args, n, args.baseline)
        new = child(args, n, None)
        assert (new["states"], new["queries"]) == (base["states"], base["queries"])
        print(f"| {n} | {new['states']:,} | {new['queries']:,} | {new['explore']:.2f} / "
              f"{base['explore']:.2f} | {new['fast']:.2f} / {base['fast']:.2f} | "
              f"{new['fast'] / base['fast']:.2f} | {new['naive']:.2f} / {base['naive']:.2f} | "
              f"{new['peak_mb']} / {base['peak_mb']} | {new['peak_mb'] / base['peak_mb']:.3f} |",
              flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--problem", default=str(ROOT / "problems" / "parity_fill.py"))
    ap.add_argument("--max-size", type=int, default=14)
    ap.add_argument("--r", type=int, default=5)
    ap.add_argument("--baseline", help="an older checkout to compare with, bound by bound")
    ap.add_argument("--bound", type=int, help=argparse.SUPPRESS)  # child: one bound, JSON
    args = ap.parse_args()
    (problem,) = load(args.problem)
    if args.bound is not None:
        print(json.dumps(measure(problem, args.bound, args.r)))
        return
    first = problem.min_size + 7
    if args.baseline is not None:
        compare(args, first)
        return
    print("| bound n | states | queries | explore s | fast s | fast queries/s | naive s "
          "| naive queries/s | speed-up | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n in range(first, args.max_size + 1):
        row = measure(problem, n, args.r)
        q, f, s = row["queries"], row["fast"], row["naive"]
        print(f"| {n} | {row['states']:,} | {q:,} | {row['explore']:.2f} | {f:.2f} | "
              f"{q / f:,.0f} | {s:.2f} | {q / s:,.0f} | {s / f:.1f}x | {row['peak_mb']} |",
              flush=True)


if __name__ == "__main__":
    main()
