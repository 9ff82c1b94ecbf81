package sqlstore

import (
	"context"
	"database/sql"
	"path/filepath"

	"mltui/client"
	"mltui/client/filestore"
)

// ListArtifacts lists one level of a run's artifacts when they are on this
// disk (file paths, or a local server's ./mlartifacts beside the database).
func (s *Store) ListArtifacts(ctx context.Context, runID, path string) ([]client.FileInfo, error) {
	const op = "list artifacts"
	r, err := read(ctx, s, op, func(tx *sql.Tx) (client.Run, error) {
		return s.getRunTx(ctx, tx, op, runID)
	})
	if err != nil {
		return nil, err
	}
	return filestore.ListArtifactDir(ctx, r.Info.ArtifactURI, filepath.Dir(s.path), "run "+runID, path)
}

// OpenArtifact reads one of a run's artifact files when it is on this disk.
func (s *Store) OpenArtifact(ctx context.Context, runID, path string, off, n int64) (*client.ArtifactFile, error) {
	const op = "read artifact"
	r, err := read(ctx, s, op, func(tx *sql.Tx) (client.Run, error) {
		return s.getRunTx(ctx, tx, op, runID)
	})
	if err != nil {
		return nil, err
	}
	return filestore.OpenArtifactFile(ctx, r.Info.ArtifactURI, filepath.Dir(s.path), "run "+runID, path, off, n)
}

// ListLoggedModelArtifacts lists one level of a logged model's artifacts
// when they are on this disk.
func (s *Store) ListLoggedModelArtifacts(ctx context.Context, modelID, path string) ([]client.FileInfo, error) {
	lm, err := s.GetLoggedModel(ctx, modelID)
	if err != nil {
		return nil, err
	}
	return filestore.ListArtifactDir(ctx, lm.ArtifactURI, filepath.Dir(s.path), "logged model "+modelID, path)
}

// OpenLoggedModelArtifact reads one of a logged model's files when it is on
// this disk.
func (s *Store) OpenLoggedModelArtifact(ctx context.Context, modelID, path string, off, n int64) (*client.ArtifactFile, error) {
	lm, err := s.GetLoggedModel(ctx, modelID)
	if err != nil {
		return nil, err
	}
	return filestore.OpenArtifactFile(ctx, lm.ArtifactURI, filepath.Dir(s.path), "logged model "+modelID, path, off, n)
}
