#!/usr/bin/env bash
# The 1,000,000-point chart on the seed's production server beside the SQLite server, with medians.
#
#   bench/chart_postgres.sh [COUNT]     (default 5 repetitions)
#
# Runs BenchmarkIntegrationChartPostgres (client/history): the 1M-step metric (fixture logged by the
# MLflow client) on mlflow server over SQLite (one worker, the cached fixture) and over PostgreSQL
# with --workers 4 (a private cluster; the MLflow client logs the same million points into it
# first, a few minutes every run): time to first chart, the bare sample request, time until
# exact, and the Python client's full read, all in one run. State the machine when quoting numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-5}
. bench/lib.sh
machine
bash testenv/setup.sh >/dev/null
MLTUI_INTEGRATION=1 MLTUI_BENCH_REPS=$count go test ./client/history -run '^$' -bench 'BenchmarkIntegrationChartPostgres' \
  -benchtime 1x -count 1 -timeout 120m |
  tee >(cat >&2) |
  awk '/^BenchmarkIntegrationChartPostgres/ {
         name = $1; sub(/-[0-9]+$/, "", name); sub(/#[0-9]+$/, "", name); sub(/^BenchmarkIntegrationChartPostgres\//, "", name)
         for (i = 3; i < NF; i += 2) if ($(i+1) == "ms-in-python/op") { print name, $i; next }
         for (i = 3; i < NF; i += 2) if ($(i+1) == "ns/op") { print name, $i / 1e6; next } }' |
  sort -k1,1 -k2,2g |
  awk '{ v[$1, ++n[$1]] = $2 }
       END { for (k in n) { c = n[k]; printf "%-48s %10.1f ms (median of %d)\n", k, (c % 2 ? v[k, (c + 1) / 2] : (v[k, c / 2] + v[k, c / 2 + 1]) / 2), c } }' |
  sort
