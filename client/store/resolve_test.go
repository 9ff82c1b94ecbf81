package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func mkExperiment(t *testing.T, mlruns, id string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(mlruns, id), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mlruns, id, "meta.yaml"), []byte("experiment_id: '"+id+"'\nname: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func sqliteFile(t *testing.T, p string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, append([]byte("SQLite format 3\x00"), make([]byte, 84)...), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestResolveURIs(t *testing.T) {
	cwd := t.TempDir()
	sqliteFile(t, filepath.Join(cwd, "data", "custom.store"))
	os.MkdirAll(filepath.Join(cwd, "mystore"), 0o755)
	os.WriteFile(filepath.Join(cwd, "notes.txt"), []byte("hello"), 0o644)
	cases := []struct {
		uri, kind, path string
	}{
		{"sqlite:///rel.db", KindSQLite, filepath.Join(cwd, "rel.db")},
		{"sqlite:///sub/dir/m.db?mode=ro", KindSQLite, filepath.Join(cwd, "sub/dir/m.db")},
		{"sqlite:////abs/x.db", KindSQLite, "/abs/x.db"},
		{"SQLITE:////abs/x.db", KindSQLite, "/abs/x.db"},
		{"sqlite:///my%20db.db", KindSQLite, filepath.Join(cwd, "my db.db")},
		{"file:///abs/mlruns", KindFile, "/abs/mlruns"},
		{"file://localhost/abs/mlruns", KindFile, "/abs/mlruns"},
		{"file:///abs/my%20runs", KindFile, "/abs/my runs"},
		{"file:rel/mlruns", KindFile, filepath.Join(cwd, "rel/mlruns")},
		{"mystore", KindFile, filepath.Join(cwd, "mystore")},
		{"./mystore/", KindFile, filepath.Join(cwd, "mystore")},
		{"data/custom.store", KindSQLite, filepath.Join(cwd, "data/custom.store")},
		{"new.db", KindSQLite, filepath.Join(cwd, "new.db")},
		{"/abs/elsewhere.sqlite3", KindSQLite, "/abs/elsewhere.sqlite3"},
		{"http://127.0.0.1:5000", KindREST, ""},
		{"https://user:pw@mlflow.example.com/prefix", KindREST, ""},
	}
	for _, c := range cases {
		r, err := Resolve(Inputs{FlagURI: c.uri, Cwd: cwd})
		if err != nil {
			t.Errorf("%s: %v", c.uri, err)
			continue
		}
		if r.Kind != c.kind || r.Path != c.path || r.Source != "--tracking-uri" || r.URI != c.uri {
			t.Errorf("%s → %+v, want kind %s path %s", c.uri, r, c.kind, c.path)
		}
	}
	bad := map[string]string{
		"sqlite://host/x.db":     "expected sqlite:///relative.db or sqlite:////absolute.db",
		"sqlite:///":             "no database file",
		"sqlite:///:memory:":     "in-memory",
		"file://otherhost/p":     "not this machine",
		"postgresql://u:pw@h/db": "cannot open this store directly",
		"databricks":             "cannot open this store directly",
		"s3://bucket/x":          "unsupported scheme",
		"nothing-here":           "no such directory or database file",
		"notes.txt":              "is a file but not an SQLite database",
		"http://":                "not a valid http(s) URL",
	}
	for uri, want := range bad {
		_, err := Resolve(Inputs{EnvURI: uri, Cwd: cwd})
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "MLFLOW_TRACKING_URI") {
			t.Errorf("%s: %v, want an error mentioning %q and the source", uri, err, want)
		}
	}
	_, err := Resolve(Inputs{FlagURI: "postgresql://u:secret@h/db", Cwd: cwd})
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("credentials in the error: %v", err)
	}
}

