package sqlstore

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"mltui/client"
)

func TestRegistryWrites(t *testing.T) {
	f := newFixture(t)
	seed(f)
	s := f.open(Options{})
	ctx := context.Background()

	if err := s.SetAlias(ctx, "iris-classifier", "champion", "3"); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.GetModelVersionByAlias(ctx, "iris-classifier", "champion"); v.Version != "3" {
		t.Errorf("champion moved to %s", v.Version)
	}
	if err := s.SetAlias(ctx, "iris-classifier", "staging", "4"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteAlias(ctx, "iris-classifier", "staging"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteAlias(ctx, "iris-classifier", "never-set"); err != nil {
		t.Errorf("deleting a missing alias: %v", err)
	}
	m, _ := s.GetRegisteredModel(ctx, "iris-classifier")
	if len(m.Aliases) != 2 {
		t.Errorf("aliases after writes: %+v", m.Aliases)
	}

	if err := s.SetModelVersionTag(ctx, "iris-classifier", "4", "approval_status", "approved"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetModelVersionTag(ctx, "iris-classifier", "4", "approval_status", "rejected"); err != nil {
		t.Fatal(err)
	}
	v4, _ := s.GetModelVersion(ctx, "iris-classifier", "4")
	if val, _ := v4.Tag("approval_status"); val != "rejected" || len(v4.Tags) != 1 {
		t.Errorf("v4 tags: %+v", v4.Tags)
	}
	if err := s.DeleteModelVersionTag(ctx, "iris-classifier", "4", "approval_status"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRegisteredModelTag(ctx, "iris-classifier", "team/area", "vision"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRegisteredModelTag(ctx, "iris-classifier", "owner"); err != nil {
		t.Fatal(err)
	}
	m, _ = s.GetRegisteredModel(ctx, "iris-classifier")
	if len(m.Tags) != 1 || m.Tags[0].Key != "team/area" {
		t.Errorf("model tags: %+v", m.Tags)
	}

	before := time.Now().UnixMilli()
	v, err := s.UpdateModelVersionDescription(ctx, "iris-classifier", "4", "new ✓")
	if err != nil || v.Description != "new ✓" || v.LastUpdatedTimestamp < before {
		t.Errorf("version description: %+v %v", v, err)
	}
	rm, err := s.UpdateRegisteredModelDescription(ctx, "iris-classifier", "model ✓")
	if err != nil || rm.Description != "model ✓" || rm.LastUpdatedTimestamp < before || len(rm.LatestVersions) == 0 {
		t.Errorf("model description: %+v %v", rm, err)
	}

	v, err = s.TransitionStage(ctx, "iris-classifier", "4", "production", true)
	if err != nil || v.CurrentStage != "Production" {
		t.Fatalf("transition: %+v %v", v, err)
	}
	v2, _ := s.GetModelVersion(ctx, "iris-classifier", "2")
	if v2.CurrentStage != "Archived" || v2.LastUpdatedTimestamp < before {
		t.Errorf("old production version: %+v", v2)
	}
	other, _ := s.GetModelVersion(ctx, "other", "1")
	if other.CurrentStage != "Production" {
		t.Error("archiving touched another model")
	}
	m, _ = s.GetRegisteredModel(ctx, "iris-classifier")
	if m.LastUpdatedTimestamp < before {
		t.Error("transition did not stamp the model")
	}
	v, err = s.TransitionStage(ctx, "iris-classifier", "6", "Staging", false)
	if err != nil || v.CurrentStage != "Staging" {
		t.Errorf("transition without archiving: %+v %v", v, err)
	}
	if v3, _ := s.GetModelVersion(ctx, "iris-classifier", "3"); v3.CurrentStage != "Staging" {
		t.Error("transition without archive_existing archived another version")
	}
}

func TestWriteValidation(t *testing.T) {
	f := newFixture(t)
	seed(f)
	s := f.open(Options{})
	ctx := context.Background()
	cases := []struct {
		name string
		err  error
		kind client.ErrorKind
		msg  string
	}{
		{"latest alias", s.SetAlias(ctx, "iris-classifier", "Latest", "2"), client.KindInvalidParameter, "'latest' alias name (case insensitive) is reserved."},
		{"version alias", s.SetAlias(ctx, "iris-classifier", "v12", "2"), client.KindInvalidParameter, "Version alias name 'v12' is reserved."},
		{"bad alias", s.SetAlias(ctx, "iris-classifier", "a b", "2"), client.KindInvalidParameter, "Invalid alias name: 'a b'"},
		{"long alias", s.SetAlias(ctx, "iris-classifier", strings.Repeat("a", 256), "2"), client.KindInvalidParameter, "maximum length of 255"},
		{"deleted version", s.SetAlias(ctx, "iris-classifier", "x", "5"), client.KindNotFound, "version=5"},
		{"missing version", s.SetAlias(ctx, "iris-classifier", "x", "99"), client.KindNotFound, "version=99"},
		{"missing model", s.SetAlias(ctx, "nope", "x", "1"), client.KindNotFound, "nope"},
		{"non-numeric version", s.SetAlias(ctx, "iris-classifier", "x", "two"), client.KindInvalidParameter, "must be an integer"},
		{"bad name", s.SetAlias(ctx, "a/b", "x", "1"), client.KindInvalidParameter, "cannot contain '/' or ':'"},
		{"bad tag key", s.SetModelVersionTag(ctx, "iris-classifier", "2", "../x", "v"), client.KindInvalidParameter, "key"},
		{"tag key chars", s.SetRegisteredModelTag(ctx, "iris-classifier", "a*b", "v"), client.KindInvalidParameter, "Names may only contain"},
		{"huge tag", s.SetModelVersionTag(ctx, "iris-classifier", "2", "k", strings.Repeat("x", 100001)), client.KindInvalidParameter, "100000"},
		{"bad stage", func() error { _, err := s.TransitionStage(ctx, "iris-classifier", "2", "Prod", false); return err }(), client.KindInvalidParameter, "Invalid Model Version stage: Prod"},
		{"archive to None", func() error { _, err := s.TransitionStage(ctx, "iris-classifier", "2", "None", true); return err }(), client.KindInvalidParameter, "is not an Active stage"},
	}
	for _, c := range cases {
		if c.err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		if client.KindOf(c.err) != c.kind || !strings.Contains(c.err.Error(), c.msg) {
			t.Errorf("%s: %v (kind %v), want %v containing %q", c.name, c.err, client.KindOf(c.err), c.kind, c.msg)
		}
	}
	if v, _ := s.GetModelVersionByAlias(ctx, "iris-classifier", "champion"); v.Version != "2" {
		t.Error("a refused write changed the champion")
	}
}

func TestSwapAlias(t *testing.T) {
	f := newFixture(t)
	seed(f)
	s := f.open(Options{})
	ctx := context.Background()
	err := s.SwapAlias(ctx, "iris-classifier", "champion", "3", "4")
	wantKind(t, err, client.KindConflict, "now points to version 2, not 3", "nothing was written")
	if v, _ := s.GetModelVersionByAlias(ctx, "iris-classifier", "champion"); v.Version != "2" {
		t.Fatal("a failed swap wrote")
	}
	if err := s.SwapAlias(ctx, "iris-classifier", "champion", "2", "4"); err != nil {
		t.Fatal(err)
	}
	err = s.SwapAlias(ctx, "iris-classifier", "fresh", "1", "4")
	wantKind(t, err, client.KindConflict, "no longer exists")
	if err := s.SwapAlias(ctx, "iris-classifier", "fresh", "", "4"); err != nil {
		t.Fatal(err)
	}
	err = s.SwapAlias(ctx, "iris-classifier", "fresh", "", "3")
	wantKind(t, err, client.KindConflict, "expected it unset")

	// Many movers racing from the same expected holder: exactly one wins.
	var wg sync.WaitGroup
	results := make([]error, 8)
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results[i] = s.SwapAlias(ctx, "iris-classifier", "champion", "4", []string{"1", "2", "3", "6"}[i%4])
		}(i)
	}
	wg.Wait()
	wins := 0
	for _, err := range results {
		switch client.KindOf(err) {
		case client.KindUnknown:
			if err == nil {
				wins++
			} else {
				t.Errorf("racing swap: %v", err)
			}
		case client.KindConflict:
		default:
			t.Errorf("racing swap: %v", err)
		}
	}
	if wins != 1 {
		t.Errorf("%d concurrent swaps from v4 succeeded, want exactly 1", wins)
	}
}

func TestReadOnlyRefusesWrites(t *testing.T) {
	f := newFixture(t)
	seed(f)
	s := f.open(Options{ReadOnly: true})
	ctx := context.Background()
	wantKind(t, s.SetAlias(ctx, "iris-classifier", "champion", "3"), client.KindReadOnly, "read-only", "nothing was written")
	wantKind(t, s.SwapAlias(ctx, "iris-classifier", "champion", "2", "3"), client.KindReadOnly)
	_, err := s.TransitionStage(ctx, "iris-classifier", "3", "Production", false)
	wantKind(t, err, client.KindReadOnly)
	if v, _ := s.GetModelVersionByAlias(ctx, "iris-classifier", "champion"); v.Version != "2" {
		t.Error("read-only store wrote")
	}
}

func TestOldSchemaRefusesWritesButReads(t *testing.T) {
	// A registry from before aliases (MLflow < 2.3) and without workspaces.
	ddl := schema318
	ddl = strings.Replace(ddl, "CREATE TABLE \"registered_model_aliases\"", "CREATE TABLE \"gone_aliases\"", 1)
	f := newFixtureSchema(t, ddl)
	f.experiment(1, "e", "active", 1)
	f.run(runRow{id: "a", name: "a", exp: 1, start: 1})
	f.model("m", 1)
	f.version("m", 1, "None", "a", 1)
	s := f.open(Options{})
	ctx := context.Background()
	err := s.SetModelVersionTag(ctx, "m", "1", "k", "v")
	wantKind(t, err, client.KindReadOnly, "registered_model_aliases", "older")
	m, err := s.GetRegisteredModel(ctx, "m")
	if err != nil || len(m.LatestVersions) != 1 || len(m.Aliases) != 0 {
		t.Errorf("reads on the old schema: %+v %v", m, err)
	}

	// A newer schema with a required column mltui does not know.
	ddl = strings.Replace(schema318, "CREATE TABLE \"registered_model_tags\" (", "CREATE TABLE \"registered_model_tags\" (\n\tfuture_col INTEGER NOT NULL,", 1)
	g := newFixtureSchema(t, ddl)
	g.model("m", 1)
	err = g.open(Options{}).SetRegisteredModelTag(ctx, "m", "k", "v")
	wantKind(t, err, client.KindReadOnly, "future_col", "newer")
}

func TestChangeStamp(t *testing.T) {
	f := newFixture(t)
	seed(f)
	s := f.open(Options{})
	ctx := context.Background()
	a, err := s.ChangeStamp(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := s.ChangeStamp(ctx)
	if a != b {
		t.Fatalf("stamp changed with no write: %s → %s", a, b)
	}
	// Another connection commits one metric, as a training process would.
	f.metric("r1", "acc", 0.97, 999, 9)
	c, _ := s.ChangeStamp(ctx)
	if c == b {
		t.Errorf("stamp did not change after a commit: %s", c)
	}
	// A write through the store changes it too.
	if err := s.SetAlias(ctx, "iris-classifier", "x", "1"); err != nil {
		t.Fatal(err)
	}
	d, _ := s.ChangeStamp(ctx)
	if d == c {
		t.Error("stamp did not change after an alias write")
	}
}
