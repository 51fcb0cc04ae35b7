"""The z3 engine against the naive encoding, and how its time grows with the bound.

    python benchmarks/bench_smt.py                       # everything (a few minutes)
    python benchmarks/bench_smt.py --part compare        # ours vs the naive baseline
    python benchmarks/bench_smt.py --part growth         # time per bound, three problems

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
  (`Decider.check_local_rule`): sites grouped by shape, pairs pruned by value
  sets, one query per remaining pair of shapes, conflicts replayed.

Both start from the same symbolic traces (traced once, timed separately).
Peak memory is the process's maximum resident set (z3 included).
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import sys
import time
from pathlib import Path

import z3

from lengthcheck import SpecError, check
from lengthcheck.engines.smt import terms as T
from lengthcheck.engines.smt.decide import Budget, Decider, value
from lengthcheck.engines.smt.engine import symbolic_traces
from lengthcheck.engines.smt.symbolic import Oracle
from lengthcheck.engines.smt.terms import Terms
from lengthcheck.loader import load
from lengthcheck.trace import PAD

ROOT = Path(__file__).resolve().parent.parent


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
        ours = d.check_local_rule(1, 3)
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", choices=("compare", "growth", "all"), default="all")
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


if __name__ == "__main__":
    main()