func TestResolveOrder(t *testing.T) {
	cwd := t.TempDir()
	mlruns := filepath.Join(cwd, "mlruns")
	db := filepath.Join(cwd, "mlflow.db")

	r, err := Resolve(Inputs{FlagURI: "sqlite:///a.db", EnvURI: "sqlite:///b.db", ProfileName: "p", ProfileURI: "sqlite:///c.db", Cwd: cwd})
	if err != nil || r.Path != filepath.Join(cwd, "a.db") || r.Source != "--tracking-uri" {
		t.Errorf("flag first: %+v %v", r, err)
	}
	r, _ = Resolve(Inputs{EnvURI: "sqlite:///b.db", ProfileName: "p", ProfileURI: "sqlite:///c.db", Cwd: cwd})
	if r.Path != filepath.Join(cwd, "b.db") || r.Source != "MLFLOW_TRACKING_URI" {
		t.Errorf("env second: %+v", r)
	}
	r, _ = Resolve(Inputs{ProfileName: "gpu", ProfileURI: "sqlite:///c.db", Cwd: cwd})
	if r.Path != filepath.Join(cwd, "c.db") || r.Source != "profile gpu" {
		t.Errorf("profile third: %+v", r)
	}

	_, err = Resolve(Inputs{Cwd: cwd})
	if err == nil || !strings.Contains(err.Error(), cwd) {
		t.Errorf("nothing found: %v", err)
	}
	r, _ = Resolve(Inputs{Cwd: cwd, DemoPath: "/demo/mlflow.db"})
	if r.Kind != KindSQLite || r.Path != "/demo/mlflow.db" || r.Source != "demo store" {
		t.Errorf("demo: %+v", r)
	}

	// An mlruns folder holding only artifacts (a SQLite store's local runs)
	// is not a file store: MLflow looks for a digit folder with meta.yaml.
	os.MkdirAll(filepath.Join(mlruns, "1", "abc", "artifacts"), 0o755)
	os.MkdirAll(filepath.Join(mlruns, ".trash"), 0o755)
	sqliteFile(t, db)
	r, _ = Resolve(Inputs{Cwd: cwd})
	if r.Kind != KindSQLite || r.Path != db || r.Source != "./mlflow.db" {
		t.Errorf("artifact-only mlruns beside mlflow.db: %+v", r)
	}
	mkExperiment(t, mlruns, "0")
	r, _ = Resolve(Inputs{Cwd: cwd})
	if r.Kind != KindFile || r.Path != mlruns || r.Source != "./mlruns" || r.URI != "file://"+mlruns {
		t.Errorf("mlruns with an experiment wins over mlflow.db: %+v", r)
	}
}

func TestHoldsExperiments(t *testing.T) {
	dir := t.TempDir()
	if HoldsExperiments(filepath.Join(dir, "missing")) {
		t.Error("missing dir")
	}
	os.MkdirAll(filepath.Join(dir, "models", "m"), 0o755)
	os.WriteFile(filepath.Join(dir, "models", "meta.yaml"), nil, 0o644)
	os.MkdirAll(filepath.Join(dir, "abc"), 0o755)
	os.WriteFile(filepath.Join(dir, "abc", "meta.yaml"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "123"), nil, 0o644) // a file, not a folder
	if HoldsExperiments(dir) {
		t.Error("only non-digit folders and a digit file hold meta.yaml")
	}
	target := t.TempDir()
	mkExperiment(t, target, "7")
	os.Symlink(filepath.Join(target, "7"), filepath.Join(dir, "7"))
	if !HoldsExperiments(dir) {
		t.Error("a symlinked experiment folder counts, as MLflow's scandir follows it")
	}
}

func TestRedact(t *testing.T) {
	cases := map[string]string{
		"https://user:pw@host/x":                 "https://***@host/x",
		"https://host/x?token=abc&page=2":        "https://host/x?page=2&token=%2A%2A%2A",
		"sqlite:////abs/x.db":                    "sqlite:////abs/x.db",
		"/plain/path":                            "/plain/path",
		"http://alice:p w@h%zz/":                 "http://***@h%zz/",
		"postgresql://u:pw@h/db?sslpassword=abc": "postgresql://***@h/db?sslpassword=%2A%2A%2A",
	}
	for in, want := range cases {
		got := Redact(in)
		if got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
		if strings.Contains(got, "pw") || strings.Contains(got, "abc") || strings.Contains(got, "p w") {
			t.Errorf("Redact(%q) leaks a secret: %q", in, got)
		}
	}
}
