package rest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// credentialsPath is where MLflow keeps saved credentials (~/.mlflow/credentials).
func credentialsPath(home string) string {
	if home == "" {
		return ""
	}
	return filepath.Join(home, ".mlflow", "credentials")
}

// readCredentialsFile reads mlflow_tracking_username and
// mlflow_tracking_password from the [mlflow] section of an INI file, as
// Python's configparser would. A missing file is not an error; an unreadable
// one is (it exists, so the user meant it to be used).
func readCredentialsFile(path string) (user, pass string, err error) {
	if path == "" {
		return "", "", nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("read credentials file %s: %w", path, err)
	}
	vals := parseINISection(b, credentialsSection)
	return vals["mlflow_tracking_username"], vals["mlflow_tracking_password"], nil
}

// parseINISection returns the keys of one section, lower-cased, as
// configparser does: "key = value" or "key: value", # and ; comment lines,
// section names case-sensitive, keys case-insensitive. Continuation lines
// are not supported: credentials are one line each.
func parseINISection(b []byte, section string) map[string]string {
	out := map[string]string{}
	in := false
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if line[0] == '[' && strings.HasSuffix(line, "]") {
			in = strings.TrimSpace(line[1:len(line)-1]) == section
			continue
		}
		if !in {
			continue
		}
		i := strings.IndexAny(line, "=:")
		if i < 0 {
			continue
		}
		key := strings.ToLower(strings.TrimSpace(line[:i]))
		out[key] = strings.TrimSpace(line[i+1:])
	}
	return out
}
