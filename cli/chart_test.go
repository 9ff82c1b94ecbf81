package cli

import (
	"bytes"
	"encoding/csv"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"mltui/testenv"
)

// runCLI runs mltui with args and returns stdout and the error.
func runCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	a := &App{Getenv: func(string) string { return "" }, Cwd: t.TempDir(), Stdout: &out, Stderr: &out,
		ConfigPath: filepath.Join(t.TempDir(), "config.yaml")}
	root := NewRoot(a)
	root.SetArgs(args)
	root.SetOut(discard{})
	root.SetErr(discard{})
	err := root.Execute()
	return out.String(), err
}

func TestChartRejectsBadArguments(t *testing.T) {
	for _, args := range [][]string{
		{"chart", "run1"}, // --metric is required
		{"chart", "--metric", "loss"},
		{"chart", "run1", "--metric", "loss", "-o", "png"},
		{"chart", "run1", "--metric", "loss", "--x", "epoch"},
		{"chart", "run1", "--metric", "loss", "--smooth", "1.5"},
	} {
		if _, err := runCLI(t, args...); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

func TestIntegrationChartCommand(t *testing.T) {
	srv := testenv.Shared(t)
	adam, sgd := srv.Summary.Run(t, "mnist_adam"), srv.Summary.Run(t, "mnist_sgd")

	out, err := runCLI(t, "chart", adam, sgd, "--metric", "train_loss", "--width", "90", "--height", "18", "--tracking-uri", srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 18+2 {
		t.Fatalf("%d lines, want 18 chart rows and 2 legend rows:\n%s", len(lines), out)
	}
	if strings.Contains(out, "\x1b[") {
		t.Fatal("colour codes in output that is not a terminal")
	}
	for _, name := range []string{"adam-lr1e-3", "sgd-step-decay", "train_loss", "min ", "max "} {
		if !strings.Contains(out, name) {
			t.Fatalf("chart lacks %q:\n%s", name, out)
		}
	}
	if strings.Contains(out, "sampled") {
		t.Fatalf("the export should draw every point:\n%s", out)
	}

	// CSV: the same rows the MLflow Python client reads.
	out, err = runCLI(t, "chart", adam, sgd, "--metric", "val_loss", "-o", "csv", "--tracking-uri", srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "run_id,key,step,timestamp,value" {
		t.Fatalf("header %v", rows[0])
	}
	i := 1
	for _, id := range []string{adam, sgd} {
		for _, m := range testenv.MetricHistory(t, srv.URL, id, "val_loss") {
			r := rows[i]
			v, _ := strconv.ParseFloat(r[4], 64)
			if r[0] != id || r[1] != "val_loss" || r[2] != strconv.FormatInt(m.Step, 10) || r[3] != strconv.FormatInt(m.Timestamp, 10) || !(v == float64(m.Value) || math.IsNaN(v) && math.IsNaN(float64(m.Value))) {
				t.Fatalf("row %d %v, MLflow says %+v", i, r, m)
			}
			i++
		}
	}
	if i != len(rows) {
		t.Fatalf("%d CSV rows, MLflow has %d", len(rows)-1, i-1)
	}

	// A metric no run has: say which ones they have.
	_, err = runCLI(t, "chart", adam, "--metric", "no_such_metric", "--tracking-uri", srv.URL)
	if err == nil || !strings.Contains(err.Error(), "val_accuracy") {
		t.Fatalf("unknown metric: %v", err)
	}
	_, err = runCLI(t, "chart", "0123456789abcdef0123456789abcdef", "--metric", "loss", "--tracking-uri", srv.URL)
	if err == nil || !strings.Contains(err.Error(), "not found") {
		t.Fatalf("unknown run: %v", err)
	}
}
