"""The default engine (issue 19): `lengthcheck check` without `--engine` against the old
default (`--engine enumerate`), and what `--until-decided` reaches on the reference formats
that stay `unknown` at their default bounds.

    python benchmarks/bench_default.py --cap 600               # both tables
    python benchmarks/bench_default.py --only until-decided    # the second table only

Each run is one `lengthcheck check ... --json -q` in a fresh process (imports included),
under a wall-clock cap (a run past it counts as the cap, marked ≥). The ratio is the old
default's time over the new default's, measured in the same run, one after the other
(the machine's speed varies by a third from minute to minute: read ratios, not seconds).
Prints a Markdown table per part; benchmarks/RESULTS-engines.md and RESULTS.md keep them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNKNOWN_AT_DEFAULT = ["arith_front", "arith_running_example", "div_column", "mul_column",
                      "mul_multirow"]


def run(args: list[str], cap: float) -> tuple[float, str, dict | None]:
    """Seconds, the verdict (or what went wrong) and the JSON of one check."""
    start = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-m", "lengthcheck", "check", *args, "--json",
                               "-q"], cwd=ROOT, capture_output=True, text=True, timeout=cap)
    except subprocess.TimeoutExpired:
        return cap, "timeout", None
    seconds = time.monotonic() - start
    try:
        document = json.loads(done.stdout)
    except json.JSONDecodeError:
        return seconds, f"exit {done.returncode}", None
    if isinstance(document, list) and len(document) == 1:
        return seconds, document[0].get("verdict", "error"), document[0]
    words = sorted({p.get("verdict", "error") for p in document})
    return seconds, "/".join(words), None


def cell(seconds: float, word: str, cap: float) -> str:
    return f"{'≥' if word == 'timeout' else ''}{seconds:.1f} ({word})"


def default_table(cap: float) -> None:
    workloads = [(p.stem, [f"problems/{p.name}"]) for p in sorted((ROOT / "problems").glob("*.py"))]
    workloads += [("parity_fill N=40", ["problems/parity_fill.py", "--max-size", "40"]),
                  ("the reference run: problems/ (-j 1)", ["problems/", "-j", "1"])]
    print("| workload | default (auto) s | old default (--engine enumerate) s | old ÷ new |")
    print("|---|---|---|---|")
    for label, args in workloads:
        new = run(args, cap)
        old = run([*args, "--engine", "enumerate"], cap)
        print(f"| {label} | {cell(new[0], new[1], cap)} | {cell(old[0], old[1], cap)} | "
              f"{old[0] / new[0]:.2f} |", flush=True)


def until_decided_table(cap: float, budget: float) -> None:
    print(f"| format | at its default bound | `--until-decided {budget:g}` | bounds tried "
          "(verdict, seconds) | stopped | wall s |")
    print("|---|---|---|---|---|---|")
    for name in UNKNOWN_AT_DEFAULT:
        path = f"problems/{name}.py"
        plain = run([path], cap)
        seconds, word, doc = run([path, "--until-decided", str(budget)], cap)
        tried = stopped = "-"
        if doc is not None and doc.get("until_decided"):
            path_taken = doc["until_decided"]
            tried = " → ".join(f"n = {t['max_size']} {t['verdict']} ({t['seconds']:.0f} s)"
                               for t in path_taken["tried"])
            stopped = path_taken["stopped"]
        print(f"| {name} | {plain[1]} | {word} | {tried} | {stopped} | "
              f"{'≥' if word == 'timeout' else ''}{seconds:.0f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cap", type=float, default=600.0, help="seconds per run")
    parser.add_argument("--budget", type=float, default=300.0, help="--until-decided seconds")
    parser.add_argument("--only", choices=("default", "until-decided"))
    args = parser.parse_args()
    if args.only in (None, "default"):
        default_table(args.cap)
    if args.only in (None, "until-decided"):
        print()
        until_decided_table(max(args.cap, args.budget * 2), args.budget)


if __name__ == "__main__":
    main()
