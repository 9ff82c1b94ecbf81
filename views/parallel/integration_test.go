package parallel

import (
	"context"
	"slices"
	"strings"
	"testing"

	"mltui/client"
	"mltui/client/rest"
	"mltui/client/sqlstore"
	"mltui/config"
	"mltui/testenv"
	"mltui/theme"
	"mltui/views"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// The brush's filter, sent to a real mlflow server and to our SQLite
// reader of the same store, selects exactly the runs the screen counts in
// the brush: on the seeded hparam-sweep, lr brushed to {0.01, 0.1} (a
// log axis), hidden to {4, 16} and val_loss to a range inside its values
// (the diverged run's NaN is out). Params compare as strings on the
// server, so the numeric param brushes go out as != of the values left
// out.
func TestIntegrationBrushFilterSelectsTheBrushedRuns(t *testing.T) {
	srv, restStore, sqlStore := stores(t)
	ctx := t.Context()
	exp := srv.Summary.Experiment(t, "sweep")
	page, err := restStore.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{exp}, MaxResults: 1000})
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Defaults()
	sh := views.NewShared(views.Shared{Config: &cfg, Theme: theme.New(theme.ModeDark)})
	s, err := New(views.Env{Shared: sh, Screen: 1}, views.OpenMsg{Kind: views.KindParallel, Runs: page.Items,
		Metric: "val_loss", ExperimentIDs: []string{exp}})
	if err != nil {
		t.Fatal(err)
	}
	m := s.(*Model)
	m.SetSize(200, 60)
	m.View()

	check := func(step string) { checkBrush(t, m, exp, restStore, sqlStore, step) }

	focus(t, m, "lr")
	if !m.axes[m.focus].log {
		t.Error("lr 0.01…1 should be on a log axis")
	}
	send(m, "down") // 1 out
	if f, _, _ := m.filter(); f != "params.lr != '1'" {
		t.Fatalf("lr brush wrote %q", f)
	}
	check("lr")

	focus(t, m, "hidden")
	send(m, "down") // 64 out
	if f, _, _ := m.filter(); !strings.Contains(f, "params.hidden != '64'") {
		t.Fatalf("hidden brush wrote %q", f)
	}
	check("lr+hidden")

	focus(t, m, "val_loss")
	for range 8 {
		send(m, "down")
	}
	send(m, "]", "]")
	if f, _, _ := m.filter(); !strings.Contains(f, "metrics.val_loss >= ") || !strings.Contains(f, "metrics.val_loss <= ") {
		t.Fatalf("val_loss brush wrote %q", f)
	}
	check("lr+hidden+val_loss")
	if n := m.members().n; n == 0 || n >= 54 {
		t.Fatalf("%d runs in the brush: the val_loss range should leave some of lr×hidden's 54 out and keep some", n)
	}

	// Without the lr and hidden brushes, the val_loss range alone: the
	// diverged run (NaN) stays out on both stores.
	focus(t, m, "lr")
	send(m, "x")
	focus(t, m, "hidden")
	send(m, "x")
	check("val_loss")

	// A brush over every finite val_loss still leaves the diverged run's
	// NaN out, and both stores agree: a NaN never matches a range there.
	focus(t, m, "val_loss")
	send(m, "x", "[")
	if !m.brushed() {
		t.Fatal("a val_loss brush over every finite value should leave the NaN run out")
	}
	check("val_loss, every finite value")
}

// checkBrush sends the screen's filter to both stores and compares what
// they select with the runs the screen counts in the brush.
func checkBrush(t *testing.T, m *Model, exp string, restStore, sqlStore client.Store, step string) {
	t.Helper()
	ctx := t.Context()
	f, ok, why := m.filter()
	if !ok {
		t.Fatalf("%s: the filter cannot be written: %s", step, why)
	}
	mem := m.members()
	var want []string
	for i, r := range m.runs {
		if mem.in[i] {
			want = append(want, r.Info.RunID)
		}
	}
	slices.Sort(want)
	for name, st := range map[string]client.Store{"REST": restStore, "SQLite": sqlStore} {
		p, err := st.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{exp}, Filter: f, MaxResults: 1000})
		if err != nil {
			t.Fatalf("%s: %s refused %q: %v", step, name, f, err)
		}
		var got []string
		for _, r := range p.Items {
			got = append(got, r.Info.RunID)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: %s: %q selects %d runs, the screen counts %d in the brush", step, name, f, len(got), len(want))
		}
	}
	t.Logf("%s: %d of %d runs: %s", step, mem.n, len(m.runs), f)
}

// stores are the shared real server, a REST store on it and our SQLite
// reader of a copy of its database.
func stores(t *testing.T) (*testenv.TestServer, client.Store, client.Store) {
	srv := testenv.Shared(t)
	restStore, err := rest.OpenStore(srv.URL, func(string) string { return "" }, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { restStore.Close() })
	cp := testenv.SQLiteCopy(t)
	sqlStore, err := sqlstore.OpenStore(context.Background(), cp.Path, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sqlStore.Close() })
	return srv, restStore, sqlStore
}

// A categorical param with a slash in its name (mnist-mlp's
// optimizer/name): two lanes of more become != clauses on a backquoted
// name, one lane an =, and the runs table's status filter stays in front.
func TestIntegrationLaneBrushKeepsTheRunsFilter(t *testing.T) {
	srv, restStore, sqlStore := stores(t)
	exp := srv.Summary.Experiment(t, "mnist")
	const status = "attributes.status = 'FINISHED'"
	page, err := restStore.SearchRuns(t.Context(), client.RunQuery{ExperimentIDs: []string{exp}, Filter: status, MaxResults: 1000})
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Defaults()
	sh := views.NewShared(views.Shared{Config: &cfg, Theme: theme.New(theme.ModeDark)})
	s, err := New(views.Env{Shared: sh, Screen: 1}, views.OpenMsg{Kind: views.KindParallel, Runs: page.Items,
		Metric: "val_loss", ExperimentIDs: []string{exp}, Filter: status})
	if err != nil {
		t.Fatal(err)
	}
	m := s.(*Model)
	m.SetSize(120, 40)
	m.View()
	focus(t, m, "optimizer/name")
	c := &m.cols[m.axes[m.focus].col]
	if !c.Categorical() || len(c.Lanes) < 3 {
		t.Fatalf("optimizer/name lanes %v", c.Lanes)
	}
	send(m, "space", "up", "space") // the first two lanes
	f, _, _ := m.filter()
	if !strings.HasPrefix(f, status+" AND params.`optimizer/name` != ") {
		t.Fatalf("filter %q", f)
	}
	checkBrush(t, m, exp, restStore, sqlStore, "two lanes")
	send(m, "space") // the first lane alone
	checkBrush(t, m, exp, restStore, sqlStore, "one lane")
}
