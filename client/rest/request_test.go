package rest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mltui/client"
)

func TestRequestShape(t *testing.T) {
	srv := newScripted(t, jsonReply(200, `{}`))
	c := testClient(t, srv.URL+"/mlflow/", withBasic, func(c *Config) { c.Workspace = "team-a"; c.UserAgent = "mltui/1.2.3" })
	ctx := context.Background()
	if _, err := c.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{"1"}, Filter: "metrics.acc > 0.9"}); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteAlias(ctx, "iris", "champion"); err != nil {
		t.Fatal(err)
	}
	got := srv.got()
	post := got[0]
	if post.Method != "POST" || post.Path != "/mlflow/api/2.0/mlflow/runs/search" {
		t.Fatalf("runs/search went to %s %s", post.Method, post.Path)
	}
	h := post.Header
	if h.Get("Content-Type") != "application/json" || h.Get("User-Agent") != "mltui/1.2.3" || h.Get("Origin") != "" ||
		h.Get("X-Mlflow-Workspace") != "team-a" || h.Get("Authorization") != "Basic "+basicValue("alice", testPassword) {
		t.Fatalf("headers %v", h)
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(post.Body), &body); err != nil {
		t.Fatal(err)
	}
	if body["max_results"] != float64(1000) || body["run_view_type"] != "ACTIVE_ONLY" || body["filter"] != "metrics.acc > 0.9" {
		t.Fatalf("runs/search body %v", body)
	}
	del := got[1]
	if del.Method != "DELETE" || del.Path != "/mlflow/api/2.0/mlflow/registered-models/alias" || del.RawQuery != "" ||
		del.Body != `{"alias":"champion","name":"iris"}` || del.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("delete alias: %+v", del)
	}
}

func TestBearerHeader(t *testing.T) {
	srv := newScripted(t, jsonReply(200, `{}`))
	c := testClient(t, srv.URL, withToken)
	if _, err := c.SearchExperiments(context.Background(), client.ExperimentQuery{}); err != nil {
		t.Fatal(err)
	}
	r := srv.got()[0]
	if r.Header.Get("Authorization") != "Bearer "+testToken {
		t.Fatalf("auth header %q", r.Header.Get("Authorization"))
	}
	var body map[string]any
	_ = json.Unmarshal([]byte(r.Body), &body)
	if body["max_results"] != float64(1000) {
		t.Fatalf("experiments/search must always send max_results: %v", body)
	}
	if r.Header.Get("X-Mlflow-Workspace") != "" {
		t.Fatal("workspace header sent without MLFLOW_WORKSPACE")
	}
}

func TestHistoryAlwaysSendsMaxResults(t *testing.T) {
	srv := newScripted(t,
		jsonReply(200, `{"metrics":[{"key":"loss","value":1,"timestamp":1,"step":0}],"next_page_token":"p2"}`),
		jsonReply(200, `{"metrics":[{"key":"loss","value":"NaN","timestamp":"2","step":"1"}]}`))
	c := testClient(t, srv.URL)
	all, err := client.MetricHistory(context.Background(), c, "r1", "loss")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[1].Step != 1 || all[1].Finite() {
		t.Fatalf("history %+v", all)
	}
	for i, r := range srv.got() {
		q, _ := url.ParseQuery(r.RawQuery)
		if q.Get("max_results") != "25000" || q.Get("run_id") != "r1" || q.Get("metric_key") != "loss" {
			t.Fatalf("request %d query %v", i, q)
		}
		if (i == 1) != (q.Get("page_token") == "p2") {
			t.Fatalf("request %d page token %q", i, q.Get("page_token"))
		}
	}
}

func TestSampledHistoryBatchesOf100(t *testing.T) {
	srv := newScripted(t, func(w http.ResponseWriter, r *http.Request) {
		ids := r.URL.Query()["run_ids"]
		var ms []string
		for _, id := range ids {
			ms = append(ms, fmt.Sprintf(`{"key":"loss","value":0.5,"timestamp":1,"step":0,"run_id":%q}`, id))
		}
		jsonReply(200, `{"metrics":[`+strings.Join(ms, ",")+`]}`)(w, r)
	})
	c := testClient(t, srv.URL)
	var ids []string
	for i := range 250 {
		ids = append(ids, fmt.Sprintf("run%03d", i))
	}
	start, end := int64(5), int64(50)
	got, err := c.SampledHistory(context.Background(), client.SampledQuery{RunIDs: ids, Key: "loss", StartStep: &start, EndStep: &end, MaxResults: 300})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 250 {
		t.Fatalf("%d points", len(got))
	}
	for i, m := range got {
		if m.RunID != ids[i] {
			t.Fatalf("point %d belongs to %s, want %s (order lost)", i, m.RunID, ids[i])
		}
	}
	reqs := srv.got()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	for i, want := range []int{100, 100, 50} {
		q, _ := url.ParseQuery(reqs[i].RawQuery)
		if len(q["run_ids"]) != want || q.Get("start_step") != "5" || q.Get("end_step") != "50" || q.Get("max_results") != "300" {
			t.Fatalf("request %d: %v", i, q)
		}
		if reqs[i].Path != "/api/2.0/mlflow/metrics/get-history-bulk-interval" {
			t.Fatalf("path %s", reqs[i].Path)
		}
	}
}

