#!/usr/bin/env python3
"""Times reading one metric's full history with the MLflow Python client, for comparison with mltui.

Usage: python_history.py TRACKING_URI RUN_ID KEY [--repeat N]

MlflowClient.get_metric_history pages through metrics/get-history (25,000 rows a page) and builds
Metric objects, as a notebook would. Prints {"points": n, "seconds": [t1, t2, ...]} as JSON; the
times exclude interpreter start-up and the mlflow import.
"""
import argparse
import json
import os
import time

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
from mlflow import MlflowClient  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument("uri")
p.add_argument("run_id")
p.add_argument("key")
p.add_argument("--repeat", type=int, default=1)
a = p.parse_args()

client = MlflowClient(tracking_uri=a.uri)
times, n = [], 0
for _ in range(a.repeat):
    t0 = time.perf_counter()
    n = len(client.get_metric_history(a.run_id, a.key))
    times.append(round(time.perf_counter() - t0, 4))
print(json.dumps({"points": n, "seconds": times}))
