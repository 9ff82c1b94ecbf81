#!/usr/bin/env python3
"""A store full of text that tries to take over the reader's terminal, written with the real MLflow client.

Usage: hostile.py TRACKING_URI [--out summary.json]

Anyone who can log to a tracking server writes run names, params, tags and descriptions; mltui must show
them without letting them act on the terminal (see format.Visible). Metric, param and tag keys are
limited by MLflow to a safe alphabet, so the hostile bytes sit in values, names and descriptions:

  hostile-text (experiment)
    evil      run_name  "evil\\x1b]0;PWNED-TITLE\\x07\\x1b[2J\\x1b[Hname"   (OSC 0 sets the title, then clears)
              param p   "v\\x1b[5mblink\\r\\nnewline"                      (SGR blink, CR LF)
              tag note  "\\x1b]52;c;ZXZpbA==\\x07clip"                     (OSC 52 writes the clipboard)
              tag bidi  "safe\\u202etxt.exe"                              (right-to-left override)
              metric loss over 5 steps
    plain     a benign run with the same keys, so diffs have two columns
  hostile-model (registered model)
    description "report\\u202eexe.pdf" (bidi override); v1 from the evil run, its description and a tag
    hold the OSC 52 string, alias champion.
  "evil\\x1b[8mhidden-model" (registered model; MLflow refuses only "/" and ":" in names): SGR 8 would
    conceal what follows; v1 from the plain run.

The JSON summary on stdout names the runs by role and repeats the exact strings, so tests compare with
what was written rather than with a copy of this file.
"""

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import Metric, Param, RunTag  # noqa: E402

EVIL_NAME = "evil\x1b]0;PWNED-TITLE\x07\x1b[2J\x1b[Hname"
EVIL_PARAM = "v\x1b[5mblink\r\nnewline"
EVIL_TAG = "\x1b]52;c;ZXZpbA==\x07clip"
BIDI_TAG = "safe\u202etxt.exe"
MODEL = "hostile-model"
MODEL_DESC = "report\u202eexe.pdf"
EVIL_MODEL = "evil\x1b[8mhidden-model"
EXPERIMENT = "hostile-text"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tracking_uri")
    ap.add_argument("--out")
    args = ap.parse_args()
    uri = args.tracking_uri
    if uri.startswith("sqlite:///") and not uri.startswith("sqlite:////"):
        uri = "sqlite:///" + os.path.abspath(uri[len("sqlite:///"):])

    summary = {"experiment": EXPERIMENT, "model": MODEL, "evil_model": EVIL_MODEL, "runs": {},
               "strings": {"run_name": EVIL_NAME, "param": EVIL_PARAM, "tag": EVIL_TAG, "bidi_tag": BIDI_TAG,
                           "model_description": MODEL_DESC}}
    with contextlib.redirect_stdout(sys.stderr), tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)  # anything MLflow drops in the cwd stays out of the repo
        client = MlflowClient(uri, uri)
        exp = client.create_experiment(EXPERIMENT, tags={"purpose": "terminal safety"})
        summary["experiment_id"] = exp
        start = int(time.time() * 1000) - 60_000
        for role, name, param, note, bidi in (("evil", EVIL_NAME, EVIL_PARAM, EVIL_TAG, BIDI_TAG),
                                              ("plain", "plain", "v", "clip", "safe")):
            run = client.create_run(exp, start_time=start, run_name=name)
            rid = run.info.run_id
            client.log_batch(rid, params=[Param("p", param)],
                             tags=[RunTag("note", note), RunTag("bidi", bidi)],
                             metrics=[Metric("loss", 1.0 / (s + 1) + (0.05 if role == "plain" else 0),
                                             start + s * 1000, s) for s in range(5)])
            client.set_terminated(rid, "FINISHED", end_time=start + 10_000)
            summary["runs"][role] = rid
            start += 1000

        client.create_registered_model(MODEL, description=MODEL_DESC)
        mv = client.create_model_version(MODEL, f"runs:/{summary['runs']['evil']}/model",
                                         run_id=summary["runs"]["evil"], description=EVIL_TAG)
        client.set_model_version_tag(MODEL, mv.version, "note", EVIL_TAG)
        client.set_registered_model_alias(MODEL, "champion", mv.version)
        summary["version"] = mv.version
        client.create_registered_model(EVIL_MODEL, description="its name hides the rest of the line")
        client.create_model_version(EVIL_MODEL, f"runs:/{summary['runs']['plain']}/model",
                                    run_id=summary["runs"]["plain"])
        summary["written_ms"] = int(time.time() * 1000)
        os.chdir("/")
    print(json.dumps(summary, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
