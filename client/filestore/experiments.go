package filestore

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"mltui/client"
	"mltui/client/search"
)

const (
	trashDir  = ".trash"
	modelsDir = "models"
	metaFile  = "meta.yaml"
)

// Folders inside an experiment that are not runs.
var reservedInExperiment = map[string]bool{"tags": true, "datasets": true, "traces": true, "models": true}

type expDir struct {
	id      string
	path    string
	deleted bool // under .trash
}

// experimentDirs lists experiment folders for a view: active ones in the
// root (skipping .trash and the registry's models folder), deleted ones in
// .trash.
func (s *Store) experimentDirs(view client.ViewType) ([]expDir, error) {
	var out []expDir
	add := func(parent string, deleted bool) error {
		entries, err := os.ReadDir(parent)
		if err != nil {
			if deleted && errors.Is(err, os.ErrNotExist) {
				return nil
			}
			return err
		}
		for _, e := range entries {
			name := e.Name()
			if !e.IsDir() || strings.HasSuffix(name, trashDir) || (!deleted && name == modelsDir) {
				continue
			}
			out = append(out, expDir{id: name, path: filepath.Join(parent, name), deleted: deleted})
		}
		return nil
	}
	if view == "" || view == client.ActiveOnly || view == client.AllViews {
		if err := add(s.root, false); err != nil {
			return nil, err
		}
	}
	if view == client.DeletedOnly || view == client.AllViews {
		if err := add(filepath.Join(s.root, trashDir), true); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// findExperiment locates an experiment folder by ID, active first.
func (s *Store) findExperiment(id string) (expDir, bool) {
	for _, d := range []expDir{{id, filepath.Join(s.root, id), false}, {id, filepath.Join(s.root, trashDir, id), true}} {
		if fi, err := os.Stat(d.path); err == nil && fi.IsDir() && d.id != modelsDir {
			return d, true
		}
	}
	return expDir{}, false
}

// readExperiment reads one experiment folder with its tags.
func (s *Store) readExperiment(d expDir) (client.Experiment, error) {
	m, err := readMeta(filepath.Join(d.path, metaFile))
	if err != nil {
		return client.Experiment{}, err
	}
	e := experimentInfo(m)
	if e.ID != d.id {
		return client.Experiment{}, errors.New("meta.yaml names experiment " + e.ID + ", not the folder's " + d.id)
	}
	keys, vals, err := readValues(filepath.Join(d.path, "tags"))
	if err != nil {
		return client.Experiment{}, err
	}
	for i := range keys {
		e.Tags = append(e.Tags, client.Tag{Key: keys[i], Value: vals[i]})
	}
	return e, nil
}

func viewOK(view client.ViewType) error {
	switch view {
	case "", client.ActiveOnly, client.DeletedOnly, client.AllViews:
		return nil
	}
	return invalid("view type", "unknown view type %q: use ACTIVE_ONLY, DELETED_ONLY or ALL", view)
}

// Search defaults and limits, as MLflow's stores have them.
const (
	defaultSearchMax = 1000
	searchMaxLimit   = 50000
)

func filterError(op string, err error) error {
	return &client.Error{Kind: client.KindInvalidParameter, Op: op, Code: "INVALID_PARAMETER_VALUE", Message: "invalid filter: " + err.Error(), Err: err}
}

// allExperiments reads every experiment of a view, skipping (and noting)
// folders that are not readable experiments, as MLflow does.
func (s *Store) allExperiments(view client.ViewType) ([]client.Experiment, error) {
	dirs, err := s.experimentDirs(view)
	if err != nil {
		return nil, ioError("list experiments", s.root, err)
	}
	var out []client.Experiment
	for _, d := range dirs {
		e, err := s.readExperiment(d)
		if err != nil {
			s.noteProblem(d.path, err)
			continue
		}
		out = append(out, e)
	}
	return out, nil
}

// SearchExperiments implements experiments/search.
func (s *Store) SearchExperiments(ctx context.Context, q client.ExperimentQuery) (client.Page[client.Experiment], error) {
	const op = "search experiments"
	var none client.Page[client.Experiment]
	clauses, order, err := search.ParseExperimentQuery(q)
	if err != nil {
		return none, filterError(op, err)
	}
	if err := viewOK(q.ViewType); err != nil {
		return none, err
	}
	n, err := search.PageSize(q.MaxResults, defaultSearchMax, searchMaxLimit)
	if err != nil {
		return none, invalid(op, "%v", err)
	}
	all, err := s.allExperiments(q.ViewType)
	if err != nil {
		return none, err
	}
	page, err := search.SelectExperiments(all, clauses, order, q.PageToken, n)
	if err != nil {
		return none, invalid(op, "%v", err)
	}
	return page, nil
}

// GetExperiment returns an experiment by ID, active or deleted.
func (s *Store) GetExperiment(ctx context.Context, id string) (client.Experiment, error) {
	const op = "get experiment"
	if !expIDRe.MatchString(id) {
		return client.Experiment{}, badID(op, "experiment ID", id)
	}
	d, ok := s.findExperiment(id)
	if !ok {
		return client.Experiment{}, notFound(op, "Could not find experiment with ID %s", id)
	}
	e, err := s.readExperiment(d)
	if err != nil {
		return client.Experiment{}, corrupt(op, filepath.Join(d.path, metaFile), err)
	}
	return e, nil
}

// GetExperimentByName returns the experiment with this name, preferring
// an active one.
func (s *Store) GetExperimentByName(ctx context.Context, name string) (client.Experiment, error) {
	all, err := s.allExperiments(client.AllViews)
	if err != nil {
		return client.Experiment{}, err
	}
	var found *client.Experiment
	for i := range all {
		if all[i].Name == name && (found == nil || found.LifecycleStage != client.LifecycleActive) {
			found = &all[i]
		}
	}
	if found == nil {
		return client.Experiment{}, notFound("get experiment by name", "Experiment '%s' does not exist.", name)
	}
	return *found, nil
}
