package rest

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"mltui/client"
)

// A create sends what mlflow.register_model sends (no run_id for a
// models:/ source) and is never retried: a second try after a 503 could
// make a second version.
func TestCreateModelVersionShapeAndNoRetry(t *testing.T) {
	srv := newScripted(t,
		jsonReply(200, `{"model_version":{"name":"ckpt","version":"1","source":"models:/m-1","run_id":"r1","status":"READY"}}`),
		jsonReply(503, `{"error_code":"TEMPORARILY_UNAVAILABLE","message":"busy"}`),
		jsonReply(200, `{}`))
	c := testClient(t, srv.URL)
	ctx := context.Background()
	v, err := c.CreateModelVersion(ctx, client.CreateVersion{Name: "ckpt", Source: "models:/m-1", ModelID: "m-1"})
	if err != nil || v.Version != "1" || v.RunID != "r1" {
		t.Fatalf("%+v %v", v, err)
	}
	reqs := srv.got()
	if reqs[0].Method != "POST" || reqs[0].Path != "/api/2.0/mlflow/model-versions/create" {
		t.Errorf("request %+v", reqs[0])
	}
	var body map[string]any
	_ = json.Unmarshal([]byte(reqs[0].Body), &body)
	if want := map[string]any{"name": "ckpt", "source": "models:/m-1", "model_id": "m-1"}; !reflect.DeepEqual(body, want) {
		t.Errorf("body %v, want %v", body, want)
	}
	if _, err := c.CreateRegisteredModel(ctx, "ckpt"); client.KindOf(err) != client.KindUnavailable {
		t.Errorf("503: %v", err)
	}
	if n := len(srv.got()); n != 2 {
		t.Errorf("%d requests, want 2 (no retry of a create)", n)
	}
}
