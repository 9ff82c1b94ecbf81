package serving

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// These cover the failures a real scoring server cannot be made to show on demand (a login
// page in front of it, a hang, an old /ping-only server); the integration test in cli checks a
// real `mlflow models serve`.

func TestCheckHTMLLoginPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!DOCTYPE html><title>Sign in</title>"))
	}))
	defer srv.Close()
	r, err := Check(context.Background(), srv.URL, Options{Example: []byte(`{"inputs": [1]}`)})
	if err != nil {
		t.Fatal(err)
	}
	if r.Healthy || r.OK() || !strings.Contains(r.HealthErr, "/health answered HTTP 200 with an HTML page, not a scoring server") {
		t.Fatalf("%+v", r)
	}
	if r.Invoked {
		t.Error("an unhealthy endpoint was sent the example")
	}
}

func TestCheckRedirectToLoginIsNotFollowed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/login", http.StatusFound)
	}))
	defer srv.Close()
	r, _ := Check(context.Background(), srv.URL, Options{})
	if r.Healthy || r.HealthStatus != http.StatusFound || !strings.Contains(r.HealthErr, "answered HTTP 302") {
		t.Fatalf("%+v", r)
	}
}

func TestCheckSlowEndpoint(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	start := time.Now()
	r, _ := Check(context.Background(), srv.URL, Options{Timeout: 200 * time.Millisecond})
	if r.Healthy || r.HealthErr != "/health: no answer within 200ms" {
		t.Fatalf("%+v", r)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s", d)
	}
}

func TestCheckPingOnlyAndErrors(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ping", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("\n")) })
	mux.HandleFunc("POST /invocations", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error_code": "BAD_REQUEST", "message": "Invalid input. Ensure that input is a valid JSON formatted string."}`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	r, _ := Check(context.Background(), srv.URL+"/", Options{Example: []byte(`{"x": 1}`), Pings: 3})
	if !r.Healthy || r.HealthPath != "/ping" || len(r.Latencies) != 3 || r.Version != "" {
		t.Fatalf("%+v", r)
	}
	if r.OK() || r.AnswerStatus != 400 || r.AnswerErr != "HTTP 400 BAD_REQUEST: Invalid input. Ensure that input is a valid JSON formatted string." {
		t.Fatalf("%+v", r)
	}
}

func TestCheckAnswers(t *testing.T) {
	for body, want := range map[string]string{
		`{"predictions": [0, 1, 2]}`: "[0, 1, 2]",
		`[0.5, 0.25]`:                "[0.5, 0.25]",
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				w.Write([]byte(body))
			}
		}))
		r, _ := Check(context.Background(), srv.URL, Options{Example: []byte(`{}`)})
		srv.Close()
		if !r.OK() || string(r.Answer) != want {
			t.Errorf("%s: %+v", body, r)
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			w.Write([]byte("Traceback (most recent call last):\n  ..."))
		}
	}))
	defer srv.Close()
	r, _ := Check(context.Background(), srv.URL, Options{Example: []byte(`{}`)})
	if r.OK() || r.AnswerErr != "/invocations answered with something that is not JSON: Traceback (most recent call last):" {
		t.Fatalf("%+v", r)
	}
}

func TestCheckRefused(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	r, err := Check(context.Background(), "http://"+addr, Options{})
	if err != nil || r.Healthy || !strings.Contains(r.HealthErr, "nothing is listening at http://"+addr+" (connection refused)") {
		t.Fatalf("%+v %v", r, err)
	}
}

func TestCheckBadURL(t *testing.T) {
	for _, u := range []string{"127.0.0.1:5001", "ftp://h/", "http://"} {
		if _, err := Check(context.Background(), u, Options{}); err == nil || !strings.Contains(err.Error(), "want http://host:port") {
			t.Errorf("%s: %v", u, err)
		}
	}
}

func TestMedian(t *testing.T) {
	ms := func(n ...int) []time.Duration {
		var d []time.Duration
		for _, x := range n {
			d = append(d, time.Duration(x)*time.Millisecond)
		}
		return d
	}
	if m := median(ms(5, 1, 3)); m != 3*time.Millisecond {
		t.Error(m)
	}
	if m := median(ms(4, 1, 3, 2)); m != 2500*time.Microsecond {
		t.Error(m)
	}
	if m := median(nil); m != 0 {
		t.Error(m)
	}
}

func TestWrapExample(t *testing.T) {
	for in, want := range map[string]string{
		`{"columns": ["a"], "data": [[1]]}`: `{"dataframe_split":{"columns":["a"],"data":[[1]]}}`,
		`{"dataframe_records": [{"a": 1}]}`: `{"dataframe_records": [{"a": 1}]}`,
		`{"inputs": [[1, 2]]}`:              `{"inputs": [[1, 2]]}`,
		`[[1, 2], [3, 4]]`:                  `{"inputs":[[1,2],[3,4]]}`,
		`{"question": "what is mlflow?"}`:   `{"inputs":{"question":"what is mlflow?"}}`,
		`{"instances": [{"b64": "AAAA"}]}`:  `{"instances": [{"b64": "AAAA"}]}`,
	} {
		got, err := wrapExample([]byte(in), "")
		if err != nil || string(got) != want {
			t.Errorf("%s: %s %v, want %s", in, got, err, want)
		}
	}
	if _, err := wrapExample([]byte("{oops"), ""); err == nil {
		t.Error("not JSON: no error")
	}
}
