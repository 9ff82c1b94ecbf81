package testenv

import (
	"encoding/json"
	"os"
	"testing"
)

// Hostile is hostile.py's JSON summary: the hostile-text experiment, its runs by role and the exact
// strings written, so tests compare what mltui prints with what the MLflow client wrote.
type Hostile struct {
	Experiment   string `json:"experiment"`    // hostile-text
	ExperimentID string `json:"experiment_id"` // its ID
	// Runs maps role → run ID: evil (the hostile strings) and plain (benign, same keys).
	Runs map[string]string `json:"runs"`
	// Model is hostile-model (hostile description; v1 from the evil run with a hostile description,
	// tag note and alias champion); EvilModel is the registered model whose name is hostile.
	Model     string         `json:"model"`
	EvilModel string         `json:"evil_model"`
	Version   json.Number    `json:"version"` // hostile-model's version (MLflow writes it as a number)
	Strings   HostileStrings `json:"strings"`
	WrittenMS int64          `json:"written_ms"`
}

// HostileStrings are the exact values hostile.py wrote.
type HostileStrings struct {
	RunName          string `json:"run_name"`          // the evil run's name (OSC 0, clear screen, cursor home)
	Param            string `json:"param"`             // param p of the evil run (SGR blink, CR LF)
	Tag              string `json:"tag"`               // tag note of the evil run; hostile-model v1's description and tag note (OSC 52)
	BidiTag          string `json:"bidi_tag"`          // tag bidi of the evil run (U+202E)
	ModelDescription string `json:"model_description"` // hostile-model's description (U+202E)
}

// Run returns the run ID for a role (evil, plain), failing the test if the summary lacks it.
func (h *Hostile) Run(t testing.TB, role string) string {
	t.Helper()
	return runRole(t, "hostile", h.Runs, role)
}

// WriteHostile writes hostile.py's store (see its docstring) into the tracking server or store at
// uri with the real MLflow Python client and returns the summary it printed. The experiment and
// model names are fixed, so each store takes it once: use a private Server, not Shared.
func WriteHostile(t testing.TB, uri string) Hostile {
	t.Helper()
	out := PythonEnv(t, credentialsEnv(uri), Script("hostile.py"), uri)
	return parseHostile(t, "hostile.py's summary", []byte(out))
}

// ReadHostile reads a summary hostile.py wrote earlier (testdata/hostile/summary.json).
func ReadHostile(t testing.TB, path string) Hostile {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("hostile summary: %v", err)
	}
	return parseHostile(t, path, b)
}

func parseHostile(t testing.TB, what string, b []byte) Hostile {
	t.Helper()
	var h Hostile
	if err := json.Unmarshal(b, &h); err != nil {
		t.Fatalf("%s is not hostile.py's JSON summary: %v\n%s", what, err, tail(string(b), 2000))
	}
	if h.Experiment == "" || h.Model == "" || h.EvilModel == "" || h.Version == "" || h.Strings.RunName == "" ||
		h.Strings.Param == "" || h.Strings.Tag == "" || h.Strings.BidiTag == "" || h.Strings.ModelDescription == "" {
		t.Fatalf("%s is incomplete: %+v", what, h)
	}
	h.Run(t, "evil")
	h.Run(t, "plain")
	return h
}
