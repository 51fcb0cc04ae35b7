#!/bin/bash
# The quick start's main job (issue 13), this checkout against a baseline checkout, one after
# the other: `lengthcheck check problems/ -q` with the defaults, with -j 1, and the baseline's.
# usage: bash benchmarks/quickstart.sh BASELINE_DIR   (run from the repository root, venv active)
set -u
base=$(cd "$1" && pwd)
here=$(pwd)
run() {  # label, directory, extra flags
  local start end code
  start=$(date +%s.%N)
  (cd "$2" && PYTHONPATH="$2" python -m lengthcheck check problems/ -q $3 > "/tmp/quickstart-$1.txt" 2>&1)
  code=$?
  end=$(date +%s.%N)
  printf "%-10s %6.1f s (exit %s)\n" "$1" "$(echo "$end - $start" | bc)" "$code"
}
run new "$here" ""
run new-j1 "$here" "-j 1"
run baseline "$base" ""
diff <(grep -E "VERDICT|expect block" /tmp/quickstart-baseline.txt | sed 's/ (all instances.*//') \
     <(grep -E "VERDICT|expect block" /tmp/quickstart-new.txt | sed 's/ (all instances.*//') \
  && echo "same verdicts, same expect-block results"
