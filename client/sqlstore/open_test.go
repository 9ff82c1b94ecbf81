package sqlstore

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mltui/client"
)

func wantKind(t *testing.T, err error, kind client.ErrorKind, contains ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want a %v error, got none", kind)
	}
	if client.KindOf(err) != kind {
		t.Fatalf("want kind %v, got %v: %v", kind, client.KindOf(err), err)
	}
	for _, c := range contains {
		if !strings.Contains(err.Error(), c) {
			t.Errorf("error %q does not mention %q", err.Error(), c)
		}
	}
}

func TestOpenRejectsWhatIsNotAnMLflowDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	missing := filepath.Join(dir, "nope.db")
	_, err := Open(ctx, missing, Options{})
	wantKind(t, err, client.KindNotFound, missing, "no such file")

	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o644)
	_, err = Open(ctx, empty, Options{})
	wantKind(t, err, client.KindCorrupt, empty, "empty")

	text := filepath.Join(dir, "notes.db")
	os.WriteFile(text, []byte("just some text, definitely not sqlite\n"), 0o644)
	_, err = Open(ctx, text, Options{})
	wantKind(t, err, client.KindCorrupt, text, "not an SQLite database file")

	_, err = Open(ctx, dir, Options{})
	wantKind(t, err, client.KindCorrupt, "directory")

	other := filepath.Join(dir, "other.db")
	db, _ := sql.Open("sqlite", other)
	if _, err := db.Exec("CREATE TABLE stuff (a INTEGER)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = Open(ctx, other, Options{})
	wantKind(t, err, client.KindCorrupt, other, "not an MLflow tracking database: it has no alembic_version table")

	// A path under a regular file cannot be read at all (a stand-in for an
	// unreadable file: these tests run as root, where chmod 000 reads fine).
	under := filepath.Join(text, "x.db")
	_, err = Open(ctx, under, Options{})
	wantKind(t, err, client.KindUnavailable, under)
}

func TestOpenUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: chmod 000 does not stop root from reading; covered by the not-a-directory case in TestOpenRejectsWhatIsNotAnMLflowDatabase")
	}
	f := newFixture(t)
	os.Chmod(f.path, 0)
	defer os.Chmod(f.path, 0o644)
	_, err := Open(context.Background(), f.path, Options{})
	wantKind(t, err, client.KindPermissionDenied, f.path)
}

func TestOpenTruncatedDatabase(t *testing.T) {
	f := newFixture(t)
	seed(f)
	raw, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "cut.db")
	os.WriteFile(cut, raw[:len(raw)/2], 0o644)
	_, err = Open(context.Background(), cut, Options{})
	wantKind(t, err, client.KindCorrupt, cut, "truncated")

	tiny := filepath.Join(t.TempDir(), "tiny.db")
	os.WriteFile(tiny, raw[:40], 0o644)
	_, err = Open(context.Background(), tiny, Options{})
	wantKind(t, err, client.KindCorrupt, "truncated")
}

func TestCorruptPagesGiveErrorsNotPanics(t *testing.T) {
	f := newFixture(t)
	seed(f)
	raw, _ := os.ReadFile(f.path)
	// Scribble over every page but the first, keeping the header valid.
	for i := 4096; i < len(raw); i++ {
		raw[i] = byte(i * 7)
	}
	p := filepath.Join(t.TempDir(), "scribbled.db")
	os.WriteFile(p, raw, 0o644)
	s, err := Open(context.Background(), p, Options{})
	if err != nil {
		wantKind(t, err, client.KindCorrupt, p)
		return
	}
	defer s.Close()
	_, err = s.SearchRuns(context.Background(), client.RunQuery{ExperimentIDs: []string{"1"}})
	if err == nil {
		t.Fatal("reading scribbled pages succeeded")
	}
	if k := client.KindOf(err); k != client.KindCorrupt {
		t.Errorf("kind %v, want corrupt: %v", k, err)
	}
}

func TestDescribe(t *testing.T) {
	f := newFixture(t)
	s := f.open(Options{})
	info, err := s.Describe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if info.Kind != "sqlite" || info.Version == "" || !strings.HasSuffix(info.URI, f.path) || info.Workspace != "default" {
		t.Errorf("Describe = %+v", info)
	}
}

func TestReadsNeverWrite(t *testing.T) {
	f := newFixture(t)
	seed(f)
	before, _ := os.Stat(f.path)
	s := f.open(Options{})
	ctx := context.Background()
	if _, err := s.SearchRuns(ctx, client.RunQuery{ExperimentIDs: []string{"1", "2"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, "DELETE FROM runs"); err == nil {
		t.Fatal("the read pool accepted a write")
	}
	after, _ := os.Stat(f.path)
	if !after.ModTime().Equal(before.ModTime()) || after.Size() != before.Size() {
		t.Error("reading changed the file")
	}
}
