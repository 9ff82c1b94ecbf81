// Package promotetest is an in-memory registry implementing client.Store,
// for unit tests of promote, the registry views and the CLI. It models the
// MLflow behaviour those tests rely on (aliases move, archive_existing,
// version tags); integration tests use a real MLflow server instead.
package promotetest

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"mltui/client"
)

// Store is the fake. Zero value is not usable: call New.
type Store struct {
	mu       sync.Mutex
	models   map[string]*client.RegisteredModel
	versions map[string]map[string]*client.ModelVersion
	runs     map[string]client.Run
	logged   map[string]client.LoggedModel
	files    map[string][]client.FileInfo // by version key "name/version"
	contents map[string][]byte            // by "runID/path", for the files that have any

	// Fail, when set, is consulted before every call with its operation
	// name ("SetAlias", "GetRegisteredModel", …); a non-nil result is
	// returned as the call's error.
	Fail func(op string) error
	// BeforeWrite runs before every write, outside the lock: tests use it
	// to let "someone else" write in between.
	BeforeWrite func(op string)
	// Calls records every operation in order.
	Calls []string
}

// New returns an empty store.
func New() *Store {
	return &Store{
		models:   map[string]*client.RegisteredModel{},
		versions: map[string]map[string]*client.ModelVersion{},
		runs:     map[string]client.Run{},
		logged:   map[string]client.LoggedModel{},
		files:    map[string][]client.FileInfo{},
		contents: map[string][]byte{},
	}
}

// AddModel adds a registered model.
func (s *Store) AddModel(m client.RegisteredModel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := m
	s.models[m.Name] = &c
	if s.versions[m.Name] == nil {
		s.versions[m.Name] = map[string]*client.ModelVersion{}
	}
}

// AddVersion adds a version to an existing model.
func (s *Store) AddVersion(v client.ModelVersion) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v.CurrentStage == "" {
		v.CurrentStage = client.StageNone
	}
	if v.Status == "" {
		v.Status = "READY"
	}
	c := v
	s.versions[v.Name][v.Version] = &c
}

// AddRun adds a run.
func (s *Store) AddRun(r client.Run) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runs[r.Info.RunID] = r
}

// AddLoggedModel adds a logged model.
func (s *Store) AddLoggedModel(m client.LoggedModel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.logged[m.ModelID] = m
}

// SetArtifacts sets the artifact listing of a version's source run.
func (s *Store) SetArtifacts(runID string, files []client.FileInfo) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[runID] = files
}

// SetArtifactContent gives one of a run's listed files its bytes, which
// OpenArtifact then serves.
func (s *Store) SetArtifactContent(runID, path string, b []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.contents[runID+"/"+path] = b
}

func (s *Store) call(op string) error {
	s.mu.Lock()
	s.Calls = append(s.Calls, op)
	fail := s.Fail
	s.mu.Unlock()
	if fail != nil {
		return fail(op)
	}
	return nil
}

func (s *Store) write(op string) error {
	if s.BeforeWrite != nil {
		s.BeforeWrite(op)
	}
	return s.call(op)
}

// CallCount counts calls of one operation.
func (s *Store) CallCount(op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.Calls {
		if c == op {
			n++
		}
	}
	return n
}

func notFound(op, msg string) error {
	return &client.Error{Kind: client.KindNotFound, Op: op, Status: 404, Code: "RESOURCE_DOES_NOT_EXIST", Message: msg}
}

func invalid(op, msg string) error {
	return &client.Error{Kind: client.KindInvalidParameter, Op: op, Status: 400, Code: "INVALID_PARAMETER_VALUE", Message: msg}
}

// model returns a copy with aliases sorted and latest versions filled. Lock held.
func (s *Store) model(name string) (client.RegisteredModel, bool) {
	m, ok := s.models[name]
	if !ok {
		return client.RegisteredModel{}, false
	}
	c := *m
	c.Tags = append([]client.Tag(nil), m.Tags...)
	c.Aliases = append([]client.AliasRef(nil), m.Aliases...)
	sort.Slice(c.Aliases, func(i, j int) bool { return c.Aliases[i].Alias < c.Aliases[j].Alias })
	latest := map[string]client.ModelVersion{}
	for _, v := range s.versions[name] {
		if cur, ok := latest[v.CurrentStage]; !ok || num(v.Version) > num(cur.Version) {
			latest[v.CurrentStage] = s.version(v)
		}
	}
	c.LatestVersions = nil
	for _, v := range latest {
		c.LatestVersions = append(c.LatestVersions, v)
	}
	sort.Slice(c.LatestVersions, func(i, j int) bool { return num(c.LatestVersions[i].Version) < num(c.LatestVersions[j].Version) })
	return c, true
}

// version returns a copy with aliases filled. Lock held.
func (s *Store) version(v *client.ModelVersion) client.ModelVersion {
	c := *v
	c.Tags = append([]client.Tag(nil), v.Tags...)
	c.Aliases = nil
	for _, a := range s.models[v.Name].Aliases {
		if a.Version == v.Version {
			c.Aliases = append(c.Aliases, a.Alias)
		}
	}
	sort.Strings(c.Aliases)
	return c
}

func num(v string) int { n, _ := strconv.Atoi(v); return n }

// SearchRegisteredModels supports "" and name filters of the form
// name LIKE '%x%' (case-sensitive) or name = 'x'.
func (s *Store) SearchRegisteredModels(ctx context.Context, q client.ModelQuery) (client.Page[client.RegisteredModel], error) {
	if err := s.call("SearchRegisteredModels"); err != nil {
		return client.Page[client.RegisteredModel]{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []client.RegisteredModel
	for name := range s.models {
		if ok, err := matchName(q.Filter, name); err != nil {
			return client.Page[client.RegisteredModel]{}, err
		} else if ok {
			m, _ := s.model(name)
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return client.Page[client.RegisteredModel]{Items: out}, nil
}

func matchName(filter, name string) (bool, error) {
	f := strings.TrimSpace(filter)
	if f == "" {
		return true, nil
	}
	if v, ok := quoted(f, "name = "); ok {
		return name == v, nil
	}
	if v, ok := quoted(f, "name LIKE "); ok {
		return strings.Contains(name, strings.Trim(v, "%")), nil
	}
	return false, invalid("search", fmt.Sprintf("fake store cannot parse filter %q", filter))
}

func quoted(f, prefix string) (string, bool) {
	rest, ok := strings.CutPrefix(f, prefix)
	if !ok || len(rest) < 2 || rest[0] != '\'' || rest[len(rest)-1] != '\'' {
		return "", false
	}
	return strings.ReplaceAll(rest[1:len(rest)-1], "''", "'"), true
}

func (s *Store) GetRegisteredModel(ctx context.Context, name string) (client.RegisteredModel, error) {
	if err := s.call("GetRegisteredModel"); err != nil {
		return client.RegisteredModel{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.model(name)
	if !ok {
		return m, notFound("registered-models/get", fmt.Sprintf("Registered Model with name=%s not found", name))
	}
	return m, nil
}

// SearchModelVersions supports "", name = '…' and run_id = '…' filters;
// versions come newest first as MLflow orders them.
func (s *Store) SearchModelVersions(ctx context.Context, q client.VersionQuery) (client.Page[client.ModelVersion], error) {
	if err := s.call("SearchModelVersions"); err != nil {
		return client.Page[client.ModelVersion]{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []client.ModelVersion
	if run, ok := quoted(strings.TrimSpace(q.Filter), "run_id = "); ok {
		for _, vs := range s.versions {
			for _, v := range vs {
				if v.RunID == run {
					out = append(out, s.version(v))
				}
			}
		}
		sort.Slice(out, func(i, j int) bool {
			return out[i].Name < out[j].Name || out[i].Name == out[j].Name && num(out[i].Version) > num(out[j].Version)
		})
		return client.Page[client.ModelVersion]{Items: out}, nil
	}
	for name, vs := range s.versions {
		ok, err := matchName(q.Filter, name)
		if err != nil {
			return client.Page[client.ModelVersion]{}, err
		}
		if !ok {
			continue
		}
		for _, v := range vs {
			out = append(out, s.version(v))
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return num(out[i].Version) > num(out[j].Version)
	})
	return client.Page[client.ModelVersion]{Items: out}, nil
}

func (s *Store) GetModelVersion(ctx context.Context, name, version string) (client.ModelVersion, error) {
	if err := s.call("GetModelVersion"); err != nil {
		return client.ModelVersion{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.versions[name][version]
	if !ok {
		return client.ModelVersion{}, notFound("model-versions/get", fmt.Sprintf("Model Version (name=%s, version=%s) not found", name, version))
	}
	return s.version(v), nil
}

func (s *Store) GetModelVersionByAlias(ctx context.Context, name, alias string) (client.ModelVersion, error) {
	if err := s.call("GetModelVersionByAlias"); err != nil {
		return client.ModelVersion{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.models[name]
	if !ok {
		return client.ModelVersion{}, notFound("registered-models/alias", "no model "+name)
	}
	for _, a := range m.Aliases {
		if a.Alias == alias {
			return s.version(s.versions[name][a.Version]), nil
		}
	}
	return client.ModelVersion{}, notFound("registered-models/alias", fmt.Sprintf("Registered model alias %s not found.", alias))
}

func (s *Store) SearchLoggedModels(ctx context.Context, q client.LoggedModelQuery) (client.Page[client.LoggedModel], error) {
	if err := s.call("SearchLoggedModels"); err != nil {
		return client.Page[client.LoggedModel]{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []client.LoggedModel
	for _, m := range s.logged {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ModelID < out[j].ModelID })
	return client.Page[client.LoggedModel]{Items: out}, nil
}

func (s *Store) GetLoggedModel(ctx context.Context, id string) (client.LoggedModel, error) {
	if err := s.call("GetLoggedModel"); err != nil {
		return client.LoggedModel{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.logged[id]
	if !ok {
		return m, notFound("logged-models/get", "no logged model "+id)
	}
	return m, nil
}
