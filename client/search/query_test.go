package search

import (
	"errors"
	"strings"
	"testing"

	"mltui/client"
)

func TestPageSizeAndWindow(t *testing.T) {
	for _, c := range []struct {
		max, want int
		err       string
	}{{0, 100, ""}, {1, 1, ""}, {1000, 1000, ""}, {-1, 0, "between 1 and 1000, got -1"}, {1001, 0, "between 1 and 1000, got 1001"}} {
		n, err := PageSize(c.max, 100, 1000)
		if n != c.want || (err == nil) != (c.err == "") || (err != nil && !strings.Contains(err.Error(), c.err)) {
			t.Errorf("PageSize(%d) = %d, %v; want %d, %q", c.max, n, err, c.want, c.err)
		}
	}
	if n, off, err := PageWindow(0, EncodeOffset(40), 100, 1000); n != 100 || off != 40 || err != nil {
		t.Errorf("window = %d, %d, %v", n, off, err)
	}
	if _, _, err := PageWindow(5000, "not a token", 100, 1000); err == nil || !strings.Contains(err.Error(), "max_results") {
		t.Errorf("the page size is checked first: %v", err)
	}
	if _, _, err := PageWindow(5, "not a token", 100, 1000); err == nil || !strings.Contains(err.Error(), "page token") {
		t.Errorf("bad token: %v", err)
	}
}

func TestParseQueries(t *testing.T) {
	clauses, order, err := ParseRunQuery(client.RunQuery{Filter: "metrics.acc > 0.5", OrderBy: []string{"start_time ASC"}})
	if err != nil || len(clauses) != 1 || len(order) != 1 || !order[0].Asc {
		t.Fatalf("runs: %v %v %v", clauses, order, err)
	}
	// The filter is parsed first; either failure is a *Error.
	var pe *Error
	if _, _, err := ParseExperimentQuery(client.ExperimentQuery{Filter: "name ==", OrderBy: []string{"nope"}}); !errors.As(err, &pe) || strings.Contains(err.Error(), "order_by") {
		t.Errorf("bad filter and order_by: %v", err)
	}
	if _, _, err := ParseVersionQuery(client.VersionQuery{OrderBy: []string{"nope"}}); !errors.As(err, &pe) || !strings.Contains(err.Error(), "order_by") {
		t.Errorf("bad order_by: %v", err)
	}
	if _, order, err := ParseModelQuery(client.ModelQuery{OrderBy: []string{"timestamp DESC"}}); err != nil || order[0].Key != "last_updated_timestamp" {
		t.Errorf("models keep the timestamp alias: %v %v", order, err)
	}
}

func TestSelect(t *testing.T) {
	exps := []client.Experiment{{ID: "1", Name: "a", CreationTime: 1}, {ID: "2", Name: "b", CreationTime: 3}, {ID: "3", Name: "a2", CreationTime: 2}}
	clauses, _ := ParseExperimentFilter("name LIKE 'a%'")
	p, err := SelectExperiments(exps, clauses, nil, "", 1)
	if err != nil || len(p.Items) != 1 || p.Items[0].ID != "3" || p.NextPageToken == "" {
		t.Fatalf("first page %+v, %v", p, err)
	}
	exps = []client.Experiment{{ID: "1", Name: "a", CreationTime: 1}, {ID: "2", Name: "b", CreationTime: 3}, {ID: "3", Name: "a2", CreationTime: 2}}
	p, err = SelectExperiments(exps, clauses, nil, p.NextPageToken, 1)
	if err != nil || len(p.Items) != 1 || p.Items[0].ID != "1" || p.NextPageToken != "" {
		t.Fatalf("second page %+v, %v", p, err)
	}
	if _, err := SelectExperiments(nil, nil, nil, "bad", 1); err == nil {
		t.Error("a bad token is an error")
	}

	ms := []client.LoggedModel{{ModelID: "m-1", CreationTimestampMs: 1, Name: "x"}, {ModelID: "m-2", CreationTimestampMs: 2, Name: "y"}, {ModelID: "m-3", CreationTimestampMs: 3, Name: "x"}}
	clauses, _ = ParseLoggedModelFilter("name = 'x'")
	lp, err := SelectLoggedModels(ms, clauses, "", 10)
	if err != nil || len(lp.Items) != 2 || lp.Items[0].ModelID != "m-3" || lp.Items[1].ModelID != "m-1" {
		t.Errorf("logged models %+v, %v", lp, err)
	}

	runs := []client.Run{{Info: client.RunInfo{RunID: "r1", StartTime: 1}}, {Info: client.RunInfo{RunID: "r2", StartTime: 2}}}
	rp, err := SelectRuns(runs, nil, nil, "", 10)
	if err != nil || len(rp.Items) != 2 || rp.Items[0].Info.RunID != "r2" {
		t.Errorf("runs %+v, %v", rp, err)
	}
	vs := []client.ModelVersion{{Name: "m", Version: "1"}, {Name: "m", Version: "2"}}
	vp, err := SelectVersions(vs, nil, nil, "", 10)
	if err != nil || len(vp.Items) != 2 || vp.Items[0].Version != "2" {
		t.Errorf("versions %+v, %v", vp, err)
	}
	models := []client.RegisteredModel{{Name: "b"}, {Name: "a"}}
	mp, err := SelectModels(models, nil, nil, "", 10)
	if err != nil || len(mp.Items) != 2 || mp.Items[0].Name != "a" {
		t.Errorf("models %+v, %v", mp, err)
	}
}
