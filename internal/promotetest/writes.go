package promotetest

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"mltui/client"
)

func (s *Store) SetAlias(ctx context.Context, name, alias, version string) error {
	if err := s.write("SetAlias"); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.setAlias(name, alias, version)
}

// setAlias moves or creates an alias. Lock held.
func (s *Store) setAlias(name, alias, version string) error {
	m, ok := s.models[name]
	if !ok {
		return notFound("registered-models/alias", "no model "+name)
	}
	if _, ok := s.versions[name][version]; !ok {
		return notFound("registered-models/alias", fmt.Sprintf("Model Version (name=%s, version=%s) not found", name, version))
	}
	for i, a := range m.Aliases {
		if a.Alias == alias {
			m.Aliases[i].Version = version
			return nil
		}
	}
	m.Aliases = append(m.Aliases, client.AliasRef{Alias: alias, Version: version})
	return nil
}

func (s *Store) DeleteAlias(ctx context.Context, name, alias string) error {
	if err := s.write("DeleteAlias"); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.models[name]
	if !ok {
		return notFound("registered-models/alias", "no model "+name)
	}
	for i, a := range m.Aliases {
		if a.Alias == alias {
			m.Aliases = append(m.Aliases[:i], m.Aliases[i+1:]...)
			return nil
		}
	}
	return nil
}

func setTag(tags []client.Tag, key, value string) []client.Tag {
	for i, t := range tags {
		if t.Key == key {
			tags[i].Value = value
			return tags
		}
	}
	return append(tags, client.Tag{Key: key, Value: value})
}

func deleteTag(tags []client.Tag, key string) []client.Tag {
	for i, t := range tags {
		if t.Key == key {
			return append(tags[:i], tags[i+1:]...)
		}
	}
	return tags
}

func (s *Store) mv(op, name, version string) (*client.ModelVersion, error) {
	v, ok := s.versions[name][version]
	if !ok {
		return nil, notFound(op, fmt.Sprintf("Model Version (name=%s, version=%s) not found", name, version))
	}
	return v, nil
}

func (s *Store) SetModelVersionTag(ctx context.Context, name, version, key, value string) error {
	if err := s.write("SetModelVersionTag"); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v, err := s.mv("model-versions/set-tag", name, version)
	if err != nil {
		return err
	}
	v.Tags = setTag(v.Tags, key, value)
	return nil
}

func (s *Store) DeleteModelVersionTag(ctx context.Context, name, version, key string) error {
	if err := s.write("DeleteModelVersionTag"); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v, err := s.mv("model-versions/delete-tag", name, version)
	if err != nil {
		return err
	}
	v.Tags = deleteTag(v.Tags, key)
	return nil
}

func (s *Store) SetRegisteredModelTag(ctx context.Context, name, key, value string) error {
	if err := s.write("SetRegisteredModelTag"); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.models[name]
	if !ok {
		return notFound("registered-models/set-tag", "no model "+name)
	}
	m.Tags = setTag(m.Tags, key, value)
	return nil
}

func (s *Store) DeleteRegisteredModelTag(ctx context.Context, name, key string) error {
	if err := s.write("DeleteRegisteredModelTag"); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.models[name]
	if !ok {
		return notFound("registered-models/delete-tag", "no model "+name)
	}
	m.Tags = deleteTag(m.Tags, key)
	return nil
}

