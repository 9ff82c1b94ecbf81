#!/usr/bin/env bash
# Listing benchmark on the seed's production server, with medians.
#
#   bench/runs_wide.sh [COUNT]     (default 7 repetitions)
#
# Runs BenchmarkIntegrationWideRuns (client/rest): every run of a 10,000-run experiment on
# mlflow server over PostgreSQL with --workers 4 (started and seeded by testenv through the MLflow
# Python client), listed by mltui page after page, by mltui going wide (search_concurrency 4), by
# the MLflow Python client's search_runs walk and by curl fetching the same pages, all in the same
# run. Prints each result line, the median per benchmark and mltui's ratios to the baselines.
# State the machine when quoting numbers (nproc, load).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-7}
. bench/lib.sh
machine
bash testenv/setup.sh >/dev/null
MLTUI_INTEGRATION=1 go test ./client/rest -run '^$' -bench 'BenchmarkIntegrationWideRuns' -benchtime 1x \
  -count "$count" -timeout 60m |
  tee >(cat >&2) |
  awk '/^BenchmarkIntegrationWideRuns/ {
         name = $1; sub(/-[0-9]+$/, "", name); sub(/^BenchmarkIntegrationWideRuns\//, "", name)
         # The Python walk reports its own time (start-up excluded); the others their ns/op.
         for (i = 3; i < NF; i += 2) if ($(i+1) == "ms-in-python/op") { print name, $i; next }
         for (i = 3; i < NF; i += 2) if ($(i+1) == "ns/op") { print name, $i / 1e6; next } }' |
  sort -k1,1 -k2,2g |
  awk '{ v[$1, ++n[$1]] = $2 }
       END {
         for (k in n) { c = n[k]; m[k] = (c % 2 ? v[k, (c + 1) / 2] : (v[k, c / 2] + v[k, c / 2 + 1]) / 2)
                        printf "%-22s %10.1f ms (median of %d)\n", k, m[k], c }
         if (m["python-search-runs"] > 0) {
           printf "mltui-wide / python-search-runs  %.2fx\n", m["mltui-wide"] / m["python-search-runs"]
           printf "mltui-pages / python-search-runs %.2fx\n", m["mltui-pages"] / m["python-search-runs"] }
         if (m["curl-pages"] > 0) printf "mltui-wide / curl-pages         %.2fx\n", m["mltui-wide"] / m["curl-pages"]
         if (m["mltui-pages"] > 0) printf "mltui-wide / mltui-pages        %.2fx\n", m["mltui-wide"] / m["mltui-pages"] }'
