package store

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
	"testing"

	"mltui/client"
	"mltui/testenv"
)

func TestMain(m *testing.M) { testenv.MainWithPostgres(m) }

// backend is one store under comparison, with its IDs mapped to names:
// the file store was seeded separately, so its IDs and timestamps differ.
type backend struct {
	name     string
	s        client.Store
	expByNm  map[string]string // experiment name → ID
	runName  map[string]string // run ID → experiment name/run name
	sameSeed bool              // same database as the REST server (IDs and times equal)
}

func noEnv(string) string { return "" }

func openBackend(t *testing.T, name string, r Resolution, sameSeed bool) *backend {
	t.Helper()
	s, err := Open(context.Background(), r, Options{Getenv: noEnv, Home: t.TempDir()})
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	t.Cleanup(func() { s.Close() })
	b := &backend{name: name, s: s, expByNm: map[string]string{}, runName: map[string]string{}, sameSeed: sameSeed}
	ctx := context.Background()
	exps, err := client.AllExperiments(ctx, s, client.ExperimentQuery{ViewType: client.AllViews})
	if err != nil {
		t.Fatalf("%s experiments: %v", name, err)
	}
	var ids []string
	for _, e := range exps {
		b.expByNm[e.Name] = e.ID
		ids = append(ids, e.ID)
	}
	runs, err := client.AllRuns(ctx, s, client.RunQuery{ExperimentIDs: ids, ViewType: client.AllViews})
	if err != nil {
		t.Fatalf("%s runs: %v", name, err)
	}
	expName := map[string]string{}
	for _, e := range exps {
		expName[e.ID] = e.Name
	}
	for _, r := range runs {
		b.runName[r.Info.RunID] = expName[r.Info.ExperimentID] + "/" + r.Info.RunName
	}
	return b
}

// num normalises a metric value for comparison: SQL stores ±Inf as
// ±MaxFloat64 and MLflow's server hands that back; NaN prints as NaN.
func num(v float64) string {
	switch {
	case v >= math.MaxFloat64:
		v = math.Inf(1)
	case v <= -math.MaxFloat64:
		v = math.Inf(-1)
	}
	return fmt.Sprintf("%.17g", v)
}

// runView is what must agree about a run across backends.
func (b *backend) runView(r client.Run, withTimes bool) map[string]string {
	v := map[string]string{
		"name":   r.Info.RunName,
		"status": string(r.Info.Status),
		"stage":  r.Info.LifecycleStage,
		"user":   r.Info.UserID,
	}
	if withTimes {
		v["id"], v["start"], v["end"], v["artifact_uri"] = r.Info.RunID, fmt.Sprint(r.Info.StartTime), fmt.Sprint(r.Info.EndTime), r.Info.ArtifactURI
	}
	for _, m := range r.Data.Metrics {
		s := num(m.Value) + "@" + fmt.Sprint(m.Step)
		if !withTimes && strings.HasPrefix(m.Key, "system/") {
			// Sampled from the machine while each store was seeded: only
			// that the series exists is the same.
			s = "sampled"
		}
		if withTimes {
			s += "/" + fmt.Sprint(m.Timestamp)
		}
		v["metric "+m.Key] = s
	}
	for _, p := range r.Data.Params {
		v["param "+p.Key] = p.Value
	}
	for _, tg := range r.Data.Tags {
		val := tg.Value
		switch tg.Key {
		case "mlflow.parentRunId":
			val = b.runName[val]
		case "mlflow.log-model.history":
			if !withTimes {
				continue // holds run IDs and times
			}
		case "mlflow.source.name", "mlflow.source.git.commit", "mlflow.source.git.branch", "mlflow.source.git.repoURL":
			if !withTimes {
				// MLflow's context providers write where seed.py ran from (its path, the
				// checkout's git commit and remote); stores seeded separately, from another
				// clone or a cached seed, differ there by design.
				continue
			}
		}
		v["tag "+tg.Key] = val
	}
	for _, d := range r.Inputs.Datasets {
		v["dataset "+d.Dataset.Name+" "+d.Context()] = d.Dataset.Digest + " " + d.Dataset.SourceType + " " + d.Dataset.Source + " " + d.Dataset.Schema + " " + d.Dataset.Profile
	}
	v["model outputs"] = fmt.Sprint(len(r.Outputs.ModelOutputs))
	if withTimes {
		v["model outputs"] = fmt.Sprint(r.Outputs.ModelOutputs)
	}
	return v
}

