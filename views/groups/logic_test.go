package groups

import (
	"fmt"
	"math"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/config"
	"mltui/theme"
	"mltui/views"
)

// sweepRuns is lr × hidden × 3 seeds; val_loss falls with lr, less with
// hidden, hardly with the seed; one run of lr=0.01, hidden=64 diverged (NaN).
func sweepRuns() []client.Run {
	var runs []client.Run
	n := 0
	for _, lr := range []string{"0.001", "0.01", "0.1"} {
		for _, hidden := range []string{"32", "64"} {
			for seed := range 3 {
				n++
				loss := map[string]float64{"0.001": 0.9, "0.01": 0.5, "0.1": 0.3}[lr] - map[string]float64{"32": 0, "64": 0.1}[hidden] + float64(seed)*0.01
				if lr == "0.01" && hidden == "64" && seed == 2 {
					loss = math.NaN()
				}
				runs = append(runs, client.Run{
					Info: client.RunInfo{RunID: fmt.Sprintf("run%02d", n), RunName: fmt.Sprintf("lr%s-h%s-s%d", lr, hidden, seed), Status: client.StatusFinished},
					Data: client.RunData{
						Metrics: []client.Metric{{Key: "val_loss", Value: loss}, {Key: "val_acc", Value: 1 - loss}},
						Params:  []client.Param{{Key: "lr", Value: lr}, {Key: "hidden", Value: hidden}, {Key: "seed", Value: fmt.Sprint(seed)}},
					},
				})
			}
		}
	}
	return runs
}

func newModel(t *testing.T, by ...string) *Model {
	t.Helper()
	cfg := config.Defaults()
	sh := views.NewShared(views.Shared{Config: &cfg, Theme: theme.New(theme.ModeDark)})
	s, err := New(views.Env{Shared: sh, Screen: 1}, views.OpenMsg{Kind: views.KindGroups, Runs: sweepRuns(), GroupBy: by, Metric: "val_loss",
		Experiment: &client.Experiment{ID: "7", Name: "sweep"}, ExperimentIDs: []string{"7"}, Filter: "attributes.status = 'FINISHED'"})
	if err != nil {
		t.Fatal(err)
	}
	m := s.(*Model)
	m.SetSize(120, 30)
	return m
}

func press(m *Model, keys ...string) []tea.Msg {
	var out []tea.Msg
	for _, k := range keys {
		var msg tea.KeyPressMsg
		switch k {
		case "enter":
			msg = tea.KeyPressMsg{Code: tea.KeyEnter}
		case "tab":
			msg = tea.KeyPressMsg{Code: tea.KeyTab}
		case "space":
			msg = tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
		case "down":
			msg = tea.KeyPressMsg{Code: tea.KeyDown}
		default:
			msg = tea.KeyPressMsg{Code: rune(k[0]), Text: k}
		}
		_, cmd := m.Update(msg)
		if cmd != nil {
			out = append(out, cmd())
		}
	}
	return out
}

func labels(m *Model) []string {
	var out []string
	for _, g := range m.Groups() {
		out = append(out, g.Key())
	}
	return out
}

func TestGroupsDefaultByAndOrder(t *testing.T) {
	m := newModel(t) // no GroupBy: the params that matter most
	if strings.Join(m.by, ",") != "lr,hidden" {
		t.Fatalf("default by = %v, want lr,hidden (seed explains nothing)", m.by)
	}
	// val_loss: lower is better, so the best mean comes first; the group
	// with the NaN run has two finite values and counts the NaN apart.
	got := labels(m)
	want := []string{"0.1 · 64", "0.1 · 32", "0.01 · 64", "0.01 · 32", "0.001 · 64", "0.001 · 32"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("order = %v, want %v", got, want)
	}
	st := m.Groups()[2].Stats["val_loss"]
	if st.N != 2 || st.NaN != 1 || math.Abs(st.Mean-0.405) > 1e-9 {
		t.Errorf("NaN group: %+v", st)
	}
	if c := statCell(st, "mean"); c != "0.405 +1 NaN" {
		t.Errorf("mean cell = %q", c)
	}
	// Inside the group, the NaN run comes last.
	g := m.order[2]
	if last := m.groups[g].Runs[m.members[g][2]]; last.Info.RunName != "lr0.01-h64-s2" {
		t.Errorf("last run of the NaN group = %s", last.Info.RunName)
	}
}

