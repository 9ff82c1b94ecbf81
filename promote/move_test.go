package promote

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"mltui/client"
	"mltui/internal/promotetest"
)

var fixedNow = func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }

func newService(s client.Store) *Service {
	return &Service{Store: s, Actor: "alice", Now: fixedNow}
}

func holder(t *testing.T, s client.Store, alias string) string {
	t.Helper()
	m, err := s.GetRegisteredModel(context.Background(), "iris-classifier")
	if err != nil {
		t.Fatal(err)
	}
	v, _ := m.AliasVersion(alias)
	return v
}

func findField(c Change, object, field string) (FieldChange, bool) {
	for _, f := range c.Fields {
		if f.Object == object && f.Field == field {
			return f, true
		}
	}
	return FieldChange{}, false
}

func TestMoveAliasReportsExactlyWhatChanged(t *testing.T) {
	st := promotetest.Iris()
	c, err := newService(st).MoveAlias(context.Background(), Move{Model: "iris-classifier", Alias: "champion", To: "4", Expect: Holder("3")})
	if err != nil {
		t.Fatal(err)
	}
	if got := holder(t, st, "champion"); got != "4" {
		t.Fatalf("champion is on v%s after the move", got)
	}
	f, ok := findField(c, "iris-classifier", "alias champion")
	if !ok || *f.Before != "3" || *f.After != "4" {
		t.Fatalf("alias change missing or wrong: %+v in %v", f, c.Fields)
	}
	for key, want := range map[string]string{TagPromotedBy: "alice", TagPromotedAt: "2026-03-01T12:00:00Z", TagPreviousVersion: "3", TagPromotedAlias: "champion"} {
		f, ok := findField(c, "iris-classifier v4", "tag "+key)
		if !ok || f.Before != nil || *f.After != want {
			t.Errorf("tag %s: %+v (found %v), want (none) → %s", key, f, ok, want)
		}
	}
	if len(c.Unexpected) != 0 || len(c.Warnings) != 0 {
		t.Errorf("unexpected %v warnings %v", c.Unexpected, c.Warnings)
	}
	if c.Recorded == nil || c.Recorded.From != "3" || c.Recorded.To != "4" {
		t.Fatalf("history entry %+v", c.Recorded)
	}
	m, _ := st.GetRegisteredModel(context.Background(), "iris-classifier")
	raw, _ := m.Tag(HistoryTag)
	h, err := ParseHistory(raw)
	if err != nil || len(h) != 1 || h[0].By != "alice" {
		t.Fatalf("history tag %q: %v", raw, err)
	}
	if s := c.String(); !strings.Contains(s, "alias champion v3 → v4") {
		t.Errorf("report does not say champion v3 → v4:\n%s", s)
	}
}

func TestMoveAliasStaleScreenRefusesAndShowsNewHolder(t *testing.T) {
	st := promotetest.Iris()
	// The screen loaded champion=v3; someone else moved it to v5 since.
	if err := st.SetAlias(context.Background(), "iris-classifier", "champion", "5"); err != nil {
		t.Fatal(err)
	}
	before := st.CallCount("SetAlias")
	_, err := newService(st).MoveAlias(context.Background(), Move{Model: "iris-classifier", Alias: "champion", To: "4", Expect: Holder("3")})
	if client.KindOf(err) != client.KindConflict {
		t.Fatalf("err = %v, want a conflict", err)
	}
	var ce *ConflictError
	if !errors.As(err, &ce) || ce.Actual != "5" || !ce.Present {
		t.Fatalf("conflict does not carry the new holder: %+v", ce)
	}
	if v, _ := ce.Current.Model.AliasVersion("champion"); v != "5" {
		t.Fatalf("conflict's current state shows v%s", v)
	}
	if !strings.Contains(err.Error(), "v5") || !strings.Contains(err.Error(), "v3") {
		t.Errorf("message should name both holders: %v", err)
	}
	if st.CallCount("SetAlias") != before || st.CallCount("SetModelVersionTag") != 0 || st.CallCount("SetRegisteredModelTag") != 0 {
		t.Fatalf("something was written: %v", st.Calls)
	}
	if got := holder(t, st, "champion"); got != "5" {
		t.Fatalf("champion overwritten to v%s", got)
	}
}

func TestMoveAliasExpectNoneButExists(t *testing.T) {
	st := promotetest.Iris()
	_, err := newService(st).MoveAlias(context.Background(), Move{Model: "iris-classifier", Alias: "champion", To: "4", Expect: Holder("")})
	if client.KindOf(err) != client.KindConflict {
		t.Fatalf("err = %v, want conflict", err)
	}
	c, err := newService(st).MoveAlias(context.Background(), Move{Model: "iris-classifier", Alias: "new-alias", To: "2", Expect: Holder("")})
	if err != nil {
		t.Fatal(err)
	}
	f, ok := findField(c, "iris-classifier", "alias new-alias")
	if !ok || f.Before != nil || *f.After != "2" {
		t.Fatalf("new alias change: %+v", f)
	}
	if f, _ := findField(c, "iris-classifier v2", "tag "+TagPreviousVersion); f.After == nil || *f.After != "none" {
		t.Fatalf("previous_version for a new alias: %+v", f)
	}
}

