package store

import (
	"context"
	"strings"
	"testing"

	"mltui/client"
)

// Both local stores refuse a bad search request before reading, with the
// same messages and the same order of checks: filter, order_by, view type,
// max_results, page token. They differ in one thing: the file store's
// invalid-parameter errors carry MLflow's code, the SQLite store's do not
// ({code} below).
func TestSearchRequestErrors(t *testing.T) {
	ctx := context.Background()
	stores := map[string]string{
		"":                         "sqlite:///" + mlflowDB(t),
		" INVALID_PARAMETER_VALUE": "file://" + mustAbs(t, "../filestore/testdata/mlruns"),
	}
	type call func(client.Store) error
	cases := []struct {
		call call
		want string
	}{
		{func(s client.Store) error {
			_, err := s.SearchExperiments(ctx, client.ExperimentQuery{Filter: "name =", OrderBy: []string{"bogus"}})
			return err
		}, `search experiments: invalid parameter INVALID_PARAMETER_VALUE: invalid filter: column 7: expected a value after "name ="`},
		{func(s client.Store) error {
			_, err := s.SearchExperiments(ctx, client.ExperimentQuery{OrderBy: []string{"bogus"}, ViewType: "SOME"})
			return err
		}, `search experiments: invalid parameter INVALID_PARAMETER_VALUE: invalid filter: column 1: order_by "bogus": cannot order experiments by "bogus": use one of name, experiment_id, creation_time, last_update_time`},
		{func(s client.Store) error {
			_, err := s.SearchExperiments(ctx, client.ExperimentQuery{ViewType: "SOME", MaxResults: -1})
			return err
		}, `view type: invalid parameter{code}: unknown view type "SOME": use ACTIVE_ONLY, DELETED_ONLY or ALL`},
		{func(s client.Store) error {
			_, err := s.SearchExperiments(ctx, client.ExperimentQuery{MaxResults: 50001, PageToken: "x"})
			return err
		}, `search experiments: invalid parameter{code}: max_results must be between 1 and 50000, got 50001`},
		{func(s client.Store) error {
			_, err := s.SearchExperiments(ctx, client.ExperimentQuery{PageToken: "x"})
			return err
		}, `search experiments: invalid parameter{code}: invalid page token "x": not base64`},
		{func(s client.Store) error {
			_, err := s.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{"0"}, ViewType: "SOME", MaxResults: -1})
			return err
		}, `view type: invalid parameter{code}: unknown view type "SOME": use ACTIVE_ONLY, DELETED_ONLY or ALL`},
		{func(s client.Store) error {
			_, err := s.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{"0"}, PageToken: "e30="})
			return err
		}, `search runs: invalid parameter{code}: invalid page token "e30=": it holds no positive offset`},
		{func(s client.Store) error {
			_, err := s.SearchRegisteredModels(ctx, client.ModelQuery{MaxResults: 1001, PageToken: "x"})
			return err
		}, `search registered models: invalid parameter{code}: max_results must be between 1 and 1000, got 1001`},
		{func(s client.Store) error {
			_, err := s.SearchRegisteredModels(ctx, client.ModelQuery{PageToken: "e30="})
			return err
		}, `search registered models: invalid parameter{code}: invalid page token "e30=": it holds no positive offset`},
		{func(s client.Store) error {
			_, err := s.SearchModelVersions(ctx, client.VersionQuery{OrderBy: []string{"bogus"}, MaxResults: -1})
			return err
		}, `search model versions: invalid parameter INVALID_PARAMETER_VALUE: invalid filter: column 1: order_by "bogus": cannot order model versions by "bogus": use one of name, version_number, creation_timestamp, last_updated_timestamp`},
		{func(s client.Store) error {
			_, err := s.SearchModelVersions(ctx, client.VersionQuery{MaxResults: 200_001})
			return err
		}, `search model versions: invalid parameter{code}: max_results must be between 1 and 200000, got 200001`},
		{func(s client.Store) error {
			_, err := s.SearchLoggedModels(ctx, client.LoggedModelQuery{MaxResults: 50001})
			return err
		}, `search logged models: invalid parameter{code}: max_results must be between 1 and 50000, got 50001`},
		{func(s client.Store) error {
			_, err := s.SearchLoggedModels(ctx, client.LoggedModelQuery{ExperimentIDs: []string{"0"}, PageToken: "x"})
			return err
		}, `search logged models: invalid parameter{code}: invalid page token "x": not base64`},
		{func(s client.Store) error {
			_, err := s.MetricHistoryPage(ctx, client.HistoryQuery{RunID: "r", Key: "k", MaxResults: 1_000_001, PageToken: "x"})
			return err
		}, `metric history: invalid parameter{code}: max_results must be between 1 and 1000000, got 1000001`},
	}
	for code, uri := range stores {
		r, err := Resolve(Inputs{FlagURI: uri, Cwd: "/"})
		if err != nil {
			t.Fatal(err)
		}
		s, err := Open(ctx, r, Options{Getenv: func(string) string { return "" }})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for i, c := range cases {
			want := strings.ReplaceAll(c.want, "{code}", code)
			if err := c.call(s); err == nil || err.Error() != want {
				t.Errorf("%s case %d:\n got  %v\n want %s", uri, i, err, want)
			}
		}
	}
}
