#!/usr/bin/env bash
# The issue-11 grid: six reference problems (three supported, three not) x both models x
# three seeds, trained on sizes 1-8 and tested at 2x and 3x the longest (16, 24).
# Two runs at a time (one thread each) on a 2-core machine; JSON per run in $OUT.
# Then: python benchmarks/train/summarize.py $OUT > benchmarks/train/RESULTS.md
set -euo pipefail
OUT=${1:-/tmp/grid}
mkdir -p "$OUT"
for p in parity_fill add_column parity_reduce parity_append add_reversed copy_repeated; do
  for m in local-global absolute; do
    for s in 0 1 2; do echo "$p $m $s"; done
  done
done | xargs -P 2 -L 1 bash -c '
  start=$(date +%s.%N)
  window=""  # add_reversed: the checker finds no window within its limits; give one
  [ "$0" = add_reversed ] && window="--window 9"
  python -m lengthcheck train problems/$0.py --model $1 --train-sizes 1-8 --test-sizes 16,24 \
    --steps 2000 --seed $2 $window --json -q > "'"$OUT"'/$0_$1_$2.json" 2> "'"$OUT"'/$0_$1_$2.err"
  echo "$0 $1 $2 rc=$? $(echo "$(date +%s.%N) - $start" | bc)" >> "'"$OUT"'/done.txt"'
