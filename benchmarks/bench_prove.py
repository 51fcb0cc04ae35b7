"""Proving time per rule problem next to the z3 engine's time at N = 16, 32, 64.

    python benchmarks/bench_prove.py                    # every good rule problem
    python benchmarks/bench_prove.py --sizes 16 --limit 120
    python benchmarks/bench_prove.py --tpdb benchmarks/tpdb   # termination on TPDB SRSs

With `--tpdb DIR`: every TPDB string rewriting system under DIR (XML) is given to the
prover's termination premise (`lengthcheck.rules.srs.terminates`: weights, then matrix
interpretations of dimension 1-3, `--timeout` ms for z3 per method), and every system it
calls terminating is cross-checked by `find_loop` (from every string up to length 8, or
shorter where there would be more than 50,000 starts): a loop found there is a bug.

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


def tpdb(folder: Path, timeout_ms: int) -> None:
    """The TPDB row of RESULTS-prove.md: how many systems are proved, how fast, and the
    loop search's cross-check on each of them."""
    from lengthcheck.rules.srs import NotAnSRS, find_loop, from_srs, terminates

    files = sorted(folder.rglob("*.xml"))
    by_method: dict[str, int] = {}
    proved_times, all_times, skipped, contradictions = [], [], 0, []
    lengths = set()
    start = time.perf_counter()
    for file in files:
        try:
            srs = from_srs(file)
        except NotAnSRS:
            skipped += 1
            continue
        t = time.perf_counter()
        cert, _ = terminates(srs, timeout_ms)
        elapsed = time.perf_counter() - t
        all_times.append(elapsed)
        if cert is None:
            continue
        proved_times.append(elapsed)
        method = cert.method if cert.method != "matrix" else f"matrix d={cert.dimension}"
        by_method[method] = by_method.get(method, 0) + 1
        search = find_loop(srs)
        lengths.add(search.max_length)
        if search.loop is not None:
            contradictions.append((file.name, search.loop))
    total = time.perf_counter() - start
    systems = len(files) - skipped
    methods = ", ".join(f"{k}: {v}" for k, v in sorted(by_method.items()))
    print("| systems | proved terminating | by method | median s (proved) | median s (all) "
          "| total s | loop search (every string up to length) | contradictions |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {systems} ({skipped} not plain SRS) | {len(proved_times)} | {methods} | "
          f"{statistics.median(proved_times) if proved_times else 0:.2f} | "
          f"{statistics.median(all_times) if all_times else 0:.2f} | {total:.0f} | "
          f"{min(lengths) if lengths else '-'}–{max(lengths) if lengths else '-'} | "
          f"{len(contradictions)} |")
    for name, loop in contradictions:
        print(f"BUG: {name} proved terminating but loops: {loop}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tpdb", type=Path, metavar="DIR",
                    help="benchmark termination on the TPDB systems under DIR instead")
    ap.add_argument("--timeout", type=int, default=2000, help="z3 ms per method (--tpdb)")
    ap.add_argument("--sizes", type=int, nargs="+", default=[16, 32, 64])
    ap.add_argument("--limit", type=float, default=120.0)
    ap.add_argument("--only", help="one problem name")
    args = ap.parse_args()
    if args.tpdb is not None:
        tpdb(args.tpdb, args.timeout)
        return
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
