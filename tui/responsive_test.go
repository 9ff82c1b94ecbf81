package tui_test

import (
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mltui/testenv"
)

// slowProxy sits in front of the real server: it delays every answer and
// can go down (connection refused) and come back on the same address.
type slowProxy struct {
	t     *testing.T
	addr  string
	delay atomic.Int64
	fail  atomic.Bool // answer 503 to every API call
	mu    sync.Mutex
	srv   *http.Server
	proxy http.Handler
}

func newSlowProxy(t *testing.T, target string) *slowProxy {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &slowProxy{t: t, proxy: httputil.NewSingleHostReverseProxy(u)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.down)
	return p
}

func (p *slowProxy) URL() string { return "http://" + p.addr }

func (p *slowProxy) serve(ln net.Listener) {
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(time.Duration(p.delay.Load())):
		case <-r.Context().Done():
			return
		}
		if p.fail.Load() && strings.Contains(r.URL.Path, "/api/") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"error_code":"TEMPORARILY_UNAVAILABLE","message":"try later"}`))
			return
		}
		p.proxy.ServeHTTP(w, r)
	})}
	p.mu.Lock()
	p.srv = srv
	p.mu.Unlock()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			p.t.Logf("proxy: %v", err)
		}
	}()
}

// down closes the listener and every connection: clients get refused.
func (p *slowProxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.srv != nil {
		_ = p.srv.Close()
		p.srv = nil
	}
}

// up listens again on the same address.
func (p *slowProxy) up() {
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ {
		if ln, err = net.Listen("tcp", p.addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		p.t.Fatalf("proxy cannot listen on %s again: %v", p.addr, err)
	}
	p.serve(ln)
}

// TestTerminalStaysResponsive: with every answer 3 s late the spinner
// turns and keys work; with the server gone the status bar says so while
// the rows stay; when it returns the screen recovers by itself.
func TestTerminalStaysResponsive(t *testing.T) {
	srv := testenv.Shared(t)
	runningName := runName(t, srv.URL, srv.Summary.Run(t, "running_run"))
	px := newSlowProxy(t, srv.URL)
	px.delay.Store(int64(3 * time.Second))
	tm := startTerm(t, 120, 40, baseEnv(t), mltuiBinary(t), "--tracking-uri", px.URL())

	// While the first answers are held back: the spinner turns...
	first := tm.waitText(5*time.Second, "loading")
	frame := spinnerFrame(first)
	tm.waitFor("the spinner to turn", 2*time.Second, func(s string) bool {
		return strings.Contains(s, "loading") && spinnerFrame(s) != frame
	})
	// ...and keys are handled: help opens and closes.
	tm.keys("?")
	scr := tm.waitText(2*time.Second, "everywhere", "esc or ? closes help")
	if !strings.Contains(scr, "loading") {
		t.Fatalf("help should open while the requests are still in flight:\n%s", scr)
	}
	tm.keys("Escape")
	tm.waitText(10*time.Second, "mnist-mlp", "iris-classification")

	// Quick again; open the runs of mnist-mlp (it has a RUNNING run, so
	// the table refreshes every second).
	px.delay.Store(0)
	tm.keys(":")
	tm.typeText("runs mnist-mlp")
	tm.keys("Enter")
	tm.waitText(15*time.Second, runningName, "runs")

	// Server gone: the status bar says so, the rows stay.
	px.down()
	scr = tm.waitFor("an error in the status bar", 20*time.Second, func(s string) bool {
		return strings.Contains(lastLine(s), "✗")
	})
	if !strings.Contains(scr, runningName) {
		t.Errorf("the rows must stay while the server is down:\n%s", scr)
	}

	// Server back: the next refresh tick recovers without a key press.
	px.up()
	scr = tm.waitFor("the error to clear", 20*time.Second, func(s string) bool {
		return !strings.Contains(lastLine(s), "✗") && strings.Contains(s, runningName)
	})
	if !strings.Contains(lastLine(scr), "ago") {
		t.Errorf("freshness shows again after recovery: %q", lastLine(scr))
	}
	tm.keys("C-c")
	tm.waitFor("the program to exit", 5*time.Second, func(s string) bool { return !strings.Contains(s, "mltui ›") })
}

// TestTerminalRetryProgressCancels: while the server answers 503 the
// status bar counts the retries, and esc cancels them at once.
func TestTerminalRetryProgressCancels(t *testing.T) {
	srv := testenv.Shared(t)
	px := newSlowProxy(t, srv.URL)
	px.fail.Store(true)
	env := baseEnv(t, "MLFLOW_HTTP_REQUEST_MAX_RETRIES=5", "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR=2", "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER=0")
	tm := startTerm(t, 120, 30, env, mltuiBinary(t), "--tracking-uri", px.URL())
	scr := tm.waitFor("retry progress", 15*time.Second, func(s string) bool {
		return strings.Contains(lastLine(s), "retrying") && strings.Contains(lastLine(s), "/5")
	})
	if !strings.Contains(lastLine(scr), "esc cancels") {
		t.Errorf("the status bar says how to cancel: %q", lastLine(scr))
	}
	start := time.Now()
	tm.keys("Escape")
	tm.waitFor("the retries to stop", 3*time.Second, func(s string) bool {
		return !strings.Contains(lastLine(s), "retrying") && strings.Contains(s, "cancelled")
	})
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("cancel took %s", d)
	}
	// The server comes back: r retries by hand.
	px.fail.Store(false)
	tm.keys("r")
	tm.waitText(15*time.Second, "iris-classification")
}

// runName asks the server for a run's name (straight from the REST API,
// not through mltui).
func runName(t *testing.T, base, id string) string {
	t.Helper()
	resp, err := http.Get(base + "/api/2.0/mlflow/runs/get?run_id=" + url.QueryEscape(id))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Run struct {
			Info struct {
				RunName string `json:"run_name"`
			} `json:"info"`
		} `json:"run"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.Run.Info.RunName == "" {
		t.Fatalf("runs/get %s: %v (%s)", id, err, resp.Status)
	}
	return body.Run.Info.RunName
}

// spinnerFrame is the header's spinner glyph (the rune before "loading").
func spinnerFrame(screen string) string {
	l := line(screen, "loading")
	i := strings.Index(l, " loading")
	if i <= 0 {
		return ""
	}
	r := []rune(l[:i])
	return string(r[len(r)-1])
}

func lastLine(screen string) string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	return lines[len(lines)-1]
}
