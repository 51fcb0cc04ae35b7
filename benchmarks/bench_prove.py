"""Proving time per rule problem next to the z3 engine's time at N = 16, 32, 64.

    python benchmarks/bench_prove.py                    # every good rule problem
    python benchmarks/bench_prove.py --sizes 16 --limit 120

`prove` (lengthcheck/rules/prove.py) works from the rules alone: its time does
not depend on any size bound (the optional answer() check, which enumerates,
is switched off here with answer_max_size=0 and timed separately). The z3
engine checks the same format, recover form with the proof's (n, r) as the
only window tried (`form='recover', n_max=n, r_max=r`), over all instances of
sizes 1..N. Each z3 run is a subprocess killed after --limit seconds (also its
`smt_budget`); a size that takes longer is skipped, and so are the larger ones.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lengthcheck.loader import load  # noqa: E402
from lengthcheck.rules.prove import prove  # noqa: E402

CHILD = """
import json, sys, time
from lengthcheck.loader import load
from lengthcheck.checker import check_problem
path, name, n, r, size, limit = sys.argv[1:7]
(p,) = [p for p in load(path) if p.name == name]
t = time.perf_counter()
res = check_problem(p, engine="smt", max_size=int(size), form="recover", n_max=int(n),
                    r_max=int(r), smt_budget=float(limit))
dt = time.perf_counter() - t
best = [m.value for m in res.minimal_r if m.n == int(n) and m.value is not None]
print(json.dumps({"seconds": dt, "verdict": res.verdict.word,
                  "r": min(best) if best else None}))
"""


def time_prove(problem, reps: int = 5) -> tuple[float, object]:
    runs = []
    proof = None
    for _ in range(reps):
        t = time.perf_counter()
        proof = prove(problem, answer_max_size=0)
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), proof


def time_smt(path: str, name: str, n: int, r: int, size: int, limit: float) -> dict | None:
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, path, name, str(n), str(r), str(size), str(limit)],
            capture_output=True, text=True, timeout=limit + 30, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[16, 32, 64])
    ap.add_argument("--limit", type=float, default=120.0)
    ap.add_argument("--only", help="one problem name")
    args = ap.parse_args()
    folder = ROOT / "problems" / "rules"
    rows = []
    for path in sorted(folder.glob("*.py")):
        for problem in load(str(path)):
            if not problem.expect_proof.get("holds") or (args.only and problem.name != args.only):
                continue
            seconds, proof = time_prove(problem)
            t = time.perf_counter()
            answer = prove(problem).premise("answer") if callable(
                getattr(problem, "answer", None)) else None
            answer_s = time.perf_counter() - t if answer else None
            cells = []
            skipping = False
            for size in args.sizes:
                if skipping:
                    cells.append("skipped")
                    continue
                got = time_smt(str(path), problem.name, proof.n, proof.r, size, args.limit)
                if got is None or "error" in got or got["verdict"] == "unknown" and \
                        got["seconds"] >= args.limit:
                    cells.append(f"> {args.limit:.0f} s" if got is None or "error" not in got
                                 else f"error: {got['error']}")
                    skipping = True
                else:
                    cells.append(f"{got['seconds']:.1f} s ({got['verdict']}, r {got['r']})")
                print(problem.name, size, cells[-1], flush=True)
            rows.append((problem.name, proof.n, proof.r, seconds, answer_s, cells))
    print()
    print("| problem | (n, r) proved | prove s | answer() s | "
          + " | ".join(f"z3 N = {s}" for s in args.sizes) + " |")
    print("|---|---|---|---|" + "---|" * len(args.sizes))
    for name, n, r, seconds, answer_s, cells in rows:
        a = f"{answer_s:.2f}" if answer_s is not None else "–"
        print(f"| {name} | ({n}, {r}) | {seconds:.3f} | {a} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
