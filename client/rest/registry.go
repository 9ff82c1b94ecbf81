package rest

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"mltui/client"
)

const (
	defaultModelPage   = 100 // the server's default and the Python client's
	defaultVersionPage = 1000
	defaultLoggedPage  = 50
)

func searchValues(filter string, orderBy []string, maxResults int, token string) url.Values {
	v := url.Values{"max_results": {strconv.Itoa(maxResults)}}
	if filter != "" {
		v.Set("filter", filter)
	}
	for _, o := range orderBy {
		v.Add("order_by", o)
	}
	if token != "" {
		v.Set("page_token", token)
	}
	return v
}

// SearchRegisteredModels is GET registered-models/search (prompts hidden by the server).
func (c *Client) SearchRegisteredModels(ctx context.Context, q client.ModelQuery) (client.Page[client.RegisteredModel], error) {
	var out struct {
		RegisteredModels []wireRegisteredModel `json:"registered_models"`
		NextPageToken    string                `json:"next_page_token"`
	}
	v := searchValues(q.Filter, q.OrderBy, orDefault(q.MaxResults, defaultModelPage), q.PageToken)
	if err := c.call(ctx, get("registered-models/search", v), &out); err != nil {
		return client.Page[client.RegisteredModel]{}, err
	}
	return domainPage(out.RegisteredModels, out.NextPageToken), nil
}

// GetRegisteredModel is GET registered-models/get.
func (c *Client) GetRegisteredModel(ctx context.Context, name string) (client.RegisteredModel, error) {
	var out struct {
		RegisteredModel wireRegisteredModel `json:"registered_model"`
	}
	if err := c.call(ctx, get("registered-models/get", url.Values{"name": {name}}), &out); err != nil {
		return client.RegisteredModel{}, err
	}
	return out.RegisteredModel.domain(), nil
}

// SearchModelVersions is GET model-versions/search.
func (c *Client) SearchModelVersions(ctx context.Context, q client.VersionQuery) (client.Page[client.ModelVersion], error) {
	var out struct {
		ModelVersions []wireModelVersion `json:"model_versions"`
		NextPageToken string             `json:"next_page_token"`
	}
	v := searchValues(q.Filter, q.OrderBy, orDefault(q.MaxResults, defaultVersionPage), q.PageToken)
	if err := c.call(ctx, get("model-versions/search", v), &out); err != nil {
		return client.Page[client.ModelVersion]{}, err
	}
	return client.Page[client.ModelVersion]{Items: versions(out.ModelVersions), NextPageToken: out.NextPageToken}, nil
}

// GetModelVersion is GET model-versions/get.
func (c *Client) GetModelVersion(ctx context.Context, name, version string) (client.ModelVersion, error) {
	return c.oneVersion(ctx, get("model-versions/get", url.Values{"name": {name}, "version": {version}}))
}

// GetModelVersionByAlias is GET registered-models/alias. An alias that is
// not set is KindNotFound, though MLflow (3.18) answers it with 400
// INVALID_PARAMETER_VALUE "Registered model alias … not found".
func (c *Client) GetModelVersionByAlias(ctx context.Context, name, alias string) (client.ModelVersion, error) {
	v, err := c.oneVersion(ctx, get("registered-models/alias", url.Values{"name": {name}, "alias": {alias}}))
	var e *client.Error
	if errors.As(err, &e) && e.Kind == client.KindInvalidParameter && strings.Contains(strings.ToLower(e.Message), "not found") {
		e.Kind = client.KindNotFound
	}
	return v, err
}

func (c *Client) oneVersion(ctx context.Context, r request) (client.ModelVersion, error) {
	var out struct {
		ModelVersion wireModelVersion `json:"model_version"`
	}
	if err := c.call(ctx, r, &out); err != nil {
		return client.ModelVersion{}, err
	}
	return out.ModelVersion.domain(), nil
}

// SearchLoggedModels is POST logged-models/search. The server requires
// experiment IDs; with none given, every active experiment is searched.
func (c *Client) SearchLoggedModels(ctx context.Context, q client.LoggedModelQuery) (client.Page[client.LoggedModel], error) {
	ids := q.ExperimentIDs
	if len(ids) == 0 {
		exps, err := client.AllExperiments(ctx, c, client.ExperimentQuery{})
		if err != nil {
			return client.Page[client.LoggedModel]{}, err
		}
		if len(exps) == 0 {
			return client.Page[client.LoggedModel]{}, nil
		}
		for _, e := range exps {
			ids = append(ids, e.ID)
		}
	}
	body := searchBody(map[string]any{
		"experiment_ids": ids,
		"max_results":    orDefault(q.MaxResults, defaultLoggedPage),
	}, q.Filter, nil, q.PageToken)
	var out struct {
		Models        []wireLoggedModel `json:"models"`
		NextPageToken string            `json:"next_page_token"`
	}
	if err := c.call(ctx, withBody(http.MethodPost, "logged-models/search", body), &out); err != nil {
		return client.Page[client.LoggedModel]{}, err
	}
	return domainPage(out.Models, out.NextPageToken), nil
}

// GetLoggedModel is GET logged-models/{model_id}.
func (c *Client) GetLoggedModel(ctx context.Context, modelID string) (client.LoggedModel, error) {
	var out struct {
		Model wireLoggedModel `json:"model"`
	}
	r := request{op: "logged-models/get", method: http.MethodGet, path: apiPath("logged-models/" + url.PathEscape(modelID))}
	if err := c.call(ctx, r, &out); err != nil {
		return client.LoggedModel{}, err
	}
	return out.Model.domain(), nil
}
