package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mltui/internal/screentest"
)

// FuzzCLIShowsStoreTextVisibly writes arbitrary bytes into the string
// fields of the hostile store (run name, param, tag, experiment name,
// model and version descriptions, a version tag) and runs one command in
// one output mode. Output meant for people (table, md, chart, doctor)
// holds nothing a terminal acts on, and is exactly what the same store
// with every string already made visible prints; data formats carry the
// exact strings (JSON as JSON escapes them, CSV byte for byte).
//
//	go test ./cli -run '^$' -fuzz FuzzCLIShowsStoreTextVisibly -fuzztime 60s -fuzzminimizetime 1x
func FuzzCLIShowsStoreTextVisibly(f *testing.F) {
	_, h := screentest.HostileStore(f)
	rawDir, shownDir := filepath.Join(f.TempDir(), "raw"), filepath.Join(f.TempDir(), "shown")
	for _, d := range []string{rawDir, shownDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			f.Fatal(err)
		}
	}
	raw, shown := screentest.CopyHostileDB(f, rawDir, "mlflow.db"), screentest.CopyHostileDB(f, shownDir, "mlflow.db")
	evil, plain := h.Runs["evil"], h.Runs["plain"]
	type mode int
	const (
		text mode = iota
		asJSON
		asCSV
	)
	// holds: the strings a data format must carry exactly.
	type holds func(screentest.HostileText) []string
	commands := []struct {
		args  []string
		mode  mode
		holds holds
	}{
		{[]string{"runs", "1"}, text, nil},
		{[]string{"runs", "1", "-o", "json"}, asJSON, func(x screentest.HostileText) []string { return []string{x.RunName, x.Param, x.Tag} }},
		{[]string{"runs", "1", "-o", "csv"}, asCSV, func(x screentest.HostileText) []string { return []string{x.RunName, x.Param} }},
		{[]string{"diff", evil, plain}, text, nil},
		{[]string{"diff", evil, plain, "-o", "md"}, text, nil},
		{[]string{"diff", evil, plain, "-o", "json"}, asJSON, func(x screentest.HostileText) []string { return []string{x.RunName, x.Param, x.Tag} }},
		{[]string{"diff", evil, plain, "-o", "csv"}, asCSV, func(x screentest.HostileText) []string { return []string{x.Param, x.Tag} }},
		{[]string{"chart", evil, plain, "--metric", "loss", "--width", "80", "--height", "12"}, text, nil},
		{[]string{"models"}, text, nil},
		{[]string{"models", h.Model}, text, nil},
		{[]string{"models", "-o", "json"}, asJSON, func(x screentest.HostileText) []string { return []string{x.ModelDesc} }},
		{[]string{"models", h.Model, "-o", "json"}, asJSON, func(x screentest.HostileText) []string { return []string{x.VersionDesc, x.VersionTag, x.RunName} }},
		{[]string{"doctor"}, text, nil},
	}
	for i := range commands {
		f.Add(uint8(i), h.Strings.RunName, h.Strings.Param, h.Strings.Tag)
	}
	f.Add(uint8(0), "a\tb", "\xff\xfe", h.Strings.BidiTag)
	f.Add(uint8(4), h.Strings.ModelDescription, "\x1b[8m", "\u200b\u2066x\u2069")
	f.Add(uint8(9), "\r\n", "\x9b31m", "")

	f.Fuzz(func(t *testing.T, pick uint8, a, b, c string) {
		cmd := commands[int(pick)%len(commands)]
		x := screentest.HostileText{RunName: a, Param: b, Tag: c, Experiment: a + b, ModelDesc: b + c, VersionDesc: c + a, VersionTag: c}
		x.Write(t, raw, h)
		out, err := runCLI(t, append(slices.Clone(cmd.args), "--tracking-uri", "sqlite:///"+raw)...)
		if err != nil && cmd.args[0] != "doctor" {
			t.Fatalf("%v: %v\n%s", cmd.args, err, out)
		}
		switch cmd.mode {
		case text:
			if err := screentest.OnlyStyling(out); err != nil || strings.Contains(out, "\x1b") {
				t.Fatalf("%v prints more than text: %v\n%q", cmd.args, err, out)
			}
			x.Visible().Write(t, shown, h)
			want, _ := runCLI(t, append(slices.Clone(cmd.args), "--tracking-uri", "sqlite:///"+shown)...)
			if strings.ReplaceAll(out, rawDir, shownDir) != want {
				t.Fatalf("%v differs from its output for visible text:\n%s\nwant:\n%s", cmd.args, out, want)
			}
		case asJSON:
			var v any
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Fatalf("%v: not JSON: %v\n%s", cmd.args, err, out)
			}
			strs := jsonStrings(v, nil)
			for _, s := range cmd.holds(x) {
				// JSON carries text: each byte that is not UTF-8 becomes U+FFFD.
				if s = string([]rune(s)); !slices.Contains(strs, s) {
					t.Fatalf("%v: %q is not a string of the JSON:\n%s", cmd.args, s, out)
				}
			}
		case asCSV:
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatalf("%v: not CSV: %v\n%q", cmd.args, err, out)
			}
			var fields []string
			for _, r := range recs {
				fields = append(fields, r...)
			}
			for _, s := range cmd.holds(x) {
				// encoding/csv reads \r\n inside a quoted field as \n.
				if s = strings.ReplaceAll(s, "\r\n", "\n"); !slices.Contains(fields, s) {
					t.Fatalf("%v: %q is not a field of the CSV byte for byte:\n%q", cmd.args, s, out)
				}
			}
		}
	})
}

// jsonStrings collects every string (values and keys) in a decoded JSON value.
func jsonStrings(v any, out []string) []string {
	switch x := v.(type) {
	case string:
		return append(out, x)
	case []any:
		for _, e := range x {
			out = jsonStrings(e, out)
		}
	case map[string]any:
		for k, e := range x {
			out = jsonStrings(e, append(out, k))
		}
	}
	return out
}
