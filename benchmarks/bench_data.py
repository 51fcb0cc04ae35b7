"""Data in and out (issue 22): export throughput, and `data check` of an export against
`check` of the spec it came from, at the same bound, in the same run.

    python benchmarks/bench_data.py --spec problems/parity_fill.py --sizes 1-16

Each figure is one command in a fresh process (imports included): `lengthcheck export`
(instances per second), `lengthcheck data check` on the exported file, and `lengthcheck
check --engine enumerate` of the spec to the same bound (the baseline). The machine is
shared: read the ratio, not the seconds. Prints a Markdown table for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(args: list[str]) -> tuple[float, int]:
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "lengthcheck", *args], cwd=ROOT,
                          capture_output=True, text=True)
    return time.monotonic() - start, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spec", default="problems/parity_fill.py")
    parser.add_argument("--sizes", default="1-16")
    args = parser.parse_args()
    low, _, high = args.sizes.partition("-")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "traces.jsonl"
        export_s, code = timed(["export", args.spec, "--sizes", args.sizes, "-o", str(path)])
        assert code == 0, "export failed"
        lines = sum(1 for _ in path.open(encoding="utf-8"))
        megabytes = path.stat().st_size / 2**20
        data_s, data_code = timed(["data", "check", str(path), "-q", "--json"])
        spec_s, spec_code = timed(["check", args.spec, "--max-size", high, "--engine",
                                   "enumerate", "-q", "--json"])
    print("| spec | sizes | lines | file MB | export s | export instances/s | data check s "
          "| check s (baseline) | data check / check |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(f"| {Path(args.spec).stem} | {args.sizes} | {lines:,} | {megabytes:.1f} | "
          f"{export_s:.1f} | {lines / export_s:,.0f} | {data_s:.1f} (exit {data_code}) | "
          f"{spec_s:.1f} (exit {spec_code}) | {data_s / spec_s:.2f}x |")


if __name__ == "__main__":
    main()