func TestSampledHistoryValidation(t *testing.T) {
	c := testClient(t, "http://127.0.0.1:1")
	one, two := int64(1), int64(2)
	bad := []client.SampledQuery{
		{Key: "loss"},
		{RunIDs: []string{"a"}},
		{RunIDs: []string{"a"}, Key: "loss", StartStep: &one},
		{RunIDs: []string{"a"}, Key: "loss", EndStep: &one},
		{RunIDs: []string{"a"}, Key: "loss", StartStep: &two, EndStep: &one},
		{RunIDs: []string{"a"}, Key: "loss", MaxResults: 2501},
	}
	for i, q := range bad {
		if _, err := c.SampledHistory(context.Background(), q); client.KindOf(err) != client.KindInvalidParameter {
			t.Errorf("query %d: err = %v", i, err)
		}
	}
}

func TestSearchLoggedModelsWithoutExperimentsSearchesAll(t *testing.T) {
	srv := newScripted(t,
		jsonReply(200, `{"experiments":[{"experiment_id":"0","name":"Default"},{"experiment_id":"7","name":"x"}]}`),
		jsonReply(200, `{"models":[{"info":{"model_id":"m-1","experiment_id":"7","name":"rf","status":"LOGGED_MODEL_READY","creation_timestamp_ms":"12"},"data":{"params":[{"key":"a","value":"1"}]}}],"next_page_token":"t"}`))
	c := testClient(t, srv.URL)
	p, err := c.SearchLoggedModels(context.Background(), client.LoggedModelQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 1 || p.Items[0].ModelID != "m-1" || p.Items[0].CreationTimestampMs != 12 || p.NextPageToken != "t" || p.Items[0].Params[0].Value != "1" {
		t.Fatalf("page %+v", p)
	}
	reqs := srv.got()
	if len(reqs) != 2 || reqs[0].Path != "/api/2.0/mlflow/experiments/search" || reqs[1].Path != "/api/2.0/mlflow/logged-models/search" {
		t.Fatalf("requests %+v", reqs)
	}
	var body struct {
		ExperimentIDs []string `json:"experiment_ids"`
		MaxResults    int      `json:"max_results"`
	}
	_ = json.Unmarshal([]byte(reqs[1].Body), &body)
	if strings.Join(body.ExperimentIDs, ",") != "0,7" || body.MaxResults != 50 {
		t.Fatalf("logged-models/search body %s", reqs[1].Body)
	}
}

func TestGetLoggedModelEscapesID(t *testing.T) {
	srv := newScripted(t, jsonReply(200, `{"model":{"info":{"model_id":"m-1"}}}`))
	c := testClient(t, srv.URL)
	if _, err := c.GetLoggedModel(context.Background(), "m-1/../x"); err != nil {
		t.Fatal(err)
	}
	// The ID must arrive as one escaped path segment.
	if p := srv.got()[0].EscapedPath; p != "/api/2.0/mlflow/logged-models/m-1%2F..%2Fx" {
		t.Fatalf("path %q", p)
	}
}

func TestOptionalEndpoints(t *testing.T) {
	srv := newScripted(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/health":
			reply(200, "text/plain", "OK")(w, r)
		case "/version":
			reply(200, "text/plain", "3.18.0")(w, r)
		case "/api/3.0/mlflow/server-info":
			jsonReply(200, `{"store_type":"SqlStore","workspaces_enabled":false}`)(w, r)
		default:
			reply(404, "", "")(w, r)
		}
	})
	c := testClient(t, srv.URL)
	ctx := context.Background()
	if ok, err := c.Health(ctx); !ok || err != nil {
		t.Fatalf("health %v %v", ok, err)
	}
	if u, ok, err := c.CurrentUser(ctx); ok || err != nil || u.Username != "" {
		t.Fatalf("users/current on a server without it: %v %v %v", u, ok, err)
	}
	info, err := c.Describe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Kind != "rest" || info.Version != "3.18.0" || info.StoreType != "SqlStore" || info.URI != srv.URL {
		t.Fatalf("describe %+v", info)
	}
}

func TestDescribeHidesCredentialsAndRejectsHTML(t *testing.T) {
	srv := newScripted(t, reply(200, "text/html", proxyLogin))
	cfg, err := ConfigFromEnv(strings.Replace(srv.URL, "http://", "http://alice:"+testPassword+"@", 1)+"/p", envMap(nil), "")
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	info, err := c.Describe(context.Background())
	if client.KindOf(err) != client.KindNotMLflow {
		t.Fatalf("err = %v", err)
	}
	assertNoSecrets(t, info.URI, err.Error())
	if info.URI != srv.URL+"/p" {
		t.Fatalf("uri %q", info.URI)
	}
}

