package rest

import (
	"context"
	"net/http"

	"mltui/client"
)

// Registry writes. Each is one MLflow call; checking state before writing
// and reporting what changed happen above the Store. DELETE handlers read
// only the JSON body, so DELETE parameters travel there too.

// SetAlias is POST registered-models/alias; setting an existing alias moves it.
func (c *Client) SetAlias(ctx context.Context, name, alias, version string) error {
	return c.call(ctx, withBody(http.MethodPost, "registered-models/alias",
		map[string]string{"name": name, "alias": alias, "version": version}), nil)
}

// DeleteAlias is DELETE registered-models/alias.
func (c *Client) DeleteAlias(ctx context.Context, name, alias string) error {
	return c.call(ctx, withBody(http.MethodDelete, "registered-models/alias",
		map[string]string{"name": name, "alias": alias}), nil)
}

// SetModelVersionTag is POST model-versions/set-tag.
func (c *Client) SetModelVersionTag(ctx context.Context, name, version, key, value string) error {
	return c.call(ctx, withBody(http.MethodPost, "model-versions/set-tag",
		map[string]string{"name": name, "version": version, "key": key, "value": value}), nil)
}

// DeleteModelVersionTag is DELETE model-versions/delete-tag.
func (c *Client) DeleteModelVersionTag(ctx context.Context, name, version, key string) error {
	return c.call(ctx, withBody(http.MethodDelete, "model-versions/delete-tag",
		map[string]string{"name": name, "version": version, "key": key}), nil)
}

// SetRegisteredModelTag is POST registered-models/set-tag.
func (c *Client) SetRegisteredModelTag(ctx context.Context, name, key, value string) error {
	return c.call(ctx, withBody(http.MethodPost, "registered-models/set-tag",
		map[string]string{"name": name, "key": key, "value": value}), nil)
}

// DeleteRegisteredModelTag is DELETE registered-models/delete-tag.
func (c *Client) DeleteRegisteredModelTag(ctx context.Context, name, key string) error {
	return c.call(ctx, withBody(http.MethodDelete, "registered-models/delete-tag",
		map[string]string{"name": name, "key": key}), nil)
}

// UpdateModelVersionDescription is PATCH model-versions/update.
func (c *Client) UpdateModelVersionDescription(ctx context.Context, name, version, description string) (client.ModelVersion, error) {
	return c.oneVersion(ctx, withBody(http.MethodPatch, "model-versions/update",
		map[string]string{"name": name, "version": version, "description": description}))
}

// UpdateRegisteredModelDescription is PATCH registered-models/update.
func (c *Client) UpdateRegisteredModelDescription(ctx context.Context, name, description string) (client.RegisteredModel, error) {
	var out struct {
		RegisteredModel wireRegisteredModel `json:"registered_model"`
	}
	if err := c.call(ctx, withBody(http.MethodPatch, "registered-models/update",
		map[string]string{"name": name, "description": description}), &out); err != nil {
		return client.RegisteredModel{}, err
	}
	return out.RegisteredModel.domain(), nil
}

// TransitionStage is POST model-versions/transition-stage. Repeating it
// leaves the same state (archiving others is idempotent too), which is why
// it may be retried like every other call.
func (c *Client) TransitionStage(ctx context.Context, name, version, stage string, archiveExisting bool) (client.ModelVersion, error) {
	return c.oneVersion(ctx, withBody(http.MethodPost, "model-versions/transition-stage",
		map[string]any{"name": name, "version": version, "stage": stage, "archive_existing_versions": archiveExisting}))
}

// CreateRegisteredModel is POST registered-models/create. It is sent once,
// never retried: a retry after a lost response would answer "already
// exists" for the model this call made.
func (c *Client) CreateRegisteredModel(ctx context.Context, name string) (client.RegisteredModel, error) {
	var out struct {
		RegisteredModel wireRegisteredModel `json:"registered_model"`
	}
	r := withBody(http.MethodPost, "registered-models/create", map[string]string{"name": name})
	r.once = true
	if err := c.call(ctx, r, &out); err != nil {
		return client.RegisteredModel{}, err
	}
	return out.RegisteredModel.domain(), nil
}

// CreateModelVersion is POST model-versions/create with the fields
// mlflow.register_model sends (absent ones left out, as the Python client's
// protobuf does). The server resolves a models:/<id> source: run_id from
// the logged model, the storage location, and the logged model's
// mlflow.modelVersions tag. Sent once, never retried: a retry after a lost
// response would create a second version.
func (c *Client) CreateModelVersion(ctx context.Context, req client.CreateVersion) (client.ModelVersion, error) {
	body := map[string]any{"name": req.Name, "source": req.Source}
	if req.RunID != "" {
		body["run_id"] = req.RunID
	}
	if req.ModelID != "" {
		body["model_id"] = req.ModelID
	}
	if req.Description != "" {
		body["description"] = req.Description
	}
	if len(req.Tags) > 0 {
		tags := make([]map[string]string, len(req.Tags))
		for i, t := range req.Tags {
			tags[i] = map[string]string{"key": t.Key, "value": t.Value}
		}
		body["tags"] = tags
	}
	r := withBody(http.MethodPost, "model-versions/create", body)
	r.once = true
	return c.oneVersion(ctx, r)
}
