#!/usr/bin/env bash
# Creates (or reuses) the virtualenv holding the pinned MLflow used by the integration tests and
# prints its python path on stdout (all other output goes to stderr).
#
# The venv lives outside the checkout, in ${MLTUI_CACHE:-$HOME/.cache/mltui}, so fresh clones and CI
# runs reuse it. A marker file is written only after every step succeeded, so an interrupted or
# failed install is redone from scratch next time. flock serialises concurrent callers.
set -euo pipefail

MLFLOW_VERSION=3.18.0
# mlflow's "auth" extra (Flask-WTF) is needed by `mlflow server --app-name basic-auth`.
MLFLOW_SPEC="mlflow[auth]==$MLFLOW_VERSION"
# Seed extras: scikit-learn (iris models), pandas comes with mlflow. No torch: curves are synthetic.
EXTRA_PKGS=(scikit-learn)
# mlflow==3.18.0 pins mlflow-skinny==3.18.0 and mlflow-tracing==3.18.0, but when this was written PyPI
# had only published mlflow 3.18.0 itself (skinny/tracing stopped at 3.17.2). The mlflow wheel is a
# superset of both (checked file by file on 3.17.2), so the fallback installs it with --no-deps plus
# the dependencies skinny/tracing 3.17.2 declare. It is used only when the normal install fails.
SKINNY_DEPS=(
  'anyio!=4.15.0,<5,>=3.6.2' 'cachetools<8,>=5.0.0' 'click<9,>=7.0' 'cloudpickle<4'
  'databricks-sdk<1,>=0.20.0' 'fastapi<1' 'gitpython<4,>=3.1.9' 'importlib_metadata!=4.7.0,<10,>=3.7.0'
  'opentelemetry-api<3,>=1.9.0' 'opentelemetry-proto<3,>=1.9.0' 'opentelemetry-sdk<3,>=1.9.0'
  'packaging<27' 'protobuf<8,>=3.12.0' 'pydantic<3,>=2.0.0' 'python-dotenv<2,>=0.19.0' 'pyyaml<7,>=5.1'
  'requests<3,>=2.17.3' 'sqlparse<1,>=0.4.0' 'starlette<2' 'typing-extensions<5,>=4.0.0' 'uvicorn<1'
)

CACHE=${MLTUI_CACHE:-$HOME/.cache/mltui}
VENV=$CACHE/venv-mlflow-$MLFLOW_VERSION
MARKER=$VENV/.mltui-installed
LOG=$CACHE/setup-mlflow-$MLFLOW_VERSION.log
mkdir -p "$CACHE"

# System packages some tests need, installed where missing and we may (root with apt-get), else
# said once; those tests then fail loudly (or, for sshd, fall back to a pty). A policy-rc.d for the
# length of the install keeps apt from starting the services (sshd, postgresql): the tests run
# private instances of their own.
#   need_package PACKAGE "what it is for" "what happens without it" CHECK-COMMAND...
need_package() {
  local pkg=$1 why=$2 without=$3 policy=/usr/sbin/policy-rc.d ours=
  shift 3
  "$@" && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "testenv/setup.sh: $pkg is not installed ($why); $without" >&2
    return 0
  fi
  echo "testenv/setup.sh: installing $pkg ($why; its service is not started)" >&2
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && ours=1
    trap 'rm -f "$policy"' EXIT
  fi
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg"; } >&2 ||
    echo "testenv/setup.sh: could not install $pkg; $without" >&2
  if [ -n "$ours" ]; then rm -f "$policy"; trap - EXIT; fi
}

has_command() { command -v "$1" >/dev/null 2>&1; }
# Debian keeps the PostgreSQL server binaries in /usr/lib/postgresql/N/bin, off PATH.
has_pg_server() { has_command initdb || compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }
has_sshd() { has_command sshd || [ -x /usr/sbin/sshd ]; }

need_package tmux "the real-terminal tests drive the binary in it" "those tests will fail" has_command tmux
need_package openssh-server "the SSH hang-up test runs a private sshd" "that test falls back to a pty" has_sshd
need_package openssh-client "the serve --ssh test drives ssh -tt in tmux" "that test will fail" has_command ssh
need_package postgresql "testenv/postgres.go runs a private cluster" "the PostgreSQL tests will fail" has_pg_server

# Base interpreter: MLTUI_PYTHON, else python3 (mlflow 3.18 needs >= 3.10).
PY=${MLTUI_PYTHON:-python3}

want_marker() { printf '%s %s\n' "$MLFLOW_SPEC" "${EXTRA_PKGS[*]}"; }

# Add-ons of the production-stack tests, installed as a separate step with their own marker, so a venv
# cached before they existed gains them without being rebuilt (a full reinstall removes the venv and
# with it this marker): psycopg2 is the PostgreSQL driver of `mlflow server --backend-store-uri
# postgresql://...`; boto3 is how the server (proxied mode) and the Python client (direct mode) reach
# S3-compatible artifact stores; psutil is what mlflow.enable_system_metrics_logging() samples CPU,
# memory, disk and network with (the system-metrics seed run).
ADDON_SPECS=(psycopg2-binary==2.9.10 boto3==1.44.18 psutil==7.2.2)
ADDON_MARKER=$VENV/.mltui-addons

