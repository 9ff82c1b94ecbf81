#!/usr/bin/env python3
"""Logs a long metric history with the real MLflow client, for mltui's chart tests and benchmarks.

Usage: log_metric.py TRACKING_URI --key KEY --steps N [--spike-step S --spike-value V]
                     [--experiment NAME] [--run-name NAME] [--chunk 1000] [--run-id ID] [--status]

Values are 1 + 0.01*sin(step) (deterministic, finite), except the spike. Timestamps increase by 1 ms
per step from a fixed start (or from now with --now), so get-history's (timestamp, step) order is
step order. Batches go
through MlflowClient.log_batch in chunks (MLflow accepts at most 1000 metrics per batch). Without
--run-id a new run is created and left FINISHED; with --run-id the points are appended to that
run (it is left as it is, e.g. RUNNING). Prints {"run_id": ..., "seconds": ...} as JSON.
"""
import argparse
import json
import math
import os
import time

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import Metric  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument("uri")
p.add_argument("--key", required=True)
p.add_argument("--steps", type=int, required=True)
p.add_argument("--start-step", type=int, default=0)
p.add_argument("--spike-step", type=int, default=-1)
p.add_argument("--spike-value", type=float, default=100.0)
p.add_argument("--experiment", default="chart-bench")
p.add_argument("--run-name", default="long-history")
p.add_argument("--run-id")
p.add_argument("--chunk", type=int, default=1000)
p.add_argument("--delay", type=float, default=0.0, help="seconds to sleep between chunks (a live run)")
p.add_argument("--now", action="store_true", help="timestamps from the current time (appending to a live run)")
a = p.parse_args()

client = MlflowClient(tracking_uri=a.uri)
t0 = time.time()
if a.run_id:
    run_id = a.run_id
else:
    exp = client.get_experiment_by_name(a.experiment)
    exp_id = exp.experiment_id if exp else client.create_experiment(a.experiment)
    run_id = client.create_run(exp_id, run_name=a.run_name).info.run_id

base_ts = int(time.time() * 1000) - a.start_step if a.now else 1_700_000_000_000
for start in range(a.start_step, a.start_step + a.steps, a.chunk):
    batch = []
    for s in range(start, min(start + a.chunk, a.start_step + a.steps)):
        v = a.spike_value if s == a.spike_step else 1.0 + 0.01 * math.sin(s)
        batch.append(Metric(a.key, v, base_ts + s, s))
    client.log_batch(run_id, metrics=batch)
    if a.delay:
        time.sleep(a.delay)
if not a.run_id:
    client.set_terminated(run_id, "FINISHED")
print(json.dumps({"run_id": run_id, "seconds": round(time.time() - t0, 3)}))
