package registry

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"mltui/client"
	"mltui/internal/promotetest"
	"mltui/promote"
	"mltui/views"
)

func openVersions(t *testing.T, s client.Store, w, h int) *harness {
	return open(t, NewVersions, newEnv(s, articleConfig()), views.OpenMsg{Kind: views.KindModel, Model: "iris-classifier"}, w, h)
}

func TestVersionsTableGolden(t *testing.T) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 22}, {"160x40", 160, 38}} {
		t.Run(size.name, func(t *testing.T) {
			h := openVersions(t, promotetest.Iris(), size.w, size.h)
			h.keys("j") // select v4
			golden.RequireEqual(t, h.screenText(size.w))
		})
	}
}

func TestPromotionDialogGolden(t *testing.T) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 22}, {"140x36", 140, 34}} {
		t.Run(size.name, func(t *testing.T) {
			h := openVersions(t, promotetest.Iris(), size.w, size.h)
			h.keys("j", "p", "<enter>") // v4 → alias picker (starts on champion) → promote
			golden.RequireEqual(t, h.screenText(size.w))
		})
	}
}

func TestGateReportGolden(t *testing.T) {
	for _, tc := range []struct{ name, moves string }{{"v4_pass", "j"}, {"v5_fail", ""}} {
		t.Run(tc.name, func(t *testing.T) {
			h := openVersions(t, promotetest.Iris(), 100, 22)
			if tc.moves != "" {
				h.keys(tc.moves)
			}
			h.keys("a")
			golden.RequireEqual(t, h.screenText(100))
		})
	}
}

func TestKeyboardPromotionProtectedAlias(t *testing.T) {
	st := promotetest.Iris()
	h := openVersions(t, st, 100, 30)
	h.keys("j", "p")
	if !h.contains("champion         now v3") {
		t.Fatalf("picker does not show holders:\n%s", h.screenText(100))
	}
	h.keys("<enter>")
	if !h.contains("champion: v3 → v4") || !h.contains("accuracy") || !h.contains("PASS") {
		t.Fatalf("promotion dialog:\n%s", h.screenText(100))
	}
	// y is not enough for a protected alias; enter on empty input is No.
	h.keys("y", "<enter>")
	if holder(t, st, "champion") != "3" {
		t.Fatal("a wrong confirmation moved champion")
	}
	if !h.contains("type champion exactly") {
		t.Fatalf("no hint after a wrong confirmation:\n%s", h.screenText(100))
	}
	// Clear "y" and type the name.
	h.send(keyBackspace())
	h.keys("champion", "<enter>")
	if holder(t, st, "champion") != "4" {
		t.Fatalf("champion = v%s after confirming:\n%s", holder(t, st, "champion"), h.screenText(100))
	}
	if !h.contains("alias champion v3 → v4") {
		t.Fatalf("result does not report the change:\n%s", h.screenText(100))
	}
	if len(h.toasts) == 0 || h.toasts[len(h.toasts)-1] != "champion: v3 → v4" {
		t.Fatalf("toasts %v", h.toasts)
	}
	h.keys("x") // close the report
	if h.screen.(views.InputCapturer).CapturingInput() {
		t.Fatal("dialog still open")
	}
	if !h.contains("champion → v4") {
		t.Fatalf("table not reloaded:\n%s", h.screenText(100))
	}
}

func TestConfirmDefaultsToNo(t *testing.T) {
	st := promotetest.Iris()
	h := openVersions(t, st, 100, 30)
	h.keys("j", "j", "p", "<down>", "<down>", "<down>") // v3; the last option is "new alias"
	h.keys("<enter>", "canary", "<enter>")
	if !h.contains("canary: (none) → v3") {
		t.Fatalf("dialog:\n%s", h.screenText(100))
	}
	h.keys("<enter>") // enter = No
	if holder(t, st, "canary") != "" || st.CallCount("SetAlias") != 0 {
		t.Fatal("enter confirmed a move")
	}
	h.keys("p", "<down>", "<down>", "<down>", "<enter>", "canary", "<enter>", "y")
	if holder(t, st, "canary") != "3" {
		t.Fatalf("y did not move canary:\n%s", h.screenText(100))
	}
}

