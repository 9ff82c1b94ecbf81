package filestore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"mltui/client"
	"mltui/client/search"
)

// Creating registry entries the way MLflow's file store does
// (model_registry/file_store.py create_registered_model and
// create_model_version, MLflow 3.18's meta.yaml keys), plus the logged
// model's mlflow.modelVersions tag that MLflow's server and
// mlflow.register_model write after the create.

const defaultWorkspace = "default"

// CreateRegisteredModel makes models/<name>/meta.yaml for a new model.
func (s *Store) CreateRegisteredModel(ctx context.Context, name string) (client.RegisteredModel, error) {
	const op = "create registered model"
	if err := s.writable(op); err != nil {
		return client.RegisteredModel{}, err
	}
	if err := checkModelName(op, name); err != nil {
		return client.RegisteredModel{}, err
	}
	s.writeMu.Lock()
	err := s.createModelLocked(op, name)
	s.writeMu.Unlock()
	if err != nil {
		return client.RegisteredModel{}, err
	}
	return s.GetRegisteredModel(ctx, name)
}

func (s *Store) createModelLocked(op, name string) error {
	dir := filepath.Join(s.modelsRoot(), name)
	if mf, err := s.readModel(name); err == nil {
		msg := fmt.Sprintf("Registered Model (name=%s) already exists.", name)
		if v, ok := mf.model.Tag(search.PromptTag); ok && v == "true" {
			msg = fmt.Sprintf("Tried to create a registered model with name %q, but the name is already taken by a prompt. "+
				"MLflow does not allow creating a model and a prompt with the same name.", name)
		}
		return &client.Error{Kind: client.KindAlreadyExists, Op: op, Code: "RESOURCE_ALREADY_EXISTS", Message: msg}
	} else if !errors.Is(err, errNoMeta) {
		return corrupt(op, dir, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return writeErr(op, dir, err)
	}
	now := nowMillis()
	out, err := yaml.Marshal(map[string]any{
		"aliases":                map[string]any{},
		"creation_timestamp":     now,
		"deployment_job_id":      nil,
		"deployment_job_state":   nil,
		"description":            nil,
		"last_updated_timestamp": now,
		"name":                   name,
		"workspace":              defaultWorkspace,
	})
	if err != nil {
		return writeErr(op, dir, err)
	}
	if err := writeNew(filepath.Join(dir, metaFile), dir, out); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return &client.Error{Kind: client.KindAlreadyExists, Op: op, Code: "RESOURCE_ALREADY_EXISTS",
				Message: fmt.Sprintf("Registered Model (name=%s) already exists.", name)}
		}
		return writeErr(op, dir, err)
	}
	return nil
}

// writeNew writes path only if it does not exist yet (MLflow's write_yaml
// with overwrite=False), atomically: a temp file hard-linked into place.
func writeNew(path, tmpDir string, data []byte) error {
	tmp := filepath.Join(tmpDir, ".mltui-new-"+strconv.FormatInt(nowMillis(), 36)+".tmp")
	if err := writeAtomic(tmp, tmpDir, data); err != nil {
		return err
	}
	defer os.Remove(tmp)
	return os.Link(tmp, path)
}