func TestRedirectsDisabled(t *testing.T) {
	srv := newScripted(t, reply(302, "", "", "Location", "https://sso.example.com/login?token=abc"))
	c := testClient(t, srv.URL, func(c *Config) { c.AllowRedirects = false })
	_, err := c.GetRun(context.Background(), "r")
	if client.KindOf(err) != client.KindNotMLflow || !strings.Contains(err.Error(), "MLFLOW_ALLOW_HTTP_REDIRECTS") ||
		strings.Contains(err.Error(), "abc") {
		t.Fatalf("err = %v", err)
	}
}

func TestRedirectFollowedToLoginPage(t *testing.T) {
	srv := newScripted(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/login" {
			reply(200, "text/html", proxyLogin)(w, r)
			return
		}
		http.Redirect(w, r, "/login", http.StatusFound)
	})
	c := testClient(t, srv.URL)
	_, err := c.GetRun(context.Background(), "r")
	var ce *client.Error
	if client.KindOf(err) != client.KindNotMLflow || !errorsAs(err, &ce) || !strings.HasPrefix(ce.Snippet, "Sign in") {
		t.Fatalf("err = %v", err)
	}
}

func TestMissingAliasIsNotFound(t *testing.T) {
	// MLflow 3.18 answers an unset alias with 400 INVALID_PARAMETER_VALUE.
	srv := newScripted(t, jsonReply(400, `{"error_code":"INVALID_PARAMETER_VALUE","message":"Registered model alias gold not found."}`))
	c := testClient(t, srv.URL)
	_, err := c.GetModelVersionByAlias(context.Background(), "m", "gold")
	var ce *client.Error
	if !errorsAs(err, &ce) || ce.Kind != client.KindNotFound || ce.Code != "INVALID_PARAMETER_VALUE" {
		t.Fatalf("err = %#v", err)
	}
	// Other invalid-parameter answers stay what they are.
	srv = newScripted(t, jsonReply(400, `{"error_code":"INVALID_PARAMETER_VALUE","message":"alias name is reserved"}`))
	c = testClient(t, srv.URL)
	if _, err := c.GetModelVersionByAlias(context.Background(), "m", "latest"); client.KindOf(err) != client.KindInvalidParameter {
		t.Fatalf("err = %v", err)
	}
}

// The POST searches send their optional fields only when set, and turn the
// reply's items into domain values in order.
func TestSearchBodies(t *testing.T) {
	srv := newScripted(t,
		jsonReply(200, `{"experiments":[{"experiment_id":"1","name":"a"},{"experiment_id":"2","name":"b"}],"next_page_token":"n1"}`),
		jsonReply(200, `{}`),
		jsonReply(200, `{"runs":[{"info":{"run_uuid":"r1"}}]}`),
		jsonReply(200, `{"models":[]}`),
	)
	c := testClient(t, srv.URL, withToken)
	ctx := context.Background()
	p, err := c.SearchExperiments(ctx, client.ExperimentQuery{Filter: "name = 'a'", OrderBy: []string{"name"}, PageToken: "t0", ViewType: client.AllViews, MaxResults: 5})
	if err != nil || len(p.Items) != 2 || p.Items[1].ID != "2" || p.NextPageToken != "n1" {
		t.Fatalf("experiments page %+v, %v", p, err)
	}
	if _, err := c.SearchExperiments(ctx, client.ExperimentQuery{}); err != nil {
		t.Fatal(err)
	}
	r, err := c.SearchRuns(ctx, client.RunQuery{OrderBy: []string{"start_time DESC"}})
	if err != nil || len(r.Items) != 1 || r.Items[0].Info.RunID != "r1" || r.NextPageToken != "" {
		t.Fatalf("runs page %+v, %v", r, err)
	}
	lm, err := c.SearchLoggedModels(ctx, client.LoggedModelQuery{ExperimentIDs: []string{"1"}, Filter: "name = 'x'", PageToken: "t1"})
	if err != nil || lm.Items != nil {
		t.Fatalf("logged models page %+v, %v", lm, err)
	}
	want := []string{
		`{"filter":"name = 'a'","max_results":5,"order_by":["name"],"page_token":"t0","view_type":"ALL"}`,
		`{"max_results":1000,"view_type":"ACTIVE_ONLY"}`,
		`{"experiment_ids":[],"max_results":1000,"order_by":["start_time DESC"],"run_view_type":"ACTIVE_ONLY"}`,
		`{"experiment_ids":["1"],"filter":"name = 'x'","max_results":50,"page_token":"t1"}`,
	}
	for i, got := range srv.got() {
		if got.Body != want[i] {
			t.Errorf("request %d body\n got %s\nwant %s", i, got.Body, want[i])
		}
	}
}
