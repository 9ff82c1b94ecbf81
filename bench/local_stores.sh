#!/usr/bin/env bash
# Local SQLite store vs a real mlflow server on the same database, with medians.
#
#   bench/local_stores.sh [COUNT]     (default 3 repetitions; the REST history alone takes minutes per run)
#
# Builds (once, cached in $MLTUI_CACHE/bench-local) a database with 10,000 runs of 10 metrics and
# one 1,000,000-point history (bench/gen_bench_db.py: MLflow's SqlAlchemyStore creates it, rows are
# bulk-inserted through MLflow's SQLAlchemy models), starts `mlflow server` on it
# (testenv/server.sh), and runs in the same process the same queries through client/sqlstore and
# through the REST client: open + list all runs, a filtered page, the full history, the sampled
# history. Also the idle ChangeStamp poll of both local stores. State the machine with the numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-3}
cache=${MLTUI_CACHE:-$HOME/.cache/mltui}
dir=$cache/bench-local
py=$(bash testenv/setup.sh)
. bench/lib.sh
machine
mkdir -p "$dir"
if [ ! -s "$dir/ids.txt" ] || [ ! -s "$dir/mlflow.db" ]; then
  rm -f "$dir/mlflow.db" "$dir/ids.txt"
  echo "building $dir/mlflow.db (a few minutes)…" >&2
  MLFLOW_DISABLE_TELEMETRY=true "$py" bench/gen_bench_db.py "$dir/mlflow.db" >"$dir/ids.txt.tmp"
  mv "$dir/ids.txt.tmp" "$dir/ids.txt"
fi
read -r exp run <"$dir/ids.txt"
url=$(bash testenv/server.sh start "$dir" | tail -n1)
trap 'bash testenv/server.sh stop "$dir" >/dev/null 2>&1 || true' EXIT
median() {
  # stdin: "name value unit" lines; prints the median per name and unit (python3: mawk has no asort).
  python3 -c '
import sys, statistics, collections
v = collections.defaultdict(list)
for line in sys.stdin:
    name, val, unit = line.split()
    v[(name, unit)].append(float(val))
for (name, unit), xs in sorted(v.items()):
    print(f"{name:<58} {statistics.median(xs):16.1f} {unit} (median of {len(xs)}, min {min(xs):.1f}, max {max(xs):.1f})")
'
}
run() {
  local pkg=$1 pat=$2 time=$3
  MLTUI_BENCH_DB=$dir/mlflow.db MLTUI_BENCH_URL=$url MLTUI_BENCH_EXP=$exp MLTUI_BENCH_RUN=$run \
    go test "$pkg" -run '^$' -bench "$pat" -benchtime "$time" -count "$count" -timeout 60m |
    tee >(cat >&2) |
    awk '/^Benchmark/ {for (i=3; i<NF; i+=2) print $1, $i, $(i+1)}' | median
}
run ./client/store 'BenchmarkCompare' 1x
run ./client/sqlstore 'BenchmarkChangeStampIdle' 1s
run ./client/filestore 'BenchmarkChangeStampIdle' 1s
