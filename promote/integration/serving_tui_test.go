package integration

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"mltui/testenv"
)

// The champion's version detail, in a real terminal, with the config naming the scoring server
// that serves models:/iris-classifier@champion (a real `mlflow models serve`): the detail says it
// is healthy and what it answers for the version's input example; once the server is stopped, a
// refresh says it is unhealthy and why.
func TestTmuxVersionDetailServing(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if testenv.Required() {
			t.Fatalf("tmux is needed for the real-terminal test: %v", err)
		}
		t.Skipf("%s: tmux not installed: the real-terminal test did NOT run", testenv.SkipMarker)
	}
	srv := testenv.Server(t)
	ms := testenv.ServeModel(t, srv, "models:/iris-classifier@champion")
	champ := srv.Summary.Models["iris-classifier"].Aliases["champion"]
	dir := t.TempDir()
	bin := filepath.Join(dir, "mltui")
	if out, err := exec.Command("go", "build", "-o", bin, "mltui").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, []byte("serving:\n  iris-classifier@champion: "+ms.URL+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := &tmuxSession{t: t, socket: fmt.Sprintf("mltui-serving-%d", os.Getpid())}
	cmd := fmt.Sprintf("env TERM=xterm-256color NO_COLOR=1 MLTUI_CONFIG=%s %s --tracking-uri %s", cfg, bin, srv.URL)
	s.run("new-session", "-d", "-s", "mltui", "-x", "120", "-y", "40", cmd)
	t.Cleanup(func() { exec.Command("tmux", "-L", s.socket, "kill-server").Run() })

	s.waitFor("dashboard", "experiments")
	s.keys("lit::models", "Enter")
	s.waitFor("models list", "iris-classifier", "champion=v"+champ)
	s.keys("/", "lit:iris", "Enter", "Enter")
	s.waitFor("versions", "VER", "champion → v"+champ)
	// The versions table lists the newest first; walk down to the champion, whose preview shows.
	n, _ := strconv.Atoi(champ)
	for i := len(srv.Summary.Models["iris-classifier"].Versions); i > n; i-- {
		s.keys("j")
	}
	s.waitFor("champion selected", "│ v"+champ+" ", srv.Summary.Models["iris-classifier"].Versions[champ][:8])
	s.keys("Enter")
	scr := s.waitFor("serving line", "@champion", ms.URL, "✓ healthy · answers [")
	t.Logf("version detail:\n%s", scr)
	// The model card, from the files MLflow logged with the version.
	for _, want := range []string{"flavors                  python_function (mlflow.sklearn), sklearn ",
		"inputs                   sepal length (cm): double", "petal width (cm): double", "outputs                  tensor int64 (-1)",
		"example                  3 rows: [[4.4, 3, 1.3, 0.2], ", "requires                 mlflow==3."} {
		if !strings.Contains(scr, want) {
			t.Errorf("the model card lacks %q", want)
		}
	}
	if !regexp.MustCompile(`answers \[\d, \d, \d\] for the input example · p50 \d`).MatchString(scr) {
		t.Errorf("the serving line lacks the answer or the latency:\n%s", scr)
	}
	// The same detail at the sizes people use: the serving lines wrap, nothing is cut. (A resized
	// pane repaints on the next frame: give it one before reading.)
	for _, size := range [][2]string{{"80", "24"}, {"200", "60"}} {
		s.run("resize-window", "-t", "mltui", "-x", size[0], "-y", size[1])
		time.Sleep(1500 * time.Millisecond)
		scr := s.waitFor(size[0]+" columns", "@champion", "✓ healthy")
		t.Logf("at %sx%s:\n%s", size[0], size[1], scr)
	}
	ms.Stop()
	s.keys("r")
	scr = s.waitFor("unhealthy", "✗ unhealthy: /health: nothing is listening at "+ms.URL, "is the scoring server running?")
	t.Logf("after the endpoint stopped:\n%s", scr)
	s.keys("q")
}