func diffMaps(t *testing.T, what string, a, b map[string]string, an, bn string) {
	t.Helper()
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var ks []string
	for k := range keys {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		av, aok := a[k]
		bv, bok := b[k]
		if aok != bok || av != bv {
			t.Errorf("%s %q: %s=%q (present %v), %s=%q (present %v)", what, k, an, av, aok, bn, bv, bok)
		}
	}
}

// runSearch is one runs/search every store must answer alike.
type runSearch struct {
	exp, filter string
	order       []string
	view        client.ViewType
}

// runSearches are the filter and order_by cases compared across stores (run names in order).
var runSearches = []runSearch{
	{"iris-classification", "", nil, ""},
	{"iris-classification", "metrics.accuracy > 0.9 AND params.n_estimators = '100'", []string{"metrics.f1_macro DESC"}, ""},
	{"iris-classification", "metrics.accuracy >= 0.9", []string{"metrics.accuracy DESC", "params.max_depth"}, ""},
	{"iris-classification", "datasets.context = 'evaluation' AND datasets.name LIKE 'iris%'", []string{"attributes.run_name"}, ""},
	{"iris-classification", "tags.model_family = 'random_forest' AND params.max_depth = 'None'", nil, ""},
	{"iris-classification", "params.criterion != 'gini' AND tags.dataset IS NOT NULL", []string{"params.n_estimators"}, ""},
	{"mnist-mlp", "", []string{"metrics.val_accuracy DESC"}, client.AllViews},
	{"mnist-mlp", "status = 'RUNNING'", nil, ""},
	{"mnist-mlp", "attributes.status != 'FINISHED'", []string{"start_time"}, client.AllViews},
	{"mnist-mlp", "metrics.grad_norm != 1", nil, ""},
	{"mnist-mlp", "metrics.train_loss > 1e300", nil, ""},
	{"mnist-mlp", "tags.`mlflow.parentRunId` IS NOT NULL", []string{"params.`optimizer/lr` DESC"}, ""},
	{"mnist-mlp", "params.`optimizer/name` ILIKE 'ADAM%'", []string{"metrics.train_loss"}, ""},
	{"mnist-mlp", "tags.optimizer IN ('adam') OR", nil, ""},
	{"mnist-mlp", "tags.optimizer LIKE 'sgd%'", []string{"tags.optimizer DESC"}, client.AllViews},
	{"mnist-mlp", "run_name LIKE 'old%'", []string{"metrics.train_loss DESC"}, client.DeletedOnly},
	{"mnist-mlp", "metrics.val_loss < 0.5 AND end_time > 0", []string{"metrics.val_loss"}, ""},
	{"edge-cases", "tags.`설명` LIKE '%✓'", nil, ""},
	{"edge-cases", "metrics.`정확도` = 0.5 OR", nil, ""},
}

