package promote

import (
	"context"
	"testing"

	"mltui/client"
	"mltui/config"
	"mltui/internal/promotetest"
)

func TestApproveSetsTagAndAlias(t *testing.T) {
	st := promotetest.Iris()
	svc := newService(st)
	ctx := context.Background()
	cfg := articleGates()
	rep, err := Evaluate(ctx, st, cfg, "iris-classifier", "4")
	if err != nil || !rep.Passed {
		t.Fatalf("%+v %v", rep, err)
	}
	c, err := svc.Approve(ctx, cfg, Approval{Model: "iris-classifier", Version: "4", Shown: rep, Alias: "staging", Expect: Absent()})
	if err != nil {
		t.Fatal(err)
	}
	if holder(t, st, "staging") != "4" {
		t.Fatal("staging not on v4")
	}
	if f, ok := findField(c, "iris-classifier v4", "tag approval_status"); !ok || *f.After != "approved" {
		t.Fatalf("report: %v", c.Fields)
	}
	if f, ok := findField(c, "iris-classifier", "alias staging"); !ok || *f.After != "4" {
		t.Fatalf("report: %v", c.Fields)
	}
}

func TestApproveRefusesFailingOrChangedGates(t *testing.T) {
	st := promotetest.Iris()
	svc := newService(st)
	ctx := context.Background()
	cfg := articleGates()
	rep, _ := Evaluate(ctx, st, cfg, "iris-classifier", "1")
	if _, err := svc.Approve(ctx, cfg, Approval{Model: "iris-classifier", Version: "1", Shown: rep, Alias: "staging", Expect: Absent()}); client.KindOf(err) != client.KindInvalidParameter {
		t.Fatalf("failing gates approved: %v", err)
	}

	// Shown with a beats-champion gate, then the champion moves.
	c2 := config.Defaults()
	c2.Registry.Gates = []config.Gate{{Metric: "f1_macro", BeatsAlias: "champion", MinDelta: 0.01}}
	rep, _ = Evaluate(ctx, st, &c2, "iris-classifier", "4")
	_ = st.ExternalSetAlias("iris-classifier", "champion", "4")
	if _, err := svc.Approve(ctx, &c2, Approval{Model: "iris-classifier", Version: "4", Shown: rep, Alias: "staging", Expect: Absent()}); client.KindOf(err) != client.KindConflict {
		t.Fatalf("changed verdicts approved: %v", err)
	}

	// No gates: refused without explicit consent, allowed with it.
	none := config.Defaults()
	rep, _ = Evaluate(ctx, st, &none, "iris-classifier", "2")
	if _, err := svc.Approve(ctx, &none, Approval{Model: "iris-classifier", Version: "2", Shown: rep, Alias: "staging", Expect: Absent()}); client.KindOf(err) != client.KindInvalidParameter {
		t.Fatalf("no-gates approval without consent: %v", err)
	}
	if st.CallCount("SetModelVersionTag") != 0 || st.CallCount("SetAlias") != 0 {
		t.Fatalf("a refused approval wrote: %v", st.Calls)
	}
	if _, err := svc.Approve(ctx, &none, Approval{Model: "iris-classifier", Version: "2", Shown: rep, Alias: "staging", Expect: Absent(), AcceptNoGates: true}); err != nil {
		t.Fatal(err)
	}
	if holder(t, st, "staging") != "2" {
		t.Fatal("consented approval did not move staging")
	}
}

func TestReject(t *testing.T) {
	st := promotetest.Iris()
	c, err := newService(st).Reject(context.Background(), "iris-classifier", "1")
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := findField(c, "iris-classifier v1", "tag approval_status"); !ok || *f.Before != "approved" || *f.After != "rejected" {
		t.Fatalf("report %v", c.Fields)
	}
}
