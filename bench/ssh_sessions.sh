#!/usr/bin/env bash
# 20 concurrent SSH sessions on one `mltui serve --ssh` (127.0.0.1), with medians.
#
#   bench/ssh_sessions.sh [COUNT]     (default 5 repetitions)
#
# Runs BenchmarkIntegrationSSHSessions (sshserve): the real binary serves the demo store to 20
# golang.org/x/crypto/ssh clients, each with a PTY (xterm-256color, 80x24) read continuously.
# With all 20 drawn: the server's RSS per session ((rss20 - rss0) / 20, rss0 after one session
# opened and closed), its CPU over 10 s while nobody types (% of one core), the bytes each idle
# session receives a second, and the bytes one session receives per key (j and k alternately, 40
# keys, each counted until 150 ms pass without a byte), beside the same keys on the same binary
# run as the plain dashboard on a local PTY of the same size. "clean" leaves out the status bar's
# "refreshed Ns ago" second when a key's frame happened to carry it. About two minutes a
# repetition. State the machine (and what else runs) when quoting numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-5}
. bench/lib.sh
machine
MLTUI_INTEGRATION=1 go test ./sshserve -run '^$' -bench '^BenchmarkIntegrationSSHSessions$' -benchtime 1x \
  -count "$count" -timeout 60m |
  tee >(cat >&2) |
  awk '/^BenchmarkIntegrationSSHSessions/ { for (i = 5; i < NF; i += 2) print $(i+1), $i }' |
  sort -k1,1 -k2,2g |
  awk '{ v[$1, ++n[$1]] = $2 }
       END {
         split("MiB-per-session rss0-MiB rss20-MiB all-drawn-s idle-cpu-% idle-bytes/s-per-session " \
               "bytes-per-key-ssh bytes-per-key-ssh-p90 bytes-per-key-ssh-clean key-frames-with-status-ssh-% " \
               "bytes-per-key-local bytes-per-key-local-p90 bytes-per-key-local-clean key-frames-with-status-local-%", u, " ")
         for (k in n) { c = n[k]; m[k] = (c % 2 ? v[k, (c + 1) / 2] : (v[k, c / 2] + v[k, c / 2 + 1]) / 2) }
         for (i = 1; i in u; i++) if (u[i] in n) printf "%-32s %10.2f (median of %d)\n", u[i], m[u[i]], n[u[i]]
         if (m["bytes-per-key-local"] > 0)
           printf "%-32s %10.3fx\n", "bytes per key ssh / local", m["bytes-per-key-ssh"] / m["bytes-per-key-local"]
         if (m["bytes-per-key-local-clean"] > 0)
           printf "%-32s %10.3fx\n", "clean ssh / local", m["bytes-per-key-ssh-clean"] / m["bytes-per-key-local-clean"] }'
