package filestore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"mltui/client"
	"mltui/client/search"
)

// latestEntry caches a metric file's latest value while its size and
// modification time stay the same, so a big history is read once per
// change rather than on every listing.
type latestEntry struct {
	size  int64
	mtime int64
	line  MetricLine
	ok    bool
}

func (s *Store) latestOf(path string) (MetricLine, bool, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return MetricLine{}, false, err
	}
	s.mu.Lock()
	e, hit := s.latest[path]
	s.mu.Unlock()
	if hit && e.size == fi.Size() && e.mtime == fi.ModTime().UnixNano() {
		return e.line, e.ok, nil
	}
	lines, err := readMetricFile(path)
	if err != nil {
		var le *LineError
		if !errors.As(err, &le) {
			return MetricLine{}, false, err
		}
		// Keep what parsed; the listing notes the bad line.
		s.noteProblem(path, err)
	}
	line, ok := latest(lines)
	s.mu.Lock()
	s.latest[path] = latestEntry{size: fi.Size(), mtime: fi.ModTime().UnixNano(), line: line, ok: ok}
	s.mu.Unlock()
	return line, ok, nil
}

// runDirs lists the run folders of one experiment folder.
func runDirs(d expDir) ([]string, error) {
	entries, err := os.ReadDir(d.path)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && !reservedInExperiment[e.Name()] {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// readRunInfo reads a run folder's meta.yaml and checks it belongs there.
func readRunInfo(d expDir, runID string) (client.RunInfo, error) {
	path := filepath.Join(d.path, runID, metaFile)
	m, err := readMeta(path)
	if err != nil {
		return client.RunInfo{}, err
	}
	info, err := runInfo(m, runID)
	if err != nil {
		return client.RunInfo{}, fmt.Errorf("%s: %w", path, err)
	}
	if info.ExperimentID != d.id {
		return client.RunInfo{}, fmt.Errorf("%s: run is recorded under experiment %s but sits in %s", path, info.ExperimentID, d.id)
	}
	return info, nil
}

// loadRun reads a run's latest metrics, params, tags, inputs and outputs.
func (s *Store) loadRun(d expDir, info client.RunInfo) (client.Run, error) {
	dir := filepath.Join(d.path, info.RunID)
	r := client.Run{Info: info}
	files, err := listKeys(filepath.Join(dir, "metrics"))
	if err != nil {
		return r, err
	}
	for _, f := range files {
		line, ok, err := s.latestOf(f.path)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			return r, err
		}
		if ok {
			m := line.metric(f.key)
			m.DatasetName, m.DatasetDigest = "", ""
			r.Data.Metrics = append(r.Data.Metrics, m)
		}
	}
	keys, vals, err := readValues(filepath.Join(dir, "params"))
	if err != nil {
		return r, err
	}
	for i := range keys {
		r.Data.Params = append(r.Data.Params, client.Param{Key: keys[i], Value: vals[i]})
	}
	keys, vals, err = readValues(filepath.Join(dir, "tags"))
	if err != nil {
		return r, err
	}
	for i := range keys {
		r.Data.Tags = append(r.Data.Tags, client.Tag{Key: keys[i], Value: vals[i]})
	}
	if r.Info.RunName == "" {
		r.Info.RunName, _ = r.Tag("mlflow.runName")
	}
	if err := s.loadInputs(d, dir, &r); err != nil {
		return r, err
	}
	return r, nil
}

// loadInputs reads inputs/<id>/meta.yaml (datasets and model inputs) and
// outputs/<model_id>/meta.yaml.
func (s *Store) loadInputs(d expDir, dir string, r *client.Run) error {
	entries, err := os.ReadDir(filepath.Join(dir, "inputs"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	for _, e := range entries {
		p := filepath.Join(dir, "inputs", e.Name(), metaFile)
		m, err := readMeta(p)
		if err != nil {
			s.noteProblem(p, err)
			continue
		}
		switch m.str("source_type") {
		case "DATASET":
			dp := filepath.Join(d.path, "datasets", m.str("source_id"), metaFile)
			dm, err := readMeta(dp)
			if err != nil {
				s.noteProblem(dp, err)
				continue
			}
			in := client.DatasetInput{Dataset: client.Dataset{
				Name: dm.str("name"), Digest: dm.str("digest"), SourceType: dm.str("source_type"),
				Source: dm.str("source"), Schema: dm.str("schema"), Profile: dm.str("profile"),
			}}
			if tags := asMap(m["tags"]); tags != nil {
				for k, v := range tags {
					in.Tags = append(in.Tags, client.Tag{Key: k, Value: meta{"v": v}.str("v")})
				}
				sort.Slice(in.Tags, func(i, j int) bool { return in.Tags[i].Key < in.Tags[j].Key })
			}
			r.Inputs.Datasets = append(r.Inputs.Datasets, in)
		case "MODEL":
			r.Inputs.ModelInputs = append(r.Inputs.ModelInputs, m.str("source_id"))
		}
	}
	sort.Slice(r.Inputs.Datasets, func(i, j int) bool {
		a, b := r.Inputs.Datasets[i].Dataset, r.Inputs.Datasets[j].Dataset
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Digest < b.Digest
	})
	sort.Strings(r.Inputs.ModelInputs)
	entries, err = os.ReadDir(filepath.Join(dir, "outputs"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	for _, e := range entries {
		p := filepath.Join(dir, "outputs", e.Name(), metaFile)
		m, err := readMeta(p)
		if err != nil {
			s.noteProblem(p, err)
			continue
		}
		if m.str("destination_type") != "MODEL_OUTPUT" {
			continue
		}
		// MLflow writes the model ID as destination_id (and the folder name).
		id := m.str("destination_id")
		if id == "" {
			id = e.Name()
		}
		r.Outputs.ModelOutputs = append(r.Outputs.ModelOutputs, client.ModelOutput{ModelID: id, Step: m.i64("step")})
	}
	sort.Slice(r.Outputs.ModelOutputs, func(i, j int) bool { return r.Outputs.ModelOutputs[i].ModelID < r.Outputs.ModelOutputs[j].ModelID })
	return nil
}

func inView(view client.ViewType, stage string) bool {
	switch view {
	case client.AllViews:
		return true
	case client.DeletedOnly:
		return stage == client.LifecycleDeleted
	}
	return stage == client.LifecycleActive
}

// listRuns reads every run of the experiments in the view, skipping and
// noting folders that are not readable runs.
func (s *Store) listRuns(ctx context.Context, expIDs []string, view client.ViewType) ([]client.Run, error) {
	var out []client.Run
	for _, id := range expIDs {
		if !expIDRe.MatchString(id) {
			return nil, badID("search runs", "experiment ID", id)
		}
		d, ok := s.findExperiment(id)
		if !ok {
			continue
		}
		names, err := runDirs(d)
		if err != nil {
			return nil, ioError("search runs", d.path, err)
		}
		for _, name := range names {
			if err := ctx.Err(); err != nil {
				return nil, &client.Error{Kind: client.KindUnavailable, Op: "search runs", Err: err, Message: "cancelled while reading runs"}
			}
			info, err := readRunInfo(d, name)
			if err != nil {
				s.noteProblem(filepath.Join(d.path, name), err)
				continue
			}
			if !inView(view, info.LifecycleStage) {
				continue
			}
			r, err := s.loadRun(d, info)
			if err != nil {
				s.noteProblem(filepath.Join(d.path, name), err)
				continue
			}
			out = append(out, r)
		}
	}
	return out, nil
}

// SearchRuns implements runs/search with MLflow's in-memory semantics.
func (s *Store) SearchRuns(ctx context.Context, q client.RunQuery) (client.Page[client.Run], error) {
	const op = "search runs"
	var none client.Page[client.Run]
	clauses, order, err := search.ParseRunQuery(q)
	if err != nil {
		return none, filterError(op, err)
	}
	if err := viewOK(q.ViewType); err != nil {
		return none, err
	}
	n, _, err := search.PageWindow(q.MaxResults, q.PageToken, defaultSearchMax, searchMaxLimit)
	if err != nil {
		return none, invalid(op, "%v", err)
	}
	runs, err := s.listRuns(ctx, q.ExperimentIDs, q.ViewType)
	if err != nil {
		return none, err
	}
	page, err := search.SelectRuns(runs, clauses, order, q.PageToken, n)
	if err != nil {
		return none, invalid(op, "%v", err)
	}
	return page, nil
}

// findRun locates a run folder in any experiment, active or deleted.
func (s *Store) findRun(op, runID string) (expDir, client.RunInfo, error) {
	if !runIDRe.MatchString(runID) {
		return expDir{}, client.RunInfo{}, badID(op, "run ID", runID)
	}
	dirs, err := s.experimentDirs(client.AllViews)
	if err != nil {
		return expDir{}, client.RunInfo{}, ioError(op, s.root, err)
	}
	for _, d := range dirs {
		p := filepath.Join(d.path, runID)
		if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
			continue
		}
		info, err := readRunInfo(d, runID)
		if err != nil {
			if errors.Is(err, errNoMeta) {
				continue // an artifacts folder, not a run
			}
			return expDir{}, client.RunInfo{}, corrupt(op, p, err)
		}
		return d, info, nil
	}
	return expDir{}, client.RunInfo{}, notFound(op, "Run '%s' not found", runID)
}

// GetRun returns one run, active or deleted.
func (s *Store) GetRun(ctx context.Context, runID string) (client.Run, error) {
	const op = "get run"
	d, info, err := s.findRun(op, runID)
	if err != nil {
		return client.Run{}, err
	}
	r, err := s.loadRun(d, info)
	if err != nil {
		return client.Run{}, ioError(op, filepath.Join(d.path, runID), err)
	}
	return r, nil
}

// ListArtifacts lists one level of a run's artifacts.
func (s *Store) ListArtifacts(ctx context.Context, runID, path string) ([]client.FileInfo, error) {
	_, info, err := s.findRun("list artifacts", runID)
	if err != nil {
		return nil, err
	}
	return ListArtifactDir(ctx, info.ArtifactURI, filepath.Dir(s.root), "run "+runID, path)
}

// OpenArtifact reads one of a run's artifact files.
func (s *Store) OpenArtifact(ctx context.Context, runID, path string, off, n int64) (*client.ArtifactFile, error) {
	_, info, err := s.findRun("read artifact", runID)
	if err != nil {
		return nil, err
	}
	return OpenArtifactFile(ctx, info.ArtifactURI, filepath.Dir(s.root), "run "+runID, path, off, n)
}
