#!/usr/bin/env bash
# Builds (once) the golden seeded stores and prints their directory:
#
#   $MLTUI_CACHE/seed-<hash>/mlflow.db, artifacts/, summary.json   seeded through a real mlflow server
#   $MLTUI_CACHE/seed-<hash>/fs/mlruns, fs/summary.json            file store seeded directly (--fs)
#
# usage: seeded.sh [--fs]
#
# <hash> covers seed.py, this script and the MLflow version, so editing the seed rebuilds it. The
# build happens in a temporary directory renamed into place at the end, under flock, so concurrent
# callers (parallel `go test` packages) seed once and never see half a store.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${MLTUI_CACHE:-$HOME/.cache/mltui}
mkdir -p "$CACHE"

py=$(bash "$here/setup.sh")
version=$(sed -n 's/^MLFLOW_VERSION=//p' "$here/setup.sh")
hash=$({ cat "$here/seed.py" "$here/seeded.sh"; echo "mlflow==$version"; } | sha256sum | cut -c1-16)
golden=$CACHE/seed-$hash

want_fs=0
[ "${1:-}" = "--fs" ] && want_fs=1

# Serialised per hash: concurrent callers wait here and then find the work done.
exec 9>"$CACHE/seed-$hash.lock"

build_server_seed() {
  local start tmp url
  start=$(date +%s)
  tmp=$CACHE/seed-$hash.tmp.$$
  rm -rf "$tmp" "$golden"
  mkdir -p "$tmp"
  echo "testenv/seeded.sh: seeding $golden through a temporary mlflow server (once; 1-2 minutes)" >&2
  trap 'bash "$here/server.sh" stop "'"$tmp"'" >/dev/null 2>&1 || true; rm -rf "'"$tmp"'"' EXIT
  url=$(bash "$here/server.sh" start "$tmp")
  if ! (cd "$tmp" && "$py" "$here/seed.py" "$url" --out "$tmp/summary.json" >/dev/null 2>"$tmp/seed.log"); then
    echo "testenv/seeded.sh: seeding through the server FAILED; last lines of seed.log:" >&2
    tail -n 40 "$tmp/seed.log" >&2
    exit 1
  fi
  bash "$here/server.sh" stop "$tmp"
  # The golden copy keeps only the store; the temporary server's pid/url files would mislead.
  rm -f "$tmp/server.url" "$tmp/server.pid"
  mv "$tmp/server.log" "$tmp/seed-server.log"
  touch "$tmp/.complete"
  mv "$tmp" "$golden"
  trap - EXIT
  echo "testenv/seeded.sh: server-seeded store ready in $(($(date +%s) - start)) s" >&2
}

# The file-store variant is built on demand (--fs): it costs another ~30 s that most runs don't need.
build_fs_seed() {
  local start tmp
  start=$(date +%s)
  tmp=$golden/fs.tmp.$$
  rm -rf "$tmp" "$golden/fs"
  mkdir -p "$tmp"
  echo "testenv/seeded.sh: seeding the file store $golden/fs (once; about 30 s)" >&2
  trap 'rm -rf "'"$tmp"'"' EXIT
  if ! (cd "$tmp" && MLFLOW_ALLOW_FILE_STORE=true "$py" "$here/seed.py" "file://$golden/fs/mlruns" \
    --out "$tmp/summary.json" >/dev/null 2>"$tmp/seed.log"); then
    echo "testenv/seeded.sh: seeding the file store FAILED; last lines of its seed.log:" >&2
    tail -n 40 "$tmp/seed.log" >&2
    rm -rf "$golden/fs"
    exit 1
  fi
  # The store was written in place (file:// URIs inside mlruns are absolute); the logs move in.
  mv "$tmp/summary.json" "$tmp/seed.log" "$golden/fs/"
  rm -rf "$tmp"
  touch "$golden/fs/.complete"
  trap - EXIT
  echo "testenv/seeded.sh: file store ready in $(($(date +%s) - start)) s" >&2
}

if [ ! -f "$golden/.complete" ]; then
  flock 9
  [ -f "$golden/.complete" ] || build_server_seed
  flock -u 9
fi
if [ "$want_fs" = 1 ] && [ ! -f "$golden/fs/.complete" ]; then
  flock 9
  [ -f "$golden/fs/.complete" ] || build_fs_seed
  flock -u 9
fi
echo "$golden"
