package filestore

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"

	"mltui/client"
	"mltui/client/search"
)

const defaultLoggedModelMax = 100

// loggedModelStatus maps meta.yaml's integer status to the wire enum name.
func loggedModelStatus(m meta) string {
	switch n, _ := m.int("status"); n {
	case 1:
		return "LOGGED_MODEL_PENDING"
	case 2:
		return "LOGGED_MODEL_READY"
	case 3:
		return "LOGGED_MODEL_UPLOAD_FAILED"
	}
	switch m.str("status") { // some writers store the name
	case "PENDING":
		return "LOGGED_MODEL_PENDING"
	case "READY":
		return "LOGGED_MODEL_READY"
	case "FAILED":
		return "LOGGED_MODEL_UPLOAD_FAILED"
	}
	return "LOGGED_MODEL_STATUS_UNSPECIFIED"
}

// readLoggedModel reads <exp>/models/<id>; ok is false for deleted models.
func (s *Store) readLoggedModel(dir string) (client.LoggedModel, bool, error) {
	m, err := readMeta(filepath.Join(dir, metaFile))
	if err != nil {
		return client.LoggedModel{}, false, err
	}
	if m.str("lifecycle_stage") == client.LifecycleDeleted {
		return client.LoggedModel{}, false, nil
	}
	lm := client.LoggedModel{
		ModelID:                m.str("model_id"),
		ExperimentID:           m.str("experiment_id"),
		Name:                   m.str("name"),
		CreationTimestampMs:    m.i64("creation_timestamp"),
		LastUpdatedTimestampMs: m.i64("last_updated_timestamp"),
		ArtifactURI:            m.str("artifact_location"),
		Status:                 loggedModelStatus(m),
		ModelType:              m.str("model_type"),
		SourceRunID:            m.str("source_run_id"),
		StatusMessage:          m.str("status_message"),
	}
	keys, vals, err := readValues(filepath.Join(dir, "params"))
	if err != nil {
		return lm, false, err
	}
	for i := range keys {
		lm.Params = append(lm.Params, client.Param{Key: keys[i], Value: vals[i]})
	}
	keys, vals, err = readValues(filepath.Join(dir, "tags"))
	if err != nil {
		return lm, false, err
	}
	for i := range keys {
		lm.Tags = append(lm.Tags, client.Tag{Key: keys[i], Value: vals[i]})
	}
	files, err := listKeys(filepath.Join(dir, "metrics"))
	if err != nil {
		return lm, false, err
	}
	for _, f := range files {
		data, err := os.ReadFile(f.path)
		if err != nil {
			continue
		}
		lines, err := ParseMetricFile(f.path, data, ParseModelMetricLine)
		if err != nil {
			s.noteProblem(f.path, err)
		}
		// The latest value per dataset, as MLflow groups them.
		type ds struct{ name, digest string }
		groups := map[ds][]MetricLine{}
		var order []ds
		for _, l := range lines {
			k := ds{l.DatasetName, l.DatasetDigest}
			if _, ok := groups[k]; !ok {
				order = append(order, k)
			}
			groups[k] = append(groups[k], l)
		}
		for _, k := range order {
			if l, ok := latest(groups[k]); ok {
				lm.Metrics = append(lm.Metrics, l.metric(f.key))
			}
		}
	}
	return lm, true, nil
}

// SearchLoggedModels implements logged-models/search (default order).
func (s *Store) SearchLoggedModels(ctx context.Context, q client.LoggedModelQuery) (client.Page[client.LoggedModel], error) {
	const op = "search logged models"
	var none client.Page[client.LoggedModel]
	clauses, err := search.ParseLoggedModelFilter(q.Filter)
	if err != nil {
		return none, filterError(op, err)
	}
	n, err := search.PageSize(q.MaxResults, defaultLoggedModelMax, searchMaxLimit)
	if err != nil {
		return none, invalid(op, "%v", err)
	}
	var live []client.LoggedModel
	for _, id := range q.ExperimentIDs {
		if !expIDRe.MatchString(id) {
			return none, badID(op, "experiment ID", id)
		}
		d, ok := s.findExperiment(id)
		if !ok {
			continue
		}
		entries, err := os.ReadDir(filepath.Join(d.path, modelsDir))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return none, ioError(op, d.path, err)
		}
		for _, e := range entries {
			if !e.IsDir() {
				continue
			}
			dir := filepath.Join(d.path, modelsDir, e.Name())
			lm, ok, err := s.readLoggedModel(dir)
			if err != nil {
				s.noteProblem(dir, err)
				continue
			}
			if ok && lm.ExperimentID == id {
				live = append(live, lm)
			}
		}
	}
	page, err := search.SelectLoggedModels(live, clauses, q.PageToken, n)
	if err != nil {
		return none, invalid(op, "%v", err)
	}
	return page, nil
}

// GetLoggedModel finds a logged model in any experiment.
func (s *Store) GetLoggedModel(ctx context.Context, modelID string) (client.LoggedModel, error) {
	lm, _, err := s.findLoggedModel("get logged model", modelID)
	return lm, err
}

// findLoggedModel is GetLoggedModel that also gives the model's folder.
func (s *Store) findLoggedModel(op, modelID string) (client.LoggedModel, string, error) {
	if !runIDRe.MatchString(modelID) {
		return client.LoggedModel{}, "", badID(op, "model ID", modelID)
	}
	dirs, err := s.experimentDirs(client.AllViews)
	if err != nil {
		return client.LoggedModel{}, "", ioError(op, s.root, err)
	}
	sort.Slice(dirs, func(i, j int) bool { return !dirs[i].deleted && dirs[j].deleted })
	for _, d := range dirs {
		dir := filepath.Join(d.path, modelsDir, modelID)
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		lm, live, err := s.readLoggedModel(dir)
		if err != nil {
			return client.LoggedModel{}, "", corrupt(op, dir, err)
		}
		if live {
			return lm, dir, nil
		}
	}
	return client.LoggedModel{}, "", notFound(op, "Logged model with ID '%s' not found.", modelID)
}

// ListLoggedModelArtifacts lists one level of a logged model's artifacts.
func (s *Store) ListLoggedModelArtifacts(ctx context.Context, modelID, path string) ([]client.FileInfo, error) {
	lm, err := s.GetLoggedModel(ctx, modelID)
	if err != nil {
		return nil, err
	}
	return ListArtifactDir(ctx, lm.ArtifactURI, filepath.Dir(s.root), "logged model "+modelID, path)
}

// OpenLoggedModelArtifact reads one of a logged model's files.
func (s *Store) OpenLoggedModelArtifact(ctx context.Context, modelID, path string, off, n int64) (*client.ArtifactFile, error) {
	lm, err := s.GetLoggedModel(ctx, modelID)
	if err != nil {
		return nil, err
	}
	return OpenArtifactFile(ctx, lm.ArtifactURI, filepath.Dir(s.root), "logged model "+modelID, path, off, n)
}
