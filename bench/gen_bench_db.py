"""Builds the SQLite store for bench/local_stores.sh: one experiment with 10,000 runs (10 metrics
with 5 steps each, 5 params, 3 tags) and one run holding a 1,000,000-point metric history.

    gen_bench_db.py PATH.db

MLflow's own SqlAlchemyStore creates the database (its migrations, its schema) and the experiment;
the rows are then bulk-inserted through MLflow's SQLAlchemy models (SqlRun, SqlMetric,
SqlLatestMetric, SqlParam, SqlTag) in large batches. Logging 1.5 million points one log_batch at a
time would take hours on a 2-core box; the rows written are the ones log_batch would write, with
latest_metrics filled as _update_latest_metrics_if_necessary does. Prints "EXPERIMENT_ID BIG_RUN_ID".
"""
import os
import random
import sys
import time
import uuid

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

from sqlalchemy import insert  # noqa: E402

from mlflow.store.tracking.dbmodels.models import (  # noqa: E402
    SqlLatestMetric,
    SqlMetric,
    SqlParam,
    SqlRun,
    SqlTag,
)
from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore  # noqa: E402

RUNS, METRICS, STEPS, BIG = 10_000, 10, 5, 1_000_000
path = os.path.abspath(sys.argv[1])
store = SqlAlchemyStore("sqlite:///" + path, os.path.join(os.path.dirname(path), "artifacts"))
exp_id = store.create_experiment("bench-10k")
rng = random.Random(7)
t0 = int(time.time() * 1000) - 30 * 86400_000


def chunks(rows, n=20_000):
    for i in range(0, len(rows), n):
        yield rows[i:i + n]


def put(session, model, rows):
    for c in chunks(rows):
        session.execute(insert(model), c)


with store.ManagedSessionMaker(read_only=False) as s:
    runs, metrics, latest, params, tags = [], [], [], [], []
    for i in range(RUNS):
        rid = uuid.uuid4().hex
        start = t0 + i * 60_000
        runs.append(dict(run_uuid=rid, name=f"run-{i:05d}", source_type="LOCAL", source_name="", entry_point_name="",
                         user_id="bench", status="FINISHED", start_time=start, end_time=start + 50_000,
                         source_version="", lifecycle_stage="active", artifact_uri=f"file:///bench/{rid}/artifacts",
                         experiment_id=int(exp_id)))
        for m in range(METRICS):
            v = 0.0
            for step in range(STEPS):
                v = rng.random()
                metrics.append(dict(key=f"metric_{m}", value=v, timestamp=start + step * 1000, step=step,
                                    is_nan=False, run_uuid=rid))
            latest.append(dict(key=f"metric_{m}", value=v, timestamp=start + (STEPS - 1) * 1000, step=STEPS - 1,
                               is_nan=False, run_uuid=rid))
        for p in range(5):
            params.append(dict(key=f"param_{p}", value=str(rng.randint(1, 1000)), run_uuid=rid))
        tags += [dict(key="mlflow.runName", value=f"run-{i:05d}", run_uuid=rid),
                 dict(key="mlflow.user", value="bench", run_uuid=rid),
                 dict(key="group", value=f"g{i % 10}", run_uuid=rid)]
    big = uuid.uuid4().hex
    runs.append(dict(run_uuid=big, name="big-history", source_type="LOCAL", source_name="", entry_point_name="",
                     user_id="bench", status="FINISHED", start_time=t0 - 1, end_time=t0 + BIG,
                     source_version="", lifecycle_stage="active", artifact_uri=f"file:///bench/{big}/artifacts",
                     experiment_id=0))
    put(s, SqlRun, runs)
    put(s, SqlMetric, metrics)
    put(s, SqlLatestMetric, latest)
    put(s, SqlParam, params)
    put(s, SqlTag, tags)
    hist = [dict(key="loss", value=1.0 / (1 + step) + rng.random() * 1e-3, timestamp=t0 + step, step=step,
                 is_nan=False, run_uuid=big) for step in range(BIG)]
    put(s, SqlMetric, hist)
    last = hist[-1]
    put(s, SqlLatestMetric, [last])

print(exp_id, big)
