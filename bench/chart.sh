#!/usr/bin/env bash
# Chart data-path benchmarks against a real mlflow server, with medians.
#
#   bench/chart.sh [COUNT]     (default 5 repetitions)
#
# Runs BenchmarkIntegrationChart (client/history): time to first chart and time until exact for
# the seed's 60-step and 100k-step metrics and a 1,000,000-step metric (fixture logged by the MLflow
# client, built once), and the MLflow Python client reading the same full histories from the same
# server in the same run. Then the pure rendering benchmarks (chart). Prints each result line and
# the median per benchmark. State the machine when quoting numbers (nproc, load).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-5}
. bench/lib.sh
machine
median() {
  # stdin: "name value unit" lines; prints the median value per name and unit (POSIX sort + awk).
  sort -k1,1 -k3,3 -k2,2g | awk '
    function flush() { if (n) printf "%-64s %16.3f %s (median of %d)\n", key, (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2), unit, n }
    { k = $1 " " $3; if (k != cur) { flush(); cur = k; key = $1; unit = $3; n = 0 } v[++n] = $2 }
    END { flush() }'
}
run() {
  local pkg=$1 pat=$2 time=$3
  MLTUI_INTEGRATION=1 go test "$pkg" -run '^$' -bench "$pat" -benchtime "$time" -count "$count" -timeout 120m |
    tee >(cat >&2) |
    awk '/^Benchmark/ {for (i=3; i<NF; i+=2) print $1, $i, $(i+1)}' | median
}
# Time to first chart, and the bare HTTP request of a whole-range sample for comparison.
run ./client/history 'BenchmarkIntegrationChart/.*/(first-chart|raw-http-sample)' 1x
# Until exact, and the Python client's full read: minutes each for 1M points, so fewer repetitions.
count=$(( count < 3 ? count : 3 )) run ./client/history 'BenchmarkIntegrationChart/(60|100k)steps/(until-exact|python-full-history)' 1x
count=1 run ./client/history 'BenchmarkIntegrationChart/1Msteps/(until-exact|python-full-history)' 1x
run ./chart 'BenchmarkFrame|BenchmarkMemory|BenchmarkFirstRender' 20x
