package integration

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mltui/testenv"
)

// pyVersionAndLinks prints, with the Python client, a model version (argv: name, version) and
// the mlflow.modelVersions tag of a logged model (argv: model ID).
const pyVersionAndLinks = `
import sys, json, mlflow
from mlflow import MlflowClient
name, version, mid = sys.argv[1:4]
c = MlflowClient()
v = c.get_model_version(name, version)
print(json.dumps({"name": v.name, "version": str(v.version), "source": v.source, "run_id": v.run_id,
                  "model_id": v.model_id, "status": v.status, "aliases": list(v.aliases),
                  "links": c.get_logged_model(mid).tags.get("mlflow.modelVersions")}))
`

// In a real terminal on the seeded server: the checkpointed run's checkpoints (M on its run
// detail), checkpoint-10 selected, R, a fresh model name typed over the default (the run's
// name), the alias challenger, the confirmation, y. The Python client then reads the new version 1: its source is
// models:/<checkpoint-10's ID>, its run the checkpointed run, READY; its model_id is what the
// server's store keeps (MLflow 3.18's SQL store keeps none: None, exactly as for
// mlflow.register_model); and the logged model lists the new version in mlflow.modelVersions.
func TestTmuxRegisterCheckpoint(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if testenv.Required() {
			t.Fatalf("tmux is needed for the real-terminal test: %v", err)
		}
		t.Skipf("%s: tmux not installed: the real-terminal test did NOT run", testenv.SkipMarker)
	}
	srv := testenv.Shared(t)
	sw := srv.Summary.Sweep
	id := srv.Summary.Checkpoints["10"]
	run := srv.Summary.Run(t, "checkpoint_run")
	if sw == nil || id == "" {
		t.Fatalf("the seed has no checkpointed run: %+v %v", sw, srv.Summary.Checkpoints)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "mltui")
	if out, err := exec.Command("go", "build", "-o", bin, "mltui").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("ckpt-tui-%d", time.Now().UnixNano())
	s := &tmuxSession{t: t, socket: fmt.Sprintf("mltui-register-%d", os.Getpid())}
	cmd := fmt.Sprintf("env TERM=xterm-256color NO_COLOR=1 MLTUI_CONFIG=%s %s --tracking-uri %s", cfg, bin, srv.URL)
	s.run("new-session", "-d", "-s", "mltui", "-x", "140", "-y", "40", cmd)
	t.Cleanup(func() { exec.Command("tmux", "-L", s.socket, "kill-server").Run() })

	s.waitFor("dashboard", "experiments")
	s.keys("lit::runs "+sw.Experiment, "Enter")
	s.waitFor("runs", "checkpointed")
	s.keys("/", "lit:attributes.run_name = 'checkpointed'", "Enter")
	s.waitFor("filtered", "1 runs", "checkpointed")
	s.keys("Enter")
	s.waitFor("run detail", run[:8])
	s.keys("M")
	s.waitFor("checkpoints", "checkpoint-5", "checkpoint-10", "checkpoint-15")
	s.keys("j", "R")
	s.waitFor("name prompt", "as a new version of the registered model:", "› checkpointed")
	s.keys("C-u", "lit:"+name, "Enter")
	s.waitFor("alias prompt", "point an alias at the new version")
	s.keys("lit:challenger", "Enter")
	scr := s.waitFor("confirmation", "register checkpoint-10 (step 10) as a new version of "+name, name+" does not exist: it is created first")
	for _, want := range []string{"source   models:/" + id, "run_id   " + run, "alias    challenger is set on the new version", "y registers"} {
		if !strings.Contains(scr, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, scr)
		}
	}
	s.keys("y")
	scr = s.waitFor("report", name+": registered model (none) → created", name+" v1: version (none) → created")
	t.Logf("report:\n%s", scr)

	var got struct {
		Name, Version, Source, Status string
		RunID                         string  `json:"run_id"`
		ModelID                       *string `json:"model_id"`
		Links                         string
		Aliases                       []string
	}
	if err := json.Unmarshal([]byte(lastLine(python(t, srv, pyVersionAndLinks, name, "1", id))), &got); err != nil {
		t.Fatal(err)
	}
	if got.Name != name || got.Version != "1" || got.Source != "models:/"+id || got.RunID != run || got.Status != "READY" ||
		strings.Join(got.Aliases, ",") != "challenger" {
		t.Errorf("python reads %+v", got)
	}
	if got.ModelID != nil && *got.ModelID != id {
		t.Errorf("python reads model_id %q, want %s (or none, as MLflow's SQL store keeps none)", *got.ModelID, id)
	}
	if !strings.Contains(got.Links, `{"name": "`+name+`", "version": 1}`) {
		t.Errorf("the logged model's mlflow.modelVersions is %q: no link to %s v1", got.Links, name)
	}
	s.keys("Escape", "q")
}
