package filestore

// Placeholder until the filestore backend lands; replaced by its real constructor.

import (
	"errors"

	"mltui/client"
)

var errNotBuilt = errors.New("the filestore backend is not built yet")

// OpenStore opens an MLflow file store (./mlruns).
func OpenStore(root string, readOnly bool) (client.Store, error) {
	return nil, errNotBuilt
}
