#!/usr/bin/env python3
"""The MLflow Python client's view of a store, as JSON, for equivalence tests.

    dump.py all URI [--include-big] [--no-history]    everything (see dump_all)
    dump.py experiments URI                            experiments (view ALL)
    dump.py run URI RUN_ID                             one run
    dump.py history URI RUN_ID KEY                     full history of one metric
    dump.py model URI NAME                             one registered model
    dump.py versions URI NAME                          all versions of a model
    dump.py version URI NAME VERSION                   one version (tags, aliases, stage, description)
    dump.py aliases URI NAME                           {"alias": "version", ...}
    dump.py get-alias URI NAME ALIAS                   the version holding ALIAS, or null
    dump.py version-tags URI NAME VERSION              {"key": "value", ...}
    dump.py stage URI NAME VERSION                     "None" | "Staging" | "Production" | "Archived"

URI is anything the Python client accepts (http://..., sqlite:////abs.db, file:///abs/mlruns). For a
basic-auth server set MLFLOW_TRACKING_USERNAME/PASSWORD. Output is one JSON document on stdout.

Encoding (so Go's encoding/json reads it): NaN, +Inf and -Inf become the strings "NaN", "Infinity" and
"-Infinity", as MLflow's REST API writes them; times are epoch milliseconds; tags and params are
objects {key: value}; model version numbers are strings.
"""

import argparse
import json
import math
import os
import sys

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")
os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

import mlflow  # noqa: E402
from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import ViewType  # noqa: E402

BIG_METRIC = "big_metric"
PAGE = 1000


def clean(v):
    """Recursively replace non-finite floats with MLflow's REST spellings."""
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return v
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [clean(x) for x in v]
    return v


def paged(fn, **kw):
    out, token = [], None
    while True:
        page = fn(page_token=token, **kw)
        out.extend(page)
        token = page.token
        if not token:
            return out


def kv(items):
    """Tags/params from either a dict or a list of objects with key/value."""
    if items is None:
        return {}
    if isinstance(items, dict):
        return dict(items)
    return {i.key: i.value for i in items}


# ------------------------------------------------------------------------------------------ entities


def experiment(e):
    return {
        "experiment_id": e.experiment_id,
        "name": e.name,
        "artifact_location": e.artifact_location,
        "lifecycle_stage": e.lifecycle_stage,
        "creation_time": e.creation_time,
        "last_update_time": e.last_update_time,
        "tags": kv(e.tags),
    }


def metric(m):
    return {"key": m.key, "value": m.value, "timestamp": m.timestamp, "step": m.step}


def run(r):
    i, d = r.info, r.data
    inputs = r.inputs
    outputs = getattr(r, "outputs", None)
    return {
        "info": {
            "run_id": i.run_id,
            "run_name": i.run_name,
            "experiment_id": i.experiment_id,
            "user_id": i.user_id,
            "status": i.status,
            "start_time": i.start_time,
            "end_time": i.end_time,
            "artifact_uri": i.artifact_uri,
            "lifecycle_stage": i.lifecycle_stage,
        },
        "data": {
            # The latest value per key, with its step and timestamp (the dict form drops them).
            "metrics": sorted((metric(m) for m in d._metric_objs), key=lambda m: m["key"]),
            "params": dict(d.params),
            "tags": dict(d.tags),
        },
        "inputs": {
            "dataset_inputs": [
                {
                    "tags": kv(di.tags),
                    "dataset": {
                        "name": di.dataset.name,
                        "digest": di.dataset.digest,
                        "source_type": di.dataset.source_type,
                        "source": di.dataset.source,
                        "schema": di.dataset.schema,
                        "profile": di.dataset.profile,
                    },
                }
                for di in (inputs.dataset_inputs if inputs else [])
            ],
            "model_inputs": [mi.model_id for mi in (getattr(inputs, "model_inputs", None) or [])],
        },
        "outputs": {
            "model_outputs": [
                {"model_id": mo.model_id, "step": mo.step}
                for mo in ((outputs.model_outputs if outputs else None) or [])
            ],
        },
    }


def model_version(v):
    return {
        "name": v.name,
        "version": str(v.version),
        "creation_timestamp": v.creation_timestamp,
        "last_updated_timestamp": v.last_updated_timestamp,
        "current_stage": v.current_stage,
        "description": v.description or "",
        "source": v.source,
        "run_id": v.run_id,
        "run_link": v.run_link or "",
        "status": v.status,
        "status_message": v.status_message or "",
        "user_id": v.user_id or "",
        "tags": kv(v.tags),
        "aliases": sorted(v.aliases or []),
        "model_id": getattr(v, "model_id", None),
    }


def registered_model(m):
    return {
        "name": m.name,
        "creation_timestamp": m.creation_timestamp,
        "last_updated_timestamp": m.last_updated_timestamp,
        "description": m.description or "",
        "tags": kv(m.tags),
        "aliases": {a: str(v) for a, v in (m.aliases or {}).items()},
        "latest_versions": sorted(
            ({"version": str(v.version), "current_stage": v.current_stage} for v in (m.latest_versions or [])),
            key=lambda x: int(x["version"]),
        ),
    }