func TestEquivalenceRESTSQLiteFileStore(t *testing.T) {
	srv := testenv.Shared(t)
	sq := testenv.SQLiteCopy(t)
	fsc := testenv.FileStoreCopy(t)
	ctx := context.Background()
	rest := openBackend(t, "rest", Resolution{URI: srv.URL, Kind: KindREST, Source: "test"}, true)
	sql := openBackend(t, "sqlite", Resolution{URI: sq.URI, Kind: KindSQLite, Path: sq.Path, Source: "test"}, true)
	file := openBackend(t, "file", Resolution{URI: fsc.URI, Kind: KindFile, Path: fsc.Path, Source: "test"}, false)
	all := []*backend{rest, sql, file}

	// Experiments: names, stages, tags; IDs and times where seeded together.
	expView := func(b *backend, withTimes bool) map[string]string {
		exps, err := client.AllExperiments(ctx, b.s, client.ExperimentQuery{ViewType: client.AllViews})
		if err != nil {
			t.Fatalf("%s: %v", b.name, err)
		}
		v := map[string]string{}
		for _, e := range exps {
			s := e.LifecycleStage
			if withTimes {
				s += fmt.Sprintf(" id=%s created=%d updated=%d loc=%s", e.ID, e.CreationTime, e.LastUpdateTime, e.ArtifactLocation)
			}
			v["experiment "+e.Name] = s
			for _, tg := range e.Tags {
				v["experiment "+e.Name+" tag "+tg.Key] = tg.Value
			}
		}
		return v
	}
	diffMaps(t, "experiments", expView(rest, true), expView(sql, true), "rest", "sqlite")
	diffMaps(t, "experiments", expView(sql, false), expView(file, false), "sqlite", "file")

	// Every run, matched by experiment and run name.
	runsByName := func(b *backend, withTimes bool) map[string]map[string]string {
		ids := make([]string, 0, len(b.expByNm))
		for _, id := range b.expByNm {
			ids = append(ids, id)
		}
		runs, err := client.AllRuns(ctx, b.s, client.RunQuery{ExperimentIDs: ids, ViewType: client.AllViews, MaxResults: 7})
		if err != nil {
			t.Fatalf("%s runs: %v", b.name, err)
		}
		out := map[string]map[string]string{}
		for _, r := range runs {
			full, err := b.s.GetRun(ctx, r.Info.RunID)
			if err != nil {
				t.Fatalf("%s get run: %v", b.name, err)
			}
			if !reflect.DeepEqual(b.runView(full, withTimes), b.runView(r, withTimes)) {
				diffMaps(t, b.name+" search vs get "+b.runName[r.Info.RunID], b.runView(r, withTimes), b.runView(full, withTimes), "search", "get")
			}
			out[b.runName[r.Info.RunID]] = b.runView(r, withTimes)
		}
		return out
	}
	compareRuns := func(a, b *backend, withTimes bool) {
		ra, rb := runsByName(a, withTimes), runsByName(b, withTimes)
		if len(ra) != len(rb) || len(ra) < 20 {
			t.Errorf("run count: %s %d, %s %d", a.name, len(ra), b.name, len(rb))
		}
		for name, va := range ra {
			vb, ok := rb[name]
			if !ok {
				t.Errorf("run %s: in %s, not in %s", name, a.name, b.name)
				continue
			}
			diffMaps(t, "run "+name, va, vb, a.name, b.name)
		}
	}
	compareRuns(rest, sql, true)
	compareRuns(sql, file, false)

	// The same searches give the same runs in the same order everywhere.
	for _, q := range append(append([]runSearch{}, runSearches...), pgProbes...) {
		var ref []string
		var refErr error
		for i, b := range all {
			runs, err := client.AllRuns(ctx, b.s, client.RunQuery{ExperimentIDs: []string{b.expByNm[q.exp]}, Filter: q.filter, OrderBy: q.order, ViewType: q.view, MaxResults: 3})
			var names []string
			for _, r := range runs {
				names = append(names, r.Info.RunName)
			}
			if i == 0 {
				ref, refErr = names, err
				t.Logf("%s %q %v %s: %d runs %v", q.exp, q.filter, q.order, q.view, len(names), err)
				continue
			}
			if (err == nil) != (refErr == nil) || (err != nil && client.KindOf(err) != client.KindOf(refErr)) {
				t.Errorf("%q: rest error %v, %s error %v", q.filter, refErr, b.name, err)
				continue
			}
			if strings.Join(names, "|") != strings.Join(ref, "|") {
				t.Errorf("%s %q %v %s:\n rest %v\n %s %v", q.exp, q.filter, q.order, q.view, ref, b.name, names)
			}
		}
	}

	// Histories: values and steps everywhere, timestamps where seeded together.
	histKeys := []struct{ run, key string }{
		{"mnist-mlp/adam-nan-grad", "val_loss"}, {"mnist-mlp/adam-nan-grad", "grad_norm"},
		{"mnist-mlp/sgd-lr1e-1-diverged", "train_loss"}, {"mnist-mlp/adam-long-running", "lr"},
		{"edge-cases/big-metric-100k", "big_metric"}, {"iris-classification/rf-baseline-v1", "accuracy"},
	}
	idOf := func(b *backend, full string) string {
		for id, n := range b.runName {
			if n == full {
				return id
			}
		}
		t.Fatalf("%s has no run %s", b.name, full)
		return ""
	}
	for _, hk := range histKeys {
		var ref []string
		for i, b := range all {
			h, err := client.MetricHistory(ctx, b.s, idOf(b, hk.run), hk.key)
			if err != nil {
				t.Fatalf("%s history %v: %v", b.name, hk, err)
			}
			// SQL orders by (timestamp, step, value), the file store by file
			// order; compare as sets ordered by step.
			pts := make([]string, len(h))
			for j, m := range h {
				pts[j] = fmt.Sprintf("%012d %s", m.Step, num(m.Value))
				if b.sameSeed {
					pts[j] += fmt.Sprintf(" %d", m.Timestamp)
				}
			}
			sort.Strings(pts)
			if i == 0 {
				ref = pts
				if len(ref) == 0 {
					t.Errorf("empty history %v", hk)
				}
				continue
			}
			if !b.sameSeed {
				for j := range ref {
					if k := strings.LastIndexByte(ref[j], ' '); k > 0 && strings.Count(ref[j], " ") == 2 {
						ref[j] = ref[j][:k]
					}
				}
				sort.Strings(ref)
			}
			if !reflect.DeepEqual(pts, ref) {
				t.Errorf("history %v: %s has %d points, rest %d (first difference at %d)", hk, b.name, len(pts), len(ref), firstDiff(pts, ref))
			}
		}
	}

	// Sampled history: the SQLite store applies the server's SQL rules exactly.
	for _, max := range []int{1, 7, 100, 2500} {
		for _, hk := range histKeys {
			q := client.SampledQuery{RunIDs: []string{idOf(rest, hk.run)}, Key: hk.key, MaxResults: max}
			a, errA := rest.s.SampledHistory(ctx, q)
			b, errB := sql.s.SampledHistory(ctx, q)
			if errA != nil || errB != nil {
				t.Fatalf("sampled %v: %v / %v", hk, errA, errB)
			}
			if fmt.Sprint(sampled(a)) != fmt.Sprint(sampled(b)) {
				t.Errorf("sampled %v max %d: rest %d points, sqlite %d", hk, max, len(a), len(b))
			}
		}
	}
	lo, hi := int64(70000), int64(80000)
	q := client.SampledQuery{RunIDs: []string{idOf(rest, "edge-cases/big-metric-100k")}, Key: "big_metric", MaxResults: 50, StartStep: &lo, EndStep: &hi}
	a, _ := rest.s.SampledHistory(ctx, q)
	b, _ := sql.s.SampledHistory(ctx, q)
	if fmt.Sprint(sampled(a)) != fmt.Sprint(sampled(b)) || len(a) == 0 {
		t.Errorf("sampled step range: rest %d, sqlite %d", len(a), len(b))
	}

	// Registry.
	regView := func(bk *backend, withTimes bool) map[string]string {
		v := map[string]string{}
		models, err := client.AllRegisteredModels(ctx, bk.s, client.ModelQuery{MaxResults: 1})
		if err != nil {
			t.Fatalf("%s models: %v", bk.name, err)
		}
		for _, m := range models {
			p := "model " + m.Name + " "
			v[p+"description"] = m.Description
			for _, tg := range m.Tags {
				v[p+"tag "+tg.Key] = tg.Value
			}
			for _, a := range m.Aliases {
				v[p+"alias "+a.Alias] = a.Version
			}
			var latest []string
			for _, lv := range m.LatestVersions {
				latest = append(latest, lv.CurrentStage+":"+lv.Version)
			}
			sort.Strings(latest)
			v[p+"latest"] = strings.Join(latest, ",")
			if withTimes {
				v[p+"times"] = fmt.Sprint(m.CreationTimestamp, m.LastUpdatedTimestamp)
			}
			vs, err := client.AllModelVersions(ctx, bk.s, client.VersionQuery{Filter: "name = '" + m.Name + "'", MaxResults: 2})
			if err != nil {
				t.Fatalf("%s versions: %v", bk.name, err)
			}
			for _, mv := range vs {
				full, err := bk.s.GetModelVersion(ctx, m.Name, mv.Version)
				if err != nil {
					t.Fatal(err)
				}
				vp := p + "v" + mv.Version + " "
				v[vp+"stage"] = full.CurrentStage
				v[vp+"description"] = full.Description
				v[vp+"status"] = full.Status
				v[vp+"run"] = bk.runName[full.RunID]
				sort.Strings(full.Aliases)
				v[vp+"aliases"] = strings.Join(full.Aliases, ",")
				for _, tg := range full.Tags {
					v[vp+"tag "+tg.Key] = tg.Value
				}
				if withTimes {
					v[vp+"times"] = fmt.Sprint(full.CreationTimestamp, full.LastUpdatedTimestamp, full.Source)
				}
			}
			champ, err := bk.s.GetModelVersionByAlias(ctx, m.Name, "champion")
			v[p+"champion"] = champ.Version + fmt.Sprint(err)
		}
		return v
	}
	diffMaps(t, "registry", regView(rest, true), regView(sql, true), "rest", "sqlite")
	diffMaps(t, "registry", regView(sql, false), regView(file, false), "sqlite", "file")

	// Logged models: names, params, metric values per experiment.
	lmView := func(bk *backend) map[string]string {
		v := map[string]string{}
		for name, id := range bk.expByNm {
			lms, err := client.All(ctx, func(ctx context.Context, tok string) (client.Page[client.LoggedModel], error) {
				return bk.s.SearchLoggedModels(ctx, client.LoggedModelQuery{ExperimentIDs: []string{id}, PageToken: tok, MaxResults: 3})
			})
			if err != nil {
				t.Fatalf("%s logged models: %v", bk.name, err)
			}
			for _, lm := range lms {
				p := fmt.Sprintf("%s/%s/%s ", name, bk.runName[lm.SourceRunID], lm.Name)
				v[p+"status"] = lm.Status
				for _, pr := range lm.Params {
					v[p+"param "+pr.Key] = pr.Value
				}
				for _, m := range lm.Metrics {
					v[p+"metric "+m.Key+" "+m.DatasetName] = num(m.Value)
				}
			}
		}
		return v
	}
	diffMaps(t, "logged models", lmView(rest), lmView(sql), "rest", "sqlite")
	diffMaps(t, "logged models", lmView(sql), lmView(file), "sqlite", "file")
}

func sampled(ms []client.Metric) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = fmt.Sprintf("%s %d %d %s", m.RunID, m.Step, m.Timestamp, num(m.Value))
	}
	return out
}

func firstDiff(a, b []string) int {
	for i := range a {
		if i >= len(b) || a[i] != b[i] {
			return i
		}
	}
	return len(a)
}
