package promote

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxAliasLength is MLflow's limit on alias names (MAX_REGISTERED_MODEL_ALIAS_LENGTH).
const MaxAliasLength = 255

// ValidateAlias applies MLflow 3.18's alias rules (_validate_alias_name and
// _validate_alias_name_reserved) so a bad name is refused before any write:
// not empty, only word characters and dashes (Python's \w is Unicode-aware,
// so letters and digits of any script count), at most 255 characters, and
// neither "latest" (any case) nor "v<digits>".
func ValidateAlias(alias string) error {
	if alias == "" {
		return fmt.Errorf("alias name cannot be empty")
	}
	for _, r := range alias {
		if !(r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsNumber(r)) {
			return fmt.Errorf("invalid alias name %q: only letters, digits, underscores (_) and dashes (-) are allowed (%q is not)", alias, r)
		}
	}
	if n := utf8.RuneCountInString(alias); n > MaxAliasLength {
		return fmt.Errorf("alias name is %d characters; MLflow allows at most %d", n, MaxAliasLength)
	}
	if strings.EqualFold(alias, "latest") {
		return fmt.Errorf("alias name %q is reserved by MLflow ('latest', any case)", alias)
	}
	if isVersionAlias(alias) {
		return fmt.Errorf("alias name %q is reserved by MLflow (v<number> names a version)", alias)
	}
	return nil
}

func isVersionAlias(alias string) bool {
	if len(alias) < 2 || (alias[0] != 'v' && alias[0] != 'V') {
		return false
	}
	for _, r := range alias[1:] {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// ValidateVersion checks a model version number as MLflow stores it: a
// positive decimal integer.
func ValidateVersion(v string) error {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 || strconv.FormatInt(n, 10) != v {
		return fmt.Errorf("model version %q is not a positive whole number", v)
	}
	return nil
}