func (s *Store) UpdateModelVersionDescription(ctx context.Context, name, version, description string) (client.ModelVersion, error) {
	if err := s.write("UpdateModelVersionDescription"); err != nil {
		return client.ModelVersion{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v, err := s.mv("model-versions/update", name, version)
	if err != nil {
		return client.ModelVersion{}, err
	}
	v.Description = description
	return s.version(v), nil
}

func (s *Store) UpdateRegisteredModelDescription(ctx context.Context, name, description string) (client.RegisteredModel, error) {
	if err := s.write("UpdateRegisteredModelDescription"); err != nil {
		return client.RegisteredModel{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.models[name]
	if !ok {
		return client.RegisteredModel{}, notFound("registered-models/update", "no model "+name)
	}
	m.Description = description
	c, _ := s.model(name)
	return c, nil
}

// TransitionStage follows MLflow: stages match case-insensitively and
// archive_existing is only allowed for Staging and Production.
func (s *Store) TransitionStage(ctx context.Context, name, version, stage string, archive bool) (client.ModelVersion, error) {
	if err := s.write("TransitionStage"); err != nil {
		return client.ModelVersion{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	canon := ""
	for _, st := range []string{client.StageNone, client.StageStaging, client.StageProduction, client.StageArchived} {
		if strings.EqualFold(st, stage) {
			canon = st
		}
	}
	if canon == "" {
		return client.ModelVersion{}, invalid("model-versions/transition-stage", "Invalid Model Version stage: "+stage)
	}
	if archive && canon != client.StageStaging && canon != client.StageProduction {
		return client.ModelVersion{}, invalid("model-versions/transition-stage", "cannot archive existing versions for stage "+canon)
	}
	v, err := s.mv("model-versions/transition-stage", name, version)
	if err != nil {
		return client.ModelVersion{}, err
	}
	if archive {
		for _, o := range s.versions[name] {
			if o.Version != version && o.CurrentStage == canon {
				o.CurrentStage = client.StageArchived
			}
		}
	}
	v.CurrentStage = canon
	return s.version(v), nil
}

// Swapper wraps a Store with an atomic SwapAlias, as the local SQLite store
// provides.
type Swapper struct{ *Store }

// SwapAlias checks and moves the alias under one lock.
func (w Swapper) SwapAlias(ctx context.Context, name, alias, expect, version string) error {
	if err := w.write("SwapAlias"); err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	m, ok := w.models[name]
	if !ok {
		return notFound("swap alias", "no model "+name)
	}
	cur := ""
	for _, a := range m.Aliases {
		if a.Alias == alias {
			cur = a.Version
		}
	}
	if cur != expect {
		return &client.Error{Kind: client.KindConflict, Op: "swap alias", Message: fmt.Sprintf("%s points to %q, expected %q", alias, cur, expect)}
	}
	return w.setAlias(name, alias, version)
}

// ExternalSetAlias moves an alias as another client would: no hooks, no
// failure injection, not recorded in Calls.
func (s *Store) ExternalSetAlias(name, alias, version string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.setAlias(name, alias, version)
}

// CreateRegisteredModel adds an empty model; a taken name is
// RESOURCE_ALREADY_EXISTS, as in MLflow.
func (s *Store) CreateRegisteredModel(ctx context.Context, name string) (client.RegisteredModel, error) {
	if err := s.write("CreateRegisteredModel"); err != nil {
		return client.RegisteredModel{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.models[name]; ok {
		return client.RegisteredModel{}, &client.Error{Kind: client.KindAlreadyExists, Op: "registered-models/create", Status: 400,
			Code: "RESOURCE_ALREADY_EXISTS", Message: fmt.Sprintf("Registered Model (name=%s) already exists.", name)}
	}
	s.models[name] = &client.RegisteredModel{Name: name}
	s.versions[name] = map[string]*client.ModelVersion{}
	c, _ := s.model(name)
	return c, nil
}

// CreateModelVersion adds version max+1 the way MLflow's stores do for a
// models:/<id> source: run_id from the logged model, the logged model's
// mlflow.modelVersions tag extended. ModelID is kept (as the file store
// keeps it).
func (s *Store) CreateModelVersion(ctx context.Context, req client.CreateVersion) (client.ModelVersion, error) {
	const op = "model-versions/create"
	if err := s.write("CreateModelVersion"); err != nil {
		return client.ModelVersion{}, err
	}
	lookup, err := client.CheckCreateVersion(op, req)
	if err != nil {
		return client.ModelVersion{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.models[req.Name]; !ok {
		return client.ModelVersion{}, notFound(op, fmt.Sprintf("Registered Model with name=%s not found", req.Name))
	}
	runID := req.RunID
	var lm client.LoggedModel
	if lookup != "" {
		var ok bool
		if lm, ok = s.logged[lookup]; !ok {
			return client.ModelVersion{}, notFound(op, "Logged model with ID '"+lookup+"' not found.")
		}
		if runID == "" {
			runID = lm.SourceRunID
		}
	}
	var max int64
	for v := range s.versions[req.Name] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > max {
			max = n
		}
	}
	num := max + 1
	if req.ModelID != "" {
		var old string
		for _, t := range lm.Tags {
			if t.Key == client.ModelVersionsTag {
				old = t.Value
			}
		}
		link, err := client.LinkModelVersion(old, req.Name, num)
		if err != nil {
			return client.ModelVersion{}, invalid(op, err.Error())
		}
		lm.Tags = setTag(append([]client.Tag(nil), lm.Tags...), client.ModelVersionsTag, link)
		s.logged[lm.ModelID] = lm
	}
	v := &client.ModelVersion{Name: req.Name, Version: strconv.FormatInt(num, 10), Source: req.Source, RunID: runID,
		ModelID: req.ModelID, Description: req.Description, CurrentStage: client.StageNone, Status: "READY",
		Tags: append([]client.Tag(nil), req.Tags...)}
	s.versions[req.Name][v.Version] = v
	return s.version(v), nil
}