func TestGroupsSortChoices(t *testing.T) {
	m := newModel(t, "lr")
	m.setSort("max\x00val_acc") // best (highest) max first
	if got := labels(m)[0]; got != "0.1" {
		t.Errorf("by val_acc max: first = %s", got)
	}
	m.setSort(aggGroup) // values, numerically
	if got := strings.Join(labels(m), "|"); got != "0.001|0.01|0.1" {
		t.Errorf("by values = %s", got)
	}
	m.setSort(aggGroup) // the same choice again reverses
	if got := strings.Join(labels(m), "|"); got != "0.1|0.01|0.001" {
		t.Errorf("by values reversed = %s", got)
	}
}

func TestGroupsUnfoldMarkAndOpen(t *testing.T) {
	m := newModel(t, "lr", "hidden")
	if m.Len() != 6 {
		t.Fatalf("rows = %d, want the 6 groups folded", m.Len())
	}
	press(m, "enter") // unfold the first group
	if m.Len() != 9 {
		t.Fatalf("rows = %d after unfolding, want 6 + 3", m.Len())
	}
	// Its runs best first.
	if r := m.Row(3); m.groups[r.g].Runs[r.run].Info.RunName != "lr0.1-h64-s2" {
		t.Errorf("last run of the group = %s, want the worst", m.groups[r.g].Runs[r.run].Info.RunName)
	}
	press(m, "space") // on the group: marks its 3 runs
	if m.env.Marks.Len() != 3 {
		t.Errorf("marked %d, want the group's 3", m.env.Marks.Len())
	}
	press(m, "space") // all marked: unmarks them
	if m.env.Marks.Len() != 0 {
		t.Errorf("marked %d after the second space, want 0", m.env.Marks.Len())
	}
	msgs := press(m, "down", "enter") // a run opens
	if len(msgs) != 1 {
		t.Fatalf("msgs = %v", msgs)
	}
	if o, ok := msgs[0].(views.OpenMsg); !ok || o.Kind != views.KindRun || o.RunIDs[0] != "run16" {
		t.Errorf("enter on a run sent %#v", msgs[0])
	}
	press(m, "tab") // on a run: folds its group
	if m.Len() != 6 {
		t.Errorf("rows = %d after tab, want folded again", m.Len())
	}
}

func TestGroupsFilterAndChart(t *testing.T) {
	m := newModel(t, "lr", "hidden")
	msgs := press(m, "a")
	o, ok := msgs[0].(views.OpenMsg)
	want := "attributes.status = 'FINISHED' AND params.lr = '0.1' AND params.hidden = '64'"
	if !ok || o.Kind != views.KindRuns || o.Filter != want || o.ExperimentIDs[0] != "7" {
		t.Errorf("a sent %#v, want the runs table with %q", msgs[0], want)
	}
	msgs = press(m, "y")
	if c, ok := msgs[0].(views.CopyMsg); !ok || c.Text != want {
		t.Errorf("y sent %#v", msgs[0])
	}
	msgs = press(m, "c")
	o, ok = msgs[0].(views.OpenMsg)
	if !ok || o.Kind != views.KindChart || len(o.Runs) != 18 || strings.Join(o.GroupBy, ",") != "lr,hidden" || o.Metric != "val_loss" {
		t.Errorf("c sent %#v", msgs[0])
	}
}

// A group whose runs lack the param cannot become an MLflow filter.
func TestGroupsFilterNotWritable(t *testing.T) {
	m := newModel(t, "lr")
	m.runs = append(m.runs, client.Run{Info: client.RunInfo{RunID: "odd", RunName: "odd"},
		Data: client.RunData{Metrics: []client.Metric{{Key: "val_loss", Value: 0.01}}, Params: []client.Param{{Key: "hidden", Value: "it's"}}}})
	m.regroup()
	if labels(m)[0] != "" {
		t.Fatalf("first group = %q, want the runs without lr", labels(m)[0])
	}
	if _, ok := m.groupFilter(m.order[0]); ok {
		t.Error("a filter was written for runs without the param")
	}
	if !strings.Contains(m.View(), "lr=(none)") {
		t.Error("the group of runs without lr is not labelled (none)")
	}
}
