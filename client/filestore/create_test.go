package filestore

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mltui/client"
)

const fixtureLM = "m-a1d51747ba3a4906af75bcf915cc1b63"

func TestCreateModelAndVersionFromLoggedModel(t *testing.T) {
	s, root := openFixture(t, Options{})
	ctx := context.Background()

	m, err := s.CreateRegisteredModel(ctx, "ckpt")
	if err != nil || m.Name != "ckpt" || m.CreationTimestamp == 0 {
		t.Fatalf("create model: %+v %v", m, err)
	}
	meta, _ := os.ReadFile(filepath.Join(root, "models", "ckpt", "meta.yaml"))
	for _, want := range []string{"aliases: {}\n", "deployment_job_id: null\n", "description: null\n", "name: ckpt\n", "workspace: default\n"} {
		if !strings.Contains(string(meta), want) {
			t.Errorf("model meta.yaml lacks %q:\n%s", want, meta)
		}
	}
	if _, err := s.CreateRegisteredModel(ctx, "ckpt"); client.KindOf(err) != client.KindAlreadyExists {
		t.Errorf("second create: %v", err)
	}
	if _, err := s.CreateRegisteredModel(ctx, "fixture-model"); client.KindOf(err) != client.KindAlreadyExists {
		t.Errorf("create of an existing model: %v", err)
	}

	req := client.CreateVersion{Name: "ckpt", Source: "models:/" + fixtureLM, ModelID: fixtureLM}
	v, err := s.CreateModelVersion(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if v.Version != "1" || v.Source != req.Source || v.RunID != "7e9f65a8a0b842f1b37bb539730199f3" || v.ModelID != fixtureLM ||
		v.Status != "READY" || v.CurrentStage != client.StageNone {
		t.Errorf("version: %+v", v)
	}
	vm, _ := os.ReadFile(filepath.Join(root, "models", "ckpt", "version-1", "meta.yaml"))
	for _, want := range []string{"model_id: " + fixtureLM + "\n", "source: models:/" + fixtureLM + "\n",
		"storage_location: file:///tmp/h3/fsgen/mlruns/627341803050643854/models/" + fixtureLM + "/artifacts\n", "version: 1\n", "current_stage: None\n", "run_link: null\n"} {
		if !strings.Contains(string(vm), want) {
			t.Errorf("version meta.yaml lacks %q:\n%s", want, vm)
		}
	}
	tag, _ := os.ReadFile(filepath.Join(root, "627341803050643854", "models", fixtureLM, "tags", client.ModelVersionsTag))
	if want := `[{"name": "ckpt", "version": 1}]`; string(tag) != want {
		t.Errorf("logged model tag %q, want %q", tag, want)
	}

	// fixture-model has versions 1-4, 4 deleted: the next is 5.
	v, err = s.CreateModelVersion(ctx, client.CreateVersion{Name: "fixture-model", Source: "models:/" + fixtureLM, ModelID: fixtureLM, Tags: []client.Tag{{Key: "k", Value: "v"}}})
	if err != nil || v.Version != "5" {
		t.Fatalf("fixture-model version: %+v %v", v, err)
	}
	if val, _ := v.Tag("k"); val != "v" {
		t.Errorf("version tags %+v", v.Tags)
	}
	tag, _ = os.ReadFile(filepath.Join(root, "627341803050643854", "models", fixtureLM, "tags", client.ModelVersionsTag))
	if want := `[{"name": "ckpt", "version": 1}, {"name": "fixture-model", "version": 5}]`; string(tag) != want {
		t.Errorf("logged model tag %q, want %q", tag, want)
	}

	if _, err := s.CreateModelVersion(ctx, client.CreateVersion{Name: "nope", Source: req.Source, ModelID: fixtureLM}); client.KindOf(err) != client.KindNotFound {
		t.Errorf("missing model: %v", err)
	}
	if _, err := s.CreateModelVersion(ctx, client.CreateVersion{Name: "ckpt", Source: "models:/m-ffffffffffffffffffffffffffffffff", ModelID: "m-ffffffffffffffffffffffffffffffff"}); client.KindOf(err) != client.KindNotFound {
		t.Errorf("missing logged model: %v", err)
	}
	ro, _ := openFixture(t, Options{ReadOnly: true})
	if _, err := ro.CreateModelVersion(ctx, req); client.KindOf(err) != client.KindReadOnly {
		t.Errorf("read-only: %v", err)
	}
	if _, err := ro.CreateRegisteredModel(ctx, "x"); client.KindOf(err) != client.KindReadOnly {
		t.Errorf("read-only: %v", err)
	}
}
