package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mltui/client"
	"mltui/config"
	"mltui/diff"
	"mltui/testenv"
)

// Strings anyone who can log to the tracking server can write: the table
// and Markdown outputs show their escapes instead of sending them to the
// reader's terminal.
const (
	evilName  = "evil\x1b]0;PWNED-TITLE\x07\x1b[2J\x1b[Hname"
	evilParam = "v\x1b[5mblink\r\nnewline"
)

func hostileRuns() []client.Run {
	return []client.Run{{
		Info: client.RunInfo{RunID: "0123456789abcdef0123456789abcdef", RunName: evilName, Status: client.StatusFinished, StartTime: 1, EndTime: 2},
		Data: client.RunData{Params: []client.Param{{Key: "p", Value: evilParam}}, Metrics: []client.Metric{{Key: "m", Value: 1}}},
	}, {
		Info: client.RunInfo{RunID: "fedcba9876543210fedcba9876543210", RunName: "plain", Status: client.StatusFinished, StartTime: 1, EndTime: 2},
		Data: client.RunData{Params: []client.Param{{Key: "p", Value: "\x1b]52;c;ZXZpbA==\x07clip"}}, Metrics: []client.Metric{{Key: "m", Value: 2}}},
	}}
}

func TestRunsTableShowsHostileTextVisibly(t *testing.T) {
	var b strings.Builder
	if err := writeRunsTable(&b, hostileRuns(), config.Columns{Metrics: []string{"m"}, Params: []string{"p"}}, time.Unix(0, 0)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	assertInert(t, "runs -o table", out)
	for _, want := range []string{"evil␛]0;PWNED-TITLE␇␛[2J␛[Hname", "v␛[5mblink␍↵newline", "␛]52;c;ZXZpbA==␇clip"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	// Columns stay aligned: the header and both rows put the next column at the same cell.
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("lines: %q", lines)
	}
}

func TestDiffMarkdownShowsHostileTextVisibly(t *testing.T) {
	tbl := diff.Runs(hostileRuns(), diff.Options{})
	md := tbl.Markdown(diff.Export{All: true})
	assertInert(t, "diff -o md", md)
	if !strings.Contains(md, "v␛[5mblink␍<br>newline") && !strings.Contains(md, "v␛[5mblink<br>newline") {
		t.Errorf("markdown lacks the param's visible form:\n%s", md)
	}
	txt := tbl.Text(diff.Export{All: true}, 60)
	assertInert(t, "diff -o table", txt)
	if !strings.Contains(txt, "␛]52;c;ZXZpbA==␇clip") {
		t.Errorf("table lacks the tag's visible form:\n%s", txt)
	}
}

// CSV is data: exact bytes into a pipe or file; on a terminal the visible
// form, with one note on stderr.
func TestCSVExactInAPipeVisibleOnATerminal(t *testing.T) {
	var buf strings.Builder
	if err := writeRunsCSV(&buf, hostileRuns()); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	if !strings.Contains(raw, evilName) {
		t.Fatalf("the CSV keeps the exact run name:\n%q", raw)
	}
	for _, tty := range []bool{false, true} {
		var stderr strings.Builder
		a := &App{Stderr: &stderr, ttyOut: func() bool { return tty }}
		out := a.safeData(raw, "csv")
		switch {
		case !tty && (out != raw || stderr.Len() != 0):
			t.Errorf("into a pipe: changed (%v) or noted (%q)", out != raw, stderr.String())
		case tty:
			assertInert(t, "csv on a terminal", out)
			if !strings.Contains(out, "evil␛]0;PWNED-TITLE␇") || strings.Count(stderr.String(), "\n") != 1 {
				t.Errorf("on a terminal:\n%s\nstderr %q", out, stderr.String())
			}
			if strings.Count(out, "\n") != strings.Count(raw, "\n") {
				t.Error("lines stay lines")
			}
		}
	}
	var stderr strings.Builder
	a := &App{Stderr: &stderr, ttyOut: func() bool { return true }}
	if plain := "a,b\n1,2\n"; a.safeData(plain, "csv") != plain || stderr.Len() != 0 {
		t.Error("plain CSV passes untouched, without a note")
	}
}

// The committed store testdata/hostile (written by the real MLflow client,
// make hostile-store) through the SQLite backend: the same checks as the
// integration test against a server, without needing MLflow installed.
func TestHostileSQLiteStore(t *testing.T) {
	src := filepath.Join("..", "testdata", "hostile")
	var h testenv.Hostile
	b, err := os.ReadFile(filepath.Join(src, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &h); err != nil {
		t.Fatal(err)
	}
	db, err := os.ReadFile(filepath.Join(src, "mlflow.db"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "mlflow.db")
	if err := os.WriteFile(p, db, 0o644); err != nil {
		t.Fatal(err)
	}
	checkHostileCLI(t, "sqlite:///"+p, h)
	checkHostilePromote(t, "sqlite:///"+p, h)
}
