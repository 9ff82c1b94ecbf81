package sshserve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"mltui/client"
)

// Audit appends a JSON line per registry write made in a served session.
type Audit struct {
	mu   sync.Mutex
	path string
	now  func() time.Time
}

// NewAudit appends to path (its folder made when missing).
func NewAudit(path string) (*Audit, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	return &Audit{path: path, now: time.Now}, nil
}

// Entry is one audit line. Before and After are what the write touched,
// read from the store just before and just after it (a null value: not
// set); StateError says why one of them could not be read.
type Entry struct {
	Time        string   `json:"time"`
	User        string   `json:"user"`
	Fingerprint string   `json:"fingerprint"`
	Op          string   `json:"op"`
	Args        []string `json:"args"`
	Before      State    `json:"before"`
	After       State    `json:"after"`
	Error       string   `json:"error,omitempty"`
	StateError  string   `json:"state_error,omitempty"`
}

// State is the part of the registry a write touches, by field ("alias
// champion", "tag reviewed_by", "description", "stage"); nil: not set.
type State map[string]*string

func (a *Audit) write(e Entry) {
	e.Time = a.now().UTC().Format(time.RFC3339Nano)
	b, _ := json.Marshal(e)
	a.mu.Lock()
	defer a.mu.Unlock()
	f, err := os.OpenFile(a.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	defer f.Close()
	_, _ = f.Write(append(b, '\n'))
}

// Audited wraps s so that every registry write is appended to a as made
// by user with key fp; reads and the store's read capabilities
// (ChangeStamper, LoggedModelArtifacts) pass through.
func Audited(s client.Store, a *Audit, user, fp string) client.Store {
	au := audited{Store: s, a: a, user: user, fp: fp}
	_, stamps := s.(client.ChangeStamper)
	_, lists := s.(client.LoggedModelArtifacts)
	switch {
	case stamps && lists:
		return auditedStampLister{auditedStamper{au}}
	case stamps:
		return auditedStamper{au}
	case lists:
		return auditedLister{au}
	}
	return au
}

type audited struct {
	client.Store
	a        *Audit
	user, fp string
}

type auditedStamper struct{ audited }

func (r auditedStamper) ChangeStamp(ctx context.Context) (string, error) {
	return r.Store.(client.ChangeStamper).ChangeStamp(ctx)
}

type auditedLister struct{ audited }

func (r auditedLister) ListLoggedModelArtifacts(ctx context.Context, modelID, path string) ([]client.FileInfo, error) {
	return r.Store.(client.LoggedModelArtifacts).ListLoggedModelArtifacts(ctx, modelID, path)
}

func (r auditedLister) OpenLoggedModelArtifact(ctx context.Context, modelID, path string, off, n int64) (*client.ArtifactFile, error) {
	return r.Store.(client.LoggedModelArtifacts).OpenLoggedModelArtifact(ctx, modelID, path, off, n)
}

type auditedStampLister struct{ auditedStamper }

func (r auditedStampLister) ListLoggedModelArtifacts(ctx context.Context, modelID, path string) ([]client.FileInfo, error) {
	return r.Store.(client.LoggedModelArtifacts).ListLoggedModelArtifacts(ctx, modelID, path)
}

func (r auditedStampLister) OpenLoggedModelArtifact(ctx context.Context, modelID, path string, off, n int64) (*client.ArtifactFile, error) {
	return r.Store.(client.LoggedModelArtifacts).OpenLoggedModelArtifact(ctx, modelID, path, off, n)
}

// OpenArtifact and GoesWide pass through as client.ReadOnly's do.
func (r audited) OpenArtifact(ctx context.Context, runID, path string, off, n int64) (*client.ArtifactFile, error) {
	if ar, ok := r.Store.(client.ArtifactReader); ok {
		return ar.OpenArtifact(ctx, runID, path, off, n)
	}
	return nil, &client.Error{Kind: client.KindUnsupported, Op: "read artifact", Message: "this store cannot read artifact files"}
}

func (r audited) GoesWide() bool {
	w, ok := r.Store.(client.Wider)
	return ok && w.GoesWide()
}

// record reads the state a write touches, makes the write, reads the
// state again and appends the line. The reads are the audit's own: they
// cost a round trip each and never change what the write does.
func (r audited) record(ctx context.Context, op string, args []string, state func(context.Context) (State, error), write func() error) error {
	e := Entry{User: r.user, Fingerprint: r.fp, Op: op, Args: args}
	var errs []string
	before, serr := state(ctx)
	if serr != nil {
		errs = append(errs, "before: "+serr.Error())
	}
	err := write()
	after, aerr := state(ctx)
	if aerr != nil {
		errs = append(errs, "after: "+aerr.Error())
	}
	e.Before, e.After = before, after
	if err != nil {
		e.Error = err.Error()
	}
	e.StateError = strings.Join(errs, "; ")
	r.a.write(e)
	return err
}

func some(v string, ok bool) *string {
	if !ok {
		return nil
	}
	return &v
}

// notFound reads a missing model or version as an empty state.
func notFound(err error) bool {
	var ce *client.Error
	return errors.As(err, &ce) && ce.Kind == client.KindNotFound
}

func (r audited) aliasState(name string, aliases ...string) func(context.Context) (State, error) {
	return func(ctx context.Context) (State, error) {
		m, err := r.Store.GetRegisteredModel(ctx, name)
		if err != nil {
			return nil, err
		}
		st := State{}
		for _, a := range aliases {
			st["alias "+a] = some(m.AliasVersion(a))
		}
		return st, nil
	}
}

func (r audited) versionState(name, version string, fields ...string) func(context.Context) (State, error) {
	get := func(ctx context.Context) (client.ModelVersion, error) {
		return r.Store.GetModelVersion(ctx, name, version)
	}
	return entityState(get, "version "+version, fields, func(v client.ModelVersion, f string) (string, *string) {
		switch {
		case f == "description":
			return f, &v.Description
		case f == "stage":
			return f, &v.CurrentStage
		case strings.HasPrefix(f, "tag "):
			return f, some(v.Tag(strings.TrimPrefix(f, "tag ")))
		}
		return "", nil
	})
}

func (r audited) modelState(name string, fields ...string) func(context.Context) (State, error) {
	get := func(ctx context.Context) (client.RegisteredModel, error) {
		return r.Store.GetRegisteredModel(ctx, name)
	}
	return entityState(get, "model "+name, fields, func(m client.RegisteredModel, f string) (string, *string) {
		switch {
		case f == "description":
			return f, &m.Description
		case f == "exists":
			return "model " + name, &m.Name
		case strings.HasPrefix(f, "tag "):
			return f, some(m.Tag(strings.TrimPrefix(f, "tag ")))
		}
		return "", nil
	})
}

// entityState reads one model or version and keeps the fields a write
// touches (field names each one's key, "" for none); a missing entity reads
// as {missing: null}.
func entityState[T any](get func(context.Context) (T, error), missing string, fields []string, field func(T, string) (string, *string)) func(context.Context) (State, error) {
	return func(ctx context.Context) (State, error) {
		v, err := get(ctx)
		if notFound(err) {
			return State{missing: nil}, nil
		}
		if err != nil {
			return nil, err
		}
		st := State{}
		for _, f := range fields {
			if k, val := field(v, f); k != "" {
				st[k] = val
			}
		}
		return st, nil
	}
}

// stageState is the version's stage and, when the others in the target
// stage are to be archived, theirs too: the versions found by the first
// read are the ones read after the write.
func (r audited) stageState(name, version, stage string, archive bool) func(context.Context) (State, error) {
	var others []string
	first := true
	return func(ctx context.Context) (State, error) {
		if first && archive {
			m, err := r.Store.GetRegisteredModel(ctx, name)
			if err != nil {
				return nil, err
			}
			for _, o := range m.LatestVersions {
				if o.Version != version && strings.EqualFold(o.CurrentStage, stage) {
					others = append(others, o.Version)
				}
			}
		}
		first = false
		st := State{}
		for _, n := range append([]string{version}, others...) {
			v, err := r.Store.GetModelVersion(ctx, name, n)
			if err != nil {
				return nil, err
			}
			st["stage of "+n] = &v.CurrentStage
		}
		return st, nil
	}
}

func (r audited) SetAlias(ctx context.Context, name, alias, version string) error {
	return r.record(ctx, "set alias", []string{name, alias, version}, r.aliasState(name, alias), func() error {
		return r.Store.SetAlias(ctx, name, alias, version)
	})
}

func (r audited) DeleteAlias(ctx context.Context, name, alias string) error {
	return r.record(ctx, "delete alias", []string{name, alias}, r.aliasState(name, alias), func() error {
		return r.Store.DeleteAlias(ctx, name, alias)
	})
}

func (r audited) SwapAlias(ctx context.Context, name, alias, a, b string) error {
	return r.record(ctx, "move alias", []string{name, alias, a, b}, r.aliasState(name, alias), func() error {
		// promote checked the holder already; a store that cannot swap
		// atomically gets what promote gives it without the wrapper.
		if sw, ok := r.Store.(client.AliasSwapper); ok {
			return sw.SwapAlias(ctx, name, alias, a, b)
		}
		return r.Store.SetAlias(ctx, name, alias, b)
	})
}

func (r audited) SetModelVersionTag(ctx context.Context, name, version, key, value string) error {
	return r.record(ctx, "set version tag", []string{name, version, key, value}, r.versionState(name, version, "tag "+key), func() error {
		return r.Store.SetModelVersionTag(ctx, name, version, key, value)
	})
}

func (r audited) DeleteModelVersionTag(ctx context.Context, name, version, key string) error {
	return r.record(ctx, "delete version tag", []string{name, version, key}, r.versionState(name, version, "tag "+key), func() error {
		return r.Store.DeleteModelVersionTag(ctx, name, version, key)
	})
}

func (r audited) SetRegisteredModelTag(ctx context.Context, name, key, value string) error {
	return r.record(ctx, "set model tag", []string{name, key, value}, r.modelState(name, "tag "+key), func() error {
		return r.Store.SetRegisteredModelTag(ctx, name, key, value)
	})
}

func (r audited) DeleteRegisteredModelTag(ctx context.Context, name, key string) error {
	return r.record(ctx, "delete model tag", []string{name, key}, r.modelState(name, "tag "+key), func() error {
		return r.Store.DeleteRegisteredModelTag(ctx, name, key)
	})
}

func (r audited) UpdateModelVersionDescription(ctx context.Context, name, version, desc string) (client.ModelVersion, error) {
	var v client.ModelVersion
	err := r.record(ctx, "update version description", []string{name, version, desc}, r.versionState(name, version, "description"), func() (err error) {
		v, err = r.Store.UpdateModelVersionDescription(ctx, name, version, desc)
		return err
	})
	return v, err
}

func (r audited) UpdateRegisteredModelDescription(ctx context.Context, name, desc string) (client.RegisteredModel, error) {
	var m client.RegisteredModel
	err := r.record(ctx, "update model description", []string{name, desc}, r.modelState(name, "description"), func() (err error) {
		m, err = r.Store.UpdateRegisteredModelDescription(ctx, name, desc)
		return err
	})
	return m, err
}

func (r audited) TransitionStage(ctx context.Context, name, version, stage string, archive bool) (client.ModelVersion, error) {
	var v client.ModelVersion
	args := []string{name, version, stage, fmt.Sprintf("archive_existing=%t", archive)}
	err := r.record(ctx, "transition stage", args, r.stageState(name, version, stage, archive), func() (err error) {
		v, err = r.Store.TransitionStage(ctx, name, version, stage, archive)
		return err
	})
	return v, err
}

func (r audited) CreateRegisteredModel(ctx context.Context, name string) (client.RegisteredModel, error) {
	var m client.RegisteredModel
	err := r.record(ctx, "create model", []string{name}, r.modelState(name, "exists"), func() (err error) {
		m, err = r.Store.CreateRegisteredModel(ctx, name)
		return err
	})
	return m, err
}

// CreateModelVersion's state is the model's latest version number: the
// new version is the next one.
func (r audited) CreateModelVersion(ctx context.Context, c client.CreateVersion) (client.ModelVersion, error) {
	var v client.ModelVersion
	err := r.record(ctx, "create model version", []string{c.Name, c.Source, c.RunID, c.ModelID}, r.latestVersion(c.Name), func() (err error) {
		v, err = r.Store.CreateModelVersion(ctx, c)
		return err
	})
	return v, err
}

func (r audited) latestVersion(name string) func(context.Context) (State, error) {
	return func(ctx context.Context) (State, error) {
		m, err := r.Store.GetRegisteredModel(ctx, name)
		if notFound(err) {
			return State{"latest version": nil}, nil
		}
		if err != nil {
			return nil, err
		}
		var latest int
		for _, v := range m.LatestVersions {
			if n, err := strconv.Atoi(v.Version); err == nil && n > latest {
				latest = n
			}
		}
		if latest == 0 {
			return State{"latest version": nil}, nil
		}
		s := strconv.Itoa(latest)
		return State{"latest version": &s}, nil
	}
}
