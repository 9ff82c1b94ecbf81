package groups

import (
	"context"
	"slices"
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

// The filter a group copies (y) or opens the runs table with (a), sent
// to a real mlflow server and to our SQLite reader of the same store,
// selects exactly the group's runs. mnist-mlp's keys hold slashes
// (optimizer/name), so the names go out backquoted; the runs came
// through a status filter, which the group's filter keeps.
func TestIntegrationGroupFilterSelectsTheGroup(t *testing.T) {
	srv := testenv.Shared(t)
	ctx := t.Context()
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

	exp := srv.Summary.Experiment(t, "mnist")
	const status = "attributes.status = 'FINISHED'"
	page, err := restStore.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{exp}, Filter: status, MaxResults: 1000})
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Defaults()
	sh := views.NewShared(views.Shared{Config: &cfg, Theme: theme.New(theme.ModeDark)})
	s, err := New(views.Env{Shared: sh, Screen: 1}, views.OpenMsg{Kind: views.KindGroups, Runs: page.Items,
		GroupBy: []string{"optimizer/name", "model/hidden_units"}, Metric: "val_loss", ExperimentIDs: []string{exp}, Filter: status})
	if err != nil {
		t.Fatal(err)
	}
	m := s.(*Model)
	checked := 0
	for g, grp := range m.groups {
		f, ok := m.groupFilter(g)
		if !ok {
			continue // runs without one of the params: said in the UI
		}
		var want []string
		for _, r := range grp.Runs {
			want = append(want, r.Info.RunID)
		}
		slices.Sort(want)
		for name, st := range map[string]client.Store{"REST": restStore, "SQLite": sqlStore} {
			p, err := st.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{exp}, Filter: f, MaxResults: 1000})
			if err != nil {
				t.Fatalf("%s refused %q: %v", name, f, err)
			}
			var got []string
			for _, r := range p.Items {
				got = append(got, r.Info.RunID)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s: %q selects %v, the group holds %v", name, f, got, want)
			}
		}
		checked++
	}
	if checked < 2 {
		t.Fatalf("only %d groups could be checked; the seed should give several", checked)
	}
	t.Logf("%d groups' filters checked on REST and SQLite", checked)
}