func TestNewAliasIsValidated(t *testing.T) {
	st := promotetest.Iris()
	h := openVersions(t, st, 100, 30)
	h.keys("p", "<down>", "<down>", "<enter>", "Latest")
	if !h.contains("reserved") {
		t.Fatalf("no validation message:\n%s", h.screenText(100))
	}
	h.keys("<enter>")
	if !h.contains("new alias") {
		t.Fatalf("an invalid alias went on:\n%s", h.screenText(100))
	}
}

func TestStaleScreenShowsNewHolder(t *testing.T) {
	st := promotetest.Iris()
	h := openVersions(t, st, 100, 30)
	h.keys("j", "p", "<enter>", "champion")
	// Another client moves champion while the dialog is open.
	if err := st.ExternalSetAlias("iris-classifier", "champion", "5"); err != nil {
		t.Fatal(err)
	}
	h.keys("<enter>")
	if holder(t, st, "champion") != "5" {
		t.Fatal("overwrote the other client's move")
	}
	for _, want := range []string{"changed meanwhile", "is now v5", "now: challenger → v4, champion → v5"} {
		if !h.contains(want) {
			t.Fatalf("missing %q:\n%s", want, h.screenText(100))
		}
	}
}

func TestPermissionDeniedMessage(t *testing.T) {
	st := promotetest.Iris()
	st.Fail = func(op string) error {
		if op == "SetAlias" || op == "DeleteAlias" {
			return &client.Error{Kind: client.KindPermissionDenied, Status: 403, Message: "Permission denied"}
		}
		return nil
	}
	h := openVersions(t, st, 100, 30)
	h.keys("j", "p", "<up>", "<enter>") // challenger is already on v4: nothing to do
	if h.screen.(views.InputCapturer).CapturingInput() || h.toasts[len(h.toasts)-1] != "challenger already on v4" {
		t.Fatalf("choosing the current holder: toasts %v\n%s", h.toasts, h.screenText(100))
	}
	h.keys("p", "<enter>", "champion", "<enter>")
	if !h.contains("you need EDIT on model iris-classifier") {
		t.Fatalf("403 not explained:\n%s", h.screenText(100))
	}
	h.keys("x", "D", "y")
	if !h.contains("you need MANAGE on model iris-classifier") {
		t.Fatalf("403 on delete not explained:\n%s", h.screenText(100))
	}
	if holder(t, st, "champion") != "3" || holder(t, st, "challenger") != "4" {
		t.Fatal("something changed")
	}
}

func TestReadOnlyHidesWrites(t *testing.T) {
	st := promotetest.Iris()
	h := openVersions(t, client.ReadOnly(st), 100, 30)
	h.keys("j", "p")
	if h.screen.(views.InputCapturer).CapturingInput() {
		t.Fatal("read-only mode opened the promote dialog")
	}
	if len(h.toasts) == 0 || !strings.Contains(h.toasts[0], "read-only") {
		t.Fatalf("toasts %v", h.toasts)
	}
	help := h.screen.KeyMap().FullHelp()
	for _, group := range help {
		for _, b := range group {
			if b.Help().Key == "p" {
				t.Fatal("read-only help lists p")
			}
		}
	}
	h.keys("a")
	if !h.contains("PASS") || h.contains("a approve") {
		t.Fatalf("read-only gates:\n%s", h.screenText(100))
	}
}

func TestApproveFromGateReport(t *testing.T) {
	st := promotetest.Iris()
	h := openVersions(t, st, 100, 30)
	h.keys("j", "a", "a")
	if !h.contains("set approval_status=approved and move staging: (none) → v4") {
		t.Fatalf("approve confirm:\n%s", h.screenText(100))
	}
	h.keys("y")
	mv, _ := st.GetModelVersion(t.Context(), "iris-classifier", "4")
	if a, _ := mv.Tag(promote.TagApprovalStatus); a != promote.Approved || holder(t, st, "staging") != "4" {
		t.Fatalf("approve wrote %q, staging v%s\n%s", a, holder(t, st, "staging"), h.screenText(100))
	}
	// v5 fails (NaN f1): approve is refused, reject works.
	h.keys("x", "g", "a", "a")
	if !h.contains("FAIL") || holder(t, st, "staging") != "4" {
		t.Fatalf("failing gates:\n%s", h.screenText(100))
	}
	h.keys("x", "y")
	mv, _ = st.GetModelVersion(t.Context(), "iris-classifier", "5")
	if a, _ := mv.Tag(promote.TagApprovalStatus); a != promote.Rejected {
		t.Fatalf("reject wrote %q", a)
	}
}

