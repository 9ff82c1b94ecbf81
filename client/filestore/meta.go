package filestore

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"

	"mltui/client"
)

// meta is a parsed meta.yaml: any keys, any order, values as YAML gives
// them. MLflow adds keys over time, so unknown ones are kept and ignored.
type meta map[string]any

// errNoMeta marks a directory without a meta.yaml (an artifacts-only
// folder, or a run whose creation was interrupted).
var errNoMeta = errors.New("no meta.yaml")

// readMeta reads dir/meta.yaml. MLflow rewrites these files in place, so a
// reader can catch one empty; like MLflow it looks again before giving up.
func readMeta(path string) (meta, error) {
	var raw []byte
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		raw, err = os.ReadFile(path)
		if err != nil || len(bytes.TrimSpace(raw)) > 0 {
			break
		}
		time.Sleep(time.Duration(attempt+1) * 20 * time.Millisecond)
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s: %w", path, errNoMeta)
	case err != nil:
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return parseMeta(path, raw)
}

// parseMeta decodes meta.yaml bytes; name is used in messages.
func parseMeta(name string, raw []byte) (meta, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, fmt.Errorf("%s is empty", name)
	}
	var m meta
	if err := yaml.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("%s is not valid YAML: %w", name, err)
	}
	if m == nil {
		return nil, fmt.Errorf("%s holds no mapping", name)
	}
	return m, nil
}

// str returns a string field; numbers (old integer IDs) are formatted.
func (m meta) str(key string) string {
	switch v := m[key].(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case uint64:
		return strconv.FormatUint(v, 10)
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1e18 {
			return strconv.FormatInt(int64(v), 10)
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

// int returns an integer field (0 when missing, null or unreadable).
func (m meta) int(key string) (int64, bool) {
	switch v := m[key].(type) {
	case int:
		return int64(v), true
	case int64:
		return v, true
	case uint64:
		return int64(v), true
	case float64:
		return int64(v), true
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		return n, err == nil
	}
	return 0, false
}

func (m meta) i64(key string) int64 {
	n, _ := m.int(key)
	return n
}

// runInfo reads a run's meta.yaml: integer status (missing means RUNNING),
// run_id or the old run_uuid, run_name or the old name.
func runInfo(m meta, dirName string) (client.RunInfo, error) {
	id := m.str("run_id")
	if id == "" {
		id = m.str("run_uuid")
	}
	if id == "" {
		return client.RunInfo{}, fmt.Errorf("no run_id in meta.yaml")
	}
	if id != dirName {
		return client.RunInfo{}, fmt.Errorf("meta.yaml says run %s but the directory is %s", id, dirName)
	}
	info := client.RunInfo{
		RunID:          id,
		RunName:        m.str("run_name"),
		ExperimentID:   m.str("experiment_id"),
		UserID:         m.str("user_id"),
		StartTime:      m.i64("start_time"),
		EndTime:        m.i64("end_time"),
		ArtifactURI:    m.str("artifact_uri"),
		LifecycleStage: m.str("lifecycle_stage"),
		Status:         client.StatusRunning,
	}
	if info.RunName == "" {
		info.RunName = m.str("name")
	}
	if info.LifecycleStage == "" {
		info.LifecycleStage = client.LifecycleActive
	}
	switch v := m["status"].(type) {
	case nil:
	case string:
		if n, err := strconv.Atoi(v); err == nil {
			info.Status = client.StatusFromInt(n)
		} else {
			info.Status = client.RunStatus(v)
		}
	default:
		n, _ := m.int("status")
		info.Status = client.StatusFromInt(int(n))
	}
	return info, nil
}

// experimentInfo reads an experiment's meta.yaml.
func experimentInfo(m meta) client.Experiment {
	e := client.Experiment{
		ID:               m.str("experiment_id"),
		Name:             m.str("name"),
		ArtifactLocation: m.str("artifact_location"),
		LifecycleStage:   m.str("lifecycle_stage"),
		CreationTime:     m.i64("creation_time"),
		LastUpdateTime:   m.i64("last_update_time"),
		Workspace:        m.str("workspace"),
	}
	if e.LifecycleStage == "" {
		e.LifecycleStage = client.LifecycleActive
	}
	return e
}

// asMap returns a nested mapping; yaml decodes it as meta or as a plain map.
func asMap(v any) map[string]any {
	switch m := v.(type) {
	case meta:
		return m
	case map[string]any:
		return m
	}
	return nil
}
