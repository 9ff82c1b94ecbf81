package tui_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTerminalKeysFromConfig runs the binary in tmux on a copy of the
// shipped demo store with a config that rebinds down to n (nav.down, every
// list) and up to e (runs.up, the runs table only), and reads which row
// is selected from the pane's colours: n and e move the cursor, j no
// longer does, and the ? overlay shows the new keys. It needs no MLflow,
// so it runs with -short too.
func TestTerminalKeysFromConfig(t *testing.T) {
	needTmux(t)
	dir, db := demoCopy(t)
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("refresh_interval: 1s\nkeys:\n  nav.down: n\n  runs.up: [e]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := mltuiBinary(t)
	tm := startTerm(t, 120, 30, baseEnv(t), bin, "--config", cfg, "--tracking-uri", "sqlite:///"+db)
	tm.waitText(20*time.Second, "iris-classification", "mnist-mlp")

	tm.keys(":")
	tm.typeText("runs iris-classification")
	tm.keys("Enter")
	scr := tm.waitText(15*time.Second, "6 runs", "rf-stump", "rf-baseline-v1")
	rows := runRows(scr, "rf-")
	if len(rows) != 6 {
		t.Fatalf("want the 6 iris runs on screen, got %q:\n%s", rows, scr)
	}
	at := func(want int) {
		t.Helper()
		var got string
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if got = selectedRow(tm.tmux("capture-pane", "-p", "-e", "-t", "main"), rows); got == rows[want] {
				return
			}
		}
		t.Fatalf("the cursor is on %q, want %q (row %d):\n%s", got, rows[want], want, tm.screen())
	}
	at(0)
	tm.keys("n")
	at(1)
	tm.keys("n")
	at(2)
	tm.keys("e")
	at(1)
	// j is no longer down: had it moved to row 2, e would land on row 1.
	tm.keys("j", "e")
	at(0)
	tm.keys("n")
	at(1)
	// Nor is k up here (runs.up replaced it): had it moved to row 0, n
	// would land on row 1.
	tm.keys("k", "n")
	at(2)

	// The help shows the keys in force.
	tm.keys("?")
	scr = tm.waitText(5*time.Second, "everywhere", "mark run")
	if !strings.Contains(scr, "n      down") || !strings.Contains(scr, "e      up") || strings.Contains(scr, "j/↓") {
		t.Errorf("help does not show n for down and e for up:\n%s", scr)
	}
	tm.keys("Escape")
	tm.keys("q")
	tm.waitFor("the program to exit", 5*time.Second, func(s string) bool { return !strings.Contains(s, "mltui ›") })
}

// demoCopy copies the shipped demo store into a temporary folder.
func demoCopy(t *testing.T) (dir, db string) {
	t.Helper()
	dir = t.TempDir()
	db = filepath.Join(dir, "mlflow.db")
	b, err := os.ReadFile(filepath.Join("..", "testdata", "demo", "mlflow.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, db
}

// runRows are the names in the first column of the table rows, top to
// bottom: the words after "✓ " that start with prefix.
func runRows(scr, prefix string) []string {
	var out []string
	for _, l := range strings.Split(scr, "\n") {
		f := strings.Fields(l)
		if len(f) > 1 && strings.HasPrefix(f[1], prefix) {
			out = append(out, f[1])
		}
	}
	return out
}

// selectedRow is the one row of names drawn with a background colour (the
// cursor's highlight) in a pane captured with escapes; "" if none or more
// than one is.
func selectedRow(pane string, names []string) string {
	found := ""
	for _, l := range strings.Split(pane, "\n") {
		for _, n := range names {
			if strings.Contains(l, n+"\x1b") || strings.Contains(l, n+" ") {
				if strings.Contains(l, "\x1b[48;") {
					if found != "" {
						return ""
					}
					found = n
				}
				break
			}
		}
	}
	return found
}
