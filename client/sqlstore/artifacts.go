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
	return filestore.ListArtifactDir(r.Info.ArtifactURI, filepath.Dir(s.path), path)
}

// ListLoggedModelArtifacts lists one level of a logged model's artifacts
// when they are on this disk.
func (s *Store) ListLoggedModelArtifacts(ctx context.Context, modelID, path string) ([]client.FileInfo, error) {
	lm, err := s.GetLoggedModel(ctx, modelID)
	if err != nil {
		return nil, err
	}
	return filestore.ListArtifactDir(lm.ArtifactURI, filepath.Dir(s.path), path)
}
