"""Records system.json: one run logged with MLflow's real system metrics
monitor (psutil: CPU, memory, disk, network; 1 s sampling) on a throwaway
SQLite store, read back with the MLflow client. This machine has no GPU,
so GPU series are added with the client under MLflow's exact key names
(mlflow/system_metrics/metrics/gpu_monitor.py): GPU 0 busy, GPU 1 idle.

    python record_system.py > system.json
"""
import json
import math
import os
import sys
import tempfile
import time

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
import mlflow  # noqa: E402
from mlflow.entities import Metric  # noqa: E402

tmp = tempfile.mkdtemp()
mlflow.set_tracking_uri(f"sqlite:///{tmp}/mlflow.db")
mlflow.set_system_metrics_sampling_interval(1)
mlflow.set_system_metrics_samples_before_logging(1)
mlflow.set_experiment("gpu-box")
with mlflow.start_run(run_name="train-with-system-metrics", log_system_metrics=True) as run:
    t0 = time.time()
    step = 0
    while time.time() - t0 < 8:
        x = sum(i * i for i in range(200_000))  # keep a core busy
        mlflow.log_metric("train_loss", 1.0 / (1 + step), step=step)
        step += 1
    time.sleep(1.5)

client = mlflow.MlflowClient()
rid = run.info.run_id
cpu = client.get_metric_history(rid, "system/cpu_utilization_percentage")
gpu = []
for i, m in enumerate(sorted(cpu, key=lambda m: m.timestamp)):
    busy = 60 + 35 * math.sin(i / 2) ** 2
    gpu += [
        Metric("system/gpu_0_utilization_percentage", busy, m.timestamp, m.step),
        Metric("system/gpu_0_memory_usage_megabytes", 20000 + 500 * i, m.timestamp, m.step),
        Metric("system/gpu_0_memory_usage_percentage", (20000 + 500 * i) / 81559 * 100, m.timestamp, m.step),
        Metric("system/gpu_0_power_usage_watts", 250 + busy, m.timestamp, m.step),
        Metric("system/gpu_0_power_usage_percentage", (250 + busy) / 700 * 100, m.timestamp, m.step),
        Metric("system/gpu_1_utilization_percentage", 0.0, m.timestamp, m.step),
        Metric("system/gpu_1_memory_usage_megabytes", 4.0, m.timestamp, m.step),
        Metric("system/gpu_1_power_usage_watts", 61.5, m.timestamp, m.step),
    ]
client.log_batch(rid, metrics=gpu)

r = client.get_run(rid)
out = {
    "run_id": rid,
    "run_name": r.info.run_name,
    "experiment_id": r.info.experiment_id,
    "status": r.info.status,
    "start_time": r.info.start_time,
    "end_time": r.info.end_time,
    "metrics": {k: v for k, v in r.data.metrics.items()},
    "history": {
        k: [[m.step, m.timestamp, m.value] for m in client.get_metric_history(rid, k)]
        for k in r.data.metrics
    },
}
json.dump(out, sys.stdout, indent=1, sort_keys=True)
