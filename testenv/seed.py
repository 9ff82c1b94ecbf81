#!/usr/bin/env python3
"""Deterministic test data for mltui, written with the real MLflow Python client.

Usage: seed.py TRACKING_URI [--small] [--artifact-root DIR] [--out summary.json]

TRACKING_URI may be a server URL (http://127.0.0.1:PORT), a SQLite URI (sqlite:////abs/mlflow.db) or a
file store (file:///abs/mlruns; needs MLFLOW_ALLOW_FILE_STORE=true, which this script sets).

Values are deterministic (fixed seeds); IDs and wall-clock times are not (MLflow makes them). The JSON
summary printed on stdout (and written to --out) names every interesting run by role so tests never
search by name.

What is in the store (and why):
  iris-classification  RandomForest on iris as in the seed article (split test_size=0.2, random_state=42,
                       stratified). Six runs, five registered as iris-classifier v1..v5:
                         v1 rf-baseline-v1   100/5/2 gini     acc 0.933 f1 0.933  PASS  approved
                         v2 rf-small         10/2/2 gini      acc 0.933 f1 0.933  PASS  approved, stage Production
                         v3 rf-unbounded     200/None/2 gini  acc 0.900 f1 0.900  PASS (acc exactly 0.90: the
                                                              >= boundary)        approved, alias champion
                         v4 rf-entropy-mss4  100/5/4 entropy  acc 0.967 f1 0.967  PASS  no approval_status yet,
                                                              alias challenger; beats v3's f1 by 0.067
                         v5 rf-stump         10/1/2 gini      acc 0.667 f1 0.556  FAIL both gates, rejected
                       Gates (seed article's model_approval_workflow): accuracy >= 0.90, f1_macro >= 0.85.
                       A sixth run (rf-entropy-50) logs a model that is never registered.
  mnist-mlp            Synthetic 60-epoch curves (train_loss, val_loss, val_accuracy, lr) for four
                       optimisers, nested param keys (optimizer/name ...), a RUNNING run, a FAILED run
                       whose loss diverges to +Inf, a run with NaN values, a deleted run, and a parent
                       run "sweep" with three nested children. Registered model mnist-mlp v1, v2.
  hparam-sweep         A real grid search (seed_sweep): a one-hidden-layer numpy MLP (tanh, sigmoid, plain
                       minibatch SGD) trained for 15 epochs on a fixed two-moons set (512 train, 256 val)
                       for lr {0.01, 0.1, 1} x batch_size {32, 64, 128} x hidden {4, 16, 64} x seed
                       {0, 1, 2}: 81 FINISHED runs tagged sweep=grid-1, params as strings ("0.01", "1"),
                       curves train_loss, val_loss, val_accuracy at steps 1..15 (step = epoch). The step
                       size is lr * batch_size / 64 (linear scaling), so lr explains ~80% of the final
                       val_loss variance, hidden ~13%, batch_size and seed almost nothing (seeds give the
                       spread within a group). One run diverges: lr=1 batch_size=32 hidden=64 seed=2
                       (role sweep_diverged) gets NaN weights at epoch 9 (a simulated overflow), so its
                       losses and accuracy are NaN from step 9 on and its latest val_loss is NaN.
                       Plus run "checkpointed" (role checkpoint_run; no sweep tag, same four params:
                       lr=0.1 batch_size=64 hidden=16 seed=0): the same training with the fluent API, a
                       pyfunc LoggedModel checkpoint-N logged at steps 5, 10 and 15 with
                       log_model(step=N), which links that step's run metrics to the model, so
                       search_logged_models gives each checkpoint its step's train_loss, val_loss and
                       val_accuracy. Summary: experiments.sweep, runs.checkpoint_run, runs.sweep_diverged,
                       runs.sweep_best (lowest final val_loss), checkpoints (step -> model ID), sweep.
  edge-cases           Unicode run name, a 120-character run name, an empty run, and big_metric: 100,000
                       steps with one spike (skipped by --small).
  old-experiment       A deleted experiment (visible only with view type ALL).
"""

import argparse
import contextlib
import json
import math
import os
import random
import sys
import tempfile
import time
import warnings

# Before importing mlflow: no telemetry (the test network is 127.0.0.1 only), no pip dry-run when
# logging models (slow, and needs an index), file stores allowed.
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")
os.environ.setdefault("MLFLOW_SKIP_PIP_REQUIREMENTS_CHECK", "true")
os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import mlflow  # noqa: E402
import mlflow.pyfunc  # noqa: E402
import mlflow.sklearn  # noqa: E402
import sklearn  # noqa: E402
from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import Metric, Param, RunTag  # noqa: E402
from mlflow.models import infer_signature  # noqa: E402

SEED = 20240611
IRIS_MODEL = "iris-classifier"
IMAGE_STEPS = (0, 20, 40, 59)  # the mnist adam run's logged images
MNIST_MODEL = "mnist-mlp"
GATES = {"accuracy": 0.90, "f1_macro": 0.85}
BIG_STEPS = 100_000
BIG_SPIKE_STEP = 77_777
BIG_SPIKE_VALUE = 100.0
BIG_CHUNK = 1000
EPOCHS = 60
UNICODE_NAME = "실험-αβγ-🚀"
# Exactly 120 characters, ends in a marker so truncation in the UI is easy to spot.
LONG_NAME = ("very-long-run-name-" * 7)[:112] + "-END-120"
assert len(LONG_NAME) == 120

