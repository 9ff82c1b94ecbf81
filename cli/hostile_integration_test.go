package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"mltui/client"
	"mltui/format"
	"mltui/testenv"
)

// How a terminal must see the strings testenv/hostile.py writes.
const (
	visRunName   = "evil␛]0;PWNED-TITLE␇␛[2J␛[Hname"
	visParam     = "v␛[5mblink␍↵newline"
	visTag       = "␛]52;c;ZXZpbA==␇clip"
	visBidiTag   = "safe⟨U+202E⟩txt.exe"
	visModelDesc = "report⟨U+202E⟩exe.pdf"
	visEvilModel = "evil␛[8mhidden-model"
)

// TestIntegrationHostileTextFromARealServer writes run names, params, tags,
// model names and descriptions holding terminal escapes and bidi overrides
// through the real MLflow Python client into a real mlflow server, then runs
// the CLI against it: text outputs show them visibly and send nothing a
// terminal acts on; JSON and CSV into a buffer keep the exact bytes.
func TestIntegrationHostileTextFromARealServer(t *testing.T) {
	srv := testenv.Server(t)
	h := testenv.WriteHostile(t, srv.URL)
	checkHostileCLI(t, srv.URL, h)
	// MLflow's own error message quotes the name it was asked for: the
	// top-level handler shows it visibly along with mltui's own words.
	_, errOut, code := runMain(t, nil, "--tracking-uri", srv.URL, "models", h.EvilModel+"-gone")
	if n := strings.Count(errOut, visEvilModel+"-gone"); code != 2 || n < 2 || !strings.Contains(errOut, "RESOURCE_DOES_NOT_EXIST") {
		t.Errorf("a missing model: exit %d, the name shown %d times (want mltui's and the server's):\n%s", code, n, errOut)
	}
	checkHostilePromote(t, srv.URL, h)
	if t.Failed() {
		t.Logf("server log:\n%s", tailString(srv.Log(), 3000))
	}
}

