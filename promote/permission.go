package promote

import (
	"fmt"

	"mltui/client"
)

// Need is the MLflow permission a write requires under the basic-auth app.
type Need string

const (
	NeedEdit   Need = "EDIT"
	NeedManage Need = "MANAGE"
)

// Explain turns an error from a registry write into what the person should
// know: a 403 names the permission needed on the model (EDIT for alias
// moves, tags, descriptions and stages; MANAGE to delete an alias or a
// version tag), read-only mode and conflicts keep their own words, and
// anything else is the error as is.
func Explain(err error, model string, need Need) string {
	if err == nil {
		return ""
	}
	switch client.KindOf(err) {
	case client.KindPermissionDenied:
		return fmt.Sprintf("permission denied: you need %s on model %s; nothing was changed", need, model)
	case client.KindUnauthenticated:
		return "not signed in: the server wants credentials (MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN); nothing was changed"
	case client.KindReadOnly:
		return "read-only mode (--read-only or a read-only profile): nothing was written"
	}
	return err.Error()
}