PIP_REQS = [f"mlflow=={mlflow.__version__}", f"scikit-learn=={sklearn.__version__}"]


def now_ms():
    return int(time.time() * 1000)


def fixed_seeds():
    random.seed(SEED)
    np.random.seed(SEED)


def create_experiment(client, name, artifact_root, tags):
    loc = None
    if artifact_root:
        loc = os.path.join(artifact_root, name)
        os.makedirs(loc, exist_ok=True)
    return client.create_experiment(name, artifact_location=loc, tags=tags)


# --------------------------------------------------------------------------------------------- iris


IRIS_RUNS = [
    # role, run name, params, register?, version description
    ("iris_baseline", "rf-baseline-v1",
     dict(n_estimators=100, max_depth=5, min_samples_split=2, random_state=42, criterion="gini"), True,
     "RandomForest baseline from the article: 100 trees, depth 5."),
    ("iris_small", "rf-small",
     dict(n_estimators=10, max_depth=2, min_samples_split=2, random_state=42, criterion="gini"), True,
     "Small and fast: 10 shallow trees. Serving in legacy stage Production."),
    ("iris_unbounded", "rf-unbounded",
     dict(n_estimators=200, max_depth=None, min_samples_split=2, random_state=42, criterion="gini"), True,
     "200 unbounded trees; accuracy sits exactly on the 0.90 gate. Current champion."),
    ("iris_challenger", "rf-entropy-mss4",
     dict(n_estimators=100, max_depth=5, min_samples_split=4, random_state=42, criterion="entropy"), True,
     "Entropy split, min_samples_split=4. Challenger: beats the champion on f1_macro."),
    ("iris_stump", "rf-stump",
     dict(n_estimators=10, max_depth=1, min_samples_split=2, random_state=42, criterion="gini"), True,
     "Decision stumps: fails both quality gates on purpose."),
    ("iris_unregistered", "rf-entropy-50",
     dict(n_estimators=50, max_depth=4, min_samples_split=2, random_state=42, criterion="entropy"), False,
     None),
]

# Tags per registered version (v1..v5). approval_status as the article's workflow writes it.
IRIS_VERSION_TAGS = {
    1: {"validation_status": "passed", "approval_status": "approved"},
    2: {"validation_status": "passed", "approval_status": "approved", "deployment": "legacy-stage"},
    3: {"validation_status": "passed", "approval_status": "approved"},
    4: {"validation_status": "passed"},
    5: {"validation_status": "failed", "approval_status": "rejected"},
}


