// Package mlmodel reads an MLmodel file, the YAML manifest MLflow writes beside
// every model: its flavors, signature, input example and size. It reads what a
// model card and a serving check need and ignores the rest.
package mlmodel

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// MaxSize is the largest MLmodel file Parse reads; real ones are a few KiB.
const MaxSize = 1 << 20

// Model is the part of an MLmodel file mltui uses.
type Model struct {
	Flavors        []string // flavor names, sorted (python_function, sklearn, …)
	LoaderModule   string   // python_function's loader_module
	MLflowVersion  string
	PythonVersion  string
	ModelID        string
	RunID          string
	SizeBytes      int64
	Created        string // utc_time_created as written
	Signature      *Signature
	InputExample   *InputExampleInfo
	FlavorVersions map[string]string // flavor → library version (sklearn_version, …)
}

// Signature is a model's input and output schema.
type Signature struct {
	Inputs, Outputs, Params []Column
}

// Column is one entry of a schema: a named column (type double, string, …) or
// a tensor (dtype and shape; -1 is a free dimension).
type Column struct {
	Name     string
	Type     string // "double", "long", "string", …, or "tensor"
	Required bool
	Dtype    string // tensors
	Shape    []int  // tensors
}

// String is "name: double", "tensor int64 (-1)" or "name: tensor float32 (-1, 28, 28)".
func (c Column) String() string {
	t := c.Type
	if c.Type == "tensor" {
		dims := make([]string, len(c.Shape))
		for i, d := range c.Shape {
			dims[i] = fmt.Sprint(d)
		}
		t = "tensor " + c.Dtype + " (" + strings.Join(dims, ", ") + ")"
	}
	if c.Name == "" {
		return t
	}
	if !c.Required {
		t += ", optional"
	}
	return c.Name + ": " + t
}

// InputExampleInfo says where the logged input example is and what it holds.
type InputExampleInfo struct {
	Path        string // input_example.json
	ServingPath string // serving_input_example.json: the /invocations body, when MLflow wrote one
	Type        string // dataframe, ndarray, json_object, …
	Format      string // split, records, tf-serving, …
}

// wire mirrors the YAML.
type wire struct {
	Flavors       map[string]map[string]any `yaml:"flavors"`
	MLflowVersion string                    `yaml:"mlflow_version"`
	ModelID       string                    `yaml:"model_id"`
	ModelUUID     string                    `yaml:"model_uuid"`
	RunID         string                    `yaml:"run_id"`
	SizeBytes     int64                     `yaml:"model_size_bytes"`
	Created       string                    `yaml:"utc_time_created"`
	Signature     *struct {
		Inputs  string `yaml:"inputs"`
		Outputs string `yaml:"outputs"`
		Params  string `yaml:"params"`
	} `yaml:"signature"`
	Example *struct {
		ArtifactPath string `yaml:"artifact_path"`
		ServingPath  string `yaml:"serving_input_path"`
		Type         string `yaml:"type"`
		Format       string `yaml:"format"`
	} `yaml:"saved_input_example_info"`
}

// Parse reads an MLmodel file. A signature that does not parse is an error:
// a model card showing a wrong schema is worse than one saying it is unreadable.
func Parse(b []byte) (Model, error) {
	if len(b) > MaxSize {
		return Model{}, fmt.Errorf("MLmodel is %d bytes, more than the %d an MLmodel file holds: not reading it", len(b), MaxSize)
	}
	var w wire
	if err := yaml.Unmarshal(b, &w); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			// YAML, but not a mapping of MLflow's fields (an HTML page, a list, …).
			return Model{}, fmt.Errorf("MLmodel is not an MLflow model manifest (no mapping of flavors, signature, …)")
		}
		msg, _, _ := strings.Cut(err.Error(), "\n")
		return Model{}, fmt.Errorf("MLmodel is not YAML: %s", msg)
	}
	if w.Flavors == nil {
		return Model{}, fmt.Errorf("MLmodel has no flavors: not an MLflow model manifest")
	}
	m := Model{MLflowVersion: w.MLflowVersion, ModelID: w.ModelID, RunID: w.RunID, SizeBytes: w.SizeBytes,
		Created: w.Created, FlavorVersions: map[string]string{}}
	if m.ModelID == "" {
		m.ModelID = w.ModelUUID
	}
	for name, f := range w.Flavors {
		m.Flavors = append(m.Flavors, name)
		if name == "python_function" {
			m.LoaderModule, _ = f["loader_module"].(string)
			m.PythonVersion, _ = f["python_version"].(string)
			continue
		}
		for k, v := range f {
			if s, ok := v.(string); ok && strings.HasSuffix(k, "_version") {
				m.FlavorVersions[name] = s
			}
		}
	}
	sort.Strings(m.Flavors)
	if w.Signature != nil {
		sig := &Signature{}
		var err error
		if sig.Inputs, err = schema(w.Signature.Inputs); err != nil {
			return Model{}, fmt.Errorf("MLmodel signature inputs: %w", err)
		}
		if sig.Outputs, err = schema(w.Signature.Outputs); err != nil {
			return Model{}, fmt.Errorf("MLmodel signature outputs: %w", err)
		}
		if sig.Params, err = schema(w.Signature.Params); err != nil {
			return Model{}, fmt.Errorf("MLmodel signature params: %w", err)
		}
		m.Signature = sig
	}
	if e := w.Example; e != nil {
		m.InputExample = &InputExampleInfo{Path: e.ArtifactPath, ServingPath: e.ServingPath, Type: e.Type, Format: e.Format}
	}
	return m, nil
}

// schema reads one of the signature's JSON strings (a list of column specs).
func schema(s string) ([]Column, error) {
	if strings.TrimSpace(s) == "" || s == "null" {
		return nil, nil
	}
	var specs []struct {
		Type       string `json:"type"`
		Name       string `json:"name"`
		Required   *bool  `json:"required"`
		TensorSpec *struct {
			Dtype string `json:"dtype"`
			Shape []int  `json:"shape"`
		} `json:"tensor-spec"`
	}
	if err := json.Unmarshal([]byte(s), &specs); err != nil {
		return nil, fmt.Errorf("not a column list: %w", err)
	}
	out := make([]Column, 0, len(specs))
	for _, sp := range specs {
		c := Column{Name: sp.Name, Type: sp.Type, Required: sp.Required == nil || *sp.Required}
		if sp.TensorSpec != nil {
			c.Dtype, c.Shape = sp.TensorSpec.Dtype, sp.TensorSpec.Shape
		}
		out = append(out, c)
	}
	return out, nil
}
