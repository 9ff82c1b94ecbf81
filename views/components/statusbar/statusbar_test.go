package statusbar

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"mltui/theme"
)

func TestRenderKeepsWidthAndPrefersTrouble(t *testing.T) {
	th := theme.New(theme.ModeDark)
	in := Info{Kind: "rest", URI: "https://mlflow.internal.example.com/some/long/prefix", User: "alice", Version: "3.18.0",
		Retry: "⠋ retrying 2/5 (HTTP 503) · esc cancels", Err: "runs/search: unavailable (HTTP 503)", Marks: 3, Hint: "? help"}
	for _, w := range []int{40, 80, 200} {
		out := Render(&th.Styles, w, in)
		if got := ansi.StringWidth(out); got != w {
			t.Errorf("width %d: rendered %d cells", w, got)
		}
		plain := ansi.Strip(out)
		if w >= 80 && !strings.Contains(plain, "retrying 2/5") {
			t.Errorf("width %d: retry progress missing: %q", w, plain)
		}
		if w >= 200 && (!strings.Contains(plain, "HTTP 503") || !strings.Contains(plain, "3 marked") || !strings.Contains(plain, "mlflow 3.18.0")) {
			t.Errorf("width %d: %q", w, plain)
		}
	}
	// A local store's version is its schema revision.
	plain := ansi.Strip(Render(&th.Styles, 120, Info{Kind: "sqlite", URI: "sqlite:///x.db", Version: "f4a9b2c7d1"}))
	if !strings.Contains(plain, "schema f4a9b2c7d1") || strings.Contains(plain, "mlflow f4a9") {
		t.Errorf("sqlite version label: %q", plain)
	}
}
