#!/usr/bin/env bash
# Builds (once) and prints the path of the SeaweedFS binary that testenv/objectstore.go runs as the
# S3-compatible object server of the production-stack tests (all other output goes to stderr).
#
# SeaweedFS (Apache-2.0) is built from the Go module proxy at a pinned version and cached outside the
# checkout, in ${MLTUI_CACHE:-$HOME/.cache/mltui}/bin, like the MLflow venv. Its go.mod has replace
# directives, so `go install module@version` refuses it; the module is downloaded and built as the
# main module instead. About 7 minutes on 2 cores from an empty module cache; flock serialises
# concurrent callers and the binary appears under its final name only once the build succeeded.
set -euo pipefail

WEED_MODULE=github.com/seaweedfs/seaweedfs
# SeaweedFS 4.53 (`weed version`); the project tags releases without semver, hence a pseudo-version.
WEED_VERSION=v0.0.0-20261109003541-7506e5f91cd6

CACHE=${MLTUI_CACHE:-$HOME/.cache/mltui}
BIN=$CACHE/bin/weed-$WEED_VERSION
LOG=$CACHE/bin/weed-$WEED_VERSION.log

if [ -x "$BIN" ]; then
  echo "$BIN"
  exit 0
fi
mkdir -p "$CACHE/bin"
exec 9>"$CACHE/bin/weed.lock"
flock 9
if [ -x "$BIN" ]; then
  echo "$BIN"
  exit 0
fi
command -v go >/dev/null || { echo "testenv/weed.sh: no go on PATH to build SeaweedFS" >&2; exit 1; }
start=$(date +%s)
echo "testenv/weed.sh: building SeaweedFS $WEED_VERSION into $BIN (log: $LOG; minutes the first time)" >&2
: >"$LOG"
# Outside any module, so the download does not touch a go.mod.
dir=$(cd /tmp && GOFLAGS= go mod download -json "$WEED_MODULE@$WEED_VERSION" 2>>"$LOG" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [ -z "$dir" ] || [ ! -d "$dir/weed" ]; then
  echo "testenv/weed.sh: FAILED: go mod download $WEED_MODULE@$WEED_VERSION" >&2
  tail -n 30 "$LOG" >&2
  exit 1
fi
if ! (cd "$dir" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -o "$BIN.tmp" ./weed) >>"$LOG" 2>&1; then
  echo "testenv/weed.sh: FAILED: go build ./weed in $dir" >&2
  tail -n 30 "$LOG" >&2
  rm -f "$BIN.tmp"
  exit 1
fi
mv "$BIN.tmp" "$BIN"
echo "testenv/weed.sh: built in $(($(date +%s) - start)) s" | tee -a "$LOG" >&2
echo "$BIN"
