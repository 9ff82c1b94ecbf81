package client

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// FileSet is a tree of artifact files and where it lives: an MLflow 3
// logged model's files, or a folder of a run's artifacts (a whole run's with
// Dir ""; an MLflow 2 model version's, whose source is runs:/RUN/model or the
// run's own artifact path). Paths are relative to the set's root.
type FileSet struct {
	LoggedModelID string
	RunID, Dir    string // when LoggedModelID is ""
}

// String names the place for messages: "logged model m-…" or "runs:/RUN/DIR".
func (m FileSet) String() string {
	if m.LoggedModelID != "" {
		return "logged model " + m.LoggedModelID
	}
	if m.Dir == "" {
		return "runs:/" + m.RunID
	}
	return "runs:/" + m.RunID + "/" + m.Dir
}

// VersionFiles says where a model version's files are, as MLflow's client finds
// them: the logged model for an MLflow 3 version, the run's folder for a
// runs:/ source. ok is false for a source mltui cannot map to either.
func VersionFiles(mv ModelVersion) (FileSet, bool) {
	if id := mv.LoggedModelID(); id != "" {
		return FileSet{LoggedModelID: id}, true
	}
	if rest, ok := strings.CutPrefix(mv.Source, "runs:/"); ok {
		runID, dir, _ := strings.Cut(strings.TrimLeft(rest, "/"), "/")
		if runID != "" {
			return FileSet{RunID: runID, Dir: strings.Trim(dir, "/")}, true
		}
	}
	// MLflow 2 registers the run's artifact path itself (…/RUN_ID/artifacts/model).
	if mv.RunID != "" {
		if i := strings.Index(mv.Source, "/"+mv.RunID+"/artifacts/"); i >= 0 {
			dir := mv.Source[i+len("/"+mv.RunID+"/artifacts/"):]
			return FileSet{RunID: mv.RunID, Dir: strings.Trim(dir, "/")}, true
		}
	}
	return FileSet{}, false
}

func (m FileSet) rel(p string) string {
	p = strings.Trim(p, "/")
	switch {
	case m.Dir == "":
		return p
	case p == "":
		return m.Dir
	}
	return m.Dir + "/" + p
}

// List lists one level of the model's files under rel ("" = the model's root).
// Paths come back relative to the model's root.
func (m FileSet) List(ctx context.Context, s Store, rel string) ([]FileInfo, error) {
	if m.LoggedModelID != "" {
		l, ok := s.(LoggedModelArtifacts)
		if !ok {
			return nil, fmt.Errorf("this backend cannot read logged-model artifacts")
		}
		return l.ListLoggedModelArtifacts(ctx, m.LoggedModelID, rel)
	}
	files, err := s.ListArtifacts(ctx, m.RunID, m.rel(rel))
	if err != nil {
		return nil, err
	}
	if m.Dir != "" {
		for i := range files {
			files[i].Path = strings.TrimPrefix(strings.TrimPrefix(files[i].Path, m.Dir), "/")
		}
	}
	return files, nil
}

// Open reads bytes [off, off+n) of one of the model's files (n < 0: to the end).
func (m FileSet) Open(ctx context.Context, s Store, rel string, off, n int64) (*ArtifactFile, error) {
	if m.LoggedModelID != "" {
		l, ok := s.(LoggedModelArtifacts)
		if !ok {
			return nil, fmt.Errorf("this backend cannot read logged-model artifacts")
		}
		return l.OpenLoggedModelArtifact(ctx, m.LoggedModelID, rel, off, n)
	}
	ar, ok := s.(ArtifactReader)
	if !ok {
		return nil, fmt.Errorf("this backend cannot read artifact files")
	}
	return ar.OpenArtifact(ctx, m.RunID, m.rel(rel), off, n)
}

// ReadSmall reads a whole small file of the model (MLmodel, an input
// example, requirements.txt), refusing one larger than limit bytes rather
// than holding it in memory.
func (m FileSet) ReadSmall(ctx context.Context, s Store, name string, limit int64) ([]byte, error) {
	f, err := m.Open(ctx, s, name, 0, limit+1)
	if err != nil {
		return nil, fmt.Errorf("read %s of %s: %w", name, m, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s of %s: %w", name, m, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s of %s is larger than %d KiB: not reading it whole", name, m, limit>>10)
	}
	return b, nil
}

// ModelRef is a parsed models:/ URI.
type ModelRef struct {
	Name, Version, Alias, Stage string // a registered model's version, by number, alias or stage
	LoggedModelID               string // models:/m-…
	Path                        string // a file or folder inside the model, if given
}

// String is the URI without the path, as MLflow spells it.
func (r ModelRef) String() string {
	switch {
	case r.LoggedModelID != "":
		return "models:/" + r.LoggedModelID
	case r.Alias != "":
		return "models:/" + r.Name + "@" + r.Alias
	case r.Stage != "":
		return "models:/" + r.Name + "/" + r.Stage
	}
	return "models:/" + r.Name + "/" + r.Version
}