def confusion_figure(matrix, labels):
    """A confusion matrix drawn with matplotlib (headless), as the seed article's runs log it."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(4, 3.5), dpi=100)
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels)
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    for (i, j), v in np.ndenumerate(matrix):
        ax.text(j, i, str(v), ha="center", va="center", color="white" if v > matrix.max() / 2 else "black")
    fig.tight_layout()
    plt.close(fig)
    return fig


def step_images(rng, steps, classes=10, px=8):
    """Images for mlflow.log_image(key=..., step=...): a confusion matrix per epoch whose diagonal
    sharpens as training goes on, each cell px x px pixels, RGB uint8."""
    out = {}
    for k, step in enumerate(steps):
        m = rng.random((classes, classes)) * (1 - k / len(steps))
        m[np.diag_indices(classes)] += 1 + 3 * k
        m = m / m.max()
        rgb = np.stack([255 * (1 - m), 255 * (1 - m * 0.6), 255 * np.ones_like(m)], axis=-1).astype(np.uint8)
        out[step] = np.kron(rgb, np.ones((px, px, 1), dtype=np.uint8))
    return out


def seed_iris(client, artifact_root, summary, _small):
    from sklearn.datasets import load_iris
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score
    from sklearn.model_selection import train_test_split

    exp_id = create_experiment(client, "iris-classification", artifact_root, {
        "team": "ml-platform",
        "task": "classification",
        "mlflow.note.content": "Iris RandomForest runs from the seed article. Gates: accuracy >= 0.90, "
                               "f1_macro >= 0.85.",
    })
    summary["experiments"]["iris"] = exp_id

    iris = load_iris(as_frame=True)
    X, y = iris.data, iris.target
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42, stratify=y)
    src = "https://archive.ics.uci.edu/dataset/53/iris"
    train_ds = mlflow.data.from_pandas(X_train.assign(target=y_train), source=src, targets="target",
                                       name="iris-train")
    test_ds = mlflow.data.from_pandas(X_test.assign(target=y_test), source=src, targets="target",
                                      name="iris-test")

    client.create_registered_model(IRIS_MODEL, tags={"task": "classification", "owner": "ml-platform"},
                                   description="Iris species classifier (RandomForest). Promote with "
                                               "the champion/challenger aliases.")
    versions = {}
    metrics_by_version = {}
    for role, run_name, params, register, description in IRIS_RUNS:
        with mlflow.start_run(experiment_id=exp_id, run_name=run_name) as run:
            mlflow.log_params(params)
            mlflow.set_tags({"model_family": "random_forest", "dataset": "iris"})
            mlflow.log_input(train_ds, context="training")
            mlflow.log_input(test_ds, context="evaluation")
            model = RandomForestClassifier(**params).fit(X_train, y_train)
            pred = model.predict(X_test)
            metrics = {
                "accuracy": accuracy_score(y_test, pred),
                "f1_macro": f1_score(y_test, pred, average="macro"),
                "precision_macro": precision_score(y_test, pred, average="macro", zero_division=0),
                "recall_macro": recall_score(y_test, pred, average="macro"),
            }
            info = mlflow.sklearn.log_model(
                model, name="model", signature=infer_signature(X_test, pred),
                # input_example.json and serving_input_example.json (the scoring server's
                # dataframe_split body), which mltui's serving check sends to /invocations.
                input_example=X_test.iloc[:3],
                pip_requirements=PIP_REQS, params={k: str(v) for k, v in params.items()},
                tags={"framework": "sklearn"},
                # 3.18 saves sklearn models with skops by default and refuses tree models unless
                # their node storage type is trusted explicitly.
                skops_trusted_types=["sklearn.tree._tree.Tree"],
            )
            # Run artifacts (MLflow 3 keeps the model itself under the logged model, not the run).
            from sklearn.metrics import classification_report, confusion_matrix
            mlflow.log_dict({"labels": list(iris.target_names),
                             "matrix": confusion_matrix(y_test, pred).tolist()}, "eval/confusion_matrix.json")
            mlflow.log_text(classification_report(y_test, pred, target_names=list(iris.target_names),
                                                  zero_division=0), "eval/classification_report.txt")
            # The seed article's plot: a real matplotlib figure, saved as PNG by MLflow.
            mlflow.log_figure(confusion_figure(confusion_matrix(y_test, pred), list(iris.target_names)),
                              "plots/confusion_matrix.png")
            # Linked to the logged model and the evaluation dataset, as MLflow 3 recommends.
            mlflow.log_metrics(metrics, model_id=info.model_id, dataset=test_ds)
            if role == "iris_baseline":
                mlflow.set_tag("mlflow.note.content",
                               "# Baseline\n\nSame hyperparameters as the article.\n\n- split: 80/20\n"
                               "- seed: 42\n")
                summary["runs"]["note_run"] = run.info.run_id
            summary["runs"][role] = run.info.run_id
            summary["logged_models"][role] = info.model_id
        if register:
            mv = mlflow.register_model(info.model_uri, IRIS_MODEL)
            v = int(mv.version)
            versions[v] = run.info.run_id
            metrics_by_version[v] = metrics
            client.update_model_version(IRIS_MODEL, mv.version, description=description)
            for k, val in IRIS_VERSION_TAGS[v].items():
                client.set_model_version_tag(IRIS_MODEL, mv.version, k, val)

    assert sorted(versions) == [1, 2, 3, 4, 5], versions
    client.set_registered_model_alias(IRIS_MODEL, "champion", "3")
    client.set_registered_model_alias(IRIS_MODEL, "challenger", "4")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # stages are deprecated but still work in 3.18
        client.transition_model_version_stage(IRIS_MODEL, "2", "Production")

    gate = {v: all(m[k] >= t for k, t in GATES.items()) for v, m in metrics_by_version.items()}
    assert gate == {1: True, 2: True, 3: True, 4: True, 5: False}, gate
    assert metrics_by_version[4]["f1_macro"] >= metrics_by_version[3]["f1_macro"] + 0.01
    summary["runs"]["champion_run"] = versions[3]
    summary["runs"]["challenger_run"] = versions[4]
    summary["models"][IRIS_MODEL] = {
        "versions": {str(v): r for v, r in versions.items()},
        "aliases": {"champion": "3", "challenger": "4"},
        "stages": {"2": "Production"},
        "gates": {k: v for k, v in GATES.items()},
        "gate_pass": [str(v) for v in sorted(gate) if gate[v]],
        "gate_fail": [str(v) for v in sorted(gate) if not gate[v]],
        "metrics": {str(v): m for v, m in metrics_by_version.items()},
    }


# -------------------------------------------------------------------------------------------- mnist


def curves(rng, kind, n=EPOCHS):
    """Synthetic, visibly different training curves per optimiser."""
    e = np.arange(n, dtype=float)
    if kind == "adam":
        lr = np.full(n, 1e-3)
        train = 2.3 * np.exp(-e / 6) + 0.05
        val = 2.3 * np.exp(-e / 7) + 0.09 + 0.0015 * np.maximum(e - 35, 0)  # mild overfit at the end
    elif kind == "adamw-cosine":
        lr = 1e-3 * 0.5 * (1 + np.cos(np.pi * e / n))
        train = 2.3 * np.exp(-e / 8) + 0.03
        val = 2.3 * np.exp(-e / 9) + 0.06
    elif kind == "sgd":
        lr = np.where(e < 30, 1e-2, np.where(e < 45, 1e-3, 1e-4))  # step decay
        train = 2.3 * np.exp(-e / 18) + 0.15 - 0.05 * (e >= 30)
        val = 2.3 * np.exp(-e / 18) + 0.2 - 0.05 * (e >= 30)
    elif kind == "sgd-momentum":
        warm = np.minimum(1.0, (e + 1) / 5)
        lr = 5e-2 * warm * (0.95 ** e)
        train = 2.3 * np.exp(-e / 11) + 0.08
        val = 2.3 * np.exp(-e / 12) + 0.12
    else:
        raise ValueError(kind)
    train = train * (1 + 0.03 * rng.standard_normal(n))
    val = val * (1 + 0.02 * rng.standard_normal(n))
    acc = np.clip(1 - 0.9 * np.exp(-e / 7) - 0.1 * val / 2.4, 0, 1)
    return {"train_loss": train, "val_loss": val, "val_accuracy": acc, "lr": lr}


def metric_batch(series, base_ms, steps=None, every_ms=60_000):
    out = []
    for key, values in series.items():
        for i, v in enumerate(values):
            step = i if steps is None else steps[i]
            out.append(Metric(key, float(v), base_ms + step * every_ms, step))
    return out


def log_metrics_chunked(client, run_id, metrics):
    for i in range(0, len(metrics), BIG_CHUNK):
        client.log_batch(run_id, metrics=metrics[i:i + BIG_CHUNK])


def mnist_params(opt, lr, hidden=128, batch=64):
    return [Param("optimizer/name", opt), Param("optimizer/lr", str(lr)),
            Param("model/hidden_units", str(hidden)), Param("model/layers", "2"),
            Param("batch_size", str(batch)), Param("epochs", str(EPOCHS)), Param("seed", "42")]


def seed_mnist(client, artifact_root, summary, _small):
    from sklearn.datasets import load_digits
    from sklearn.neural_network import MLPClassifier

    exp_id = create_experiment(client, "mnist-mlp", artifact_root, {"team": "vision", "framework": "numpy"})
    summary["experiments"]["mnist"] = exp_id
    rng = np.random.default_rng(SEED)
    t0 = now_ms() - 6 * 3600_000

    finished = [("mnist_adam", "adam-lr1e-3", "adam", 1e-3),
                ("mnist_adamw_cosine", "adamw-cosine", "adamw-cosine", 1e-3),
                ("mnist_sgd", "sgd-step-decay", "sgd", 1e-2),
                ("mnist_sgd_momentum", "sgd-momentum-warmup", "sgd-momentum", 5e-2)]
    for i, (role, name, kind, lr) in enumerate(finished):
        start = t0 + i * 3700_000 // 4
        run = client.create_run(exp_id, start_time=start, run_name=name, tags={"framework": "numpy"})
        rid = run.info.run_id
        client.log_batch(rid, metrics=metric_batch(curves(rng, kind), start),
                         params=mnist_params(kind.split("-")[0], lr),
                         tags=[RunTag("optimizer", kind)])
        if role == "mnist_adam":
            # MLflow 3's step images (kept under images/ with thumbnails), the chart's step scrubber.
            # Its own generator, so the other runs' curves stay as they were.
            for step, img in step_images(np.random.default_rng(SEED + 7), IMAGE_STEPS).items():
                client.log_image(rid, img, key="confusion_matrix", step=step, timestamp=start + step * 60_000)
            summary["runs"]["images_run"] = rid
        client.set_terminated(rid, "FINISHED", end_time=start + EPOCHS * 60_000)
        summary["runs"][role] = rid

    # RUNNING: created with the client and never terminated (the fluent API would end it at exit).
    start = now_ms() - 25 * 60_000
    run = client.create_run(exp_id, start_time=start, run_name="adam-long-running",
                            tags={"framework": "numpy"})
    c = curves(rng, "adam")
    client.log_batch(run.info.run_id, metrics=metric_batch({k: v[:25] for k, v in c.items()}, start),
                     params=mnist_params("adam", 1e-3, hidden=256))
    summary["runs"]["running_run"] = run.info.run_id

    # FAILED: loss diverges; the last logged value is +Inf (SQL stores it as +-1.797e308).
    start = t0 - 3600_000
    run = client.create_run(exp_id, start_time=start, run_name="sgd-lr1e-1-diverged")
    n = 18
    loss = list(2.3 * np.exp(np.arange(n - 1) / 4.0)) + [math.inf]
    client.log_batch(run.info.run_id, params=mnist_params("sgd", 1e-1),
                     metrics=metric_batch({"train_loss": loss, "lr": [1e-1] * n}, start))
    client.set_terminated(run.info.run_id, "FAILED", end_time=start + n * 60_000)
    summary["runs"]["failed_run"] = run.info.run_id
    summary["runs"]["inf_run"] = run.info.run_id

    # NaN: a gap in val_loss at step 30, and grad_norm whose latest value is NaN.
    start = t0 - 2 * 3600_000
    run = client.create_run(exp_id, start_time=start, run_name="adam-nan-grad")
    c = curves(rng, "adam")
    c["val_loss"] = c["val_loss"].copy()
    c["val_loss"][30] = math.nan
    grad = list(1.0 + 0.1 * rng.standard_normal(EPOCHS - 1)) + [math.nan]
    c["grad_norm"] = grad
    client.log_batch(run.info.run_id, params=mnist_params("adam", 1e-3), metrics=metric_batch(c, start))
    client.set_terminated(run.info.run_id, "FINISHED", end_time=start + EPOCHS * 60_000)
    summary["runs"]["nan_run"] = run.info.run_id

    # Deleted (soft): only visible with run view type ALL / DELETED_ONLY.
    start = t0 - 3 * 3600_000
    run = client.create_run(exp_id, start_time=start, run_name="old-baseline-deleted")
    client.log_batch(run.info.run_id, params=mnist_params("sgd", 1e-2),
                     metrics=metric_batch({"train_loss": [2.3, 1.9, 1.7]}, start))
    client.set_terminated(run.info.run_id, "FINISHED", end_time=start + 3 * 60_000)
    client.delete_run(run.info.run_id)
    summary["runs"]["deleted_run"] = run.info.run_id

    # Parent run with nested children (fluent API, nested=True sets mlflow.parentRunId).
    with mlflow.start_run(experiment_id=exp_id, run_name="sweep") as parent:
        mlflow.log_params({"sweep/param": "optimizer/lr", "sweep/values": "1e-2,3e-3,1e-3"})
        best = 0.0
        children = []
        for j, lr in enumerate([1e-2, 3e-3, 1e-3]):
            with mlflow.start_run(experiment_id=exp_id, run_name=f"sweep-lr-{lr:g}", nested=True) as ch:
                mlflow.log_params({"optimizer/name": "adam", "optimizer/lr": str(lr)})
                acc = np.clip(1 - 0.9 * np.exp(-np.arange(20) / (3 + 2 * j)), 0, 1)
                client.log_batch(ch.info.run_id, metrics=metric_batch({"val_accuracy": acc}, now_ms()))
                best = max(best, float(acc[-1]))
                children.append(ch.info.run_id)
        mlflow.log_metric("best_val_accuracy", best)
    summary["runs"]["sweep_parent"] = parent.info.run_id
    for j, rid in enumerate(children):
        summary["runs"][f"sweep_child_{j}"] = rid

    # Registered model mnist-mlp: two versions from small sklearn MLPs on the 8x8 digits set.
    X, y = load_digits(return_X_y=True)
    client.create_registered_model(MNIST_MODEL, description="MLP digit classifier (sklearn stand-in).")
    mnist_versions = {}
    for role, hidden in [("mnist_adam", 32), ("mnist_adamw_cosine", 64)]:
        with mlflow.start_run(run_id=summary["runs"][role]):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # ConvergenceWarning: few iterations on purpose
                mlp = MLPClassifier(hidden_layer_sizes=(hidden,), max_iter=15, random_state=42).fit(X, y)
            info = mlflow.sklearn.log_model(
                mlp, name="model", pip_requirements=PIP_REQS,
                skops_trusted_types=["sklearn.neural_network._stochastic_optimizers.AdamOptimizer"])
        mv = mlflow.register_model(info.model_uri, MNIST_MODEL)
        client.set_model_version_tag(MNIST_MODEL, mv.version, "validation_status", "passed")
        mnist_versions[mv.version] = summary["runs"][role]
        summary["logged_models"][role] = info.model_id
    # Resuming a run with the fluent API re-ends it with end_time=now; restore a plausible end time.
    for role in ("mnist_adam", "mnist_adamw_cosine"):
        r = client.get_run(summary["runs"][role])
        client.set_terminated(r.info.run_id, "FINISHED", end_time=r.info.start_time + EPOCHS * 60_000)
    client.set_registered_model_alias(MNIST_MODEL, "champion", "2")
    summary["models"][MNIST_MODEL] = {"versions": mnist_versions, "aliases": {"champion": "2"}}


# ------------------------------------------------------------------------------------- hparam-sweep

SWEEP_GRID = {"lr": (0.01, 0.1, 1.0), "batch_size": (32, 64, 128), "hidden": (4, 16, 64), "seed": (0, 1, 2)}
SWEEP_EPOCHS = 15
SWEEP_TAG = "grid-1"
# The one configuration and seed that diverges, and the epoch its weights turn NaN.
SWEEP_DIVERGED = {"lr": 1.0, "batch_size": 32, "hidden": 64, "seed": 2}
SWEEP_DIVERGE_EPOCH = 9
CHECKPOINT_CONFIG = {"lr": 0.1, "batch_size": 64, "hidden": 16, "seed": 0}
CHECKPOINT_STEPS = (5, 10, 15)


def param_text(v):
    """How the sweep writes a param value: 0.01, 1 (not 1.0), 64."""
    return f"{v:g}" if isinstance(v, float) else str(v)


def moons(n_train=512, n_val=256):
    """Two interleaved half-moons with noise, standardised; fixed for every run of the sweep."""
    rng = np.random.default_rng(SEED + 11)
    n = n_train + n_val
    y = rng.integers(0, 2, n)
    t = rng.uniform(0, np.pi, n)
    x0 = np.where(y == 0, np.cos(t), 1 - np.cos(t))
    x1 = np.where(y == 0, np.sin(t), 0.5 - np.sin(t))
    X = np.stack([x0, x1], 1) + 0.25 * rng.standard_normal((n, 2))
    X = (X - X.mean(0)) / X.std(0)
    y = y.astype(float)
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


class TinyMLP:
    """2 -> hidden (tanh) -> 1 (sigmoid), trained with minibatch SGD on the mean log loss."""

    def __init__(self, hidden, seed):
        self.rng = np.random.default_rng(1000 + seed)  # initial weights and the shuffles
        self.W1 = self.rng.standard_normal((2, hidden)) / np.sqrt(2)
        self.b1 = np.zeros(hidden)
        self.W2 = self.rng.standard_normal(hidden) / np.sqrt(hidden)
        self.b2 = 0.0

    def forward(self, X):
        h = np.tanh(X @ self.W1 + self.b1)
        return h, 1 / (1 + np.exp(-(h @ self.W2 + self.b2)))

    def weights(self):
        return {"W1": self.W1.copy(), "b1": self.b1.copy(), "W2": self.W2.copy(), "b2": float(self.b2)}

    @staticmethod
    def log_loss(p, y):
        if not np.all(np.isfinite(p)):
            return math.nan
        p = np.clip(p, 1e-7, 1 - 1e-7)
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))

    def epoch(self, X, y, lr, batch_size):
        """One pass in a fresh shuffled order; returns the mean training loss seen on the way."""
        step = lr * batch_size / 64  # linear scaling: batch_size changes the noise, barely the result
        order = self.rng.permutation(len(X))
        total = 0.0
        for i in range(0, len(order), batch_size):
            j = order[i:i + batch_size]
            h, p = self.forward(X[j])
            total += self.log_loss(p, y[j]) * len(j)
            g = (p - y[j]) / len(j)
            gh = np.outer(g, self.W2) * (1 - h ** 2)
            self.W2 -= step * (h.T @ g)
            self.b2 -= step * g.sum()
            self.W1 -= step * (X[j].T @ gh)
            self.b1 -= step * gh.sum(0)
        return total / len(X)

    def evaluate(self, X, y):
        _, p = self.forward(X)
        if not np.all(np.isfinite(p)):
            return math.nan, math.nan
        return self.log_loss(p, y), float(np.mean((p > 0.5) == (y > 0.5)))


def train_tiny(data, lr, batch_size, hidden, seed, diverge_at=None, on_epoch=None):
    """Trains for SWEEP_EPOCHS; returns the curves (index i is epoch i+1). on_epoch(epoch, values,
    model) runs after each epoch."""
    Xtr, ytr, Xva, yva = data
    m = TinyMLP(hidden, seed)
    out = {"train_loss": [], "val_loss": [], "val_accuracy": []}
    with np.errstate(all="ignore"):
        for ep in range(1, SWEEP_EPOCHS + 1):
            tl = m.epoch(Xtr, ytr, lr, batch_size)
            if diverge_at is not None and ep >= diverge_at:
                m.W1[:] = math.nan  # a simulated overflow: from here every value is NaN
                tl = math.nan
            vl, va = m.evaluate(Xva, yva)
            values = {"train_loss": tl, "val_loss": vl, "val_accuracy": va}
            for k, v in values.items():
                out[k].append(v)
            if on_epoch is not None:
                on_epoch(ep, values, m)
    return out


class CheckpointModel(mlflow.pyfunc.PythonModel):
    """A TinyMLP's weights as a pyfunc model: predict gives P(class 1) for rows of two features."""

    def __init__(self, weights):
        self.weights = weights

    def predict(self, context, model_input, params=None):
        w = self.weights
        X = np.asarray(model_input, dtype=float)
        return 1 / (1 + np.exp(-(np.tanh(X @ w["W1"] + w["b1"]) @ w["W2"] + w["b2"])))


