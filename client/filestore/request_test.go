package filestore

import (
	"context"
	"testing"

	"mltui/client"
)

// Every search refuses a bad request with the same messages, in the same
// order: filter, order_by, view type, max_results, page token.
func TestSearchRequestErrors(t *testing.T) {
	s, _ := openFixture(t, Options{})
	ctx := context.Background()
	errText := func(_ any, err error) string {
		if err == nil {
			return ""
		}
		return err.Error()
	}
	for _, c := range []struct{ got, want string }{
		{errText(s.SearchExperiments(ctx, client.ExperimentQuery{Filter: "name =", OrderBy: []string{"bogus"}})),
			"search experiments: invalid parameter INVALID_PARAMETER_VALUE: invalid filter: column 7: expected a value after \"name =\""},
		{errText(s.SearchExperiments(ctx, client.ExperimentQuery{OrderBy: []string{"bogus"}, ViewType: "SOME"})),
			"search experiments: invalid parameter INVALID_PARAMETER_VALUE: invalid filter: column 1: order_by \"bogus\": cannot order experiments by \"bogus\": use one of name, experiment_id, creation_time, last_update_time"},
		{errText(s.SearchExperiments(ctx, client.ExperimentQuery{ViewType: "SOME", MaxResults: -1})),
			"view type: invalid parameter INVALID_PARAMETER_VALUE: unknown view type \"SOME\": use ACTIVE_ONLY, DELETED_ONLY or ALL"},
		{errText(s.SearchExperiments(ctx, client.ExperimentQuery{MaxResults: 50001, PageToken: "x"})),
			"search experiments: invalid parameter INVALID_PARAMETER_VALUE: max_results must be between 1 and 50000, got 50001"},
		{errText(s.SearchExperiments(ctx, client.ExperimentQuery{PageToken: "x"})),
			"search experiments: invalid parameter INVALID_PARAMETER_VALUE: invalid page token \"x\": not base64"},
		{errText(s.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{fxExp}, ViewType: "SOME", MaxResults: -1})),
			"view type: invalid parameter INVALID_PARAMETER_VALUE: unknown view type \"SOME\": use ACTIVE_ONLY, DELETED_ONLY or ALL"},
		{errText(s.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{fxExp}, PageToken: "e30="})),
			"search runs: invalid parameter INVALID_PARAMETER_VALUE: invalid page token \"e30=\": it holds no positive offset"},
		{errText(s.SearchRegisteredModels(ctx, client.ModelQuery{MaxResults: 1001, PageToken: "x"})),
			"search registered models: invalid parameter INVALID_PARAMETER_VALUE: max_results must be between 1 and 1000, got 1001"},
		{errText(s.SearchRegisteredModels(ctx, client.ModelQuery{PageToken: "e30="})),
			"search registered models: invalid parameter INVALID_PARAMETER_VALUE: invalid page token \"e30=\": it holds no positive offset"},
		{errText(s.SearchModelVersions(ctx, client.VersionQuery{OrderBy: []string{"bogus"}, MaxResults: -1})),
			"search model versions: invalid parameter INVALID_PARAMETER_VALUE: invalid filter: column 1: order_by \"bogus\": cannot order model versions by \"bogus\": use one of name, version_number, creation_timestamp, last_updated_timestamp"},
		{errText(s.SearchModelVersions(ctx, client.VersionQuery{MaxResults: 200_001})),
			"search model versions: invalid parameter INVALID_PARAMETER_VALUE: max_results must be between 1 and 200000, got 200001"},
		{errText(s.SearchLoggedModels(ctx, client.LoggedModelQuery{MaxResults: 50001})),
			"search logged models: invalid parameter INVALID_PARAMETER_VALUE: max_results must be between 1 and 50000, got 50001"},
		{errText(s.SearchLoggedModels(ctx, client.LoggedModelQuery{ExperimentIDs: []string{fxExp}, PageToken: "x"})),
			"search logged models: invalid parameter INVALID_PARAMETER_VALUE: invalid page token \"x\": not base64"},
		{errText(s.MetricHistoryPage(ctx, client.HistoryQuery{RunID: fxRun1, Key: "acc", MaxResults: 1_000_001, PageToken: "x"})),
			"metric history: invalid parameter INVALID_PARAMETER_VALUE: max_results must be between 1 and 1000000, got 1000001"},
	} {
		if c.got != c.want {
			t.Errorf("got  %s\nwant %s", c.got, c.want)
		}
	}
}
