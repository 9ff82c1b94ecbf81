package client

import "context"

// ReadOnly wraps a store so that every write is refused in one place,
// before anything reaches the backend (--read-only and read-only profiles).
func ReadOnly(s Store) Store { return readOnly{s} }

// IsReadOnly reports whether s was wrapped by ReadOnly.
func IsReadOnly(s Store) bool { _, ok := s.(readOnly); return ok }

type readOnly struct{ Store }

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
func (readOnly) SwapAlias(context.Context, string, string, string, string) error {
	return refuse("move alias")
}