def seed_sweep(client, artifact_root, summary, _small):
    import itertools

    exp_id = create_experiment(client, "hparam-sweep", artifact_root, {
        "team": "research", "framework": "numpy",
        "mlflow.note.content": "Grid search of a tiny numpy MLP on two moons: lr x batch_size x hidden x "
                               "seed, 15 epochs each.",
    })
    summary["experiments"]["sweep"] = exp_id
    data = moons()
    t0 = now_ms() - 3 * 3600_000
    best = (math.inf, None)
    configs = list(itertools.product(*SWEEP_GRID.values()))
    for i, values in enumerate(configs):
        cfg = dict(zip(SWEEP_GRID, values))
        diverged = cfg == SWEEP_DIVERGED
        c = train_tiny(data, **cfg, diverge_at=SWEEP_DIVERGE_EPOCH if diverged else None)
        start = t0 + i * 60_000
        name = "lr{}-bs{}-h{}-s{}".format(*(param_text(v) for v in values))
        run = client.create_run(exp_id, start_time=start, run_name=name,
                                tags={"sweep": SWEEP_TAG, "framework": "numpy"})
        rid = run.info.run_id
        client.log_batch(rid, params=[Param(k, param_text(v)) for k, v in cfg.items()],
                         metrics=metric_batch(c, start, steps=range(1, SWEEP_EPOCHS + 1), every_ms=2000))
        client.set_terminated(rid, "FINISHED", end_time=start + (SWEEP_EPOCHS + 1) * 2000)
        if diverged:
            summary["runs"]["sweep_diverged"] = rid
        elif c["val_loss"][-1] < best[0]:
            best = (c["val_loss"][-1], rid)
    summary["runs"]["sweep_best"] = best[1]
    summary["sweep"] = {
        "experiment": "hparam-sweep", "tag": SWEEP_TAG, "runs": len(configs), "epochs": SWEEP_EPOCHS,
        "grid": {k: [param_text(v) for v in vs] for k, vs in SWEEP_GRID.items()},
        "diverged": {k: param_text(v) for k, v in SWEEP_DIVERGED.items()},
        "diverge_step": SWEEP_DIVERGE_EPOCH,
        "checkpoint_steps": list(CHECKPOINT_STEPS),
    }

    # The checkpointed run: per-epoch metrics with the fluent API; at each checkpoint step a pyfunc
    # LoggedModel, which log_model(step=N) links to that step's metrics.
    checkpoints = {}
    with mlflow.start_run(experiment_id=exp_id, run_name="checkpointed",
                          tags={"framework": "numpy", "checkpoint_steps": ",".join(map(str, CHECKPOINT_STEPS))}) as run:
        mlflow.log_params({k: param_text(v) for k, v in CHECKPOINT_CONFIG.items()})

        def on_epoch(ep, values, m):
            mlflow.log_metrics(values, step=ep)
            if ep in CHECKPOINT_STEPS:
                info = mlflow.pyfunc.log_model(
                    name=f"checkpoint-{ep}", python_model=CheckpointModel(m.weights()), step=ep,
                    pip_requirements=[f"mlflow=={mlflow.__version__}", f"numpy=={np.__version__}"],
                    tags={"epoch": str(ep)})
                checkpoints[str(ep)] = info.model_id

        train_tiny(data, **CHECKPOINT_CONFIG, on_epoch=on_epoch)
    summary["runs"]["checkpoint_run"] = run.info.run_id
    summary["checkpoints"] = checkpoints


