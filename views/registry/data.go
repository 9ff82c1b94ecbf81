package registry

import (
	"context"
	"fmt"

	"mltui/client"
	"mltui/promote"
)

// modelData is what the versions screen shows: the model and its versions
// with their source runs.
type modelData struct {
	Model    client.RegisteredModel
	Versions []promote.VersionInfo
}

func loadModel(ctx context.Context, s client.Store, name string) (modelData, error) {
	m, vs, err := promote.LoadModel(ctx, s, name)
	if err != nil {
		return modelData{}, err
	}
	return modelData{Model: m, Versions: vs}, nil
}

// versionData is what the version detail shows.
type versionData struct {
	Model     client.RegisteredModel
	Version   promote.VersionInfo
	Logged    *client.LoggedModel
	Files     []client.FileInfo
	FilesFrom string // "logged model m-…", "run <id>/model"
	FilesErr  error
	Card      *modelCard // from the model's MLmodel; nil without one
}

func loadVersion(ctx context.Context, s client.Store, name, version string) (versionData, error) {
	var d versionData
	mv, err := s.GetModelVersion(ctx, name, version)
	if err != nil {
		return d, fmt.Errorf("read %s v%s: %w", name, version, err)
	}
	m, err := s.GetRegisteredModel(ctx, name)
	if err != nil {
		return d, fmt.Errorf("read model %s: %w", name, err)
	}
	d.Model = m
	mv.Aliases = nil
	for _, a := range promote.AliasHolders(m) {
		if a.Version == mv.Version {
			mv.Aliases = append(mv.Aliases, a.Alias)
		}
	}
	vs := []promote.VersionInfo{{ModelVersion: mv}}
	promote.AttachRuns(ctx, s, vs)
	d.Version = vs[0]
	if id := mv.LoggedModelID(); id != "" {
		if lm, err := s.GetLoggedModel(ctx, id); err == nil {
			d.Logged = &lm
		}
	}
	d.Files, d.FilesFrom, d.FilesErr = listModelFiles(ctx, s, mv)
	if d.FilesErr == nil {
		d.Card = loadCard(ctx, s, mv, d.Files)
	}
	return d, nil
}

// listModelFiles lists the model's artifacts where client.VersionFiles
// finds them: a run's folder for a runs:/ source, the logged model's files
// for MLflow 3.
func listModelFiles(ctx context.Context, s client.Store, mv client.ModelVersion) ([]client.FileInfo, string, error) {
	m, ok := client.VersionFiles(mv)
	if !ok {
		return nil, "", nil
	}
	files, err := m.List(ctx, s, "")
	if m.LoggedModelID != "" {
		return files, "logged model " + m.LoggedModelID, err
	}
	if m.Dir != "" {
		// Shown as the run's paths, as before.
		for i := range files {
			files[i].Path = m.Dir + "/" + files[i].Path
		}
	}
	return files, "run " + format8(m.RunID) + "/" + m.Dir, err
}

func format8(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
