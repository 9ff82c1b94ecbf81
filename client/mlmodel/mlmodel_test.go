package mlmodel

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// testdata/iris.MLmodel was written by MLflow 3.18's sklearn.log_model (testenv/seed.py).
func TestParseIris(t *testing.T) {
	b, err := os.ReadFile("testdata/iris.MLmodel")
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m.Flavors, []string{"python_function", "sklearn"}) || m.LoaderModule != "mlflow.sklearn" ||
		m.FlavorVersions["sklearn"] != "1.9.1" || m.MLflowVersion != "3.18.0" || m.SizeBytes != 1810129 ||
		m.ModelID != "m-0a0773bded11409f844e9e3dc555625c" || m.RunID != "c74707b6ca3e4368b303c50bdbfdbe44" {
		t.Fatalf("%+v", m)
	}
	if m.Signature == nil || len(m.Signature.Inputs) != 4 || len(m.Signature.Outputs) != 1 {
		t.Fatalf("signature %+v", m.Signature)
	}
	if got := m.Signature.Inputs[0].String(); got != "sepal length (cm): double" {
		t.Errorf("input 0: %q", got)
	}
	if got := m.Signature.Outputs[0].String(); got != "tensor int64 (-1)" {
		t.Errorf("output: %q", got)
	}
	if m.InputExample != nil {
		t.Errorf("this model was logged without an input example: %+v", m.InputExample)
	}
}

func TestParseInputExampleAndOptional(t *testing.T) {
	b := []byte(`flavors:
  python_function: {loader_module: mlflow.pytorch}
  pytorch: {pytorch_version: 2.5.1}
signature:
  inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 28, 28]}, "name": "x", "required": false}]'
  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 10]}}]'
  params: null
saved_input_example_info:
  artifact_path: input_example.json
  serving_input_path: serving_input_example.json
  type: ndarray
  format: tf-serving
`)
	m, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Signature.Inputs[0].String(); got != "x: tensor float32 (-1, 28, 28), optional" {
		t.Errorf("input: %q", got)
	}
	if m.InputExample == nil || *m.InputExample != (InputExampleInfo{Path: "input_example.json", ServingPath: "serving_input_example.json", Type: "ndarray", Format: "tf-serving"}) {
		t.Errorf("example %+v", m.InputExample)
	}
	if m.FlavorVersions["pytorch"] != "2.5.1" {
		t.Errorf("versions %v", m.FlavorVersions)
	}
}

func TestParseRejects(t *testing.T) {
	for in, why := range map[string]string{
		"{{{":                "not YAML",
		"artifact_path: x\n": "no flavors",
		"flavors: {a: {}}\nsignature:\n  inputs: '[{'\n": "signature inputs",
		strings.Repeat("#", MaxSize+1):                   "more than",
	} {
		if _, err := Parse([]byte(in)); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("%.30q: %v, want %q", in, err, why)
		}
	}
}
