package rest

// Placeholder until the rest backend lands; replaced by its real constructor.

import (
	"errors"

	"mltui/client"
)

var errNotBuilt = errors.New("the rest backend is not built yet")

// OpenStore builds a REST client for uri from MLFLOW_* settings.
func OpenStore(uri string, getenv func(string) string, home string) (client.Store, error) {
	return nil, errNotBuilt
}
