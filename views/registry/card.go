package registry

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"mltui/client"
	"mltui/client/mlmodel"
	"mltui/format"
)

// Bounds on what the card reads of a model's small files.
const (
	requirementsLimit = 64 << 10
	exampleLimit      = 256 << 10
)

// modelCard is what a version's own files say about the model: its
// MLmodel manifest, requirements and input example.
type modelCard struct {
	Model        mlmodel.Model
	Requirements []string
	Example      string // the input example, compact on one line
	ExampleRows  int    // rows (or items) in it; 0 when not a list
	Err          error  // MLmodel unreadable; the rest of the detail stands
}

// loadCard reads MLmodel, and the requirements and input example where the
// listing has them. nil when the model has no MLmodel (not an MLflow model).
func loadCard(ctx context.Context, s client.Store, mv client.ModelVersion, listed []client.FileInfo) *modelCard {
	files, ok := client.VersionFiles(mv)
	if !ok || !hasFile(listed, "MLmodel") {
		return nil
	}
	c := &modelCard{}
	raw, err := files.ReadSmall(ctx, s, "MLmodel", mlmodel.MaxSize)
	if err == nil {
		c.Model, err = mlmodel.Parse(raw)
	}
	if err != nil {
		c.Err = err
		return c
	}
	if hasFile(listed, "requirements.txt") {
		if b, err := files.ReadSmall(ctx, s, "requirements.txt", requirementsLimit); err == nil {
			c.Requirements = requirements(b)
		}
	}
	if ex := c.Model.InputExample; ex != nil && ex.Path != "" && hasFile(listed, ex.Path) {
		if b, err := files.ReadSmall(ctx, s, ex.Path, exampleLimit); err == nil {
			c.Example, c.ExampleRows = exampleLine(b)
		}
	}
	return c
}

// hasFile is true when the model's listing (paths relative to the run or the
// logged model) holds name at the model's root.
func hasFile(listed []client.FileInfo, name string) bool {
	return slices.ContainsFunc(listed, func(f client.FileInfo) bool {
		return !f.IsDir && (f.Path == name || strings.HasSuffix(f.Path, "/"+name))
	})
}

// requirements are requirements.txt's lines without comments and blanks.
func requirements(b []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if i := strings.Index(l, "#"); i >= 0 {
			l = strings.TrimSpace(l[:i])
		}
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// exampleLine is the example as compact JSON, with its row count: a
// split-oriented frame's data rows (without its columns), or a top-level
// list's items.
func exampleLine(b []byte) (string, int) {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return strings.TrimSpace(string(b)), 0
	}
	rows := 0
	switch t := v.(type) {
	case []any:
		rows = len(t)
	case map[string]any:
		if d, ok := t["data"].([]any); ok {
			// A split frame: the columns are the signature's inputs, listed above; show the rows.
			rows, v = len(d), d
		} else if in, ok := t["inputs"].([]any); ok {
			rows = len(in)
		}
	}
	c, _ := json.Marshal(v)
	return strings.ReplaceAll(string(c), ",", ", "), rows
}

// cardLines render the card with the detail's label column.
func cardLines(c *modelCard, kv func(k, v string) string, more func(v string) string, warn func(string) string) []string {
	if c.Err != nil {
		return []string{warn(c.Err.Error())}
	}
	m := c.Model
	var flavors []string
	for _, f := range m.Flavors {
		switch {
		case f == "python_function" && m.LoaderModule != "":
			flavors = append(flavors, f+" ("+m.LoaderModule+")")
		case m.FlavorVersions[f] != "":
			flavors = append(flavors, f+" "+m.FlavorVersions[f])
		default:
			flavors = append(flavors, f)
		}
	}
	lines := []string{kv("flavors", strings.Join(flavors, ", "))}
	if m.SizeBytes > 0 {
		lines = append(lines, kv("size", format.Bytes(m.SizeBytes)))
	}
	var facts []string
	if m.MLflowVersion != "" {
		facts = append(facts, "MLflow "+m.MLflowVersion)
	}
	if m.PythonVersion != "" {
		facts = append(facts, "Python "+m.PythonVersion)
	}
	if len(facts) > 0 {
		lines = append(lines, kv("logged with", strings.Join(facts, " · ")))
	}
	schema := func(label string, cols []mlmodel.Column) {
		for i, col := range cols {
			if i == 0 {
				lines = append(lines, kv(label, col.String()))
			} else {
				lines = append(lines, more(col.String()))
			}
		}
	}
	if sig := m.Signature; sig != nil {
		schema("inputs", sig.Inputs)
		schema("outputs", sig.Outputs)
		schema("params", sig.Params)
	} else {
		lines = append(lines, kv("signature", "(none logged)"))
	}
	if c.Example != "" {
		ex := c.Example
		switch {
		case c.ExampleRows == 1:
			ex = "1 row: " + ex
		case c.ExampleRows > 1:
			ex = fmt.Sprintf("%d rows: %s", c.ExampleRows, ex)
		}
		lines = append(lines, kv("example", ex))
	}
	if len(c.Requirements) > 0 {
		lines = append(lines, kv("requires", strings.Join(c.Requirements, ", ")))
	}
	return lines
}
