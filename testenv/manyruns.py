#!/usr/bin/env python3
"""Many runs in one experiment, written and read with the real MLflow Python client.

Usage:
  manyruns.py seed   TRACKING_URI --experiment NAME --runs N     (prints {"experiment_id", "runs", "seconds"})
  manyruns.py walk   TRACKING_URI --experiment-id ID [--order-by X]... [--filter F] [--repeat N]
                                                                 (prints {"run_ids": [...], "seconds": [...]})
  manyruns.py insert TRACKING_URI --experiment-id ID --stop FILE --count FILE
  manyruns.py create TRACKING_URI --experiment-id ID --name NAME   (one run, start time now)

seed: N runs created with MlflowClient.create_run from 16 threads. Start times are fixed and in
the past, three runs to each millisecond (so ordering ties are real), with tags group=a|b and a
metric "score". The server's own order decides where each lands.

walk: MlflowClient.search_runs page after page by token (1,000 a page, the client's default), as a
notebook lists an experiment; the times exclude interpreter start-up and the mlflow import.

insert: creates runs with the client's default start time (now), one after another, until FILE
--stop exists; after each run it rewrites --count with how many it made, so a test can see that
runs arrived while it walked.
"""
import argparse
import concurrent.futures
import json
import os
import time

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import Metric  # noqa: E402

# 2026-01-01T00:00:00Z: every seeded run starts before any run the inserter makes.
BASE_MS = 1767225600000


def seed(client, a):
    exp = client.create_experiment(a.experiment)

    def one(i):
        run = client.create_run(exp, start_time=BASE_MS + i // 3, run_name=f"run-{i:05d}",
                                tags={"group": "ab"[i % 2]})
        client.log_batch(run.info.run_id, metrics=[Metric("score", (i * 7919) % 1000 / 10, BASE_MS + i // 3, 0)])
        return run.info.run_id

    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        ids = list(pool.map(one, range(a.runs)))
    print(json.dumps({"experiment_id": exp, "runs": len(ids), "seconds": round(time.perf_counter() - t0, 2)}))


def walk(client, a):
    times, ids = [], []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        ids, token = [], None
        while True:
            page = client.search_runs([a.experiment_id], filter_string=a.filter or "", order_by=a.order_by or None,
                                      max_results=1000, page_token=token)
            ids.extend(r.info.run_id for r in page)
            token = page.token
            if not token:
                break
        times.append(round(time.perf_counter() - t0, 4))
    print(json.dumps({"run_ids": ids, "seconds": times}))


def insert(client, a):
    n = 0
    while not os.path.exists(a.stop):
        client.create_run(a.experiment_id, tags={"group": "a"}, run_name=f"late-{n}")
        n += 1
        tmp = a.count + ".tmp"
        with open(tmp, "w") as f:
            f.write(str(n))
        os.replace(tmp, a.count)


def create(client, a):
    client.create_run(a.experiment_id, run_name=a.name)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["seed", "walk", "insert", "create"])
    ap.add_argument("tracking_uri")
    ap.add_argument("--experiment")
    ap.add_argument("--experiment-id")
    ap.add_argument("--runs", type=int, default=10000)
    ap.add_argument("--order-by", action="append")
    ap.add_argument("--filter")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--stop")
    ap.add_argument("--count")
    ap.add_argument("--name")
    a = ap.parse_args()
    client = MlflowClient(tracking_uri=a.tracking_uri)
    {"seed": seed, "walk": walk, "insert": insert, "create": create}[a.command](client, a)


if __name__ == "__main__":
    main()
