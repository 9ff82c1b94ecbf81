package rest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"mltui/client"
)

type eventLog struct {
	mu     sync.Mutex
	events []client.RetryEvent
}

func (l *eventLog) observe(e client.RetryEvent) {
	l.mu.Lock()
	l.events = append(l.events, e)
	l.mu.Unlock()
}

func (l *eventLog) all() []client.RetryEvent {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]client.RetryEvent(nil), l.events...)
}

func TestRetryOn429And503HonoursRetryAfter(t *testing.T) {
	srv := newScripted(t,
		jsonReply(429, `{"error_code":"REQUEST_LIMIT_EXCEEDED","message":"slow down"}`, "Retry-After", "1"),
		reply(503, "text/plain", "busy", "Retry-After", "0"),
		jsonReply(200, `{"experiment":{"experiment_id":"1","name":"e"}}`),
	)
	c := testClient(t, srv.URL)
	var log eventLog
	ctx := client.WithRetryObserver(context.Background(), log.observe)
	start := time.Now()
	exp, err := c.GetExperiment(ctx, "1")
	if err != nil {
		t.Fatal(err)
	}
	if exp.Name != "e" {
		t.Fatalf("experiment %+v", exp)
	}
	if n := len(srv.got()); n != 3 {
		t.Fatalf("%d requests, want 3", n)
	}
	ev := log.all()
	if len(ev) != 2 {
		t.Fatalf("events %+v", ev)
	}
	want := []client.RetryEvent{
		{Op: "experiments/get", Attempt: 1, Max: 3, Wait: time.Second, Reason: "HTTP 429"},
		{Op: "experiments/get", Attempt: 2, Max: 3, Wait: 0, Reason: "HTTP 503"},
	}
	for i := range want {
		if ev[i] != want[i] {
			t.Errorf("event %d = %+v, want %+v", i, ev[i], want[i])
		}
	}
	if el := time.Since(start); el < time.Second {
		t.Fatalf("Retry-After: 1 not honoured (took %s)", el)
	}
}

func TestRetryAfterIgnoredWhenDisabled(t *testing.T) {
	srv := newScripted(t, reply(429, "", "", "Retry-After", "30"), jsonReply(200, `{}`))
	c := testClient(t, srv.URL, func(c *Config) { c.RespectRetryAfter = false })
	var log eventLog
	if err := c.SetAlias(client.WithRetryObserver(context.Background(), log.observe), "m", "a", "1"); err != nil {
		t.Fatal(err)
	}
	if ev := log.all(); len(ev) != 1 || ev[0].Wait > 10*time.Millisecond {
		t.Fatalf("events %+v: want one short backoff", ev)
	}
}

func TestRetryAfterCapped(t *testing.T) {
	srv := newScripted(t, reply(503, "", "", "Retry-After", "3600"), jsonReply(200, `{}`))
	c := testClient(t, srv.URL, func(c *Config) { c.RetryAfterMax = 20 * time.Millisecond })
	var log eventLog
	if err := c.SetAlias(client.WithRetryObserver(context.Background(), log.observe), "m", "a", "1"); err != nil {
		t.Fatal(err)
	}
	if ev := log.all(); len(ev) != 1 || ev[0].Wait != 20*time.Millisecond {
		t.Fatalf("events %+v: want the wait capped at 20ms", ev)
	}
}

func TestNoRetryOnClientErrors(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 409} {
		srv := newScripted(t, jsonReply(status, `{"error_code":"INVALID_PARAMETER_VALUE","message":"bad"}`))
		c := testClient(t, srv.URL)
		var log eventLog
		_, err := c.GetRun(client.WithRetryObserver(context.Background(), log.observe), "r")
		if err == nil {
			t.Fatalf("%d: no error", status)
		}
		if n := len(srv.got()); n != 1 {
			t.Errorf("%d: %d requests, want 1", status, n)
		}
		if len(log.all()) != 0 {
			t.Errorf("%d: retry events %+v", status, log.all())
		}
	}
}

func TestRetriesExhaustedReturnsLastStatus(t *testing.T) {
	srv := newScripted(t, jsonReply(503, `{"error_code":"TEMPORARILY_UNAVAILABLE","message":"database is locked"}`))
	c := testClient(t, srv.URL, func(c *Config) { c.MaxRetries = 2 })
	var log eventLog
	_, err := c.GetRun(client.WithRetryObserver(context.Background(), log.observe), "r")
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Kind != client.KindUnavailable || ce.Status != 503 || ce.Message != "database is locked" {
		t.Fatalf("err = %#v", err)
	}
	if n := len(srv.got()); n != 3 {
		t.Fatalf("%d requests, want 1 + 2 retries", n)
	}
	if ev := log.all(); len(ev) != 2 || ev[1].Attempt != 2 || ev[1].Max != 2 {
		t.Fatalf("events %+v", ev)
	}
}

