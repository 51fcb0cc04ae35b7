"""The z3 engine against the naive encoding, and how its time grows with the bound.

    python benchmarks/bench_smt.py                       # everything (a few minutes)
    python benchmarks/bench_smt.py --part compare        # ours vs the naive baseline
    python benchmarks/bench_smt.py --part growth         # time per bound, three problems
    python benchmarks/bench_smt.py --part scale --baseline DIR   # N = 16..128, new vs DIR

Workload (issue 3): column-pair addition in base 10 in the local-rule form with
r = 3: `# P(a0,b0) … P(a(n−1),b(n−1))`, least significant first; each step
rewrites the leftmost pair to D(digit, carry), reading it and its left
neighbour (problems/add_column.py with base 10).

* `naive`: the baseline kept as a reference. For each pair of sizes
  (m1 <= m2), one z3 query over two copies of the instance variables: the
  disjunction, over all pairs of sites (step, position) of the two symbolic
  traces, of "windows equal and labels (next tokens) differ". Same symbolic
  traces, same exact term encoding; no shapes, no pruning.
* `ours`: lengthcheck's z3 engine deciding the same (1, 3) local-rule check
  (`decide.check_local_rule`): sites grouped by shape, pairs pruned by value
  sets, one query per remaining pair of shapes, conflicts replayed.

Both start from the same symbolic traces (traced once, timed separately).
Peak memory is the process's maximum resident set (z3 included).

`--part scale` (issue 13): the two workloads of "Larger bounds" — the addition
above with every property (`check(..., engine="smt", form="local-rule",
n_max=1)`) and parity-fill with default options — at N = 16, 32, 64, 128, with
this checkout and with the checkout at `--baseline DIR`, each run in a fresh
process (`--worker`, which uses only `lengthcheck.check` and the problem files
of this checkout, so that an older checkout runs the same workload). A
baseline N whose time, extrapolated from the last two, would pass `--cap`
seconds is skipped, and one that runs past it is stopped; the table says so.
Each run prints a fingerprint of its result (verdict, R, |X|, every check with
its counterexample, the minimal r series): "same" says both checkouts agree.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import z3

from lengthcheck import SpecError, check
from lengthcheck.loader import load

if TYPE_CHECKING:
    from lengthcheck.engines.smt.decide import Decider

ROOT = Path(__file__).resolve().parent.parent
SCALE_SIZES = (16, 32, 64, 128)


def add_column_base10():
    spec = importlib.util.spec_from_file_location("bench_add_column", ROOT / "problems" /
                                                  "add_column.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    class AddColumn10(module.AddColumn):
        name = "add-column-base10"
        base = 10
        alphabet = module.alphabet_for(10)

    return AddColumn10()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sites(d: Decider, traces, h: int):
    """(window terms, label term) of every position of every non-final state, per size."""
    from lengthcheck.engines.smt.decide import value
    from lengthcheck.trace import PAD

    terms = d.terms
    pad = terms.const(PAD)
    out = {}
    for size, paths in traces.items():
        found = []
        for trace in paths:
            for st in trace.steps:
                for c in range(len(st.state)):
                    win = tuple(value(st.state[i], terms) if 0 <= i < len(st.state) else pad
                                for i in range(c - h, c + h + 1))
                    found.append((win, value(st.next[c], terms), trace.lits[: st.nlits]))
        out[size] = found
    return out


def naive(d: Decider, traces, h: int) -> tuple[bool, int]:
    """The baseline: one query per pair of sizes, a disjunction over all pairs of sites."""
    from lengthcheck.engines.smt import terms as T

    terms = d.terms
    by_size = sites(d, traces, h)
    sizes = sorted(by_size)
    queries = 0
    holds = True
    for i, m1 in enumerate(sizes):
        for m2 in sizes[i:]:
            solver = T.new_solver()
            solver.set("rlimit", 0)
            support = [set(), set()]
            disjuncts = []
            for wa, la, lits_a in by_size[m1]:
                for wb, lb, lits_b in by_size[m2]:
                    eq = [terms.z3(x, 0) == terms.z3(y, 1) for x, y in zip(wa, wb)]
                    path = [terms.lit(t, v, 0) for t, v in lits_a] + [
                        terms.lit(t, v, 1) for t, v in lits_b]
                    disjuncts.append(z3.And(*eq, *path, terms.z3(la, 0) != terms.z3(lb, 1)))
                    for k, (w, lab) in enumerate(((wa, la), (wb, lb))):
                        for t in w + (lab,) + tuple(lt for lt, _ in (lits_a, lits_b)[k]):
                            support[k] |= t.support
            for k in (0, 1):
                solver.add(*terms.domain_constraints(support[k], k))
            solver.add(z3.Or(disjuncts))
            queries += 1
            if solver.check() == z3.sat:
                holds = False
    return holds, queries


def compare(max_size: int, baseline_max: int) -> None:
    from lengthcheck.engines.smt.decide import Budget, Decider, check_local_rule
    from lengthcheck.engines.smt.engine import symbolic_traces
    from lengthcheck.engines.smt.symbolic import Oracle
    from lengthcheck.engines.smt.terms import Terms

    problem = add_column_base10()
    print(f"## {problem.name}, local-rule form, (1, 3)\n")
    print("| sizes | trace s | ours s | naive s | speed-up | ours holds | naive holds | "
          "peak MB |")
    print("|---|---|---|---|---|---|---|---|")
    for top in sorted({baseline_max, max_size}):
        terms = Terms()
        oracle = Oracle(terms)
        t0 = time.perf_counter()
        traces = symbolic_traces(problem, list(range(1, top + 1)), terms, oracle)
        t1 = time.perf_counter()
        d = Decider(problem, terms, traces, Budget(None))
        ours = check_local_rule(d, 1, 3)
        t2 = time.perf_counter()
        row = f"| 1–{top} | {t1 - t0:.2f} | {t2 - t1:.2f} |"
        if top <= baseline_max:
            holds, _ = naive(d, traces, 1)
            t3 = time.perf_counter()
            assert holds == ours.holds, "naive and ours disagree"
            row += f" {t3 - t2:.2f} | {(t3 - t2) / (t2 - t1):.0f}× | {ours.holds} | {holds} |"
        else:
            row += f" – | – | {ours.holds} | – |"
        print(row + f" {peak_mb():.0f} |", flush=True)
    t0 = time.perf_counter()
    result = check(problem, max_size=max_size, engine="smt", form="local-rule", n_max=1)
    print(f"\nfull `check(engine='smt', form='local-rule', n_max=1)` at N = {max_size}: "
          f"{time.perf_counter() - t0:.1f} s, verdict {result.verdict.word}, minimal r "
          f"{result.minimal_r[0].value}; peak {peak_mb():.0f} MB\n")


def growth(limit_s: float, names: list[str]) -> None:
    print("## time to decide every property with `--engine smt` (default options)\n")
    for name in names:
        (problem,) = load(str(ROOT / "problems" / f"{name}.py"))
        print(f"### {problem.name}\n")
        print("| N | smt s | enumerate s | verdict | pair queries |")
        print("|---|---|---|---|---|")
        n = 2
        while True:
            t0 = time.perf_counter()
            try:
                result = check(problem, max_size=n, engine="smt")
            except SpecError as exc:
                print(f"| {n} | – | – | the z3 engine cannot run: {exc.what} | – |\n")
                break
            dt = time.perf_counter() - t0
            enum = "–"
            if n <= 10:
                t1 = time.perf_counter()
                try:
                    check(problem, max_size=n, engine="enumerate", max_instances=300_000)
                    enum = f"{time.perf_counter() - t1:.2f}"
                except Exception:  # noqa: BLE001
                    enum = "–"
            queries = next((x for x in result.scope.notes if x.startswith("z3:")), "")
            print(f"| {n} | {dt:.2f} | {enum} | {result.verdict.word} | "
                  f"{queries.removeprefix('z3: ')} |", flush=True)
            if dt > limit_s / 3 or n >= 64:
                break
            n = n + 2 if n < 8 else int(n * 1.5)
        print()


WORKLOADS = {
    "add-column-base10": "column-pair addition, base 10, local-rule form, n <= 1, every property",
    "parity-fill": "parity-fill (problems/parity_fill.py), default options",
}


def worker(workload: str, n: int) -> None:
    """Run one workload at one bound; print its time and a fingerprint of the result (JSON)."""
    if workload == "add-column-base10":
        problem = add_column_base10()
        options = dict(engine="smt", form="local-rule", n_max=1, max_size=n)
    else:
        (problem,) = load(str(ROOT / "problems" / "parity_fill.py"))
        options = dict(engine="smt", max_size=n)
    t0 = time.perf_counter()
    result = check(problem, **options)
    seconds = time.perf_counter() - t0
    facts = repr((result.verdict.word, result.distance, result.causal, result.at_most_once,
                  result.checks, result.minimal_r, result.coverage_size))
    print(json.dumps({"seconds": seconds, "verdict": result.verdict.word,
                      "fingerprint": hashlib.sha256(facts.encode()).hexdigest()[:16],
                      "peak_mb": peak_mb()}))


def run_worker(checkout: Path, workload: str, n: int, cap: float) -> dict | None:
    """One worker in a fresh process on `checkout`; None when it runs past `cap` seconds."""
    env = dict(os.environ, PYTHONPATH=str(checkout))
    try:
        done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker",
                               workload, str(n)], env=env, cwd=str(checkout), timeout=cap,
                              capture_output=True, text=True, check=True)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def slope(points: list[tuple[int, float]]) -> tuple[float | None, float | None]:
    """Growth exponents of time in N: between the last two points, and a least-squares fit."""
    if len(points) < 2:
        return None, None
    (n1, t1), (n2, t2) = points[-2:]
    last = math.log(t2 / t1) / math.log(n2 / n1)
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    fit = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return last, fit


def scale(baseline: Path | None, cap: float, sizes: tuple[int, ...]) -> None:
    print("## Larger bounds (issue 13): this checkout against the baseline\n")
    print(f"Each cell is one run in a fresh process (time of `check` only); baseline: "
          f"{baseline or 'none'}; cap {cap:.0f} s.\n")
    for workload, what in WORKLOADS.items():
        print(f"### {workload}: {what}\n")
        print("| N | new s | baseline s | baseline / new | verdict | same result |")
        print("|---|---|---|---|---|---|")
        new_pts: list[tuple[int, float]] = []
        old_pts: list[tuple[int, float]] = []
        stopped = None
        for n in sizes:
            new = run_worker(ROOT, workload, n, 3600)
            assert new is not None
            new_pts.append((n, new["seconds"]))
            old = None
            cell = "–"
            if baseline is not None and stopped is None:
                last, _ = slope(old_pts)
                guess = None
                if old_pts:
                    n0, t0 = old_pts[-1]
                    guess = t0 * (n / n0) ** (last if last is not None else 3.0)
                if guess is not None and guess > cap:
                    stopped = f"skipped (about {guess:.0f} s extrapolated > cap)"
                else:
                    old = run_worker(baseline, workload, n, cap)
                    if old is None:
                        stopped = f"stopped at the {cap:.0f} s cap"
            if old is not None:
                old_pts.append((n, old["seconds"]))
                cell = f"{old['seconds']:.2f}"
                ratio = f"{old['seconds'] / new['seconds']:.1f}×"
                same = "same" if old["fingerprint"] == new["fingerprint"] else "DIFFERENT"
            else:
                cell, ratio, same = (stopped or "–"), "–", "–"
            print(f"| {n} | {new['seconds']:.2f} | {cell} | {ratio} | {new['verdict']} | "
                  f"{same} |", flush=True)
        print()
        for name, pts in (("new", new_pts), ("baseline", old_pts)):
            last, fit = slope(pts)
            if last is None:
                print(f"* {name}: fewer than two points, no exponent")
            else:
                span = f"N = {pts[-2][0]}–{pts[-1][0]}"
                print(f"* {name}: time ~ N^{last:.2f} between {span}; least-squares fit over "
                      f"N = {pts[0][0]}–{pts[-1][0]}: N^{fit:.2f}")
        print()


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        worker(sys.argv[2], int(sys.argv[3]))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", choices=("compare", "growth", "scale", "all"), default="all")
    ap.add_argument("--baseline", type=Path, help="a checkout to compare with (--part scale)")
    ap.add_argument("--cap", type=float, default=120.0,
                    help="seconds a baseline run may take (--part scale; default 120)")
    ap.add_argument("--sizes", type=int, nargs="*", default=list(SCALE_SIZES),
                    help="bounds for --part scale (default 16 32 64 128)")
    ap.add_argument("--max-size", type=int, default=24)
    ap.add_argument("--baseline-max", type=int, default=8)
    ap.add_argument("--limit", type=float, default=60.0)
    ap.add_argument("--problems", nargs="*",
                    default=["parity_fill", "add_column", "arith_running_example"])
    args = ap.parse_args()
    print(f"python {sys.version.split()[0]}, z3 {z3.get_version_string()}\n")
    if args.part in ("compare", "all"):
        compare(args.max_size, args.baseline_max)
    if args.part in ("growth", "all"):
        growth(args.limit, args.problems)
    if args.part == "scale":
        scale(args.baseline, args.cap, tuple(args.sizes))


if __name__ == "__main__":
    main()
