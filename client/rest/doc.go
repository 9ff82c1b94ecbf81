// Package rest is mltui's MLflow tracking-server backend: a client.Store
// over MLflow's REST API (/api/2.0/mlflow/…).
//
// Settings come from the same MLFLOW_* variables and ~/.mlflow/credentials
// the Python client reads (ConfigFromEnv), with retry defaults chosen for a
// person at a screen rather than a batch job. Every call takes a context,
// retries 408/429/5xx and connection failures with backoff (reporting each
// retry to client.RetryObserver), and fails with a *client.Error whose text
// never holds credentials.
package rest