func TestRetryEveryWriteMethod(t *testing.T) {
	// POST, PATCH and DELETE are retried as GET is: MLflow's writes here are
	// idempotent and the Python client retries every method.
	calls := map[string]func(*Client, context.Context) error{
		"POST":   func(c *Client, ctx context.Context) error { return c.SetModelVersionTag(ctx, "m", "1", "k", "v") },
		"DELETE": func(c *Client, ctx context.Context) error { return c.DeleteAlias(ctx, "m", "a") },
		"PATCH": func(c *Client, ctx context.Context) error {
			_, err := c.UpdateRegisteredModelDescription(ctx, "m", "d")
			return err
		},
	}
	for method, call := range calls {
		srv := newScripted(t, reply(502, "text/html", "<html>bad gateway</html>"), jsonReply(200, `{}`))
		c := testClient(t, srv.URL)
		if err := call(c, context.Background()); err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		got := srv.got()
		if len(got) != 2 || got[0].Method != method || got[1].Body != got[0].Body || got[1].Body == "" {
			t.Fatalf("%s: requests %+v", method, got)
		}
	}
}

func TestCancelDuringBackoffStopsAtOnce(t *testing.T) {
	srv := newScripted(t, reply(503, "", "", "Retry-After", "60"))
	c := testClient(t, srv.URL, func(c *Config) { c.RetryAfterMax = time.Minute })
	ctx, cancel := context.WithCancel(context.Background())
	ctx = client.WithRetryObserver(ctx, func(client.RetryEvent) { go cancel() })
	start := time.Now()
	_, err := c.GetRun(ctx, "r")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Fatalf("took %s to notice the cancel", el)
	}
}

func TestConnectionRefusedRetriedThenUnavailable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens here now
	cfg, err := ConfigFromEnv("http://alice:"+testPassword+"@"+addr, envMap(nil), "")
	if err != nil {
		t.Fatal(err)
	}
	cfg.BackoffFactor, cfg.BackoffMax, cfg.BackoffJitter = time.Millisecond, time.Millisecond, 0
	cl, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var log eventLog
	start := time.Now()
	_, err = cl.GetRun(client.WithRetryObserver(context.Background(), log.observe), "r")
	if client.KindOf(err) != client.KindUnavailable {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("a closed port should fail fast")
	}
	ev := log.all()
	if len(ev) != 3 || ev[0].Reason != "connection refused" {
		t.Fatalf("events %+v", ev)
	}
	msg := err.Error()
	for _, want := range []string{addr, "connection refused", "gave up after 3 retries"} {
		if !contains(msg, want) {
			t.Errorf("%q lacks %q", msg, want)
		}
	}
	assertNoSecrets(t, msg)
}

func TestBackoffDelay(t *testing.T) {
	f, m := 500*time.Millisecond, 5*time.Second
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}
	for n, w := range want {
		if got := backoffDelay(f, m, 0, n, 0.9); got != w {
			t.Errorf("n=%d: %s, want %s", n, got, w)
		}
	}
	if got := backoffDelay(f, m, time.Second, 0, 0.5); got != time.Second {
		t.Errorf("jitter: %s", got)
	}
	if got := backoffDelay(f, m, 0, 5000, 0); got != m {
		t.Errorf("huge n: %s", got)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"7", 7 * time.Second, true},
		{" 0 ", 0, true},
		{"-3", 0, false},
		{"soon", 0, false},
		{"", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
	}
	for _, c := range cases {
		got, ok := parseRetryAfter(c.in, now)
		if got != c.want || ok != c.ok {
			t.Errorf("%q → %s %v, want %s %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestSlowServerTimesOutAsUnavailable(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	srv := newScripted(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	c := testClient(t, srv.URL, func(c *Config) { c.Timeout = 100 * time.Millisecond; c.MaxRetries = 1 })
	var log eventLog
	start := time.Now()
	_, err := c.GetRun(client.WithRetryObserver(context.Background(), log.observe), "r")
	if client.KindOf(err) != client.KindUnavailable || !contains(err.Error(), "within 100ms") {
		t.Fatalf("err = %v", err)
	}
	if ev := log.all(); len(ev) != 1 || ev[0].Reason != "timeout" {
		t.Fatalf("events %+v: a timeout is retried once", ev)
	}
	if el := time.Since(start); el > 3*time.Second {
		t.Fatalf("took %s", el)
	}
}
