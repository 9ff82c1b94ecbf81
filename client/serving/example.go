package serving

import (
	"context"
	"encoding/json"
	"fmt"

	"mltui/client"
	"mltui/client/mlmodel"
)

// exampleLimit bounds an input example read for /invocations.
const exampleLimit = 4 << 20

// ModelExample is what a model's own files say a scoring server should be
// asked and should answer.
type ModelExample struct {
	Model mlmodel.Model
	Body  []byte // the /invocations body; nil when the model has no input example
	From  string // the file it came from: serving_input_example.json or input_example.json
}

// LoadExample reads the model's MLmodel and its input example. MLflow ≥ 2.14
// writes serving_input_example.json, the body the scoring server expects, and
// it is sent as is; an older input_example.json is wrapped the way MLflow's
// own serving payload conversion does (split-oriented frames as
// dataframe_split, anything else as inputs).
func LoadExample(ctx context.Context, s client.Store, files client.FileSet) (ModelExample, error) {
	raw, err := files.ReadSmall(ctx, s, "MLmodel", mlmodel.MaxSize)
	if err != nil {
		return ModelExample{}, err
	}
	m, err := mlmodel.Parse(raw)
	if err != nil {
		return ModelExample{}, fmt.Errorf("%s: %w", files, err)
	}
	ex := ModelExample{Model: m}
	info := m.InputExample
	if info == nil {
		return ex, nil
	}
	if info.ServingPath != "" {
		b, err := files.ReadSmall(ctx, s, info.ServingPath, exampleLimit)
		if err != nil {
			return ex, err
		}
		if !json.Valid(b) {
			return ex, fmt.Errorf("%s/%s is not JSON", files, info.ServingPath)
		}
		ex.Body, ex.From = b, info.ServingPath
		return ex, nil
	}
	if info.Path == "" {
		return ex, nil
	}
	b, err := files.ReadSmall(ctx, s, info.Path, exampleLimit)
	if err != nil {
		return ex, err
	}
	body, err := wrapExample(b, info.Type)
	if err != nil {
		return ex, fmt.Errorf("%s/%s: %w", files, info.Path, err)
	}
	ex.Body, ex.From = body, info.Path
	return ex, nil
}

// wrapExample turns an input_example.json into an /invocations body.
func wrapExample(b []byte, typ string) ([]byte, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err == nil {
		for _, k := range []string{"dataframe_split", "dataframe_records", "instances", "inputs"} {
			if _, ok := obj[k]; ok {
				return b, nil // already a serving body
			}
		}
		_, cols := obj["columns"]
		_, data := obj["data"]
		if typ == "dataframe" || (cols && data) {
			return json.Marshal(map[string]json.RawMessage{"dataframe_split": b})
		}
	}
	if !json.Valid(b) {
		return nil, fmt.Errorf("not JSON")
	}
	return json.Marshal(map[string]json.RawMessage{"inputs": b})
}
