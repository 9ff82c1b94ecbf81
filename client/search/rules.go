//lint:file-ignore ST1005 these are MLflow's own error messages, word for word, so users see what MLflow would say

package search

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"mltui/client"
)

// RuleError is a value MLflow would refuse. Its text is MLflow's own
// message, word for word, so every backend says the same thing.
type RuleError struct{ Msg string }

func (e *RuleError) Error() string { return e.Msg }

func ruleErr(format string, args ...any) error {
	return &RuleError{Msg: fmt.Sprintf(format, args...)}
}

// MLflow's input rules for registry writes (mlflow/utils/validation.py),
// shared by the local stores so both refuse exactly what MLflow refuses.
// Python's \w is Unicode-aware, hence \p{L}\p{N}.

const (
	MaxAliasLength  = 255
	MaxTagKeyLength = 250
	MaxTagValueLen  = 100_000
)

var (
	aliasRe        = regexp.MustCompile(`^[\p{L}\p{N}_\-]*$`)
	versionAliasRe = regexp.MustCompile(`^[vV][0-9]+$`)
	tagKeyRe       = regexp.MustCompile(`^[/\p{L}\p{N}_.\- :]*$`)
)

// pathNotUnique is MLflow's check that a name used as a file name stays
// the same name: no "..", no leading "/", nothing posixpath.normpath changes.
func pathNotUnique(name string) bool {
	norm := path.Clean(name)
	return norm != name || norm == "." || strings.HasPrefix(norm, "..") || strings.HasPrefix(norm, "/")
}

// ValidateModelName checks a registered model name.
func ValidateModelName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return ruleErr("Missing value for required parameter 'name'.")
	case strings.ContainsAny(name, "/:"):
		return ruleErr("Invalid model name '%s'. Names cannot contain '/' or ':'.", name)
	case pathNotUnique(name):
		return ruleErr("Invalid value %s for parameter 'name' supplied: the name would resolve to %q as a file name", strconv.Quote(name), path.Clean(name))
	}
	return nil
}

// ValidateAlias checks an alias as set_registered_model_alias does,
// reserved names included.
func ValidateAlias(alias string) error {
	if err := ValidateAliasName(alias); err != nil {
		return err
	}
	switch {
	case strings.EqualFold(alias, "latest"):
		return ruleErr("'latest' alias name (case insensitive) is reserved.")
	case versionAliasRe.MatchString(alias):
		return ruleErr("Version alias name '%s' is reserved.", alias)
	}
	return nil
}

// ValidateAliasName checks only the characters and length (what
// delete_registered_model_alias and get-by-alias check).
func ValidateAliasName(alias string) error {
	switch {
	case alias == "":
		return ruleErr("Registered model alias name cannot be empty.")
	case !aliasRe.MatchString(alias):
		return ruleErr("Invalid alias name: '%s'. Names may only contain alphanumerics, underscores (_), and dashes (-).", alias)
	case utf8.RuneCountInString(alias) > MaxAliasLength:
		return ruleErr("Registered model alias name exceeds the maximum length of %d characters", MaxAliasLength)
	}
	return nil
}

// ValidateTagKey checks a registry tag key.
func ValidateTagKey(key string) error {
	switch {
	case !tagKeyRe.MatchString(key):
		return ruleErr("Invalid value %s for parameter 'key' supplied: Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).", strconv.Quote(key))
	case pathNotUnique(key):
		return ruleErr("Invalid value %s for parameter 'key' supplied: the name would resolve to %q as a file name", strconv.Quote(key), path.Clean(key))
	case utf8.RuneCountInString(key) > MaxTagKeyLength:
		return ruleErr("'key' exceeds the maximum length of %d characters", MaxTagKeyLength)
	}
	return nil
}

// ValidateTagValue checks a registry tag value's length.
func ValidateTagValue(value string) error {
	if utf8.RuneCountInString(value) > MaxTagValueLen {
		return ruleErr("'value' exceeds the maximum length of %d characters", MaxTagValueLen)
	}
	return nil
}

// ParseVersion reads a model version number.
func ParseVersion(v string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return 0, ruleErr("Parameter 'version' must be an integer, got '%s'.", v)
	}
	return n, nil
}

// CanonicalStage matches a stage name case-insensitively.
func CanonicalStage(stage string) (string, error) {
	for _, s := range client.Stages() {
		if strings.EqualFold(s, stage) {
			return s, nil
		}
	}
	return "", ruleErr("Invalid Model Version stage: %s. Value must be one of None, Staging, Production, Archived.", stage)
}

// CheckTransition validates a stage transition request and returns the
// canonical stage: archive_existing_versions only makes sense for Staging
// and Production.
func CheckTransition(stage string, archiveExisting bool) (string, error) {
	s, err := CanonicalStage(stage)
	if err != nil {
		return "", err
	}
	if archiveExisting && s != "Staging" && s != "Production" {
		return "", ruleErr("Model version transition cannot archive existing model versions because '%s' is not an Active stage. Valid stages are ['Staging', 'Production']", stage)
	}
	return s, nil
}