# --------------------------------------------------------------------------------------- GPU box

SYSTEM_SECONDS = 4  # how long each system-metrics run samples (one sample a second)


def gpu_series(cpu_history, busy_gpus=(0,), idle_gpus=(1,), prefix="system/"):
    """GPU series under MLflow's exact key names (mlflow/system_metrics/metrics/gpu_monitor.py),
    one sample at each real CPU sample's timestamp and step: this machine has no GPU, so pynvml
    cannot record them. Busy GPUs swing between 60 and 95 %, idle ones stay at 0 %."""
    out = []
    for i, m in enumerate(sorted(cpu_history, key=lambda m: m.timestamp)):
        for g in busy_gpus:
            util = 60 + 35 * math.sin((i + g) / 2) ** 2
            mem = 20000 + 500 * i
            out += [Metric(f"{prefix}gpu_{g}_utilization_percentage", util, m.timestamp, m.step),
                    Metric(f"{prefix}gpu_{g}_memory_usage_megabytes", mem, m.timestamp, m.step),
                    Metric(f"{prefix}gpu_{g}_memory_usage_percentage", mem / 81559 * 100, m.timestamp, m.step),
                    Metric(f"{prefix}gpu_{g}_power_usage_watts", 250 + util, m.timestamp, m.step),
                    Metric(f"{prefix}gpu_{g}_power_usage_percentage", (250 + util) / 700 * 100, m.timestamp, m.step)]
        for g in idle_gpus:
            out += [Metric(f"{prefix}gpu_{g}_utilization_percentage", 0.0, m.timestamp, m.step),
                    Metric(f"{prefix}gpu_{g}_memory_usage_megabytes", 4.0, m.timestamp, m.step),
                    Metric(f"{prefix}gpu_{g}_power_usage_watts", 61.5, m.timestamp, m.step)]
    return out