func TestStageTransitionWithArchive(t *testing.T) {
	st := promotetest.Iris()
	h := openVersions(t, st, 100, 30)
	h.keys("j", "m", "<down>", "<down>", "<tab>", "<enter>")
	if !h.contains("and archive v2 (now Production)") {
		t.Fatalf("confirm:\n%s", h.screenText(100))
	}
	h.keys("y")
	v2, _ := st.GetModelVersion(t.Context(), "iris-classifier", "2")
	v4, _ := st.GetModelVersion(t.Context(), "iris-classifier", "4")
	if v2.CurrentStage != "Archived" || v4.CurrentStage != "Production" {
		t.Fatalf("stages v2 %s v4 %s", v2.CurrentStage, v4.CurrentStage)
	}
	if !h.contains("iris-classifier v2: stage Production → Archived") {
		t.Fatalf("report:\n%s", h.screenText(100))
	}
}

func TestHistoryAndRollback(t *testing.T) {
	st := promotetest.Iris()
	h := openVersions(t, st, 100, 30)
	h.keys("j", "p", "<enter>", "champion", "<enter>", "x")
	h.keys("h")
	if !h.contains("champion     v3 → v4  by tester") {
		t.Fatalf("history:\n%s", h.screenText(100))
	}
	h.keys("R")
	if !h.contains("champion v4 → v3 (from history)") {
		t.Fatalf("rollback confirm:\n%s", h.screenText(100))
	}
	h.keys("champion", "<enter>")
	if holder(t, st, "champion") != "3" {
		t.Fatalf("rollback left champion on v%s:\n%s", holder(t, st, "champion"), h.screenText(100))
	}
}

// While the comparison loads nothing confirms, and no key vanishes unseen:
// a confirming key says why it did nothing, and a protected alias's name
// typed meanwhile is kept.
func TestPromotionWhileLoading(t *testing.T) {
	st := promotetest.Iris()
	h := openVersions(t, st, 100, 30)
	h.keys("j", "p")
	h.hold = true
	h.keys("<enter>")
	if !h.contains("loading the comparison and gates") || !h.contains("loading… · esc cancel") {
		t.Fatalf("promotion dialog while loading:\n%s", h.screenText(100))
	}
	h.keys("champion", "<enter>")
	if holder(t, st, "champion") != "3" {
		t.Fatal("champion moved before the comparison was on screen")
	}
	if n := len(h.toasts); n == 0 || !strings.Contains(h.toasts[n-1], "still loading the comparison") {
		t.Fatalf("enter while loading said nothing: toasts %q", h.toasts)
	}
	h.release()
	if !h.contains("accuracy") || !h.contains("champion") {
		t.Fatalf("comparison after loading:\n%s", h.screenText(100))
	}
	h.keys("<enter>") // the name typed while loading is still there
	if holder(t, st, "champion") != "4" {
		t.Fatalf("champion is on v%s after confirming the name typed while loading:\n%s", holder(t, st, "champion"), h.screenText(100))
	}
}

func TestPromotionWhileLoadingUnprotected(t *testing.T) {
	st := promotetest.Iris()
	h := openVersions(t, st, 100, 30)
	h.keys("p") // v5 → alias picker, which starts on challenger
	if !h.contains("› challenger") {
		t.Fatalf("the picker does not start on challenger:\n%s", h.screenText(100))
	}
	h.hold = true
	h.keys("<enter>")
	if !h.contains("challenger: v4 → v5") {
		t.Fatalf("no challenger promotion dialog:\n%s", h.screenText(100))
	}
	h.keys("y", "n")
	if holder(t, st, "challenger") != "4" {
		t.Fatal("challenger moved before the comparison was on screen")
	}
	if !h.contains("challenger: v4 → v5") {
		t.Fatalf("a key while loading closed the dialog:\n%s", h.screenText(100))
	}
	if len(h.toasts) < 2 {
		t.Fatalf("keys while loading said nothing: toasts %q", h.toasts)
	}
	h.release()
	h.keys("y")
	if holder(t, st, "challenger") != "5" {
		t.Fatalf("challenger on v%s after y:\n%s", holder(t, st, "challenger"), h.screenText(100))
	}
}
