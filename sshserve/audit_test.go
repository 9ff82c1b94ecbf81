package sshserve

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mltui/client"
	"mltui/client/store"
)

func TestAuditLine(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "mlflow.db")
	b, err := os.ReadFile(filepath.Join("..", "testdata", "demo", "mlflow.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(db, b, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r, err := store.Resolve(store.Inputs{FlagURI: "sqlite:///" + db, Cwd: dir})
	if err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(ctx, r, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, err := NewAudit(filepath.Join(dir, "state", "audit.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	a.now = func() time.Time { return time.Date(2026, 12, 7, 11, 0, 0, 0, time.UTC) }
	as := Audited(s, a, "alice", "SHA256:abc")
	if client.IsReadOnly(as) {
		t.Fatal("an audited store reads as read-only")
	}
	_, innerStamps := s.(client.ChangeStamper)
	_, stamps := as.(client.ChangeStamper)
	if stamps != innerStamps {
		t.Fatal("the audit wrapper changed the store's ChangeStamper")
	}
	if err := as.SetModelVersionTag(ctx, "mnist-mlp", "1", "reviewed_by", "alice"); err != nil {
		t.Fatal(err)
	}
	out, err := os.ReadFile(filepath.Join(dir, "state", "audit.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 1 {
		t.Fatalf("audit lines = %d:\n%s", len(lines), out)
	}
	var e Entry
	if err := json.Unmarshal([]byte(lines[0]), &e); err != nil {
		t.Fatal(err)
	}
	want := Entry{Time: "2026-12-07T11:00:00Z", User: "alice", Fingerprint: "SHA256:abc", Op: "set version tag",
		Args: []string{"mnist-mlp", "1", "reviewed_by", "alice"}}
	if e.Time != want.Time || e.User != want.User || e.Fingerprint != want.Fingerprint || e.Op != want.Op || strings.Join(e.Args, ",") != strings.Join(want.Args, ",") || e.Error != "" {
		t.Fatalf("audit line %+v, want %+v", e, want)
	}
}
