package sqlstore

// Placeholder until the sqlstore backend lands; replaced by its real constructor.

import (
	"context"
	"errors"

	"mltui/client"
)

var errNotBuilt = errors.New("the sqlstore backend is not built yet")

// OpenStore opens an MLflow SQLite database.
func OpenStore(ctx context.Context, path string, readOnly bool) (client.Store, error) {
	return nil, errNotBuilt
}
