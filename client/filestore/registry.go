package filestore

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"mltui/client"
	"mltui/client/search"
)

const stageDeleted = "Deleted_Internal"

// Registry search defaults and limits (mlflow/store/model_registry/__init__.py).
const (
	defaultModelMax   = 100
	modelMaxLimit     = 1000
	defaultVersionMax = 10000
	versionMaxLimit   = 200_000
)

func (s *Store) modelsRoot() string { return filepath.Join(s.root, modelsDir) }

// checkModelName applies MLflow's name rules plus the file store's own
// (no '%'), so a name always maps to one folder inside models/.
func checkModelName(op, name string) error {
	if err := search.ValidateModelName(name); err != nil {
		return invalid(op, "%v", err)
	}
	if strings.Contains(name, "%") {
		return invalid(op, "Invalid name: '%s'. Registered model name cannot contain '%%' character", name)
	}
	return nil
}

// modelFiles is a registered model folder read from disk.
type modelFiles struct {
	model    client.RegisteredModel
	versions []client.ModelVersion // live (not deleted) versions, by number
	deleted  map[int64]bool
}

func (s *Store) readModel(name string) (*modelFiles, error) {
	dir := filepath.Join(s.modelsRoot(), name)
	m, err := readMeta(filepath.Join(dir, metaFile))
	if err != nil {
		return nil, err
	}
	mf := &modelFiles{deleted: map[int64]bool{}}
	mf.model = client.RegisteredModel{
		Name:                 name,
		CreationTimestamp:    m.i64("creation_timestamp"),
		LastUpdatedTimestamp: m.i64("last_updated_timestamp"),
		Description:          m.str("description"),
	}
	keys, vals, err := readValues(filepath.Join(dir, "tags"))
	if err != nil {
		return nil, err
	}
	for i := range keys {
		mf.model.Tags = append(mf.model.Tags, client.Tag{Key: keys[i], Value: vals[i]})
	}
	keys, vals, err = readValues(filepath.Join(dir, "aliases"))
	if err != nil {
		return nil, err
	}
	for i := range keys {
		mf.model.Aliases = append(mf.model.Aliases, client.AliasRef{Alias: keys[i], Version: strings.TrimSpace(vals[i])})
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), "version-") {
			continue
		}
		v, err := s.readVersion(filepath.Join(dir, e.Name()), name, mf.model.Aliases)
		if err != nil {
			s.noteProblem(filepath.Join(dir, e.Name()), err)
			continue
		}
		n, _ := strconv.ParseInt(v.Version, 10, 64)
		if v.CurrentStage == stageDeleted {
			mf.deleted[n] = true
			continue
		}
		mf.versions = append(mf.versions, v)
	}
	sort.Slice(mf.versions, func(i, j int) bool { return versionNum(mf.versions[i]) < versionNum(mf.versions[j]) })
	mf.model.LatestVersions = latestPerStage(mf.versions)
	return mf, nil
}

func versionNum(v client.ModelVersion) int64 {
	n, _ := strconv.ParseInt(v.Version, 10, 64)
	return n
}

// latestPerStage is the newest live version in each stage, by number.
func latestPerStage(vs []client.ModelVersion) []client.ModelVersion {
	best := map[string]client.ModelVersion{}
	for _, v := range vs {
		if b, ok := best[v.CurrentStage]; !ok || versionNum(v) > versionNum(b) {
			best[v.CurrentStage] = v
		}
	}
	out := make([]client.ModelVersion, 0, len(best))
	for _, v := range best {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return versionNum(out[i]) < versionNum(out[j]) })
	return out
}

func (s *Store) readVersion(dir, name string, aliases []client.AliasRef) (client.ModelVersion, error) {
	m, err := readMeta(filepath.Join(dir, metaFile))
	if err != nil {
		return client.ModelVersion{}, err
	}
	num, ok := m.int("version")
	if !ok {
		num, _ = strconv.ParseInt(strings.TrimPrefix(filepath.Base(dir), "version-"), 10, 64)
	}
	v := client.ModelVersion{
		Name:                 name,
		Version:              strconv.FormatInt(num, 10),
		CreationTimestamp:    m.i64("creation_timestamp"),
		LastUpdatedTimestamp: m.i64("last_updated_timestamp"),
		UserID:               m.str("user_id"),
		CurrentStage:         m.str("current_stage"),
		Description:          m.str("description"),
		Source:               m.str("source"),
		RunID:                m.str("run_id"),
		RunLink:              m.str("run_link"),
		Status:               m.str("status"),
		StatusMessage:        m.str("status_message"),
		ModelID:              m.str("model_id"),
	}
	keys, vals, err := readValues(filepath.Join(dir, "tags"))
	if err != nil {
		return client.ModelVersion{}, err
	}
	for i := range keys {
		v.Tags = append(v.Tags, client.Tag{Key: keys[i], Value: vals[i]})
	}
	for _, a := range aliases {
		if a.Version == v.Version {
			v.Aliases = append(v.Aliases, a.Alias)
		}
	}
	return v, nil
}