def logged_model(m):
    return {
        "model_id": m.model_id,
        "experiment_id": m.experiment_id,
        "name": m.name,
        "artifact_location": m.artifact_location,
        "creation_timestamp": m.creation_timestamp,
        "last_updated_timestamp": m.last_updated_timestamp,
        "status": str(m.status),
        "model_type": m.model_type,
        "source_run_id": m.source_run_id,
        "status_message": m.status_message,
        "tags": kv(m.tags),
        "params": kv(m.params),
        "metrics": [
            {"key": x.key, "value": x.value, "timestamp": x.timestamp, "step": x.step,
             "dataset_name": x.dataset_name, "dataset_digest": x.dataset_digest, "run_id": x.run_id}
            for x in (m.metrics or [])
        ],
    }


# ---------------------------------------------------------------------------------------- commands


def all_experiments(c):
    return paged(c.search_experiments, view_type=ViewType.ALL, max_results=PAGE)


def dump_all(c, include_big, history):
    exps = all_experiments(c)
    out = {"experiments": [experiment(e) for e in exps], "runs": {}, "histories": {}}
    for e in exps:
        runs = paged(c.search_runs, experiment_ids=[e.experiment_id], run_view_type=ViewType.ALL,
                     max_results=PAGE)
        out["runs"][e.experiment_id] = [run(r) for r in runs]
        if not history:
            continue
        for r in runs:
            h = {}
            for key in sorted(r.data.metrics):
                if key == BIG_METRIC and not include_big:
                    continue
                h[key] = [metric(m) for m in c.get_metric_history(r.info.run_id, key)]
            out["histories"][r.info.run_id] = h
    models = paged(c.search_registered_models, max_results=PAGE)
    out["registered_models"] = [registered_model(m) for m in models]
    out["model_versions"] = {m.name: versions(c, m.name) for m in models}
    ids = [e.experiment_id for e in exps]
    lms = []
    for i in range(0, len(ids), 100):
        lms += paged(c.search_logged_models, experiment_ids=ids[i:i + 100], max_results=100)
    out["logged_models"] = sorted((logged_model(m) for m in lms), key=lambda m: m["model_id"])
    return out


def versions(c, name):
    vs = paged(c.search_model_versions, filter_string=f"name='{name}'", max_results=PAGE)
    return sorted((model_version(v) for v in vs), key=lambda v: int(v["version"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("all")
    a.add_argument("uri")
    a.add_argument("--include-big", action="store_true", help=f"include the history of {BIG_METRIC}")
    a.add_argument("--no-history", action="store_true", help="skip metric histories")
    sub.add_parser("experiments").add_argument("uri")
    for name, args in [("run", ["run_id"]), ("history", ["run_id", "key"]), ("model", ["name"]),
                       ("versions", ["name"]), ("version", ["name", "version"]), ("aliases", ["name"]),
                       ("get-alias", ["name", "alias"]), ("version-tags", ["name", "version"]),
                       ("stage", ["name", "version"])]:
        p = sub.add_parser(name)
        p.add_argument("uri")
        for x in args:
            p.add_argument(x)
    ns = ap.parse_args()

    # Set the fluent URIs too: some client paths consult the default tracking URI, which would
    # otherwise create ./mlflow.db in the working directory.
    mlflow.set_tracking_uri(ns.uri)
    mlflow.set_registry_uri(ns.uri)
    c = MlflowClient(ns.uri, ns.uri)
    cmd = ns.cmd
    if cmd == "all":
        res = dump_all(c, ns.include_big, not ns.no_history)
    elif cmd == "experiments":
        res = [experiment(e) for e in all_experiments(c)]
    elif cmd == "run":
        res = run(c.get_run(ns.run_id))
    elif cmd == "history":
        res = [metric(m) for m in c.get_metric_history(ns.run_id, ns.key)]
    elif cmd == "model":
        res = registered_model(c.get_registered_model(ns.name))
    elif cmd == "versions":
        res = versions(c, ns.name)
    elif cmd == "version":
        res = model_version(c.get_model_version(ns.name, ns.version))
    elif cmd == "aliases":
        res = registered_model(c.get_registered_model(ns.name))["aliases"]
    elif cmd == "get-alias":
        try:
            res = model_version(c.get_model_version_by_alias(ns.name, ns.alias))
        except mlflow.exceptions.MlflowException as e:
            if e.error_code != "RESOURCE_DOES_NOT_EXIST" and "not found" not in str(e).lower():
                raise
            res = None
    elif cmd == "version-tags":
        res = kv(c.get_model_version(ns.name, ns.version).tags)
    elif cmd == "stage":
        res = c.get_model_version(ns.name, ns.version).current_stage
    else:
        raise SystemExit(f"unknown command {cmd}")
    json.dump(clean(res), sys.stdout, allow_nan=False, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
