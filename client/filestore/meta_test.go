package filestore

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mltui/client"
)

func TestRunInfoFromMeta(t *testing.T) {
	cases := []struct {
		name, yaml string
		want       client.RunInfo
	}{
		{"current", `artifact_uri: file:///m/1/abc/artifacts
end_time: 1700000001000
entry_point_name: ''
experiment_id: '1'
lifecycle_stage: active
run_id: abc
run_name: rf-1
source_name: ''
source_type: 4
source_version: ''
start_time: 1700000000000
status: 3
tags: []
user_id: ana
some_future_key: {nested: [1, 2]}
`, client.RunInfo{RunID: "abc", RunName: "rf-1", ExperimentID: "1", UserID: "ana", Status: client.StatusFinished,
			StartTime: 1700000000000, EndTime: 1700000001000, ArtifactURI: "file:///m/1/abc/artifacts", LifecycleStage: "active"}},
		{"old file: run_uuid, name, integer experiment, no status", `experiment_id: 0
name: old-run
run_uuid: abc
start_time: 1500000000000
end_time: null
`, client.RunInfo{RunID: "abc", RunName: "old-run", ExperimentID: "0", Status: client.StatusRunning, StartTime: 1500000000000, LifecycleStage: "active"}},
		{"failed and deleted", `run_id: abc
experiment_id: '7'
status: 4
lifecycle_stage: deleted
deleted_time: 1
`, client.RunInfo{RunID: "abc", ExperimentID: "7", Status: client.StatusFailed, LifecycleStage: "deleted"}},
		{"killed, scheduled by name", `run_id: abc
experiment_id: '7'
status: 5
`, client.RunInfo{RunID: "abc", ExperimentID: "7", Status: client.StatusKilled, LifecycleStage: "active"}},
	}
	for _, c := range cases {
		m, err := parseMeta("meta.yaml", []byte(c.yaml))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, err := runInfo(m, "abc")
		if err != nil || got != c.want {
			t.Errorf("%s:\n got %+v %v\nwant %+v", c.name, got, err, c.want)
		}
	}
	bad := []struct{ yaml, want string }{
		{"experiment_id: '1'\n", "no run_id in meta.yaml"},
		{"run_id: other\nexperiment_id: '1'\n", "meta.yaml says run other but the directory is abc"},
	}
	for _, c := range bad {
		m, _ := parseMeta("meta.yaml", []byte(c.yaml))
		if _, err := runInfo(m, "abc"); err == nil || err.Error() != c.want {
			t.Errorf("%q: %v, want %q", c.yaml, err, c.want)
		}
	}
}

func TestReadMetaErrors(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "meta.yaml")
	_, err := readMeta(p)
	if !errors.Is(err, errNoMeta) || !strings.Contains(err.Error(), p) {
		t.Errorf("missing: %v", err)
	}
	os.WriteFile(p, nil, 0o644)
	if _, err := readMeta(p); err == nil || err.Error() != p+" is empty" {
		t.Errorf("empty: %v", err)
	}
	os.WriteFile(p, []byte("run_id: [unclosed\n"), 0o644)
	if _, err := readMeta(p); err == nil || !strings.HasPrefix(err.Error(), p+" is not valid YAML") {
		t.Errorf("garbage: %v", err)
	}
	os.WriteFile(p, []byte("- a list\n- not a mapping\n"), 0o644)
	if _, err := readMeta(p); err == nil || !strings.Contains(err.Error(), p) {
		t.Errorf("a list: %v", err)
	}
}

// FuzzReadMeta: any bytes give a meta or an error naming the file; a run
// read from any meta either fails or has the directory's ID.
func FuzzReadMeta(f *testing.F) {
	for _, s := range []string{
		"run_id: abc\nexperiment_id: '1'\nstatus: 3\n", "run_uuid: abc\nexperiment_id: 0\n", "", "- x", "{a: [", "status: !!binary aGVsbG8=\nrun_id: abc",
		"run_id: abc\nstart_time: 1.5e3\nend_time: ~\nstatus: '2'\n", "&a [*a]", "experiment_id: 99999999999999999999999\nrun_id: abc",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := parseMeta("x/meta.yaml", raw)
		if err != nil {
			if !strings.Contains(err.Error(), "x/meta.yaml") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		info, err := runInfo(m, "abc")
		if err == nil && info.RunID != "abc" {
			t.Fatalf("run %q from a folder named abc", info.RunID)
		}
		_ = experimentInfo(m)
	})
}
