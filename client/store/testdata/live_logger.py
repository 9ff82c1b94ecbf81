"""Logs one metric to a local MLflow store the way a training loop does, and says on stdout when
each point is written, so a test can time how fast mltui sees it.

    live_logger.py TRACKING_URI STEPS INTERVAL_SECONDS

Prints "ready RUN_ID" once the run exists, then "logged STEP UNIX_MS" after each log_metric returns,
then "done".
"""
import os
import sys
import time

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

import mlflow  # noqa: E402

uri, steps, interval = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
mlflow.set_tracking_uri(uri)
mlflow.set_experiment("live")
with mlflow.start_run(run_name="live-run") as run:
    mlflow.log_param("lr", "0.01")
    mlflow.log_metric("loss", 10.0, step=0)
    print("ready", run.info.run_id, flush=True)
    for i in range(1, steps + 1):
        time.sleep(interval)
        mlflow.log_metric("loss", 10.0 / (i + 1), step=i)
        print("logged", i, int(time.time() * 1000), flush=True)
print("done", flush=True)
