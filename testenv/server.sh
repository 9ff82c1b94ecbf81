#!/usr/bin/env bash
# Starts and stops a real `mlflow server` for tests.
#
#   server.sh start DIR [--basic-auth] [--parent-pid PID] [--backend URI] [--workers N]
#                       [--artifacts-destination DEST | --default-artifact-root URI] [--env K=V]...
#   server.sh stop DIR                                      start prints the URL
#
# start: 127.0.0.1 on a free port. By default the backend is sqlite:///DIR/mlflow.db, one worker,
# artifacts proxied (--serve-artifacts) from DIR/artifacts; --artifacts-destination proxies them
# from elsewhere (s3://bucket/prefix), --default-artifact-root URI starts with --no-serve-artifacts
# so that clients read URI themselves (the seed's "direct" mode). --env adds a variable to the
# server's environment (the object server's endpoint and keys). Writes DIR/server.pid (the process
# group id), DIR/server.url, DIR/server.log and waits for /health (3 min: four workers on
# PostgreSQL take longer than one on SQLite). --basic-auth runs the basic-auth app with its own
# users database in DIR and writes the credentials to DIR/auth.env. --parent-pid makes a watcher
# stop the server when that process dies, so a test binary killed by -timeout leaves no server behind.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

usage() {
  echo "usage: server.sh start DIR [--basic-auth] [--parent-pid PID] [--backend URI] [--workers N]" \
    "[--artifacts-destination DEST | --default-artifact-root URI] [--env K=V]... | stop DIR" >&2
  exit 2
}