func TestMoveAliasReadBackReportsInterleavedWrite(t *testing.T) {
	st := promotetest.Iris()
	moved := false
	// Right after our alias write, another client moves champion to v5.
	st.BeforeWrite = func(op string) {
		if op == "SetModelVersionTag" && !moved {
			moved = true
			_ = st.ExternalSetAlias("iris-classifier", "champion", "5")
		}
	}
	c, err := newService(st).MoveAlias(context.Background(), Move{Model: "iris-classifier", Alias: "champion", To: "4", Expect: Holder("3")})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Unexpected) == 0 {
		t.Fatalf("read-back after an interleaved write reported nothing unexpected: %v", c)
	}
	if !strings.Contains(strings.Join(c.Unexpected, "\n"), "v5") {
		t.Errorf("unexpected should name v5: %v", c.Unexpected)
	}
}

func TestMoveAliasAtomicSwapRefusesConcurrentPromoter(t *testing.T) {
	st := promotetest.Iris()
	sw := promotetest.Swapper{Store: st}
	// Between our check and our swap another promoter moves champion.
	st.BeforeWrite = func(op string) {
		if op == "SwapAlias" {
			st.BeforeWrite = nil
			_ = st.ExternalSetAlias("iris-classifier", "champion", "5")
		}
	}
	_, err := newService(sw).MoveAlias(context.Background(), Move{Model: "iris-classifier", Alias: "champion", To: "4", Expect: Holder("3")})
	var ce *ConflictError
	if !errors.As(err, &ce) || ce.Actual != "5" {
		t.Fatalf("err = %v, want a conflict showing v5", err)
	}
	if got := holder(t, st, "champion"); got != "5" {
		t.Fatalf("champion = v%s, the other promoter's v5 was overwritten", got)
	}
	if st.CallCount("SetAlias") != 0 {
		t.Fatal("fell back to the non-atomic SetAlias")
	}
}

func TestMoveAliasNoOpAndValidation(t *testing.T) {
	st := promotetest.Iris()
	c, err := newService(st).MoveAlias(context.Background(), Move{Model: "iris-classifier", Alias: "champion", To: "3", Expect: Holder("3")})
	if err != nil || !c.NoOp {
		t.Fatalf("moving to the current holder: %v %+v", err, c)
	}
	for _, m := range []Move{
		{Model: "iris-classifier", Alias: "latest", To: "4"},
		{Model: "iris-classifier", Alias: "v2", To: "4"},
		{Model: "iris-classifier", Alias: "bad name", To: "4"},
		{Model: "iris-classifier", Alias: "ok", To: "four"},
	} {
		if _, err := newService(st).MoveAlias(context.Background(), m); client.KindOf(err) != client.KindInvalidParameter {
			t.Errorf("%+v: err = %v, want invalid parameter", m, err)
		}
	}
	_, err = newService(st).MoveAlias(context.Background(), Move{Model: "iris-classifier", Alias: "champion", To: "99", Expect: Holder("3")})
	if client.KindOf(err) != client.KindNotFound {
		t.Fatalf("missing version: %v", err)
	}
	if st.CallCount("SetAlias") != 0 {
		t.Fatalf("writes happened: %v", st.Calls)
	}
}

func TestReadOnlyRefusesEveryWrite(t *testing.T) {
	st := promotetest.Iris()
	svc := newService(client.ReadOnly(st))
	ctx := context.Background()
	errs := []error{}
	_, err := svc.MoveAlias(ctx, Move{Model: "iris-classifier", Alias: "champion", To: "4", Expect: Holder("3")})
	errs = append(errs, err)
	_, err = svc.DeleteAlias(ctx, "iris-classifier", "champion", Holder("3"), "")
	errs = append(errs, err)
	_, err = svc.SetVersionTag(ctx, "iris-classifier", "4", "k", "v", Absent())
	errs = append(errs, err)
	_, err = svc.TransitionStage(ctx, "iris-classifier", "4", "Production", true, Value("None"))
	errs = append(errs, err)
	_, _, err = svc.Rollback(ctx, "iris-classifier", "champion", Holder("3"))
	errs = append(errs, err)
	for i, err := range errs {
		if client.KindOf(err) != client.KindReadOnly {
			t.Errorf("write %d: err = %v, want read-only", i, err)
		}
	}
	for _, c := range st.Calls {
		if strings.HasPrefix(c, "Set") || strings.HasPrefix(c, "Delete") || strings.HasPrefix(c, "Update") || c == "TransitionStage" {
			t.Fatalf("a write reached the store: %v", st.Calls)
		}
	}
}

