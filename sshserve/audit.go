package sshserve

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
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

// Entry is one audit line.
type Entry struct {
	Time        string   `json:"time"`
	User        string   `json:"user"`
	Fingerprint string   `json:"fingerprint"`
	Op          string   `json:"op"`
	Args        []string `json:"args"`
	Error       string   `json:"error,omitempty"`
}

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

func (r audited) log(op string, err error, args ...string) {
	e := Entry{User: r.user, Fingerprint: r.fp, Op: op, Args: args}
	if err != nil {
		e.Error = err.Error()
	}
	r.a.write(e)
}

func (r audited) SetAlias(ctx context.Context, name, alias, version string) error {
	err := r.Store.SetAlias(ctx, name, alias, version)
	r.log("set alias", err, name, alias, version)
	return err
}

func (r audited) DeleteAlias(ctx context.Context, name, alias string) error {
	err := r.Store.DeleteAlias(ctx, name, alias)
	r.log("delete alias", err, name, alias)
	return err
}

func (r audited) SwapAlias(ctx context.Context, name, alias, a, b string) error {
	// promote checked the holder already; a store that cannot swap
	// atomically gets what promote gives it without the wrapper.
	var err error
	if sw, ok := r.Store.(client.AliasSwapper); ok {
		err = sw.SwapAlias(ctx, name, alias, a, b)
	} else {
		err = r.Store.SetAlias(ctx, name, alias, b)
	}
	r.log("move alias", err, name, alias, a, b)
	return err
}

func (r audited) SetModelVersionTag(ctx context.Context, name, version, key, value string) error {
	err := r.Store.SetModelVersionTag(ctx, name, version, key, value)
	r.log("set version tag", err, name, version, key, value)
	return err
}

func (r audited) DeleteModelVersionTag(ctx context.Context, name, version, key string) error {
	err := r.Store.DeleteModelVersionTag(ctx, name, version, key)
	r.log("delete version tag", err, name, version, key)
	return err
}

func (r audited) SetRegisteredModelTag(ctx context.Context, name, key, value string) error {
	err := r.Store.SetRegisteredModelTag(ctx, name, key, value)
	r.log("set model tag", err, name, key, value)
	return err
}

func (r audited) DeleteRegisteredModelTag(ctx context.Context, name, key string) error {
	err := r.Store.DeleteRegisteredModelTag(ctx, name, key)
	r.log("delete model tag", err, name, key)
	return err
}

func (r audited) UpdateModelVersionDescription(ctx context.Context, name, version, desc string) (client.ModelVersion, error) {
	v, err := r.Store.UpdateModelVersionDescription(ctx, name, version, desc)
	r.log("update version description", err, name, version, desc)
	return v, err
}

func (r audited) UpdateRegisteredModelDescription(ctx context.Context, name, desc string) (client.RegisteredModel, error) {
	m, err := r.Store.UpdateRegisteredModelDescription(ctx, name, desc)
	r.log("update model description", err, name, desc)
	return m, err
}

func (r audited) TransitionStage(ctx context.Context, name, version, stage string, archive bool) (client.ModelVersion, error) {
	v, err := r.Store.TransitionStage(ctx, name, version, stage, archive)
	r.log("transition stage", err, name, version, stage)
	return v, err
}

func (r audited) CreateRegisteredModel(ctx context.Context, name string) (client.RegisteredModel, error) {
	m, err := r.Store.CreateRegisteredModel(ctx, name)
	r.log("create model", err, name)
	return m, err
}

func (r audited) CreateModelVersion(ctx context.Context, c client.CreateVersion) (client.ModelVersion, error) {
	v, err := r.Store.CreateModelVersion(ctx, c)
	r.log("create model version", err, c.Name, c.Source, c.RunID, c.ModelID)
	return v, err
}