def busy_train(client, rid, seconds):
    """Keeps a core busy for the monitor to see for about `seconds`, logging a falling train_loss
    at a fixed number of steps (the same in every seeded store; only the sampled system metrics
    differ between seedings)."""
    steps = 40
    for step in range(steps):
        t = time.time()
        sum(i * i for i in range(100_000))
        client.log_metric(rid, "train_loss", 1.0 / (1 + 0.1 * step), step=step)
        time.sleep(max(seconds / steps - (time.time() - t), 0))
    return steps


def seed_gpubox(client, artifact_root, summary, _small):
    from mlflow.system_metrics.system_metrics_monitor import SystemMetricsMonitor

    exp_id = create_experiment(client, "gpu-box", artifact_root, {
        "mlflow.note.content": "Runs with MLflow system metrics (psutil sampled every second; GPU series "
                               "written under MLflow's key names, as this machine has no GPU).",
    })
    summary["experiments"]["gpubox"] = exp_id

    # One machine: the real monitor (CPU, memory, disk, network) while a loop trains.
    run = client.create_run(exp_id, run_name="train-with-system-metrics", tags={"gpus": "2"})
    rid = run.info.run_id
    client.log_batch(rid, params=[Param("epochs", "1"), Param("device", "cuda")])
    mon = SystemMetricsMonitor(rid, sampling_interval=1, samples_before_logging=1)
    mon.start()
    busy_train(client, rid, SYSTEM_SECONDS)
    mon.finish()
    cpu = client.get_metric_history(rid, "system/cpu_utilization_percentage")
    client.log_batch(rid, metrics=gpu_series(cpu))
    client.set_terminated(rid, "FINISHED")
    summary["runs"]["sysmetrics_run"] = rid

    # Two nodes (MLFLOW_SYSTEM_METRICS_NODE_ID per node): one real monitor per node in this
    # process, each with its node id; rank 0 logs the loss, as in the seed article.
    run = client.create_run(exp_id, run_name="dist-train-2node", tags={"world_size": "2"})
    rid = run.info.run_id
    mons = [SystemMetricsMonitor(rid, sampling_interval=1, samples_before_logging=1, node_id=f"node_{n}")
            for n in range(2)]
    for m in mons:
        m.start()
    busy_train(client, rid, SYSTEM_SECONDS)
    for m in mons:
        m.finish()
    for n in range(2):
        cpu = client.get_metric_history(rid, f"system/node_{n}/cpu_utilization_percentage")
        client.log_batch(rid, metrics=gpu_series(cpu, busy_gpus=(0,), idle_gpus=(), prefix=f"system/node_{n}/"))
    client.set_terminated(rid, "FINISHED")
    summary["runs"]["two_node_run"] = rid
    summary["system_metrics"] = {"sampling_seconds": 1, "busy_gpu": 0, "idle_gpu": 1, "nodes": ["node_0", "node_1"]}


