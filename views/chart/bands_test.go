package chart

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"mltui/client"
	"mltui/theme"
	"mltui/views"
)

// openGrouped opens the chart as the groups screen does: the runs of the
// groups in order, and the keys they were grouped by. The mnist fixture
// has no params, so the four optimiser runs get a family param here:
// adam and adamw form one group, the two SGD runs the other.
func openGrouped(t *testing.T, w, h int) *Model {
	t.Helper()
	s, byRole := seedStore(t)
	family := map[string]string{"mnist_adam": "adam", "mnist_adamw_cosine": "adam", "mnist_sgd": "sgd", "mnist_sgd_momentum": "sgd"}
	var runs []client.Run
	for _, role := range optimisers {
		r := byRole[role]
		r.Data.Params = append(append([]client.Param(nil), r.Data.Params...), client.Param{Key: "family", Value: family[role]})
		runs = append(runs, r)
	}
	sh := views.NewShared(views.Shared{Store: s, Info: client.ServerInfo{Kind: "sqlite"}, Theme: theme.New(theme.ModeDark), Now: func() timeT { return fixedNow }})
	ids := make([]string, len(runs))
	for i, r := range runs {
		ids[i] = r.Info.RunID
	}
	scr, err := New(views.Env{Shared: sh, Screen: 1}, views.OpenMsg{Kind: views.KindChart, RunIDs: ids, Runs: runs, Metric: "train_loss", GroupBy: []string{"family"}})
	if err != nil {
		t.Fatal(err)
	}
	m := scr.(*Model)
	m.throttle = 0
	m.SetSize(w, h)
	drain(t, m, m.Init())
	return m
}

func TestGoldenBands(t *testing.T) {
	for _, c := range []struct {
		name string
		w, h int
	}{{"bands_80x24", 80, 24}, {"bands_200x60", 200, 60}} {
		t.Run(c.name, func(t *testing.T) {
			m := openGrouped(t, c.w, c.h)
			golden.RequireEqual(t, plain(t, m.View(), c.w, c.h))
		})
	}
}

func TestBandsLegendAndToggle(t *testing.T) {
	m := openGrouped(t, 120, 36)
	out := plain(t, m.View(), 120, 36)
	for _, want := range []string{"family=adam", "family=sgd", "2 runs", "mean last", "mean · min–max"} {
		if !strings.Contains(out, want) {
			t.Fatalf("band chart lacks %q:\n%s", want, out)
		}
	}
	p := m.focused().plot
	if len(p.Bands()) != 2 || len(p.Bands()[0].Members) != 2 {
		t.Fatalf("bands %d, want 2 of 2 runs each", len(p.Bands()))
	}
	press(t, m, "g")
	out = plain(t, m.View(), 120, 36)
	if p.Bands() != nil || strings.Contains(out, "family=adam") || strings.Contains(out, "mean · min–max") {
		t.Fatalf("g did not switch to the runs:\n%s", out)
	}
	if n := len(p.Series()); n != 4 {
		t.Fatalf("series after g = %d, want the 4 runs", n)
	}
	press(t, m, "g")
	if len(p.Bands()) != 2 {
		t.Fatal("g again did not bring the bands back")
	}
}

func TestBandsKeyWithoutGroupsSaysWhy(t *testing.T) {
	s, byRole := seedStore(t)
	m := open(t, s, "sqlite", roles(byRole, optimisers...), "train_loss", 100, 30)
	cmd := m.key(keyMsg("g"))
	if cmd == nil {
		t.Fatal("g on an ungrouped chart said nothing")
	}
	if m.focused().plot.Bands() != nil {
		t.Fatal("an ungrouped chart drew bands")
	}
}
