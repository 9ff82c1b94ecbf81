package rest

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"mltui/client"
)

// Page sizes sent when a query leaves MaxResults at 0. MLflow rejects a
// missing max_results on several endpoints, so one is always sent.
const (
	defaultExperimentPage = 1000
	defaultRunPage        = 1000
	defaultHistoryPage    = 25000 // what the Python client sends
	defaultSampled        = 2500
	maxSampled            = 2500
	maxSampledRuns        = 100
)

func viewType(v client.ViewType) string {
	if v == "" {
		return string(client.ActiveOnly)
	}
	return string(v)
}

func orDefault(n, def int) int {
	if n <= 0 {
		return def
	}
	return n
}

// SearchExperiments is POST experiments/search.
func (c *Client) SearchExperiments(ctx context.Context, q client.ExperimentQuery) (client.Page[client.Experiment], error) {
	body := searchBody(map[string]any{
		"max_results": orDefault(q.MaxResults, defaultExperimentPage),
		"view_type":   viewType(q.ViewType),
	}, q.Filter, q.OrderBy, q.PageToken)
	var out struct {
		Experiments   []wireExperiment `json:"experiments"`
		NextPageToken string           `json:"next_page_token"`
	}
	if err := c.call(ctx, withBody(http.MethodPost, "experiments/search", body), &out); err != nil {
		return client.Page[client.Experiment]{}, err
	}
	return domainPage(out.Experiments, out.NextPageToken), nil
}

// searchBody adds a POST search's optional fields to body, leaving out
// the empty ones as the Python client does.
func searchBody(body map[string]any, filter string, orderBy []string, token string) map[string]any {
	if filter != "" {
		body["filter"] = filter
	}
	if len(orderBy) > 0 {
		body["order_by"] = orderBy
	}
	if token != "" {
		body["page_token"] = token
	}
	return body
}

// domainPage converts one page of search results from wire types.
func domainPage[W interface{ domain() T }, T any](items []W, next string) client.Page[T] {
	p := client.Page[T]{NextPageToken: next}
	for _, w := range items {
		p.Items = append(p.Items, w.domain())
	}
	return p
}

// GetExperiment is GET experiments/get; it finds deleted experiments too.
func (c *Client) GetExperiment(ctx context.Context, id string) (client.Experiment, error) {
	var out struct {
		Experiment wireExperiment `json:"experiment"`
	}
	if err := c.call(ctx, get("experiments/get", url.Values{"experiment_id": {id}}), &out); err != nil {
		return client.Experiment{}, err
	}
	return out.Experiment.domain(), nil
}

// GetExperimentByName is GET experiments/get-by-name.
func (c *Client) GetExperimentByName(ctx context.Context, name string) (client.Experiment, error) {
	var out struct {
		Experiment wireExperiment `json:"experiment"`
	}
	if err := c.call(ctx, get("experiments/get-by-name", url.Values{"experiment_name": {name}}), &out); err != nil {
		return client.Experiment{}, err
	}
	return out.Experiment.domain(), nil
}

// SearchRuns is POST runs/search (the only method the server accepts).
func (c *Client) SearchRuns(ctx context.Context, q client.RunQuery) (client.Page[client.Run], error) {
	body := searchBody(map[string]any{
		"experiment_ids": nonNil(q.ExperimentIDs),
		"max_results":    orDefault(q.MaxResults, defaultRunPage),
		"run_view_type":  viewType(q.ViewType),
	}, q.Filter, q.OrderBy, q.PageToken)
	var out struct {
		Runs          []wireRun `json:"runs"`
		NextPageToken string    `json:"next_page_token"`
	}
	if err := c.call(ctx, withBody(http.MethodPost, "runs/search", body), &out); err != nil {
		return client.Page[client.Run]{}, err
	}
	return domainPage(out.Runs, out.NextPageToken), nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// GetRun is GET runs/get.
func (c *Client) GetRun(ctx context.Context, runID string) (client.Run, error) {
	var out struct {
		Run wireRun `json:"run"`
	}
	if err := c.call(ctx, get("runs/get", url.Values{"run_id": {runID}}), &out); err != nil {
		return client.Run{}, err
	}
	return out.Run.domain(), nil
}

// MetricHistoryPage is one page of GET metrics/get-history. max_results is
// always sent: servers 3.4–3.13 loop forever without it.
func (c *Client) MetricHistoryPage(ctx context.Context, q client.HistoryQuery) (client.Page[client.Metric], error) {
	v := url.Values{
		"run_id":      {q.RunID},
		"metric_key":  {q.Key},
		"max_results": {strconv.Itoa(orDefault(q.MaxResults, defaultHistoryPage))},
	}
	if q.PageToken != "" {
		v.Set("page_token", q.PageToken)
	}
	var out struct {
		Metrics       []wireMetric `json:"metrics"`
		NextPageToken string       `json:"next_page_token"`
	}
	if err := c.call(ctx, get("metrics/get-history", v), &out); err != nil {
		return client.Page[client.Metric]{}, err
	}
	return client.Page[client.Metric]{Items: metrics(out.Metrics), NextPageToken: out.NextPageToken}, nil
}

// SampledHistory is GET metrics/get-history-bulk-interval. More than 100
// runs are split into batches of 100 whose results are concatenated in
// request order. MLflow 3.18's SQL store samples each run on its own (at
// most MaxResults rows, first and last kept); older servers sample the
// union of steps per request, so there batches may pick different steps.
func (c *Client) SampledHistory(ctx context.Context, q client.SampledQuery) ([]client.Metric, error) {
	const op = "metrics/get-history-bulk-interval"
	if err := validateSampled(op, q); err != nil {
		return nil, err
	}
	var all []client.Metric
	for start := 0; start < len(q.RunIDs); start += maxSampledRuns {
		end := min(start+maxSampledRuns, len(q.RunIDs))
		v := url.Values{
			"run_ids":     q.RunIDs[start:end],
			"metric_key":  {q.Key},
			"max_results": {strconv.Itoa(orDefault(q.MaxResults, defaultSampled))},
		}
		if q.StartStep != nil {
			v.Set("start_step", strconv.FormatInt(*q.StartStep, 10))
			v.Set("end_step", strconv.FormatInt(*q.EndStep, 10))
		}
		var out struct {
			Metrics []wireMetric `json:"metrics"`
		}
		if err := c.call(ctx, get(op, v), &out); err != nil {
			return nil, err
		}
		all = append(all, metrics(out.Metrics)...)
	}
	return all, nil
}

// validateSampled checks the server's rules before sending, so a mistake
// reads as ours and not as a 400 from the server.
func validateSampled(op string, q client.SampledQuery) error {
	bad := func(msg string) error {
		return &client.Error{Kind: client.KindInvalidParameter, Op: op, Message: msg}
	}
	switch {
	case len(q.RunIDs) == 0:
		return bad("no run IDs given")
	case q.Key == "":
		return bad("no metric key given")
	case (q.StartStep == nil) != (q.EndStep == nil):
		return bad("start_step and end_step must be given together")
	case q.StartStep != nil && *q.StartStep > *q.EndStep:
		return bad("start_step must not exceed end_step")
	case q.MaxResults < 0 || q.MaxResults > maxSampled:
		return bad("max_results must be between 1 and 2500")
	}
	return nil
}

// GoesWide: a tracking server answers searches from several workers, so a
// long run search is split by start_time and fetched concurrently.
func (c *Client) GoesWide() bool { return true }