# --------------------------------------------------------------------------------------- edge cases


def seed_edge(client, artifact_root, summary, small):
    exp_id = create_experiment(client, "edge-cases", artifact_root, {"purpose": "rendering and limits"})
    summary["experiments"]["edge"] = exp_id

    run = client.create_run(exp_id, run_name=UNICODE_NAME, tags={"설명": "유니코드 태그 ✓", "emoji": "🚀"})
    client.log_batch(run.info.run_id, params=[Param("모델", "랜덤포레스트"), Param("long_param", "x" * 1000)],
                     metrics=[Metric("정확도", 0.5, now_ms(), 0)])
    client.set_terminated(run.info.run_id, "FINISHED")
    summary["runs"]["unicode_run"] = run.info.run_id

    run = client.create_run(exp_id, run_name=LONG_NAME)
    client.log_batch(run.info.run_id, params=[Param("k", "v")], metrics=[Metric("m", 1.0, now_ms(), 0)])
    client.set_terminated(run.info.run_id, "KILLED")
    summary["runs"]["long_name_run"] = run.info.run_id

    run = client.create_run(exp_id, run_name="empty-run")
    client.set_terminated(run.info.run_id, "FINISHED")
    summary["runs"]["empty_run"] = run.info.run_id

    if not small:
        # 100k steps, value ~1, one spike at an odd step: sampling must not hide it.
        rng = np.random.default_rng(SEED + 1)
        vals = 1.0 + 0.01 * rng.standard_normal(BIG_STEPS)
        vals[BIG_SPIKE_STEP] = BIG_SPIKE_VALUE
        start = now_ms() - BIG_STEPS * 10
        run = client.create_run(exp_id, start_time=start, run_name="big-metric-100k")
        client.log_batch(run.info.run_id, params=[Param("steps", str(BIG_STEPS))])
        ms = [Metric("big_metric", float(v), start + i * 10, i) for i, v in enumerate(vals)]
        log_metrics_chunked(client, run.info.run_id, ms)
        client.set_terminated(run.info.run_id, "FINISHED", end_time=start + BIG_STEPS * 10)
        summary["runs"]["big_metric_run"] = run.info.run_id
        summary["big_metric"] = {"key": "big_metric", "steps": BIG_STEPS, "spike_step": BIG_SPIKE_STEP,
                                 "spike_value": BIG_SPIKE_VALUE, "max_other": float(np.max(np.delete(vals, BIG_SPIKE_STEP)))}

    # A deleted experiment with one run.
    old = create_experiment(client, "old-experiment", artifact_root, {})
    run = client.create_run(old, run_name="forgotten")
    client.set_terminated(run.info.run_id, "FINISHED")
    client.delete_experiment(old)
    summary["experiments"]["deleted"] = old
    summary["runs"]["deleted_experiment_run"] = run.info.run_id


