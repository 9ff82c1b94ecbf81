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
	if err := as.(client.AliasSwapper).SwapAlias(ctx, "iris-classifier", "champion", "3", "4"); err != nil {
		t.Fatal(err)
	}
	if _, err := as.TransitionStage(ctx, "iris-classifier", "4", "Production", true); err != nil {
		t.Fatal(err)
	}
	if err := as.SetAlias(ctx, "iris-classifier", "challenger", "99"); err == nil {
		t.Fatal("an alias set on a missing version was taken")
	}
	if err := as.SetRegisteredModelTag(ctx, "iris-classifier", "audited_by", "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := as.UpdateModelVersionDescription(ctx, "iris-classifier", "4", "reviewed"); err != nil {
		t.Fatal(err)
	}
	if _, err := as.CreateRegisteredModel(ctx, "audit-new"); err != nil {
		t.Fatal(err)
	}
	out, err := os.ReadFile(filepath.Join(dir, "state", "audit.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 7 {
		t.Fatalf("audit lines = %d:\n%s", len(lines), out)
	}
	var es []Entry
	for _, l := range lines {
		var e Entry
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatal(err)
		}
		es = append(es, e)
	}
	e := es[0]
	want := Entry{Time: "2026-12-07T11:00:00Z", User: "alice", Fingerprint: "SHA256:abc", Op: "set version tag",
		Args: []string{"mnist-mlp", "1", "reviewed_by", "alice"}}
	if e.Time != want.Time || e.User != want.User || e.Fingerprint != want.Fingerprint || e.Op != want.Op || strings.Join(e.Args, ",") != strings.Join(want.Args, ",") || e.Error != "" {
		t.Fatalf("audit line %+v, want %+v", e, want)
	}
	for _, c := range []struct {
		line          int
		before, after string
	}{
		{0, `{"tag reviewed_by":null}`, `{"tag reviewed_by":"alice"}`},
		{1, `{"alias champion":"3"}`, `{"alias champion":"4"}`},
		{2, `{"stage of 2":"Production","stage of 4":"None"}`, `{"stage of 2":"Archived","stage of 4":"Production"}`},
		// refused by the store: nothing changed, and the line says why
		{3, `{"alias challenger":"4"}`, `{"alias challenger":"4"}`},
		{4, `{"tag audited_by":null}`, `{"tag audited_by":"alice"}`},
		{5, `{"description":"Entropy split, min_samples_split=4. Challenger: beats the champion on f1_macro."}`, `{"description":"reviewed"}`},
		{6, `{"model audit-new":null}`, `{"model audit-new":"audit-new"}`},
	} {
		b, _ := json.Marshal(es[c.line].Before)
		a, _ := json.Marshal(es[c.line].After)
		if string(b) != c.before || string(a) != c.after || es[c.line].StateError != "" {
			t.Errorf("line %d (%s): before %s after %s (state error %q), want %s → %s", c.line, es[c.line].Op, b, a, es[c.line].StateError, c.before, c.after)
		}
	}
	if es[3].Error == "" {
		t.Errorf("the refused write's line has no error: %+v", es[3])
	}
}