// CreateModelVersion writes models/<name>/version-N/meta.yaml for
// N = the highest version folder + 1 (deleted versions counted, as MLflow
// counts them), stamps the model, writes the version's tags, and for a
// logged model links it back through its mlflow.modelVersions tag.
//
// As MLflow's file store: for "models:/<model_id>" the source stays that
// URI, storage_location is the logged model's artifact_location, run_id
// defaults to its source_run_id, and model_id is stored in meta.yaml.
func (s *Store) CreateModelVersion(ctx context.Context, req client.CreateVersion) (client.ModelVersion, error) {
	const op = "create model version"
	if err := s.writable(op); err != nil {
		return client.ModelVersion{}, err
	}
	if err := checkModelName(op, req.Name); err != nil {
		return client.ModelVersion{}, err
	}
	for _, t := range req.Tags {
		if err := tagArgs(op, t.Key, t.Value); err != nil {
			return client.ModelVersion{}, err
		}
	}
	lookup, err := client.CheckCreateVersion(op, req)
	if err != nil {
		return client.ModelVersion{}, err
	}
	srcID, _ := client.ModelSourceID(req.Source)
	s.writeMu.Lock()
	defer s.writeMu.Unlock()

	runID, storage := req.RunID, req.Source
	var lmDir, oldLink string
	if lookup != "" {
		lm, dir, err := s.findLoggedModel(op, lookup)
		if err != nil {
			if srcID != "" {
				return client.ModelVersion{}, &client.Error{Kind: client.KindNotFound, Op: op, Code: "RESOURCE_DOES_NOT_EXIST",
					Message: fmt.Sprintf("Unable to fetch model from model URI source artifact location '%s'.Error: %v", req.Source, err)}
			}
			return client.ModelVersion{}, err
		}
		if srcID != "" {
			storage = lm.ArtifactURI
		}
		if runID == "" {
			runID = lm.SourceRunID
		}
		lmDir = dir
		oldLink, _ = findTagValue(lm.Tags, client.ModelVersionsTag)
	}
	if _, err := s.getModel(op, req.Name); err != nil {
		return client.ModelVersion{}, err
	}
	dir := filepath.Join(s.modelsRoot(), req.Name)
	version, err := nextVersion(dir)
	if err != nil {
		return client.ModelVersion{}, writeErr(op, dir, err)
	}
	var link string
	if req.ModelID != "" {
		if link, err = client.LinkModelVersion(oldLink, req.Name, version); err != nil {
			return client.ModelVersion{}, invalid(op, "logged model %s: %v; nothing was written", req.ModelID, err)
		}
	}
	ws := defaultWorkspace
	if raw, err := readMeta(filepath.Join(dir, metaFile)); err == nil && raw.str("workspace") != "" {
		ws = raw.str("workspace")
	}
	now := nowMillis()
	if err := s.touchModel(dir, now); err != nil {
		return client.ModelVersion{}, writeErr(op, dir, err)
	}
	vdir := filepath.Join(dir, "version-"+strconv.FormatInt(version, 10))
	if err := os.Mkdir(vdir, 0o755); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return client.ModelVersion{}, &client.Error{Kind: client.KindConflict, Op: op,
				Message: fmt.Sprintf("version %d of %s appeared while it was being created; nothing was written", version, req.Name)}
		}
		return client.ModelVersion{}, writeErr(op, vdir, err)
	}
	out, err := yaml.Marshal(map[string]any{
		"creation_timestamp":     now,
		"current_stage":          client.StageNone,
		"deployment_job_state":   nil,
		"description":            orNil(req.Description),
		"last_updated_timestamp": now,
		"model_id":               orNil(req.ModelID),
		"name":                   req.Name,
		"run_id":                 orNil(runID),
		"run_link":               nil,
		"source":                 req.Source,
		"status":                 "READY",
		"status_message":         nil,
		"storage_location":       storage,
		"user_id":                nil,
		"version":                version,
		"workspace":              ws,
	})
	if err != nil {
		return client.ModelVersion{}, writeErr(op, vdir, err)
	}
	if err := writeAtomic(filepath.Join(vdir, metaFile), dir, out); err != nil {
		return client.ModelVersion{}, writeErr(op, vdir, err)
	}
	for _, t := range req.Tags {
		if err := writeAtomic(filepath.Join(vdir, "tags", filepath.FromSlash(t.Key)), dir, []byte(t.Value)); err != nil {
			return client.ModelVersion{}, writeErr(op, vdir, err)
		}
	}
	if req.ModelID != "" {
		p := filepath.Join(lmDir, "tags", client.ModelVersionsTag)
		if err := writeAtomic(p, lmDir, []byte(link)); err != nil {
			return client.ModelVersion{}, writeErr(op, p, err)
		}
	}
	return s.GetModelVersion(ctx, req.Name, strconv.FormatInt(version, 10))
}

func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func findTagValue(tags []client.Tag, key string) (string, bool) {
	for _, t := range tags {
		if t.Key == key {
			return t.Value, true
		}
	}
	return "", false
}

// nextVersion is one more than the highest version-N folder.
func nextVersion(dir string) (int64, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	var max int64
	for _, e := range entries {
		if n, ok := strings.CutPrefix(e.Name(), "version-"); ok && e.IsDir() {
			if v, err := strconv.ParseInt(n, 10, 64); err == nil && v > max {
				max = v
			}
		}
	}
	return max + 1, nil
}
