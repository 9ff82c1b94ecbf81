#!/usr/bin/env python3
"""Records the seed's mnist-mlp epoch curves for the chart screen's golden tests.

Usage: record_mnist.py SEED_DIR > mnist.json   (SEED_DIR from testenv/seeded.sh)

Reads a copy of SEED_DIR/mlflow.db with the real MLflow client and writes the finished optimiser
runs, the RUNNING run and the NaN run with the full history of their epoch metrics, as
get-history returns them. Values are deterministic (seeded); IDs and times are whatever the seed
made.
"""
import json, os, shutil, sys, tempfile

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
from mlflow import MlflowClient  # noqa: E402

seed = sys.argv[1]
summary = json.load(open(os.path.join(seed, "summary.json")))
tmp = tempfile.mkdtemp()
shutil.copy(os.path.join(seed, "mlflow.db"), tmp)
client = MlflowClient(tracking_uri="sqlite:///" + os.path.join(tmp, "mlflow.db"))
roles = ["mnist_adam", "mnist_adamw_cosine", "mnist_sgd", "mnist_sgd_momentum", "running_run", "nan_run"]
out = {"runs": []}
for role in roles:
    run = client.get_run(summary["runs"][role])
    hist = {}
    for key in ["train_loss", "val_loss", "val_accuracy", "lr"]:
        hist[key] = [
            {"step": m.step, "timestamp": m.timestamp, "value": m.value if m.value == m.value else "NaN"}
            for m in client.get_metric_history(run.info.run_id, key)
        ]
    out["runs"].append({
        "role": role,
        "run_id": run.info.run_id,
        "run_name": run.info.run_name,
        "status": run.info.status,
        "start_time": run.info.start_time,
        "metrics": sorted(run.data.metrics),
        "history": hist,
    })
shutil.rmtree(tmp)
json.dump(out, sys.stdout, indent=None, separators=(",", ":"))
