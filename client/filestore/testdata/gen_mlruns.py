# Writes a small MLflow file store with the real MLflow client (test fixture).
import os, math, sys, time
import mlflow
from mlflow import MlflowClient
import pandas as pd
root = os.path.abspath(sys.argv[1])
mlflow.set_tracking_uri("file://" + root)
c = MlflowClient()
exp = c.create_experiment("fixture-exp", tags={"team": "vision", "a/b": "nested"})
mlflow.set_experiment(experiment_id=exp)
with mlflow.start_run(run_name="first") as r1:
    mlflow.log_params({"lr": "0.1", "opt/name": "adam"})
    mlflow.set_tags({"t/x": "y", "team": "Vision"})
    for i in range(5):
        mlflow.log_metric("loss", 1.0 / (i + 1), step=i)
    mlflow.log_metric("nanm", float("nan"))
    mlflow.log_metric("infm", float("inf"))
    mlflow.log_metric("ninfm", float("-inf"))
    mlflow.log_metric("deep/nested/m", 3.5, step=2)
    ds = mlflow.data.from_pandas(pd.DataFrame({"a": [1, 2]}), name="ds1")
    mlflow.log_input(ds, context="training")
    model_info = mlflow.pyfunc.log_model(name="model", python_model=lambda ctx, x: x) if False else None
with mlflow.start_run(run_name="second") as r2:
    mlflow.log_param("lr", "0.2")
    mlflow.log_metric("loss", 0.7, step=0)
with mlflow.start_run(run_name="gone") as r3:
    mlflow.log_metric("loss", 9, step=0)
c.delete_run(r3.info.run_id)
lm = c.create_logged_model(experiment_id=exp, name="lm", source_run_id=r1.info.run_id, params={"p": "1"}, tags={"k": "v"})
c.log_metric(r1.info.run_id, "lm_acc", 0.5, step=1, model_id=lm.model_id)
c.finalize_logged_model(lm.model_id, "READY")
dead = c.create_experiment("dead-exp")
c.delete_experiment(dead)
c.create_registered_model("fixture-model", tags={"owner": "ml"}, description="desc")
for i in range(4):
    c.create_model_version("fixture-model", source="runs:/%s/model" % r1.info.run_id, run_id=r1.info.run_id)
c.transition_model_version_stage("fixture-model", "2", "Production")
c.set_registered_model_alias("fixture-model", "champion", "2")
c.set_model_version_tag("fixture-model", "3", "approval_status", "approved")
c.delete_model_version("fixture-model", "4")
try:
    mlflow.genai.register_prompt(name="my-prompt", template="Hello {{name}}")
except Exception as e:
    print("no prompt:", e, file=sys.stderr)
print(exp, r1.info.run_id, r2.info.run_id, r3.info.run_id, lm.model_id)
