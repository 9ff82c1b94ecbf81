package rest

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Secrets used by tests; every error string is checked not to contain them.
const (
	testPassword = "pa55-w0rd-xyz"
	testToken    = "tok-3f9a1c7e"
)

// scripted is an httptest server that answers from a list of handlers, one
// per request (the last repeats), and records what it received.
type scripted struct {
	*httptest.Server
	mu       sync.Mutex
	steps    []http.HandlerFunc
	requests []recorded
}

type recorded struct {
	Method, Path, RawQuery string
	EscapedPath            string
	Header                 http.Header
	Body                   string
}

func newScripted(t *testing.T, steps ...http.HandlerFunc) *scripted {
	t.Helper()
	s := &scripted{steps: steps}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 0, 512)
		buf := make([]byte, 512)
		for {
			n, err := r.Body.Read(buf)
			b = append(b, buf[:n]...)
			if err != nil {
				break
			}
		}
		s.mu.Lock()
		i := len(s.requests)
		s.requests = append(s.requests, recorded{r.Method, r.URL.Path, r.URL.RawQuery, r.URL.EscapedPath(), r.Header.Clone(), string(b)})
		h := s.steps[min(i, len(s.steps)-1)]
		s.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *scripted) got() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.requests...)
}

func reply(status int, contentType, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

func jsonReply(status int, body string, headers ...string) http.HandlerFunc {
	return reply(status, "application/json", body, headers...)
}

// testClient builds a client for url with tiny backoffs so retries are fast.
func testClient(t testing.TB, url string, mutate ...func(*Config)) *Client {
	t.Helper()
	cfg := DefaultConfig(url)
	cfg.BackoffFactor = time.Millisecond
	cfg.BackoffMax = 5 * time.Millisecond
	cfg.BackoffJitter = 0
	cfg.Timeout = 5 * time.Second
	cfg.RetryAfterMax = 2 * time.Second
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func withBasic(c *Config) {
	c.Auth, c.AuthSource, c.Username, c.Password = AuthBasic, "MLFLOW_TRACKING_USERNAME/PASSWORD", "alice", testPassword
}

func withToken(c *Config) {
	c.Auth, c.AuthSource, c.Token = AuthBearer, "MLFLOW_TRACKING_TOKEN", testToken
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// assertNoSecrets fails if any test secret (or its Basic encoding) appears.
func assertNoSecrets(t *testing.T, texts ...string) {
	t.Helper()
	for _, s := range texts {
		for _, secret := range []string{testPassword, testToken, basicValue("alice", testPassword)} {
			if strings.Contains(s, secret) {
				t.Fatalf("secret %q leaked in %q", secret, s)
			}
		}
	}
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }
