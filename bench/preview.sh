#!/usr/bin/env bash
# Artifact preview benchmark on a real mlflow server's artifact proxy, with medians.
#
#   bench/preview.sh [COUNT]     (default 7 repetitions)
#
# Runs BenchmarkIntegrationPreview (views/artifacts): mltui's time to the first preview of a 1 MB
# text file and of a 2 MB PNG (read, decoded, drawn as half blocks), beside the MLflow Python
# client's download_artifacts of the same files (its own timing: start-up and import left out)
# and curl's, in the same run; and mltui's memory while previewing a 200 MB log (B/op). State the
# machine when quoting numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-7}
. bench/lib.sh
machine
bash testenv/setup.sh >/dev/null
MLTUI_INTEGRATION=1 go test ./views/artifacts -run '^$' -bench 'BenchmarkIntegrationPreview' -benchtime 1x \
  -count "$count" -timeout 60m |
  tee >(cat >&2) |
  awk '/^BenchmarkIntegrationPreview\// {
         name = $1; sub(/-[0-9]+$/, "", name); sub(/^BenchmarkIntegrationPreview\//, "", name)
         for (i = 3; i < NF; i += 2) if ($(i+1) == "B/op") print name "-B/op", $i
         for (i = 3; i < NF; i += 2) if ($(i+1) == "ms-in-python/op") { print name, $i; next }
         for (i = 3; i < NF; i += 2) if ($(i+1) == "ns/op") { print name, $i / 1e6; next } }' |
  sort -k1,1 -k2,2g |
  awk '{ v[$1, ++n[$1]] = $2 }
       END {
         for (k in n) { c = n[k]; m[k] = (c % 2 ? v[k, (c + 1) / 2] : (v[k, c / 2] + v[k, c / 2 + 1]) / 2)
                        if (k ~ /B\/op$/) printf "%-24s %10.0f B (median of %d)\n", k, m[k], c
                        else printf "%-24s %10.1f ms (median of %d)\n", k, m[k], c }
         split("text-1MB png-2MB", f, " ")
         for (i in f) {
           if (m["python-" f[i]] > 0) printf "mltui / python %-9s %.2fx\n", f[i], m["mltui-" f[i]] / m["python-" f[i]]
           if (m["curl-" f[i]] > 0) printf "mltui / curl   %-9s %.2fx\n", f[i], m["mltui-" f[i]] / m["curl-" f[i]] } }'
