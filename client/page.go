package client

import "context"

// PageFunc fetches the page after token ("" for the first).
type PageFunc[T any] func(ctx context.Context, token string) (Page[T], error)

// Walk calls fetch until the last page, handing each page's items to fn.
// It stops early when fn returns false or ctx is done. A token that repeats
// is treated as an error: some servers hand back a token that never advances.
func Walk[T any](ctx context.Context, fetch PageFunc[T], fn func([]T) bool) error {
	token := ""
	seen := map[string]bool{}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		p, err := fetch(ctx, token)
		if err != nil {
			return err
		}
		if !fn(p.Items) || p.NextPageToken == "" {
			return nil
		}
		if seen[p.NextPageToken] {
			return &Error{Kind: KindNotMLflow, Op: "paging", Message: "server repeated a page token; stopping to avoid an endless loop"}
		}
		seen[p.NextPageToken] = true
		token = p.NextPageToken
	}
}

// All collects every item of a paged search.
func All[T any](ctx context.Context, fetch PageFunc[T]) ([]T, error) {
	var out []T
	err := Walk(ctx, fetch, func(items []T) bool {
		out = append(out, items...)
		return true
	})
	return out, err
}

// AllRuns walks every page of a run search.
func AllRuns(ctx context.Context, s Tracking, q RunQuery) ([]Run, error) {
	return All(ctx, func(ctx context.Context, tok string) (Page[Run], error) {
		q.PageToken = tok
		return s.SearchRuns(ctx, q)
	})
}

// AllExperiments walks every page of an experiment search.
func AllExperiments(ctx context.Context, s Tracking, q ExperimentQuery) ([]Experiment, error) {
	return All(ctx, func(ctx context.Context, tok string) (Page[Experiment], error) {
		q.PageToken = tok
		return s.SearchExperiments(ctx, q)
	})
}

// MetricHistory walks every page of a metric's full history.
func MetricHistory(ctx context.Context, s Tracking, runID, key string) ([]Metric, error) {
	return All(ctx, func(ctx context.Context, tok string) (Page[Metric], error) {
		return s.MetricHistoryPage(ctx, HistoryQuery{RunID: runID, Key: key, PageToken: tok})
	})
}

// AllModelVersions walks every page of a model-version search.
func AllModelVersions(ctx context.Context, s Registry, q VersionQuery) ([]ModelVersion, error) {
	return All(ctx, func(ctx context.Context, tok string) (Page[ModelVersion], error) {
		q.PageToken = tok
		return s.SearchModelVersions(ctx, q)
	})
}

// AllRegisteredModels walks every page of a registered-model search.
func AllRegisteredModels(ctx context.Context, s Registry, q ModelQuery) ([]RegisteredModel, error) {
	return All(ctx, func(ctx context.Context, tok string) (Page[RegisteredModel], error) {
		q.PageToken = tok
		return s.SearchRegisteredModels(ctx, q)
	})
}
