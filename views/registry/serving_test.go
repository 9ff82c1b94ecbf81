package registry

import (
	"net"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"mltui/client"
	"mltui/internal/promotetest"
	"mltui/views"
)

func TestServingFor(t *testing.T) {
	cfg := map[string]string{
		"iris-classifier@champion":           "http://a",
		"models:/iris-classifier@challenger": "http://b",
		"iris-classifier/4":                  "http://c",
		"wine-regressor@champion":            "http://d",
		"not a model uri":                    "http://e",
	}
	v4 := client.ModelVersion{Name: "iris-classifier", Version: "4", Aliases: []string{"challenger"}}
	got := servingFor(cfg, "iris-classifier", v4)
	if len(got) != 2 || got[0].Label != "v4" || got[0].URL != "http://c" || got[1].Label != "@challenger" || got[1].URL != "http://b" {
		t.Fatalf("%+v", got)
	}
	if got := servingFor(cfg, "iris-classifier", client.ModelVersion{Version: "2"}); len(got) != 0 {
		t.Fatalf("v2 serves nowhere: %+v", got)
	}
}

// A version the config says is served, its endpoint down: the detail says so in lines that fit
// 80 columns, and the rest of the detail is still there.
func TestVersionDetailServingDown(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	url := "http://" + l.Addr().String()
	l.Close()
	cfg := articleConfig()
	cfg.Serving = map[string]string{"iris-classifier@challenger": url}
	h := open(t, NewVersion, newEnv(promotetest.Iris(), cfg), views.OpenMsg{Kind: views.KindVersion, Model: "iris-classifier", Version: "4"}, 80, 40)
	scr := h.screenText(80)
	for _, want := range []string{"serving\n@challenger", url, "✗ unhealthy: /health: nothing is listening at", "scoring server running?", "source run"} {
		if !strings.Contains(scr, want) {
			t.Errorf("lacks %q:\n%s", want, scr)
		}
	}
	for i, line := range strings.Split(ansi.Strip(h.screen.View()), "\n") {
		if w := ansi.StringWidth(line); w > 80 {
			t.Errorf("line %d is %d cells wide: %q", i, w, line)
		}
	}
	if n := strings.Count(h.screen.View(), "\n") + 1; n != 40 {
		t.Errorf("%d lines, want 40", n)
	}
}