// allModels reads every registered model folder, noting unreadable ones.
func (s *Store) allModels() ([]*modelFiles, error) {
	entries, err := os.ReadDir(s.modelsRoot())
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, ioError("list registered models", s.modelsRoot(), err)
	}
	var out []*modelFiles
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		mf, err := s.readModel(e.Name())
		if err != nil {
			s.noteProblem(filepath.Join(s.modelsRoot(), e.Name()), err)
			continue
		}
		out = append(out, mf)
	}
	return out, nil
}

// hidePrompts is MLflow's add_prompt_filter_string: unless the filter
// mentions the prompt tag, prompts are left out.
func hidePrompts(clauses []search.Clause) []search.Clause {
	for _, c := range clauses {
		if c.Key == search.PromptTag {
			return clauses
		}
	}
	return append(clauses, search.Clause{Kind: search.Tag, Key: search.PromptTag, Op: search.OpNe, Str: "true"})
}

// SearchRegisteredModels implements registered-models/search.
func (s *Store) SearchRegisteredModels(ctx context.Context, q client.ModelQuery) (client.Page[client.RegisteredModel], error) {
	const op = "search registered models"
	var none client.Page[client.RegisteredModel]
	clauses, order, err := search.ParseModelQuery(q)
	if err != nil {
		return none, filterError(op, err)
	}
	n, err := search.PageSize(q.MaxResults, defaultModelMax, modelMaxLimit)
	if err != nil {
		return none, invalid(op, "%v", err)
	}
	all, err := s.allModels()
	if err != nil {
		return none, err
	}
	models := make([]client.RegisteredModel, len(all))
	for i, mf := range all {
		models[i] = mf.model
	}
	page, err := search.SelectModels(models, hidePrompts(clauses), order, q.PageToken, n)
	if err != nil {
		return none, invalid(op, "%v", err)
	}
	return page, nil
}

func (s *Store) getModel(op, name string) (*modelFiles, error) {
	if err := checkModelName(op, name); err != nil {
		return nil, err
	}
	mf, err := s.readModel(name)
	if err != nil {
		if errors.Is(err, errNoMeta) {
			return nil, notFound(op, "Registered Model with name=%s not found", name)
		}
		return nil, corrupt(op, filepath.Join(s.modelsRoot(), name), err)
	}
	return mf, nil
}

// GetRegisteredModel returns a registered model with its latest versions.
func (s *Store) GetRegisteredModel(ctx context.Context, name string) (client.RegisteredModel, error) {
	mf, err := s.getModel("get registered model", name)
	if err != nil {
		return client.RegisteredModel{}, err
	}
	return mf.model, nil
}

// SearchModelVersions implements model-versions/search.
func (s *Store) SearchModelVersions(ctx context.Context, q client.VersionQuery) (client.Page[client.ModelVersion], error) {
	const op = "search model versions"
	var none client.Page[client.ModelVersion]
	clauses, order, err := search.ParseVersionQuery(q)
	if err != nil {
		return none, filterError(op, err)
	}
	n, err := search.PageSize(q.MaxResults, defaultVersionMax, versionMaxLimit)
	if err != nil {
		return none, invalid(op, "%v", err)
	}
	all, err := s.allModels()
	if err != nil {
		return none, err
	}
	var vs []client.ModelVersion
	for _, mf := range all {
		vs = append(vs, mf.versions...)
	}
	page, err := search.SelectVersions(vs, hidePrompts(clauses), order, q.PageToken, n)
	if err != nil {
		return none, invalid(op, "%v", err)
	}
	return page, nil
}

func (mf *modelFiles) version(op string, num int64) (client.ModelVersion, error) {
	for _, v := range mf.versions {
		if versionNum(v) == num {
			return v, nil
		}
	}
	return client.ModelVersion{}, notFound(op, "Model Version (name=%s, version=%d) not found", mf.model.Name, num)
}

// GetModelVersion returns one live version.
func (s *Store) GetModelVersion(ctx context.Context, name, version string) (client.ModelVersion, error) {
	const op = "get model version"
	num, err := search.ParseVersion(version)
	if err != nil {
		return client.ModelVersion{}, invalid(op, "%v", err)
	}
	mf, err := s.getModel(op, name)
	if err != nil {
		return client.ModelVersion{}, err
	}
	return mf.version(op, num)
}

// GetModelVersionByAlias resolves an alias ("latest": the highest live version).
func (s *Store) GetModelVersionByAlias(ctx context.Context, name, alias string) (client.ModelVersion, error) {
	const op = "get model version by alias"
	if err := search.ValidateAliasName(alias); err != nil {
		return client.ModelVersion{}, invalid(op, "%v", err)
	}
	mf, err := s.getModel(op, name)
	if err != nil {
		return client.ModelVersion{}, err
	}
	if strings.EqualFold(alias, "latest") {
		if len(mf.model.LatestVersions) == 0 {
			return client.ModelVersion{}, notFound(op, "Latest version not found for model %s.", name)
		}
		return mf.model.LatestVersions[len(mf.model.LatestVersions)-1], nil
	}
	v, ok := mf.model.AliasVersion(alias)
	if !ok {
		return client.ModelVersion{}, notFound(op, "Registered model alias %s not found.", alias)
	}
	num, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return client.ModelVersion{}, corrupt(op, filepath.Join(s.modelsRoot(), name, "aliases", alias), errors.New("alias file does not hold a version number"))
	}
	return mf.version(op, num)
}
