package promote

import (
	"context"
	"fmt"
	"os"
	"os/user"
	"strings"
	"time"

	"mltui/client"
)

// Service performs guarded registry writes. It never retries a write
// itself: the REST client retries idempotent requests, and every sequence
// here either is idempotent (set alias, set tag) or re-reads before writing
// (the history append), so a retry cannot apply a change twice.
type Service struct {
	Store client.Store
	// Actor is recorded as promoted_by and in the history ("alice",
	// the authenticated user, or the local login).
	Actor string
	// Now is the clock for promoted_at and history; nil means time.Now.
	Now func() time.Time
	// HistoryLimit caps the recorded moves; 0 means DefaultHistoryLimit.
	HistoryLimit int
}

// New returns a Service writing to s as actor.
func New(s client.Store, actor string) *Service { return &Service{Store: s, Actor: actor} }

// Actor names who writes: the user the server authenticated, else
// MLFLOW_TRACKING_USERNAME, else the login name.
func Actor(serverUser string, getenv func(string) string) string {
	if serverUser != "" {
		return serverUser
	}
	if getenv == nil {
		getenv = os.Getenv
	}
	for _, k := range []string{"MLFLOW_TRACKING_USERNAME", "USER", "LOGNAME"} {
		if v := getenv(k); v != "" {
			return v
		}
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return ""
}

func (s *Service) now() string {
	t := time.Now
	if s.Now != nil {
		t = s.Now
	}
	return t().UTC().Format(time.RFC3339)
}

func (s *Service) refuseIfReadOnly(op string) error {
	if client.IsReadOnly(s.Store) {
		return &client.Error{Kind: client.KindReadOnly, Op: op, Message: "mltui is in read-only mode (--read-only or a read-only profile); nothing was written"}
	}
	return nil
}

// snapshot reads the listed versions ("" entries skipped) and then the
// model: the model (aliases, tags) is read last so the check made on it is
// as close to the write as possible.
func (s *Service) snapshot(ctx context.Context, model string, versions ...string) (Snapshot, error) {
	snap := Snapshot{Versions: map[string]client.ModelVersion{}}
	if err := s.addVersions(ctx, &snap, model, versions...); err != nil {
		return Snapshot{}, err
	}
	m, err := s.Store.GetRegisteredModel(ctx, model)
	if err != nil {
		return Snapshot{}, fmt.Errorf("read model %s: %w", model, err)
	}
	snap.Model = m
	return snap, nil
}

// addVersions reads versions not yet in snap.
func (s *Service) addVersions(ctx context.Context, snap *Snapshot, model string, versions ...string) error {
	for _, v := range versions {
		if v == "" {
			continue
		}
		if _, done := snap.Versions[v]; done {
			continue
		}
		mv, err := s.Store.GetModelVersion(ctx, model, v)
		if err != nil {
			return fmt.Errorf("read %s v%s: %w", model, v, err)
		}
		snap.Versions[v] = mv
	}
	return nil
}

// snapshotAll reads the model and every one of its versions.
func (s *Service) snapshotAll(ctx context.Context, model string) (Snapshot, error) {
	m, err := s.Store.GetRegisteredModel(ctx, model)
	if err != nil {
		return Snapshot{}, fmt.Errorf("read model %s: %w", model, err)
	}
	vs, err := client.AllModelVersions(ctx, s.Store, client.VersionQuery{Filter: VersionFilter(model)})
	if err != nil {
		return Snapshot{}, fmt.Errorf("list versions of %s: %w", model, err)
	}
	snap := Snapshot{Model: m, Versions: map[string]client.ModelVersion{}}
	for _, v := range vs {
		if v.Name == model {
			snap.Versions[v.Version] = v
		}
	}
	return snap, nil
}

// VersionFilter is the model-versions/search filter for one model's versions.
func VersionFilter(model string) string {
	// MLflow's filter parser (sqlparse) reads '' inside a quoted string as a quote.
	return "name = '" + strings.ReplaceAll(model, "'", "''") + "'"
}

// finish reads back and builds the Change report.
func (s *Service) finish(ctx context.Context, c Change, before Snapshot, intended []FieldChange, all bool) (Change, error) {
	var (
		after Snapshot
		err   error
	)
	if all {
		after, err = s.snapshotAll(ctx, before.Model.Name)
	} else {
		vs := make([]string, 0, len(before.Versions))
		for v := range before.Versions {
			vs = append(vs, v)
		}
		after, err = s.snapshot(ctx, before.Model.Name, vs...)
	}
	if err != nil {
		// The write went through; only the report is missing.
		c.Fields = intended
		c.Warnings = append(c.Warnings, fmt.Sprintf("the write succeeded but reading it back failed (%v); the changes listed are what was written, not confirmed", err))
		return c, nil
	}
	c.Fields = Diff(before, after)
	c.Unexpected = reconcile(intended, c.Fields)
	return c, nil
}

// versionTagChange is the intended change of one version tag.
func versionTagChange(snap Snapshot, model, version, key string, after *string) FieldChange {
	f := FieldChange{Object: model + " v" + version, Field: "tag " + key, After: after}
	if mv, ok := snap.Versions[version]; ok {
		if v, ok := mv.Tag(key); ok {
			f.Before = ptr(v)
		}
	}
	return f
}
