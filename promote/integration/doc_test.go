// Package integration tests package promote against a real `mlflow
// server` seeded by the MLflow Python client (testenv), and checks every
// outcome with the Python client itself.
package integration

import (
	"testing"

	"mltui/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }
