package rest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"mltui/client"
	"mltui/testenv"
)

func TestMain(m *testing.M) { testenv.MainWithPostgres(m) }

// readServers are the stores the read comparisons run against, each seeded by seed.py through
// the Python client: the shared SQLite server (one worker) and the production stack, mlflow server
// --workers 4 on PostgreSQL. The PostgreSQL one is started once for the package (~1.5 min with
// its seed).
var readServers = []struct {
	name string
	get  func(testing.TB) *testenv.TestServer
}{
	{"sqlite", testenv.Shared},
	{"postgres", testenv.PostgresServer},
}

// onEachServer runs body as one subtest per read server.
func onEachServer(t *testing.T, body func(t *testing.T, srv *testenv.TestServer)) {
	for _, rs := range readServers {
		t.Run(rs.name, func(t *testing.T) { body(t, rs.get(t)) })
	}
}

// integrationClient opens the client the way mltui does, from a URI and
// MLFLOW_* variables (none unless given), with an empty home directory.
func integrationClient(t testing.TB, uri string, env map[string]string) *Client {
	t.Helper()
	cfg, err := ConfigFromEnv(uri, envMap(env), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func noDiff(t *testing.T, what string, got, want any) {
	t.Helper()
	if d := diff(what, got, want); len(d) > 0 {
		t.Errorf("Go client and Python client differ (Go vs Python):\n  %s", strings.Join(d, "\n  "))
	}
}

// TestIntegrationReadsMatchPython reads the whole seeded store through every
// read endpoint and compares it with the MLflow Python client's view of the
// same server.
func TestIntegrationReadsMatchPython(t *testing.T) { onEachServer(t, testReadsMatchPython) }

func testReadsMatchPython(t *testing.T, srv *testenv.TestServer) {
	dump := testenv.DumpAll(t, srv.URL)
	c := integrationClient(t, srv.URL, nil)
	ctx := ctxT(t)

	// experiments/search (view ALL, every page, small pages to exercise tokens)
	exps, err := client.All(ctx, func(ctx context.Context, tok string) (client.Page[client.Experiment], error) {
		return c.SearchExperiments(ctx, client.ExperimentQuery{ViewType: client.AllViews, MaxResults: 2, PageToken: tok})
	})
	if err != nil {
		t.Fatal(err)
	}
	var gotExps []testenv.DumpExperiment
	for _, e := range exps {
		gotExps = append(gotExps, dumpExperiment(e))
	}
	noDiff(t, "experiments", gotExps, dump.Experiments)
	if len(dump.Experiments) < 4 {
		t.Fatalf("the seed has %d experiments; the comparison proves little", len(dump.Experiments))
	}

	for _, want := range dump.Experiments {
		// experiments/get and experiments/get-by-name
		e, err := c.GetExperiment(ctx, want.ExperimentID)
		if err != nil {
			t.Fatalf("get experiment %s: %v", want.ExperimentID, err)
		}
		noDiff(t, "experiments/get "+want.ExperimentID, dumpExperiment(e), want)
		if want.LifecycleStage == client.LifecycleActive {
			e, err := c.GetExperimentByName(ctx, want.Name)
			if err != nil {
				t.Fatalf("get experiment by name %q: %v", want.Name, err)
			}
			noDiff(t, "experiments/get-by-name "+want.Name, dumpExperiment(e), want)
		}

		// runs/search (view ALL, default order) and runs/get
		runs, err := client.AllRuns(ctx, c, client.RunQuery{ExperimentIDs: []string{want.ExperimentID}, ViewType: client.AllViews, MaxResults: 3})
		if err != nil {
			t.Fatal(err)
		}
		var gotRuns []testenv.DumpRun
		for _, r := range runs {
			gotRuns = append(gotRuns, dumpRun(r))
		}
		noDiff(t, "runs/search exp "+want.ExperimentID, gotRuns, dump.Runs[want.ExperimentID])
		for _, r := range runs {
			one, err := c.GetRun(ctx, r.Info.RunID)
			if err != nil {
				t.Fatalf("get run %s: %v", r.Info.RunID, err)
			}
			pr, _ := dump.Run(r.Info.RunID)
			noDiff(t, "runs/get "+r.Info.RunID, dumpRun(one), *pr)
		}
	}

	// metrics/get-history: every history in the dump, compared point by
	// point in order; the first few are walked in pages of 7 so paging is
	// exercised too.
	histories := 0
	for runID, keys := range dump.Histories {
		for key, want := range keys {
			page := 0
			if histories < 4 {
				page = 7
			}
			got, err := client.All(ctx, func(ctx context.Context, tok string) (client.Page[client.Metric], error) {
				return c.MetricHistoryPage(ctx, client.HistoryQuery{RunID: runID, Key: key, MaxResults: page, PageToken: tok})
			})
			if err != nil {
				t.Fatalf("history %s/%s: %v", runID, key, err)
			}
			noDiff(t, fmt.Sprintf("history %s/%s", runID, key), dumpMetrics(got), want)
			histories++
		}
	}
	if histories < 20 {
		t.Fatalf("only %d histories compared", histories)
	}

	// registered-models/search, /get; model-versions/search, /get; alias GET
	models, err := client.All(ctx, func(ctx context.Context, tok string) (client.Page[client.RegisteredModel], error) {
		return c.SearchRegisteredModels(ctx, client.ModelQuery{MaxResults: 1, PageToken: tok})
	})
	if err != nil {
		t.Fatal(err)
	}
	var gotModels []testenv.DumpRegisteredModel
	for _, m := range models {
		gotModels = append(gotModels, dumpRegisteredModel(m))
	}
	noDiff(t, "registered-models/search", gotModels, dump.RegisteredModels)
	for _, want := range dump.RegisteredModels {
		m, err := c.GetRegisteredModel(ctx, want.Name)
		if err != nil {
			t.Fatal(err)
		}
		noDiff(t, "registered-models/get "+want.Name, dumpRegisteredModel(m), want)

		vs, err := client.AllModelVersions(ctx, c, client.VersionQuery{Filter: fmt.Sprintf("name='%s'", want.Name), MaxResults: 2})
		if err != nil {
			t.Fatal(err)
		}
		sort.Slice(vs, func(a, b int) bool { return versionNum(vs[a].Version) < versionNum(vs[b].Version) })
		var gotVs []testenv.DumpModelVersion
		for _, v := range vs {
			gotVs = append(gotVs, dumpModelVersion(v))
		}
		// Search leaves out aliases (the server does); the single reads that
		// fill them in are compared in TestIntegrationSingleReadsMatchPython.
		noDiff(t, "model-versions/search "+want.Name, gotVs, dump.ModelVersions[want.Name])
	}

	// logged-models/search over the same experiments as the dump, and /get
	var ids []string
	for _, e := range dump.Experiments {
		ids = append(ids, e.ExperimentID)
	}
	lms, err := client.All(ctx, func(ctx context.Context, tok string) (client.Page[client.LoggedModel], error) {
		return c.SearchLoggedModels(ctx, client.LoggedModelQuery{ExperimentIDs: ids, MaxResults: 3, PageToken: tok})
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(lms, func(a, b int) bool { return lms[a].ModelID < lms[b].ModelID })
	var gotLMs []testenv.DumpLoggedModel
	for _, m := range lms {
		gotLMs = append(gotLMs, dumpLoggedModel(m))
		one, err := c.GetLoggedModel(ctx, m.ModelID)
		if err != nil {
			t.Fatal(err)
		}
		noDiff(t, "logged-models/get "+m.ModelID, dumpLoggedModel(one), dumpLoggedModel(m))
	}
	noDiff(t, "logged-models/search", gotLMs, dump.LoggedModels)
	if len(dump.LoggedModels) == 0 {
		t.Fatal("the seed has no logged models")
	}

	// With no experiment IDs the client searches every active experiment.
	all, err := client.All(ctx, func(ctx context.Context, tok string) (client.Page[client.LoggedModel], error) {
		return c.SearchLoggedModels(ctx, client.LoggedModelQuery{PageToken: tok})
	})
	if err != nil {
		t.Fatal(err)
	}
	var wantActive []string
	for _, m := range dump.LoggedModels {
		if e, _ := dump.Experiment(m.ExperimentID); e.LifecycleStage == client.LifecycleActive {
			wantActive = append(wantActive, m.ModelID)
		}
	}
	var gotAll []string
	for _, m := range all {
		gotAll = append(gotAll, m.ModelID)
	}
	sort.Strings(gotAll)
	if strings.Join(gotAll, ",") != strings.Join(wantActive, ",") {
		t.Errorf("logged models of all active experiments: %v, want %v", gotAll, wantActive)
	}
}

// pyExtras asks the Python client, in one process, for what dump.py all
// leaves out: artifact listings (MlflowClient.list_artifacts and
// list_logged_model_artifacts, which go through the artifact proxy) and
// single model versions (get_model_version, which fills in aliases).
const pyExtras = `
import json, sys
sys.path.insert(0, sys.argv[1])
import dump
from mlflow import MlflowClient
uri, run_id, model_id = sys.argv[2:5]
c = MlflowClient(uri)
def files(fs):
    return [{"path": f.path, "is_dir": f.is_dir, "file_size": f.file_size or 0} for f in fs]
root = c.list_artifacts(run_id)
out = {"run": {"": files(root)}, "model": files(c.list_logged_model_artifacts(model_id)), "versions": {}}
for f in root:
    if f.is_dir:
        out["run"][f.path] = files(c.list_artifacts(run_id, f.path))
for m in c.search_registered_models():
    for v in c.search_model_versions(f"name='{m.name}'"):
        out["versions"][m.name + "/" + str(v.version)] = dump.model_version(c.get_model_version(m.name, v.version))
json.dump(dump.clean(out), sys.stdout)
`

type pythonExtras struct {
	Run      map[string][]client.FileInfo        `json:"run"` // path → listing
	Model    []client.FileInfo                   `json:"model"`
	Versions map[string]testenv.DumpModelVersion `json:"versions"` // "name/version" →
}

func extras(t *testing.T, uri, runID, modelID string) pythonExtras {
	t.Helper()
	var out pythonExtras
	b := testenv.Python(t, "-c", pyExtras, testenv.Dir(), uri, runID, modelID)
	if err := json.Unmarshal([]byte(b), &out); err != nil {
		t.Fatalf("python extras: %v\n%s", err, b)
	}
	return out
}

// TestIntegrationSingleReadsMatchPython covers artifacts/list,
// logged-models/{id}/artifacts/directories, model-versions/get and
// registered-models/alias against Python's answers for the same objects.
func TestIntegrationSingleReadsMatchPython(t *testing.T) { onEachServer(t, testSingleReadsMatchPython) }

func testSingleReadsMatchPython(t *testing.T, srv *testenv.TestServer) {
	c := integrationClient(t, srv.URL, nil)
	ctx := ctxT(t)
	sum := srv.Summary
	run := sum.Run(t, "iris_baseline")
	model := sum.LoggedModels["iris_baseline"]
	py := extras(t, srv.URL, run, model)

	for path, want := range py.Run {
		got, err := c.ListArtifacts(ctx, run, path)
		if err != nil {
			t.Fatal(err)
		}
		noDiff(t, "artifacts/list "+path, got, want)
	}
	mroot, err := c.ListLoggedModelArtifacts(ctx, model, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(mroot) == 0 {
		t.Fatalf("logged model %s lists no artifacts", model)
	}
	noDiff(t, "logged-models/artifacts/directories", mroot, py.Model)
	for _, f := range mroot {
		if f.IsDir {
			t.Logf("logged model directory %s", f.Path)
		}
	}

	if len(py.Versions) < 5 {
		t.Fatalf("only %d versions from Python", len(py.Versions))
	}
	aliases := 0
	for key, want := range py.Versions {
		name, version, _ := strings.Cut(key, "/")
		got, err := c.GetModelVersion(ctx, name, version)
		if err != nil {
			t.Fatal(err)
		}
		noDiff(t, "model-versions/get "+key, dumpModelVersion(got), want)
		for _, alias := range want.Aliases {
			byAlias, err := c.GetModelVersionByAlias(ctx, name, alias)
			if err != nil {
				t.Fatal(err)
			}
			noDiff(t, "registered-models/alias "+name+"@"+alias, dumpModelVersion(byAlias), want)
			aliases++
		}
	}
	if aliases < 3 {
		t.Fatalf("only %d aliases checked", aliases)
	}
	if _, err := c.GetModelVersionByAlias(ctx, "iris-classifier", "no-such-alias"); client.KindOf(err) != client.KindNotFound {
		t.Fatalf("missing alias: err = %v, want not found", err)
	}
}

// TestIntegrationSampledHistoryFollowsTheRules checks bulk-interval samples
// against the full histories (the Python client has no bulk API): every
// point is real, each run's first and last points are there, the count is
// bounded, runs come back in request order, and a step range is honoured.
func TestIntegrationSampledHistoryFollowsTheRules(t *testing.T) {
	onEachServer(t, testSampledHistoryFollowsTheRules)
}

func testSampledHistoryFollowsTheRules(t *testing.T, srv *testenv.TestServer) {
	dump := testenv.DumpAll(t, srv.URL)
	c := integrationClient(t, srv.URL, nil)
	ctx := ctxT(t)

	mnist := srv.Summary.Experiment(t, "mnist")
	byKey := map[string][]string{} // metric key → runs in the mnist experiment that have it
	for _, r := range dump.Runs[mnist] {
		for key := range dump.Histories[r.Info.RunID] {
			byKey[key] = append(byKey[key], r.Info.RunID)
		}
	}
	runs := byKey["train_loss"]
	if len(runs) < 3 {
		t.Fatalf("want several runs with train_loss, have %v", byKey)
	}
	checked := 0
	for _, max := range []int{1, 7, 2500} {
		for _, rng := range [][2]int64{{-1, -1}, {10, 30}} {
			q := client.SampledQuery{RunIDs: runs, Key: "train_loss", MaxResults: max}
			if rng[0] >= 0 {
				q.StartStep, q.EndStep = &rng[0], &rng[1]
			}
			got, err := c.SampledHistory(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			checkSample(t, fmt.Sprintf("max=%d range=%v", max, rng), got, q, dump)
			checked++
		}
	}
	// A metric with NaN values samples like any other.
	nanRun := srv.Summary.Run(t, "nan_run")
	for key := range dump.Histories[nanRun] {
		q := client.SampledQuery{RunIDs: []string{nanRun}, Key: key, MaxResults: 5}
		got, err := c.SampledHistory(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		checkSample(t, "nan run "+key, got, q, dump)
	}
	// A run without the metric (or an unknown run) has no points: the
	// server answers with an empty list, not an error.
	got, err := c.SampledHistory(ctx, client.SampledQuery{RunIDs: []string{"0123456789abcdef0123456789abcdef"}, Key: "train_loss"})
	if err != nil || len(got) != 0 {
		t.Errorf("unknown run: %d points, err = %v", len(got), err)
	}
}

func checkSample(t *testing.T, what string, got []client.Metric, q client.SampledQuery, dump *testenv.Dump) {
	t.Helper()
	// Runs come back grouped, in request order.
	var order []string
	for _, m := range got {
		if len(order) == 0 || order[len(order)-1] != m.RunID {
			order = append(order, m.RunID)
		}
	}
	var wantOrder []string
	for _, id := range q.RunIDs {
		if hasInRange(dump.Histories[id][q.Key], q) {
			wantOrder = append(wantOrder, id)
		}
	}
	if strings.Join(order, ",") != strings.Join(wantOrder, ",") {
		t.Fatalf("%s: runs in order %v, want %v", what, order, wantOrder)
	}
	for _, id := range wantOrder {
		full := dump.Histories[id][q.Key]
		var pts []client.Metric
		for _, m := range got {
			if m.RunID == id {
				pts = append(pts, m)
			}
		}
		real := map[string]bool{}
		first, last := testenv.DumpMetric{Step: 1 << 62}, testenv.DumpMetric{Step: -1 << 62}
		inRange := 0
		for _, m := range full {
			if !stepInRange(m.Step, q) {
				continue
			}
			inRange++
			real[pointKey(m.Step, m.Timestamp, float64(m.Value))] = true
			if m.Step < first.Step {
				first = m
			}
			if m.Step >= last.Step {
				last = m
			}
		}
		steps := map[int64]bool{}
		for i, m := range pts {
			if !real[pointKey(m.Step, m.Timestamp, m.Value)] {
				t.Fatalf("%s: run %s point %+v is not in its history (or outside the range)", what, id, m)
			}
			if i > 0 && (m.Step < pts[i-1].Step || (m.Step == pts[i-1].Step && m.Timestamp < pts[i-1].Timestamp)) {
				t.Fatalf("%s: run %s points not sorted by (step, timestamp)", what, id)
			}
			steps[m.Step] = true
		}
		if !steps[last.Step] || (q.MaxResults > 1 && !steps[first.Step]) {
			t.Errorf("%s: run %s lacks its first (%d) or last (%d) step: %v", what, id, first.Step, last.Step, steps)
		}
		// Older servers sample the union of steps and add each run's min
		// and max; 3.18 samples each run alone. Both stay within this bound.
		if limit := q.MaxResults + 2*len(q.RunIDs) + 1; len(steps) > limit {
			t.Errorf("%s: run %s has %d steps, more than %d", what, id, len(steps), limit)
		}
		if inRange <= q.MaxResults && len(pts) != inRange {
			t.Errorf("%s: run %s has %d of its %d points, want all", what, id, len(pts), inRange)
		}
	}
}

func hasInRange(h []testenv.DumpMetric, q client.SampledQuery) bool {
	for _, m := range h {
		if stepInRange(m.Step, q) {
			return true
		}
	}
	return false
}

func stepInRange(step int64, q client.SampledQuery) bool {
	return q.StartStep == nil || (step >= *q.StartStep && step <= *q.EndStep)
}

func pointKey(step, ts int64, v float64) string { return fmt.Sprintf("%d/%d/%v", step, ts, v) }

// TestIntegrationBigMetric reads the 100,000-step history in full (four
// pages of 25,000) and compares it with Python's, then checks that the
// default sample keeps the ends and that a range around the spike finds it.
func TestIntegrationBigMetric(t *testing.T) { onEachServer(t, testBigMetric) }

func testBigMetric(t *testing.T, srv *testenv.TestServer) {
	big := srv.Summary.BigMetric
	if big == nil {
		t.Fatal("the seed has no big_metric (seeded with --small?)")
	}
	run := srv.Summary.Run(t, "big_metric_run")
	c := integrationClient(t, srv.URL, nil)
	ctx := ctxT(t)

	// Both clients read at once: the server's time dominates either read.
	var got []client.Metric
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		got, err = client.MetricHistory(ctx, c, run, big.Key)
	}()
	want := testenv.MetricHistory(t, srv.URL, run, big.Key)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(got)) != big.Steps {
		t.Fatalf("%d points, want %d", len(got), big.Steps)
	}
	noDiff(t, "big_metric history", dumpMetrics(got), want)

	sample, err := c.SampledHistory(ctx, client.SampledQuery{RunIDs: []string{run}, Key: big.Key})
	if err != nil {
		t.Fatal(err)
	}
	if len(sample) > 2502 || len(sample) < 2000 || sample[0].Step != 0 || sample[len(sample)-1].Step != big.Steps-1 {
		t.Fatalf("default sample: %d points from %d to %d", len(sample), sample[0].Step, sample[len(sample)-1].Step)
	}
	lo, hi := big.SpikeStep-500, big.SpikeStep+500
	zoom, err := c.SampledHistory(ctx, client.SampledQuery{RunIDs: []string{run}, Key: big.Key, StartStep: &lo, EndStep: &hi})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range zoom {
		if m.Step < lo || m.Step > hi {
			t.Fatalf("zoomed sample has step %d outside [%d, %d]", m.Step, lo, hi)
		}
		if m.Step == big.SpikeStep && m.Value == big.SpikeValue {
			found = true
		}
	}
	if len(zoom) != 1001 || !found {
		t.Fatalf("zoom around the spike: %d points, spike found %v", len(zoom), found)
	}
}

// TestIntegrationServerDetails covers /health, /version, server-info,
// users/current (absent without the auth app) and Describe.
func TestIntegrationServerDetails(t *testing.T) { onEachServer(t, testServerDetails) }

func testServerDetails(t *testing.T, srv *testenv.TestServer) {
	c := integrationClient(t, srv.URL, nil)
	ctx := ctxT(t)
	if ok, err := c.Health(ctx); !ok || err != nil {
		t.Fatalf("health: %v %v", ok, err)
	}
	v, ok, err := c.Version(ctx)
	if err != nil || !ok || v != srv.Summary.MLflowVersion {
		t.Fatalf("version %q %v %v, want %s", v, ok, err, srv.Summary.MLflowVersion)
	}
	d, ok, err := c.ServerInfo(ctx)
	if err != nil || !ok || d.StoreType != "SqlStore" {
		t.Fatalf("server-info %+v %v %v", d, ok, err)
	}
	if u, ok, err := c.CurrentUser(ctx); ok || err != nil {
		t.Fatalf("users/current without the auth app: %+v %v %v", u, ok, err)
	}
	info, err := c.Describe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := client.ServerInfo{Kind: "rest", URI: srv.URL, Version: v, StoreType: "SqlStore"}
	if info != want {
		t.Fatalf("describe %+v, want %+v", info, want)
	}
}

// TestIntegrationPathPrefix reaches the real server through a reverse proxy
// that serves it under /mlflow, as a --static-prefix or an ingress would.
func TestIntegrationPathPrefix(t *testing.T) {
	srv := testenv.Shared(t)
	target, _ := url.Parse(srv.URL)
	rp := httputil.NewSingleHostReverseProxy(target)
	proxy := httptest.NewServer(http.StripPrefix("/mlflow", rp))
	defer proxy.Close()

	c := integrationClient(t, proxy.URL+"/mlflow/", nil)
	ctx := ctxT(t)
	exps, err := client.AllExperiments(ctx, c, client.ExperimentQuery{})
	if err != nil {
		t.Fatal(err)
	}
	direct, err := client.AllExperiments(ctx, integrationClient(t, srv.URL, nil), client.ExperimentQuery{})
	if err != nil {
		t.Fatal(err)
	}
	noDiff(t, "experiments via prefix", exps, direct)
	if ok, err := c.Health(ctx); !ok || err != nil {
		t.Fatalf("health via prefix: %v %v", ok, err)
	}
}
