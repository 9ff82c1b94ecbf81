package store

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"mltui/client"
	"mltui/testenv"
)

// liveLog is what the logger process has said so far.
type liveLog struct {
	mu     sync.Mutex
	runID  string
	logged map[int64]time.Time // step → when log_metric returned
	done   bool
	err    error
}

// startLogger runs testdata/live_logger.py against uri and follows its output.
func startLogger(t *testing.T, uri string, steps int, interval string) *liveLog {
	t.Helper()
	py := testenv.Venv(t)
	script, _ := filepath.Abs("testdata/live_logger.py")
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, py, script, uri, strconv.Itoa(steps), interval)
	cmd.Env = append(os.Environ(), "MLFLOW_ALLOW_FILE_STORE=true", "MLFLOW_TRACKING_URI="+uri)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	l := &liveLog{logged: map[int64]time.Time{}}
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			l.mu.Lock()
			switch {
			case len(f) == 2 && f[0] == "ready":
				l.runID = f[1]
			case len(f) == 3 && f[0] == "logged":
				step, _ := strconv.ParseInt(f[1], 10, 64)
				ms, _ := strconv.ParseInt(f[2], 10, 64)
				l.logged[step] = time.UnixMilli(ms)
			case len(f) == 1 && f[0] == "done":
				l.done = true
			}
			l.mu.Unlock()
		}
		l.mu.Lock()
		l.err = cmd.Wait()
		l.done = true
		l.mu.Unlock()
	}()
	t.Cleanup(func() {
		cancel()
		<-finished
	})
	return l
}

func (l *liveLog) state() (string, bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.runID, l.done, l.err
}

// followLive polls ChangeStamp every 100 ms, as the dashboard does, and
// re-reads the history only when the stamp moves; every point must show
// up within 2 s of being logged.
func followLive(t *testing.T, open func() client.Store, l *liveLog, steps int) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		id, done, err := l.state()
		if id != "" {
			break
		}
		if done || time.Now().After(deadline) {
			t.Fatalf("logger never started a run: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	s := open()
	defer s.Close()
	cs, ok := s.(client.ChangeStamper)
	if !ok {
		t.Fatalf("%T has no ChangeStamp", s)
	}
	runID, _, _ := l.state()
	seen := map[int64]time.Time{}
	last := ""
	polls, reads := 0, 0
	for time.Now().Before(deadline) {
		stamp, err := cs.ChangeStamp(ctx)
		if err != nil {
			t.Fatal(err)
		}
		polls++
		if stamp != last {
			last = stamp
			reads++
			h, err := client.MetricHistory(ctx, s, runID, "loss")
			if err != nil {
				t.Fatalf("history while logging: %v", err)
			}
			now := time.Now()
			for _, m := range h {
				if _, ok := seen[m.Step]; !ok {
					seen[m.Step] = now
				}
			}
		}
		if _, done, _ := l.state(); done && len(seen) > steps {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	_, _, err := l.state()
	if err != nil {
		t.Fatalf("logger failed: %v", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	worst := time.Duration(0)
	for step, at := range l.logged {
		got, ok := seen[step]
		if !ok {
			t.Errorf("step %d was logged but never seen", step)
			continue
		}
		if lag := got.Sub(at); lag > worst {
			worst = lag
		}
	}
	if worst > 2*time.Second {
		t.Errorf("a point took %v to show up (limit 2s)", worst)
	}
	if len(l.logged) != steps {
		t.Errorf("logger reported %d of %d steps", len(l.logged), steps)
	}
	if reads >= polls {
		t.Errorf("history re-read on every poll (%d reads, %d polls): the stamp never held still", reads, polls)
	}
	t.Logf("%d points, worst lag %v, %d polls, %d history reads", len(l.logged), worst, polls, reads)
}

func TestLiveSQLite(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "mlflow.db")
	const steps = 15
	l := startLogger(t, "sqlite:///"+db, steps, "0.4")
	followLive(t, func() client.Store {
		s, err := Open(context.Background(), Resolution{Kind: KindSQLite, Path: db, URI: "sqlite:///" + db}, Options{ReadOnly: true, Getenv: noEnv})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}, l, steps)
}

func TestLiveFileStore(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "mlruns")
	const steps = 15
	l := startLogger(t, "file://"+root, steps, "0.4")
	followLive(t, func() client.Store {
		s, err := Open(context.Background(), Resolution{Kind: KindFile, Path: root, URI: "file://" + root}, Options{ReadOnly: true, Getenv: noEnv})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}, l, steps)
}