free_port() {
  "$1" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# group_alive PGID: is any process of the group still running? Zombies don't count: the server is
# reparented to init once server.sh exits, and init may reap late (kill -0 succeeds on zombies).
group_alive() {
  ps -e -o pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}

# The process group is killed, not just the leader: mlflow server spawns uvicorn/gunicorn workers.
# A short grace, then KILL: nothing is lost (SQLite commits are durable) and every test pays for it.
stop_dir() {
  local dir=$1 pgid i
  [ -f "$dir/server.pid" ] || return 0
  pgid=$(cat "$dir/server.pid")
  if [ -n "$pgid" ] && group_alive "$pgid"; then
    kill -TERM -- "-$pgid" 2>/dev/null || true
    for i in $(seq 1 10); do
      group_alive "$pgid" || break
      sleep 0.2
    done
    if group_alive "$pgid"; then
      kill -KILL -- "-$pgid" 2>/dev/null || true
    fi
  fi
  rm -f "$dir/server.pid"
}

# curl with the admin's credentials, failing on HTTP errors but printing the body.
admin_post() {
  local url=$1 body=$2 out code
  out=$(curl -sS -m 30 -u "$MLTUI_TEST_ADMIN_USER:$MLTUI_TEST_ADMIN_PASSWORD" \
    -H 'Content-Type: application/json' -X POST -d "$body" -w '\n%{http_code}' "$url")
  code=${out##*$'\n'}
  if [ "${code:0:1}" != 2 ]; then
    echo "server.sh: POST $url -> $code: ${out%$'\n'*}" >&2
    return 1
  fi
}

# start_dir uses the options parsed below: basic_auth parent backend workers dest root extra_env.
start_dir() {
  local dir=$1
  local py venv port url pgid i attempt
  mkdir -p "$dir/artifacts"
  dir=$(cd "$dir" && pwd)
  stop_dir "$dir"
  py=$(bash "$here/setup.sh")
  venv=$(dirname "$(dirname "$py")")

  local -a args=(server --backend-store-uri "${backend:-sqlite:///$dir/mlflow.db}"
    --host 127.0.0.1 --workers "$workers")
  if [ -n "$root" ]; then
    args+=(--no-serve-artifacts --default-artifact-root "$root")
  else
    args+=(--serve-artifacts --artifacts-destination "${dest:-$dir/artifacts}")
  fi
  # No job runner: it forks ~8 huey consumers for GenAI scorer jobs that the tracking tests never use.
  local -a envs=(MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true GIT_PYTHON_REFRESH=quiet
    MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false "${extra_env[@]}")
  if [ "$basic_auth" = 1 ]; then
    local admin_pw reader_pw editor_pw
    admin_pw="admin-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
    reader_pw="reader-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
    editor_pw="editor-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
    rm -f "$dir/basic_auth.db"
    # 3.18 ships no default admin password: the admin is created from admin_password on first start.
    cat >"$dir/basic_auth.ini" <<EOF
[mlflow]
default_permission = READ
database_uri = sqlite:///$dir/basic_auth.db
admin_username = admin
admin_password = $admin_pw
authorization_function = mlflow.server.auth:authenticate_request_basic_auth
EOF
    cat >"$dir/auth.env" <<EOF
MLTUI_TEST_ADMIN_USER=admin
MLTUI_TEST_ADMIN_PASSWORD=$admin_pw
MLTUI_TEST_READER_USER=reader
MLTUI_TEST_READER_PASSWORD=$reader_pw
MLTUI_TEST_EDITOR_USER=editor
MLTUI_TEST_EDITOR_PASSWORD=$editor_pw
EOF
    args+=(--app-name basic-auth)
    # The auth app refuses to start without a static CSRF secret.
    envs+=(MLFLOW_AUTH_CONFIG_PATH="$dir/basic_auth.ini"
      MLFLOW_FLASK_SERVER_SECRET_KEY="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')")
  fi

  # A free port can be taken between probing and binding; retry a few times.
  for attempt in 1 2 3; do
    port=$(free_port "$py")
    url="http://127.0.0.1:$port"
    : >"$dir/server.log"
    # setsid makes the wrapper the leader of a new process group (pgid = its pid), which it keeps
    # when it execs mlflow; stdio goes to the log so callers reading our stdout are not held open.
    setsid bash -c '
      echo $$ >"$1/server.pid"
      parent=$2; shift 2
      if [ -n "$parent" ]; then
        ( while kill -0 "$parent" 2>/dev/null; do sleep 1; done; kill -TERM -- -$$ ) >/dev/null 2>&1 &
      fi
      exec env "$@"
    ' _ "$dir" "$parent" "${envs[@]}" "$venv/bin/mlflow" "${args[@]}" --port "$port" \
      </dev/null >>"$dir/server.log" 2>&1 &
    for i in $(seq 1 50); do [ -s "$dir/server.pid" ] && break; sleep 0.1; done
    pgid=$(cat "$dir/server.pid")
    for i in $(seq 1 900); do
      if curl -fsS -m 2 "$url/health" >/dev/null 2>&1; then
        echo "$url" >"$dir/server.url"
        break 2
      fi
      if ! group_alive "$pgid"; then break; fi
      sleep 0.2
    done
    stop_dir "$dir"
    if grep -qiE 'address already in use|Errno 98' "$dir/server.log" && [ "$attempt" -lt 3 ]; then
      continue
    fi
    echo "server.sh: mlflow server did not become healthy at $url (3 min); last lines of $dir/server.log:" >&2
    tail -n 40 "$dir/server.log" >&2
    exit 1
  done

  if [ "$basic_auth" = 1 ]; then
    set -a
    # shellcheck disable=SC1091
    . "$dir/auth.env"
    set +a
    # reader: default_permission=READ covers every resource, so no grant is needed.
    admin_post "$url/api/2.0/mlflow/users/create" \
      "{\"username\":\"reader\",\"password\":\"$MLTUI_TEST_READER_PASSWORD\"}" || { stop_dir "$dir"; exit 1; }
    # editor: EDIT on iris-classifier (set alias/tag allowed; deleting an alias needs MANAGE).
    admin_post "$url/api/2.0/mlflow/users/create" \
      "{\"username\":\"editor\",\"password\":\"$MLTUI_TEST_EDITOR_PASSWORD\"}" || { stop_dir "$dir"; exit 1; }
    admin_post "$url/api/3.0/mlflow/users/permissions/grant" \
      '{"username":"editor","resource_type":"registered_model","resource_id":"iris-classifier","permission":"EDIT"}' ||
      { stop_dir "$dir"; exit 1; }
  fi
  echo "$url"
}

[ $# -ge 2 ] || usage
cmd=$1 dir=$2
shift 2
case $cmd in
start)
  basic_auth=0 parent= backend= workers=1 dest= root=
  extra_env=()
  while [ $# -gt 0 ]; do
    case $1 in
    --basic-auth) basic_auth=1 ;;
    --parent-pid | --backend | --workers | --artifacts-destination | --default-artifact-root | --env)
      [ $# -ge 2 ] || usage
      case $1 in
      --parent-pid) parent=$2 ;;
      --backend) backend=$2 ;;
      --workers) workers=$2 ;;
      --artifacts-destination) dest=$2 ;;
      --default-artifact-root) root=$2 ;;
      --env) extra_env+=("$2") ;;
      esac
      shift ;;
    *) usage ;;
    esac
    shift
  done
  [ -z "$dest" ] || [ -z "$root" ] || usage
  start_dir "$dir"
  ;;
stop) stop_dir "$dir" ;;
*) usage ;;
esac