def absolute_uri(uri):
    """Relative sqlite/file URIs and bare paths made absolute (the script changes directory)."""
    if uri.startswith("sqlite:///") and not uri.startswith("sqlite:////"):
        return "sqlite:///" + os.path.abspath(uri[len("sqlite:///"):])
    if uri.startswith("file://") and not uri.startswith("file:///"):
        return "file://" + os.path.abspath(uri[len("file://"):])
    if "://" not in uri:
        return "file://" + os.path.abspath(uri)
    return uri


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tracking_uri")
    ap.add_argument("--small", action="store_true", help="skip the 100k-step big_metric run")
    ap.add_argument("--artifact-root", help="create experiments with artifact_location under this "
                                            "directory (for direct sqlite:// seeding)")
    ap.add_argument("--out", help="also write the JSON summary to this file")
    args = ap.parse_args()

    fixed_seeds()
    t_start = time.time()
    uri = absolute_uri(args.tracking_uri)
    artifact_root = os.path.abspath(args.artifact_root) if args.artifact_root else None
    summary = {
        "mlflow_version": mlflow.__version__,
        "tracking_uri": uri,
        "small": args.small,
        "experiments": {"default": "0"},
        "runs": {},
        "logged_models": {},
        "models": {},
        "unicode_run_name": UNICODE_NAME,
        "long_run_name": LONG_NAME,
    }
    # MLflow prints progress ("View run ... at") on stdout; keep stdout for the JSON summary only.
    with contextlib.redirect_stdout(sys.stderr), warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", UserWarning)  # e.g. "integer column in signature" hints
        with tempfile.TemporaryDirectory() as tmp:
            # Anything MLflow drops in the cwd (./mlruns artifacts for a sqlite:// URI without
            # --artifact-root) lands in a temporary directory, never in the repo.
            os.chdir(tmp)
            mlflow.set_tracking_uri(uri)
            mlflow.set_registry_uri(uri)
            client = MlflowClient(uri, uri)
            # Newest experiments last: the older ones keep the IDs they always had.
            for phase in (seed_iris, seed_mnist, seed_edge, seed_sweep, seed_gpubox):
                t = time.time()
                phase(client, artifact_root, summary, args.small)
                print(f"seed.py: {phase.__name__} took {time.time() - t:.1f} s", file=sys.stderr)
            os.chdir("/")
    summary["seed_seconds"] = round(time.time() - t_start, 1)
    text = json.dumps(summary, indent=2, sort_keys=True, ensure_ascii=False)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
