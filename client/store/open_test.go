package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"mltui/client"
)

// mlflowDB makes an empty MLflow 3.18 database from the recorded DDL.
func mlflowDB(t *testing.T) string {
	t.Helper()
	ddl, err := os.ReadFile("../sqlstore/testdata/schema-3.18.sql")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "mlflow.db")
	db, err := sql.Open("sqlite", p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(string(ddl)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (0, 'Default', '', 'active', 1, 1)"); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOpenLocalStores(t *testing.T) {
	ctx := context.Background()
	db := mlflowDB(t)
	for _, c := range []struct {
		in   Inputs
		kind string
	}{
		{Inputs{FlagURI: "sqlite:///" + db, Cwd: "/"}, "sqlite"},
		{Inputs{FlagURI: db, Cwd: "/"}, "sqlite"},
		{Inputs{EnvURI: "file://" + mustAbs(t, "../filestore/testdata/mlruns"), Cwd: "/"}, "file"},
	} {
		r, err := Resolve(c.in)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Open(ctx, r, Options{Getenv: func(string) string { return "" }})
		if err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		info, err := s.Describe(ctx)
		if err != nil || info.Kind != c.kind {
			t.Errorf("%+v: describe %+v %v", r, info, err)
		}
		exps, err := client.AllExperiments(ctx, s, client.ExperimentQuery{})
		if err != nil || len(exps) == 0 {
			t.Errorf("%+v: experiments %v %v", r, exps, err)
		}
		if client.IsReadOnly(s) {
			t.Error("opened read-only without asking")
		}
		s.Close()

		ro, err := Open(ctx, r, Options{ReadOnly: true, Getenv: func(string) string { return "" }})
		if err != nil {
			t.Fatal(err)
		}
		if !client.IsReadOnly(ro) {
			t.Error("ReadOnly option did not wrap the store")
		}
		if _, ok := ro.(client.ChangeStamper); !ok {
			t.Error("the read-only wrapper hides ChangeStamp: a read-only dashboard could not poll cheaply")
		}
		if _, ok := ro.(client.LoggedModelArtifacts); !ok {
			t.Error("the read-only wrapper hides ListLoggedModelArtifacts")
		}
		if err := ro.SetAlias(ctx, "m", "a", "1"); client.KindOf(err) != client.KindReadOnly {
			t.Errorf("read-only write: %v", err)
		}
		ro.Close()
	}
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestOpenErrorsNameTheStoreAndSource(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	notDB := filepath.Join(dir, "x.db")
	os.WriteFile(notDB, []byte("plain text, not sqlite, long enough to hold a header........................................................"), 0o644)
	r, err := Resolve(Inputs{EnvURI: "sqlite:///" + notDB, Cwd: dir})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(ctx, r, Options{})
	if err == nil || client.KindOf(err) != client.KindCorrupt || !strings.Contains(err.Error(), "MLFLOW_TRACKING_URI") || !strings.Contains(err.Error(), notDB) {
		t.Errorf("open a non-database: %v", err)
	}
	r, _ = Resolve(Inputs{FlagURI: filepath.Join(dir, "missing.db"), Cwd: dir})
	_, err = Open(ctx, r, Options{})
	if client.KindOf(err) != client.KindNotFound {
		t.Errorf("open a missing database: %v", err)
	}
}

func TestWorkspaceFromEnvironment(t *testing.T) {
	ctx := context.Background()
	db := mlflowDB(t)
	r, _ := Resolve(Inputs{FlagURI: db, Cwd: "/"})
	s, err := Open(ctx, r, Options{Getenv: func(k string) string {
		if k == "MLFLOW_WORKSPACE" {
			return "team-b"
		}
		return ""
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	info, _ := s.Describe(ctx)
	if info.Workspace != "team-b" {
		t.Errorf("workspace = %q", info.Workspace)
	}
	exps, _ := client.AllExperiments(ctx, s, client.ExperimentQuery{})
	if len(exps) != 0 {
		t.Errorf("team-b sees the default workspace's experiments: %+v", exps)
	}
}