// checkHostileCLI runs every command that prints store text against uri,
// which holds hostile.py's data as h describes it.
func checkHostileCLI(t *testing.T, uri string, h testenv.Hostile) {
	s := h.Strings
	evil, plain := h.Run(t, "evil"), h.Run(t, "plain")
	// The expectations above are what format.Visible makes of what was written.
	for exact, vis := range map[string]string{s.RunName: visRunName, s.Param: visParam, s.Tag: visTag,
		s.BidiTag: visBidiTag, s.ModelDescription: visModelDesc, h.EvilModel: visEvilModel} {
		if got := format.Visible(exact); got != vis {
			t.Fatalf("format.Visible(%q) = %q, the test expects %q", exact, got, vis)
		}
	}
	cli := func(args ...string) (string, string, int) {
		t.Helper()
		return runMain(t, nil, append([]string{"--tracking-uri", uri}, args...)...)
	}
	// text runs a command that prints for a person: it must succeed (or
	// exit with code), show each of want, and hold nothing a terminal acts on.
	text := func(code int, args []string, want ...string) string {
		t.Helper()
		out, errOut, got := cli(args...)
		if got != code {
			t.Errorf("%q: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", args, got, code, out, errOut)
		}
		assertInert(t, fmt.Sprintf("%q stdout", args), out)
		assertInert(t, fmt.Sprintf("%q stderr", args), errOut)
		if testing.Verbose() {
			t.Logf("%q (exit %d):\n%s%s", args, got, out, errOut)
		}
		for _, w := range want {
			if !strings.Contains(out+errOut, w) {
				t.Errorf("%q does not show %q:\nstdout:\n%s\nstderr:\n%s", args, w, out, errOut)
			}
		}
		return out
	}
	data := func(args ...string) string {
		t.Helper()
		out, errOut, code := cli(args...)
		if code != 0 || errOut != "" {
			t.Fatalf("%q: exit %d\n%s\nstderr:\n%s", args, code, out, errOut)
		}
		return out
	}

	// Text outputs.
	text(0, []string{"runs", h.Experiment, "-o", "table"}, visRunName, visParam, "plain")
	text(0, []string{"diff", evil, plain, "-o", "md"}, visRunName, visTag, visBidiTag)
	text(0, []string{"diff", evil, plain}, visTag, visBidiTag)
	text(0, []string{"chart", evil, plain, "--metric", "loss", "--width", "100"}, visRunName, "plain")
	text(0, []string{"models"}, visEvilModel, visModelDesc, h.Model)
	text(0, []string{"models", h.Model}, "v"+h.Version.String(), "champion", visRunName)
	text(0, []string{"models", h.EvilModel}, "v1", "plain")
	// doctor names no experiment or model, only counts, so here it only has
	// to stay inert (server text in doctor: TestDoctorShowsServerTextVisibly).
	text(0, []string{"doctor"}, "healthy")
	// No gates are configured: gate prints its header, says so, and fails
	// with an error that names the model (printed by the top-level handler).
	text(gateError, []string{"gate", h.EvilModel, "1"}, visEvilModel+" v1 — metrics from run "+plain,
		"\nno gates configured for "+visEvilModel+"\n", "mltui: no gates configured for "+visEvilModel+" (add registry.gates to ")
	// A model that is not there: the error names it.
	text(2, []string{"models", h.EvilModel + "-gone"}, "mltui: ", visEvilModel+"-gone")

	// JSON keeps the exact strings.
	var runs []runJSON
	decode(t, data("runs", h.Experiment, "-o", "json"), &runs)
	byID := map[string]runJSON{}
	for _, r := range runs {
		byID[r.RunID] = r
	}
	if r := byID[evil]; r.RunName != s.RunName || r.Params["p"] != s.Param || r.Tags["note"] != s.Tag || r.Tags["bidi"] != s.BidiTag {
		t.Errorf("runs -o json changed the evil run: %#v", r)
	}
	if r := byID[plain]; r.RunName != "plain" || len(runs) != 2 {
		t.Errorf("runs -o json: %d runs, plain %#v", len(runs), r)
	}

	var models []client.RegisteredModel
	decode(t, data("models", "-o", "json"), &models)
	found := 0
	for _, m := range models {
		switch m.Name {
		case h.EvilModel:
			found++
		case h.Model:
			found++
			if m.Description != s.ModelDescription {
				t.Errorf("models -o json: %s's description %q, want %q", h.Model, m.Description, s.ModelDescription)
			}
		}
	}
	if found != 2 {
		t.Errorf("models -o json lacks %q or %q (exact names): %#v", h.Model, h.EvilModel, models)
	}

	var versions []struct {
		client.ModelVersion
		RunName string `json:"run_name"`
	}
	decode(t, data("models", h.Model, "-o", "json"), &versions)
	if len(versions) != 1 {
		t.Fatalf("models %s -o json: %d versions", h.Model, len(versions))
	}
	v := versions[0]
	if note, _ := v.Tag("note"); v.Version != h.Version.String() || v.Description != s.Tag || note != s.Tag ||
		v.RunID != evil || v.RunName != s.RunName || strings.Join(v.Aliases, ",") != "champion" {
		t.Errorf("models %s -o json changed the version: %#v", h.Model, v)
	}
	decode(t, data("models", h.EvilModel, "-o", "json"), &versions)
	if len(versions) != 1 || versions[0].Name != h.EvilModel || versions[0].RunName != "plain" {
		t.Errorf("models %q -o json: %#v", h.EvilModel, versions)
	}

	var d diffJSON
	decode(t, data("diff", evil, plain, "-o", "json"), &d)
	if len(d.Columns) != 2 || d.Columns[0].Label != s.RunName || d.Columns[1].Label != "plain" {
		t.Errorf("diff -o json columns: %#v", d.Columns)
	}
	cells := map[string]any{}
	for _, r := range d.Rows {
		if len(r.Cells) == 2 {
			cells[r.Section+"/"+r.Key] = r.Cells[0]["value"]
		}
	}
	for key, want := range map[string]string{"params/p": s.Param, "tags/note": s.Tag, "tags/bidi": s.BidiTag} {
		if cells[key] != want {
			t.Errorf("diff -o json %s = %#v, want %#v (rows %#v)", key, cells[key], want, cells)
		}
	}

	// CSV into a buffer (not a terminal) keeps the exact bytes, quoted as CSV quotes them.
	raw := data("runs", h.Experiment, "-o", "csv")
	for _, exact := range []string{s.RunName, `"` + s.Param + `"`} {
		if !strings.Contains(raw, exact) {
			t.Errorf("runs -o csv lacks the exact %q:\n%q", exact, raw)
		}
	}
	recs, err := csv.NewReader(strings.NewReader(raw)).ReadAll()
	if err != nil || len(recs) != 3 {
		t.Fatalf("runs -o csv: %d records, %v\n%q", len(recs), err, raw)
	}
	names := map[string]string{}
	for _, rec := range recs[1:] {
		names[rec[0]] = rec[1]
	}
	if names[evil] != s.RunName {
		t.Errorf("runs -o csv: the evil run is named %q, want %q", names[evil], s.RunName)
	}
	raw = data("diff", evil, plain, "-o", "csv")
	for _, exact := range []string{"," + evil + "," + plain + "\n", s.Tag, s.BidiTag, `"` + s.Param + `"`} {
		if !strings.Contains(raw, exact) {
			t.Errorf("diff -o csv lacks the exact %q:\n%q", exact, raw)
		}
	}
}

// checkHostilePromote moves an alias on the model whose name is hostile: the
// plan and the read-back report show the name visibly. It writes to uri.
func checkHostilePromote(t *testing.T, uri string, h testenv.Hostile) {
	args := []string{"--tracking-uri", uri, "promote", h.EvilModel, "1", "--alias", "champion", "--yes"}
	out, errOut, code := runMain(t, nil, args...)
	if code != promoteDone {
		t.Fatalf("promote: exit %d\n%s\nstderr:\n%s", code, out, errOut)
	}
	assertInert(t, "promote", out+errOut)
	for _, want := range []string{visEvilModel + "  champion: (none) → v1\n", "\n  " + visEvilModel + ": alias champion (none) → v1\n",
		"\n  " + visEvilModel + " v1: tag promoted_by (none) → "} {
		if !strings.Contains(out, want) {
			t.Errorf("promote does not show %q:\n%s", want, out)
		}
	}
}

func decode(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
}

func tailString(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