// ParseModelURI reads what MLflow accepts: models:/NAME/VERSION,
// models:/NAME/STAGE (a legacy stage, or "latest"), models:/NAME@ALIAS and
// models:/MODEL_ID (MLflow 3 logged models, m-…), each optionally followed by
// /PATH inside the model. NAME@ALIAS with no models:/ prefix is accepted too.
func ParseModelURI(uri string) (ModelRef, error) {
	rest, ok := strings.CutPrefix(uri, "models:/")
	if !ok {
		if strings.Contains(uri, "@") && !strings.Contains(uri, ":") {
			rest = uri
		} else {
			return ModelRef{}, fmt.Errorf("%q is not a models:/ URI (models:/NAME/VERSION, models:/NAME@ALIAS or models:/m-ID)", uri)
		}
	}
	rest = strings.TrimLeft(rest, "/")
	head, tail, _ := strings.Cut(rest, "/")
	bad := func(why string) (ModelRef, error) {
		return ModelRef{}, fmt.Errorf("%q: %s (models:/NAME/VERSION, models:/NAME@ALIAS or models:/m-ID)", uri, why)
	}
	if head == "" {
		return bad("no model name")
	}
	if name, alias, ok := strings.Cut(head, "@"); ok {
		if name == "" || alias == "" {
			return bad("the alias needs a name before @ and an alias after it")
		}
		return ModelRef{Name: name, Alias: alias, Path: strings.Trim(tail, "/")}, nil
	}
	if strings.HasPrefix(head, "m-") && (tail == "" || !isVersionOrStage(firstSegment(tail))) {
		return ModelRef{LoggedModelID: head, Path: strings.Trim(tail, "/")}, nil
	}
	sel, path, _ := strings.Cut(tail, "/")
	if sel == "" {
		return bad("give a version, a stage or an alias")
	}
	ref := ModelRef{Name: head, Path: strings.Trim(path, "/")}
	if _, err := strconv.ParseUint(sel, 10, 64); err == nil {
		ref.Version = sel
		return ref, nil
	}
	if st, ok := canonicalStage(sel); ok {
		ref.Stage = st
		return ref, nil
	}
	return bad(fmt.Sprintf("%q is neither a version number, a stage (%s) nor latest", sel, strings.Join(Stages(), ", ")))
}

func firstSegment(p string) string { s, _, _ := strings.Cut(p, "/"); return s }

func isVersionOrStage(s string) bool {
	if _, err := strconv.ParseUint(s, 10, 64); err == nil {
		return true
	}
	_, ok := canonicalStage(s)
	return ok
}

// canonicalStage matches a stage case-insensitively, as MLflow does; latest is
// the newest version whatever its stage.
func canonicalStage(s string) (string, bool) {
	if strings.EqualFold(s, "latest") {
		return "latest", true
	}
	for _, st := range Stages() {
		if strings.EqualFold(s, st) {
			return st, true
		}
	}
	return "", false
}

// ResolveModel finds the version a ref names (nil for a logged model ref) and
// where its files are.
func ResolveModel(ctx context.Context, s Store, ref ModelRef) (*ModelVersion, FileSet, error) {
	if ref.LoggedModelID != "" {
		if _, err := s.GetLoggedModel(ctx, ref.LoggedModelID); err != nil {
			return nil, FileSet{}, fmt.Errorf("%s: %w", ref, err)
		}
		return nil, FileSet{LoggedModelID: ref.LoggedModelID}, nil
	}
	var (
		mv  ModelVersion
		err error
	)
	switch {
	case ref.Alias != "":
		mv, err = s.GetModelVersionByAlias(ctx, ref.Name, ref.Alias)
	case ref.Version != "":
		mv, err = s.GetModelVersion(ctx, ref.Name, ref.Version)
	default:
		mv, err = latestInStage(ctx, s, ref.Name, ref.Stage)
	}
	if err != nil {
		return nil, FileSet{}, fmt.Errorf("%s: %w", ref, err)
	}
	files, ok := VersionFiles(mv)
	if !ok {
		return &mv, FileSet{}, fmt.Errorf("%s is version %s, whose source %q mltui cannot read files from", ref, mv.Version, mv.Source)
	}
	return &mv, files, nil
}

// latestInStage is the newest version in stage ("latest": in any stage),
// from the registered model's latest_versions as MLflow's client picks it.
func latestInStage(ctx context.Context, s Registry, name, stage string) (ModelVersion, error) {
	m, err := s.GetRegisteredModel(ctx, name)
	if err != nil {
		return ModelVersion{}, err
	}
	var best ModelVersion
	bestN := -1
	for _, v := range m.LatestVersions {
		if stage != "latest" && !strings.EqualFold(v.CurrentStage, stage) {
			continue
		}
		if n, err := strconv.Atoi(v.Version); err == nil && n > bestN {
			best, bestN = v, n
		}
	}
	if bestN < 0 {
		return ModelVersion{}, &Error{Kind: KindNotFound, Op: "models:/ URI", Message: fmt.Sprintf("model %s has no version in stage %s", name, stage)}
	}
	return s.GetModelVersion(ctx, name, best.Version)
}
