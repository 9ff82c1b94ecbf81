#!/usr/bin/env bash
# Listing benchmark on the seed's production server, with medians.
#
#   bench/runs_wide.sh [COUNT]     (default 7 repetitions)
#
# Runs BenchmarkIntegrationWideRuns (client/rest): every run of a 10,000-run experiment on
# mlflow server over PostgreSQL with --workers 4 (started and seeded by testenv through the MLflow
# Python client), listed by mltui page after page, by mltui going wide (search_concurrency 4), by
# the MLflow Python client's search_runs walk and by curl fetching the same pages, all in the same
# run. Prints each result line, the median per benchmark (time, and the CPU the server side and
# the client used) and mltui's ratios to the baselines and to the CPU floor of the machine.
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
         t = ""
         for (i = 3; i < NF; i += 2) {
           if ($(i+1) == "ns/op" && t == "") t = $i / 1e6
           # The Python walk reports its own time (start-up excluded) over its ns/op.
           if ($(i+1) == "ms-in-python/op") t = $i
           if ($(i+1) == "server-cpu-ms/op") print name, "server", $i
           if ($(i+1) == "client-cpu-ms/op") print name, "client", $i }
         print name, "time", t }' |
  sort -k1,1 -k2,2 -k3,3g |
  awk -v cores="$(nproc)" '
       { v[$1, $2, ++n[$1, $2]] = $3 }
       function med(k, w,   c) { c = n[k, w]; if (!c) return 0
         return c % 2 ? v[k, w, (c + 1) / 2] : (v[k, w, c / 2] + v[k, w, c / 2 + 1]) / 2 }
       END {
         for (kw in n) { split(kw, p, SUBSEP); names[p[1]] = 1 }
         for (k in names)
           printf "%-20s %8.1f ms  server CPU %6.0f ms  client CPU %6.0f ms  (median of %d)\n",
             k, med(k, "time"), med(k, "server"), med(k, "client"), n[k, "time"]
         py = med("python-search-runs", "time"); wide = med("mltui-wide", "time")
         if (py > 0) {
           printf "mltui-wide / python-search-runs  %.2fx\n", wide / py
           printf "mltui-pages / python-search-runs %.2fx\n", med("mltui-pages", "time") / py }
         if (med("curl-pages", "time") > 0) printf "mltui-wide / curl-pages         %.2fx\n", wide / med("curl-pages", "time")
         if (med("mltui-pages", "time") > 0) printf "mltui-wide / mltui-pages        %.2fx\n", wide / med("mltui-pages", "time")
         # What the machine allows: the CPU of a wide walk, server and client, spread over every core.
         floor = (med("mltui-wide", "server") + med("mltui-wide", "client")) / cores
         if (floor > 0) {
           printf "CPU floor of a wide walk on %d cores: %.0f ms; mltui-wide / floor %.2fx\n", cores, floor, wide / floor
           if (py > 0) printf "floor / python-search-runs       %.2fx (the lowest ratio this machine allows)\n", floor / py } }'
