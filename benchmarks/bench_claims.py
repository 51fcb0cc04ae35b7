"""What the issue-18 guards cost: each check run with the guard and without it, in one run.

    python benchmarks/bench_claims.py            # writes the table to stdout

Guards measured (each is switched off by replacing the one function that runs it
with a no-op, so the baseline is the same code, same machine, same moment):

* `replay`: the z3 engine's concrete replay of the symbolic paths
  (`engines/smt/decide/agreement.check_agreement`) — z3 workloads;
* `purity`: taking the step of a sample of explored states again
  (`engines/exploration._rerun_sample`) — enumerate workloads;
* `orders`: order independence over the ready closure
  (`engines/exploration.order_conflict`) — a problem with ready().

Rounds alternate guard on / off; the best of `--rounds` is kept for each. The
ratio (on ÷ off) is the figure; absolute seconds are for scale only.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from lengthcheck import check
from lengthcheck.engines import exploration
from lengthcheck.engines.smt import engine as smt_engine
from lengthcheck.loader import load

ROOT = Path(__file__).resolve().parent.parent

WORKLOADS = [  # (guard, problem file, check options)
    ("replay", "problems/parity_fill.py", {"engine": "smt", "max_size": 40}),
    ("replay", "problems/add_column.py", {"engine": "smt", "max_size": 16}),
    ("purity", "problems/parity_fill.py", {"engine": "enumerate", "max_size": 12}),
    ("purity", "problems/add_reversed.py", {"engine": "enumerate", "max_size": 6}),
    ("orders", "problems/arith_running_example.py", {"engine": "enumerate", "max_size": 5}),
]


GUARDS = {  # guard -> (module, the function that runs it)
    "replay": (smt_engine, "check_agreement"),
    "purity": (exploration, "_rerun_sample"),
    "orders": (exploration, "order_conflict"),
}


@contextmanager
def switched_off(guard: str):
    """The guard replaced by a no-op for the duration."""
    module, name = GUARDS[guard]
    saved = getattr(module, name)
    setattr(module, name, lambda *a, **k: None)
    try:
        yield
    finally:
        setattr(module, name, saved)


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print("| guard | problem | options | with guard s | without s | ratio | verdict |")
    print("|---|---|---|---|---|---|---|")
    for guard, path, options in WORKLOADS:
        (problem,) = load(str(ROOT / path))
        on, off = [], []
        verdict = None
        for _ in range(args.rounds):
            on.append(timed(lambda p=problem, o=options: check(p, **o)))
            with switched_off(guard):
                off.append(timed(lambda p=problem, o=options: check(p, **o)))
        verdict = check(problem, **options).verdict.word
        shown = ", ".join(f"{k}={v}" for k, v in options.items())
        print(f"| {guard} | {Path(path).stem} | {shown} | {min(on):.2f} | {min(off):.2f} | "
              f"{min(on) / min(off):.2f}× | {verdict} |")


if __name__ == "__main__":
    main()