addons_installed() { [ -f "$ADDON_MARKER" ] && [ "$(cat "$ADDON_MARKER")" = "${ADDON_SPECS[*]}" ]; }

# Called with the lock held, once the mlflow install is in place.
ensure_addons() {
  addons_installed && return 0
  echo "testenv/setup.sh: installing ${ADDON_SPECS[*]} into $VENV (log: $LOG)" >&2
  if ! { "$VENV/bin/python" -m pip install "${ADDON_SPECS[@]}" &&
    "$VENV/bin/python" -c 'import psycopg2, boto3'; } >>"$LOG" 2>&1; then
    echo "testenv/setup.sh: FAILED: pip install ${ADDON_SPECS[*]}" >&2
    echo "---- last lines of $LOG ----" >&2
    tail -n 30 "$LOG" >&2 || true
    exit 1
  fi
  echo "${ADDON_SPECS[*]}" >"$ADDON_MARKER"
}

installed() {
  [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$(want_marker)" ] && [ -x "$VENV/bin/python" ] &&
    "$VENV/bin/python" -c 'import sys, importlib.metadata as m; sys.exit(m.version("mlflow") != sys.argv[1])' \
      "$MLFLOW_VERSION" 2>/dev/null
}

if installed && addons_installed; then
  echo "$VENV/bin/python"
  exit 0
fi

exec 9>"$CACHE/setup.lock"
flock 9
# Another caller may have finished while we waited for the lock.
if installed; then
  ensure_addons
  echo "$VENV/bin/python"
  exit 0
fi

fail() {
  echo "testenv/setup.sh: FAILED: $*" >&2
  echo "---- last lines of $LOG ----" >&2
  tail -n 30 "$LOG" >&2 || true
  exit 1
}

start=$(date +%s)
echo "testenv/setup.sh: installing $MLFLOW_SPEC ${EXTRA_PKGS[*]} into $VENV (log: $LOG)" >&2
: >"$LOG"
rm -rf "$VENV"
command -v "$PY" >/dev/null || fail "no Python interpreter '$PY' (set MLTUI_PYTHON to a Python >= 3.10)"
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 10))' || fail "$PY is older than Python 3.10"
"$PY" -m venv "$VENV" >>"$LOG" 2>&1 || fail "python -m venv"
VPY=$VENV/bin/python
"$VPY" -m pip install --upgrade pip >>"$LOG" 2>&1 || fail "pip upgrade"

if "$VPY" -m pip install "$MLFLOW_SPEC" "${EXTRA_PKGS[@]}" >>"$LOG" 2>&1; then
  echo "normal install" >>"$LOG"
elif grep -qE "No matching distribution found for mlflow-(skinny|tracing)==$MLFLOW_VERSION" "$LOG"; then
  echo "testenv/setup.sh: mlflow-skinny/tracing==$MLFLOW_VERSION not on the index; installing the full mlflow wheel with --no-deps (see setup.sh)" >&2
  "$VPY" -m pip install --no-deps "mlflow==$MLFLOW_VERSION" >>"$LOG" 2>&1 || fail "pip install --no-deps mlflow"
  # mlflow's own requirements plus the auth extra (markers evaluated, the missing split packages
  # dropped).
  mapfile -t own < <("$VPY" - <<'EOF'
import importlib.metadata as md
try:
    from packaging.requirements import Requirement
except ImportError:  # a fresh venv has no packaging yet; pip vendors it
    from pip._vendor.packaging.requirements import Requirement
for r in md.requires("mlflow") or []:
    req = Requirement(r)
    if req.name in ("mlflow-skinny", "mlflow-tracing"):
        continue
    if req.marker is not None and not any(req.marker.evaluate({"extra": x}) for x in ("", "auth")):
        continue
    print(str(req).split(";")[0].strip())
EOF
  ) || fail "reading mlflow requirements"
  [ "${#own[@]}" -gt 5 ] || fail "could not read mlflow's requirements"
  "$VPY" -m pip install "${own[@]}" "${SKINNY_DEPS[@]}" "${EXTRA_PKGS[@]}" >>"$LOG" 2>&1 ||
    fail "pip install of mlflow dependencies"
else
  fail "pip install $MLFLOW_SPEC ${EXTRA_PKGS[*]}"
fi

"$VPY" -c 'import sys, flask_wtf, matplotlib, mlflow, sklearn, mlflow.server, mlflow.sklearn; sys.exit(mlflow.__version__ != sys.argv[1])' \
  "$MLFLOW_VERSION" >>"$LOG" 2>&1 || fail "import check"
"$VENV/bin/mlflow" --version >>"$LOG" 2>&1 || fail "mlflow --version"
want_marker >"$MARKER"
ensure_addons
echo "testenv/setup.sh: installed in $(($(date +%s) - start)) s" | tee -a "$LOG" >&2
echo "$VPY"
