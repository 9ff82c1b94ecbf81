package promote

import (
	"fmt"
	"strconv"

	"mltui/client/search"
)

// MaxAliasLength is MLflow's limit on alias names (MAX_REGISTERED_MODEL_ALIAS_LENGTH).
const MaxAliasLength = search.MaxAliasLength

// ValidateAlias applies MLflow 3.18's alias rules (_validate_alias_name and
// _validate_alias_name_reserved), shared with the local stores through
// client/search, so a bad name is refused before any write: not empty,
// only letters, digits, underscores and dashes, at most 255 characters,
// and neither "latest" (any case) nor "v<digits>".
func ValidateAlias(alias string) error { return search.ValidateAlias(alias) }

// ValidateVersion checks a model version number as MLflow stores it: a
// positive decimal integer.
func ValidateVersion(v string) error {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 || strconv.FormatInt(n, 10) != v {
		return fmt.Errorf("model version %q is not a positive whole number", v)
	}
	return nil
}
