package store

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"mltui/client"
)

// The CLI's build version reaches the REST client's User-Agent through
// Options; without one the client names itself plainly.
func TestUserAgentFromOptions(t *testing.T) {
	got := make(chan string, 2)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Get("User-Agent")
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"experiments": []}`))
	}))
	defer srv.Close()
	for _, tc := range []struct{ agent, want string }{{"mltui/1.2.3", "mltui/1.2.3"}, {"", "mltui"}} {
		s, err := Open(t.Context(), Resolution{Kind: KindREST, URI: srv.URL, Source: "test"},
			Options{Getenv: func(string) string { return "" }, Home: t.TempDir(), UserAgent: tc.agent})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SearchExperiments(t.Context(), client.ExperimentQuery{MaxResults: 1}); err != nil {
			t.Fatal(err)
		}
		if ua := <-got; ua != tc.want {
			t.Errorf("User-Agent %q, want %q", ua, tc.want)
		}
		s.Close()
	}
}