func TestPermissionDeniedIsExplained(t *testing.T) {
	st := promotetest.Iris()
	st.Fail = func(op string) error {
		if op == "SetAlias" || op == "DeleteAlias" {
			return &client.Error{Kind: client.KindPermissionDenied, Status: 403, Message: "Permission denied"}
		}
		return nil
	}
	_, err := newService(st).MoveAlias(context.Background(), Move{Model: "iris-classifier", Alias: "champion", To: "4", Expect: Holder("3")})
	if client.KindOf(err) != client.KindPermissionDenied {
		t.Fatalf("err = %v", err)
	}
	if got := Explain(err, "iris-classifier", NeedEdit); got != "permission denied: you need EDIT on model iris-classifier; nothing was changed" {
		t.Errorf("Explain = %q", got)
	}
	_, err = newService(st).DeleteAlias(context.Background(), "iris-classifier", "champion", Holder("3"), "")
	if got := Explain(err, "iris-classifier", NeedManage); !strings.Contains(got, "MANAGE on model iris-classifier") {
		t.Errorf("Explain = %q", got)
	}
	if holder(t, st, "champion") != "3" || st.CallCount("SetModelVersionTag") != 0 {
		t.Fatal("a refused alias move still changed something")
	}
}

func TestRollbackRestoresPreviousHolder(t *testing.T) {
	st := promotetest.Iris()
	svc := newService(st)
	ctx := context.Background()
	if _, err := svc.MoveAlias(ctx, Move{Model: "iris-classifier", Alias: "champion", To: "4", Expect: Holder("3")}); err != nil {
		t.Fatal(err)
	}
	c, plan, err := svc.Rollback(ctx, "iris-classifier", "champion", Holder("4"))
	if err != nil {
		t.Fatal(err)
	}
	if plan.To != "3" || plan.Basis != "history" {
		t.Fatalf("plan %+v", plan)
	}
	if got := holder(t, st, "champion"); got != "3" {
		t.Fatalf("champion = v%s after rollback", got)
	}
	if c.Recorded == nil || c.Recorded.Note != "rollback" {
		t.Fatalf("rollback not recorded: %+v", c.Recorded)
	}
	// A stale screen cannot roll back.
	if _, _, err := svc.Rollback(ctx, "iris-classifier", "champion", Holder("4")); client.KindOf(err) != client.KindConflict {
		t.Fatalf("stale rollback: %v", err)
	}
}

func TestPlanRollbackFallsBackToVersionTag(t *testing.T) {
	m := client.RegisteredModel{Name: "m", Aliases: []client.AliasRef{{Alias: "champion", Version: "7"}}}
	hv := client.ModelVersion{Version: "7", Tags: []client.Tag{{Key: TagPreviousVersion, Value: "6"}, {Key: TagPromotedAlias, Value: "champion"}}}
	p, err := PlanRollback(m, &hv, "champion")
	if err != nil || p.To != "6" || p.Basis != "previous_version tag" {
		t.Fatalf("plan %+v err %v", p, err)
	}
	// The tag recorded a promotion to another alias: no basis.
	hv.Tags[1].Value = "staging"
	if _, err := PlanRollback(m, &hv, "champion"); client.KindOf(err) != client.KindNotFound {
		t.Fatalf("err = %v, want not found", err)
	}
	// History wins over the tag, and "none" means delete.
	m.Tags = []client.Tag{{Key: HistoryTag, Value: `[{"alias":"champion","to":"7","at":"x"}]`}}
	p, err = PlanRollback(m, &hv, "champion")
	if err != nil || p.To != "" || p.Basis != "history" {
		t.Fatalf("plan %+v err %v", p, err)
	}
}

func TestRollbackOfNewAliasDeletesIt(t *testing.T) {
	st := promotetest.Iris()
	svc := newService(st)
	ctx := context.Background()
	if _, err := svc.MoveAlias(ctx, Move{Model: "iris-classifier", Alias: "canary", To: "5", Expect: Absent()}); err != nil {
		t.Fatal(err)
	}
	c, _, err := svc.Rollback(ctx, "iris-classifier", "canary", Holder("5"))
	if err != nil {
		t.Fatal(err)
	}
	if holder(t, st, "canary") != "" {
		t.Fatal("canary still exists")
	}
	if f, ok := findField(c, "iris-classifier", "alias canary"); !ok || f.After != nil {
		t.Fatalf("report: %v", c.Fields)
	}
}
