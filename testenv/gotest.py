#!/usr/bin/env python3
"""Runs `go test -json ARGS...`, keeps the raw event stream in a log file and prints a readable
summary: one line per package, the full output of every failed test, and every skipped test with
its reason. Exits with go test's status.

    gotest.py --log FILE [go test args...]

`make test` uses it so .ci/run can prove from FILE that no integration test was skipped.
"""

import json
import os
import subprocess
import sys

SKIP_MARKER = "MLTUI-INTEGRATION-SKIPPED"


def main():
    args = sys.argv[1:]
    if len(args) < 2 or args[0] != "--log":
        sys.exit("usage: gotest.py --log FILE [go test args...]")
    log_path, go_args = args[1], args[2:]
    os.makedirs(os.path.dirname(os.path.abspath(log_path)), exist_ok=True)

    outputs = {}  # (pkg, test) -> [lines]
    counts = {"pass": 0, "fail": 0, "skip": 0}
    skipped = []  # (pkg, test, reason)
    failed = []
    pkgs = {"ok": 0, "FAIL": 0}
    proc = subprocess.Popen(["go", "test", "-json", *go_args], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, bufsize=1)
    with open(log_path, "w") as log:
        for line in proc.stdout:
            log.write(line)
            log.flush()
            try:
                ev = json.loads(line)
            except ValueError:
                print(line, end="")  # not an event: go's own messages
                continue
            act, pkg, test = ev.get("Action"), ev.get("Package", ""), ev.get("Test", "")
            if act == "build-output":
                print(ev.get("Output", ""), end="")
            elif act == "output":
                outputs.setdefault((pkg, test), []).append(ev.get("Output", ""))
            elif act in ("pass", "fail", "skip") and test:
                counts[act] += 1
                out = outputs.pop((pkg, test), [])
                if act == "fail":
                    failed.append(f"{pkg} {test}")
                    print(f"--- FAIL: {pkg} {test} ({ev.get('Elapsed', 0):.2f}s)")
                    for o in out:
                        if not o.startswith(("=== RUN", "=== PAUSE", "=== CONT", "=== NAME")):
                            print("    " + o, end="" if o.endswith("\n") else "\n")
                elif act == "skip":
                    reason = " ".join(o.strip() for o in out
                                      if not o.startswith(("=== ", "--- SKIP"))).strip()
                    skipped.append((pkg, test, reason))
            elif act in ("pass", "fail", "skip") and not test:
                out = outputs.pop((pkg, ""), [])
                el = ev.get("Elapsed", 0)
                if act == "pass":
                    pkgs["ok"] += 1
                    print(f"ok   {pkg}\t{el:.1f}s")
                elif act == "skip":
                    print(f"?    {pkg}\t[no test files]")
                else:
                    pkgs["FAIL"] += 1
                    # Package-level output: panics, timeouts, TestMain failures, build errors.
                    for o in out:
                        if not o.startswith(("=== RUN", "--- FAIL", "FAIL", "=== ")) and o.strip():
                            print("    " + o, end="" if o.endswith("\n") else "\n")
                    print(f"FAIL {pkg}\t{el:.1f}s")
    rc = proc.wait()

    print()
    print(f"packages: {pkgs['ok']} ok, {pkgs['FAIL']} failed  (log: {log_path})")
    # Alone on its line, in the plain "N passed, N failed" form that CI readers look for.
    print(f"tests: {counts['pass']} passed, {counts['fail']} failed, {counts['skip']} skipped")
    if skipped:
        print("skipped:")
        for pkg, test, reason in skipped:
            print(f"  {pkg} {test}: {reason[:300]}")
    loud = [s for s in skipped if SKIP_MARKER in s[2] or s[1].split("/")[0].startswith("TestIntegration")]
    if loud:
        print(f"\n!!! {len(loud)} INTEGRATION TEST(S) SKIPPED: they did not run against MLflow !!!")
    if failed:
        print("failed:")
        for f in failed:
            print("  " + f)
    sys.exit(rc)


if __name__ == "__main__":
    main()
