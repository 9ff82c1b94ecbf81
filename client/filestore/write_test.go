package filestore

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mltui/client"
)

func TestRegistryWrites(t *testing.T) {
	s, root := openFixture(t, Options{})
	ctx := context.Background()
	before := time.Now().UnixMilli()
	if err := s.SetAlias(ctx, "fixture-model", "challenger", "3"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "models", "fixture-model", "aliases", "challenger")); string(b) != "3" {
		t.Errorf("alias file holds %q", b)
	}
	m, _ := s.GetRegisteredModel(ctx, "fixture-model")
	if m.LastUpdatedTimestamp < before || m.Description != "desc" {
		t.Errorf("model after alias write: %+v", m)
	}
	if err := s.SetModelVersionTag(ctx, "fixture-model", "1", "review/by", "ana"); err != nil {
		t.Fatal(err)
	}
	v1, _ := s.GetModelVersion(ctx, "fixture-model", "1")
	if val, _ := v1.Tag("review/by"); val != "ana" {
		t.Errorf("nested version tag: %+v", v1.Tags)
	}
	if err := s.DeleteModelVersionTag(ctx, "fixture-model", "3", "approval_status"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRegisteredModelTag(ctx, "fixture-model", "team", "vision"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRegisteredModelTag(ctx, "fixture-model", "owner"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteAlias(ctx, "fixture-model", "nope"); err != nil {
		t.Errorf("deleting a missing alias: %v", err)
	}
	v, err := s.UpdateModelVersionDescription(ctx, "fixture-model", "3", "line one\nline: two ✓")
	if err != nil || v.Description != "line one\nline: two ✓" || v.LastUpdatedTimestamp < before {
		t.Errorf("version description: %+v %v", v, err)
	}
	rm, err := s.UpdateRegisteredModelDescription(ctx, "fixture-model", "")
	if err != nil || rm.Description != "" {
		t.Errorf("model description: %+v %v", rm, err)
	}
	v, err = s.TransitionStage(ctx, "fixture-model", "3", "PRODUCTION", true)
	if err != nil || v.CurrentStage != "Production" {
		t.Fatalf("transition: %+v %v", v, err)
	}
	if v2, _ := s.GetModelVersion(ctx, "fixture-model", "2"); v2.CurrentStage != "Archived" {
		t.Errorf("v2 after archive_existing: %s", v2.CurrentStage)
	}
	// Unknown keys in a rewritten meta.yaml survive.
	raw, _ := os.ReadFile(filepath.Join(root, "models", "fixture-model", "version-3", "meta.yaml"))
	for _, key := range []string{"storage_location:", "workspace: default", "deployment_job_state:"} {
		if !strings.Contains(string(raw), key) {
			t.Errorf("rewritten meta.yaml lost %q:\n%s", key, raw)
		}
	}
	// No temp files left behind.
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if strings.Contains(p, ".mltui-") {
			t.Errorf("leftover temp file %s", p)
		}
		return nil
	})

	wantKind(t, s.SetAlias(ctx, "fixture-model", "x", "4"), client.KindNotFound, "version=4")
	wantKind(t, s.SetAlias(ctx, "fixture-model", "LATEST", "1"), client.KindInvalidParameter, "reserved")
	wantKind(t, s.SetRegisteredModelTag(ctx, "fixture-model", "../escape", "v"), client.KindInvalidParameter)
	wantKind(t, s.SetAlias(ctx, "no-such-model", "x", "1"), client.KindNotFound)
	_, err = s.TransitionStage(ctx, "fixture-model", "1", "Archived", true)
	wantKind(t, err, client.KindInvalidParameter, "not an Active stage")

	wantKind(t, s.SwapAlias(ctx, "fixture-model", "champion", "3", "1"), client.KindConflict, "now points to version 2, not 3")
	if err := s.SwapAlias(ctx, "fixture-model", "champion", "2", "1"); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.GetModelVersionByAlias(ctx, "fixture-model", "champion"); v.Version != "1" {
		t.Errorf("champion after swap: %s", v.Version)
	}
}

func TestFileStoreReadOnly(t *testing.T) {
	s, root := openFixture(t, Options{ReadOnly: true})
	ctx := context.Background()
	wantKind(t, s.SetAlias(ctx, "fixture-model", "champion", "3"), client.KindReadOnly, "nothing was written")
	if b, _ := os.ReadFile(filepath.Join(root, "models", "fixture-model", "aliases", "champion")); string(b) != "2" {
		t.Error("read-only store wrote")
	}
}

func TestFileStoreChangeStamp(t *testing.T) {
	s, root := openFixture(t, Options{})
	ctx := context.Background()
	a, err := s.ChangeStamp(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := s.ChangeStamp(ctx); a != b {
		t.Fatal("stamp moved without a change")
	}
	// Make run 2 live again, as a resumed run is, then log to it.
	meta := filepath.Join(root, fxExp, fxRun2, "meta.yaml")
	raw, _ := os.ReadFile(meta)
	os.WriteFile(meta, []byte(strings.Replace(string(raw), "status: 3", "status: 1", 1)), 0o644)
	os.Chtimes(filepath.Join(root, fxExp), time.Now(), time.Now().Add(time.Second)) // as creating a run would
	b, _ := s.ChangeStamp(ctx)
	if b == a {
		t.Error("stamp did not change when a run started")
	}
	f, _ := os.OpenFile(filepath.Join(root, fxExp, fxRun2, "metrics", "loss"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("1795675229999 0.6 1\n")
	f.Close()
	c, _ := s.ChangeStamp(ctx)
	if c == b {
		t.Error("stamp did not change when a live run logged a metric")
	}
	if err := s.SetAlias(ctx, "fixture-model", "new", "1"); err != nil {
		t.Fatal(err)
	}
	d, _ := s.ChangeStamp(ctx)
	if d == c {
		t.Error("stamp did not change after a registry write")
	}
	os.MkdirAll(filepath.Join(root, "999"), 0o755)
	e, _ := s.ChangeStamp(ctx)
	if e == d {
		t.Error("stamp did not change after a new experiment folder")
	}
}
