package client

import "context"

// ReadOnly wraps a store so that every write is refused in one place,
// before anything reaches the backend (--read-only and read-only profiles).
// The read-only capabilities a store has beyond Store (ChangeStamper,
// LoggedModelArtifacts) stay visible through the wrapper, so a
// read-only dashboard still polls cheaply and lists model files.
func ReadOnly(s Store) Store {
	ro := readOnly{s}
	_, stamps := s.(ChangeStamper)
	_, lists := s.(LoggedModelArtifacts)
	switch {
	case stamps && lists:
		return readOnlyStampLister{ro}
	case stamps:
		return readOnlyStamper{ro}
	case lists:
		return readOnlyLister{ro}
	}
	return ro
}

// IsReadOnly reports whether s was wrapped by ReadOnly.
func IsReadOnly(s Store) bool {
	switch s.(type) {
	case readOnly, readOnlyStamper, readOnlyLister, readOnlyStampLister:
		return true
	}
	return false
}

type readOnly struct{ Store }

type readOnlyStamper struct{ readOnly }

func (r readOnlyStamper) ChangeStamp(ctx context.Context) (string, error) {
	return r.Store.(ChangeStamper).ChangeStamp(ctx)
}

type readOnlyLister struct{ readOnly }

func (r readOnlyLister) ListLoggedModelArtifacts(ctx context.Context, modelID, path string) ([]FileInfo, error) {
	return r.Store.(LoggedModelArtifacts).ListLoggedModelArtifacts(ctx, modelID, path)
}

func (r readOnlyLister) OpenLoggedModelArtifact(ctx context.Context, modelID, path string, off, n int64) (*ArtifactFile, error) {
	return r.Store.(LoggedModelArtifacts).OpenLoggedModelArtifact(ctx, modelID, path, off, n)
}

type readOnlyStampLister struct{ readOnly }

func (r readOnlyStampLister) ChangeStamp(ctx context.Context) (string, error) {
	return r.Store.(ChangeStamper).ChangeStamp(ctx)
}

func (r readOnlyStampLister) ListLoggedModelArtifacts(ctx context.Context, modelID, path string) ([]FileInfo, error) {
	return r.Store.(LoggedModelArtifacts).ListLoggedModelArtifacts(ctx, modelID, path)
}

func (r readOnlyStampLister) OpenLoggedModelArtifact(ctx context.Context, modelID, path string, off, n int64) (*ArtifactFile, error) {
	return r.Store.(LoggedModelArtifacts).OpenLoggedModelArtifact(ctx, modelID, path, off, n)
}

func refuse(op string) error {
	return &Error{Kind: KindReadOnly, Op: op, Message: "mltui is in read-only mode (--read-only or a read-only profile); nothing was written"}
}

func (readOnly) SetAlias(context.Context, string, string, string) error { return refuse("set alias") }
func (readOnly) DeleteAlias(context.Context, string, string) error      { return refuse("delete alias") }
func (readOnly) SetModelVersionTag(context.Context, string, string, string, string) error {
	return refuse("set version tag")
}
func (readOnly) DeleteModelVersionTag(context.Context, string, string, string) error {
	return refuse("delete version tag")
}
func (readOnly) SetRegisteredModelTag(context.Context, string, string, string) error {
	return refuse("set model tag")
}
func (readOnly) DeleteRegisteredModelTag(context.Context, string, string) error {
	return refuse("delete model tag")
}
func (readOnly) UpdateModelVersionDescription(context.Context, string, string, string) (ModelVersion, error) {
	return ModelVersion{}, refuse("update version description")
}
func (readOnly) UpdateRegisteredModelDescription(context.Context, string, string) (RegisteredModel, error) {
	return RegisteredModel{}, refuse("update model description")
}
func (readOnly) TransitionStage(context.Context, string, string, string, bool) (ModelVersion, error) {
	return ModelVersion{}, refuse("transition stage")
}
func (readOnly) CreateRegisteredModel(context.Context, string) (RegisteredModel, error) {
	return RegisteredModel{}, refuse("create registered model")
}
func (readOnly) CreateModelVersion(context.Context, CreateVersion) (ModelVersion, error) {
	return ModelVersion{}, refuse("create model version")
}
func (readOnly) SwapAlias(context.Context, string, string, string, string) error {
	return refuse("move alias")
}

// OpenArtifact passes reads of artifact files through (every store mltui
// opens can read them; a wrapped one that cannot says so).
func (r readOnly) OpenArtifact(ctx context.Context, runID, path string, off, n int64) (*ArtifactFile, error) {
	if ar, ok := r.Store.(ArtifactReader); ok {
		return ar.OpenArtifact(ctx, runID, path, off, n)
	}
	return nil, &Error{Kind: KindUnsupported, Op: "read artifact", Message: "this store cannot read artifact files"}
}

// GoesWide passes the inner store's answer through.
func (r readOnly) GoesWide() bool {
	w, ok := r.Store.(Wider)
	return ok && w.GoesWide()
}
