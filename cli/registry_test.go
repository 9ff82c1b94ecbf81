package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"mltui/client"
	"mltui/config"
	"mltui/internal/promotetest"
)

func fp(v float64) *float64 { return &v }

func articleConfig() *config.Config {
	c := config.Defaults()
	c.Registry.Gates = []config.Gate{
		{Metric: "accuracy", Op: ">=", Threshold: fp(0.90)},
		{Metric: "f1_macro", Op: ">=", Threshold: fp(0.85)},
	}
	return &c
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return -1
}

func TestGateExitCodes(t *testing.T) {
	st := promotetest.Iris()
	ctx := context.Background()
	cases := []struct {
		version string
		cfg     *config.Config
		code    int
		out     string
	}{
		{"4", articleConfig(), 0, "result: PASS (2 of 2 gates passed)"},
		{"1", articleConfig(), 1, "FAIL  accuracy >= 0.9"},
		{"5", articleConfig(), 1, "metric is NaN"},
		{"99", articleConfig(), 2, ""},
		{"4", &config.Config{}, 2, "no gates configured for iris-classifier"},
	}
	for _, c := range cases {
		var out bytes.Buffer
		err := runGate(ctx, st, c.cfg, "iris-classifier", c.version, "text", &out)
		if got := exitCode(err); got != c.code {
			t.Errorf("v%s: exit %d (%v), want %d\n%s", c.version, got, err, c.code, out.String())
		}
		if !strings.Contains(out.String(), c.out) {
			t.Errorf("v%s: output lacks %q:\n%s", c.version, c.out, out.String())
		}
	}
}

func TestGateJSON(t *testing.T) {
	var out bytes.Buffer
	err := runGate(context.Background(), promotetest.Iris(), articleConfig(), "iris-classifier", "5", "json", &out)
	if exitCode(err) != 1 {
		t.Fatalf("exit %v", err)
	}
	var rep struct {
		Passed  bool `json:"passed"`
		Results []struct {
			Status string `json:"status"`
			Value  any    `json:"value"`
		} `json:"results"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	if rep.Passed || rep.Results[1].Status != "FAIL" || rep.Results[1].Value != "NaN" {
		t.Fatalf("report %+v", rep)
	}
}

func TestModelsListing(t *testing.T) {
	st := promotetest.Iris()
	var out bytes.Buffer
	if err := listModels(context.Background(), st, "", "table", &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "challenger=v4,champion=v3") || !strings.Contains(out.String(), "wine-regressor") {
		t.Fatalf("models table:\n%s", out.String())
	}
	out.Reset()
	if err := listVersions(context.Background(), st, articleConfig(), "iris-classifier", "table", &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[1], "v5") || !strings.Contains(lines[0], "ACCURACY") {
		t.Fatalf("versions table:\n%s", out.String())
	}
	if !strings.Contains(lines[2], "challenger") || !strings.Contains(lines[2], "rf-200") || !strings.Contains(lines[2], "0.9667") {
		t.Fatalf("v4 row: %q", lines[2])
	}
	out.Reset()
	if err := listVersions(context.Background(), st, articleConfig(), "iris-classifier", "json", &out); err != nil {
		t.Fatal(err)
	}
	var vs []map[string]any
	if err := json.Unmarshal(out.Bytes(), &vs); err != nil {
		t.Fatalf("json: %v", err)
	}
	if vs[0]["version"] != "5" || vs[0]["run_metrics"].(map[string]any)["f1_macro"] != "NaN" {
		t.Fatalf("json: %v", vs[0])
	}
	if err := listVersions(context.Background(), st, articleConfig(), "nope", "table", &out); client.KindOf(err) != client.KindNotFound {
		t.Fatalf("unknown model: %v", err)
	}
}

func newPromoter(st client.Store, in string, out io.Writer) promoter {
	return promoter{store: st, cfg: articleConfig(), in: strings.NewReader(in), out: out, actor: "ci"}
}

func holderOf(t *testing.T, st client.Store, alias string) string {
	m, err := st.GetRegisteredModel(context.Background(), "iris-classifier")
	if err != nil {
		t.Fatal(err)
	}
	v, _ := m.AliasVersion(alias)
	return v
}

func TestPromoteWithYes(t *testing.T) {
	st := promotetest.Iris()
	var out bytes.Buffer
	err := newPromoter(st, "", &out).run(context.Background(), "iris-classifier", "4", promoteFlags{alias: "champion", yes: true})
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if holderOf(t, st, "champion") != "4" {
		t.Fatal("champion not moved")
	}
	for _, want := range []string{"champion: v3 → v4", "accuracy", "iris-classifier: alias champion v3 → v4", "iris-classifier v4: tag promoted_by (none) → ci"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestPromoteRefusesWithoutTTYOrConfirmation(t *testing.T) {
	st := promotetest.Iris()
	var out bytes.Buffer
	err := newPromoter(st, "y\n", &out).run(context.Background(), "iris-classifier", "4", promoteFlags{alias: "champion"})
	if exitCode(err) != 1 || !strings.Contains(err.Error(), "--yes") {
		t.Fatalf("no TTY: %v", err)
	}
	old := isTerminal
	defer func() { isTerminal = old }()
	isTerminal = func(io.Reader) bool { return true }
	// champion is protected: "y" is not enough.
	err = newPromoter(st, "y\n", &out).run(context.Background(), "iris-classifier", "4", promoteFlags{alias: "champion"})
	if exitCode(err) != 1 {
		t.Fatalf("protected alias confirmed with y: %v", err)
	}
	if holderOf(t, st, "champion") != "3" {
		t.Fatal("champion moved without confirmation")
	}
	out.Reset()
	err = newPromoter(st, "champion\n", &out).run(context.Background(), "iris-classifier", "4", promoteFlags{alias: "champion"})
	if err != nil || holderOf(t, st, "champion") != "4" {
		t.Fatalf("typed confirmation: %v\n%s", err, out.String())
	}
	// An unprotected alias takes y/N, default No.
	err = newPromoter(st, "\n", &out).run(context.Background(), "iris-classifier", "2", promoteFlags{alias: "canary"})
	if exitCode(err) != 1 || holderOf(t, st, "canary") != "" {
		t.Fatalf("empty answer promoted: %v", err)
	}
	err = newPromoter(st, "y\n", &out).run(context.Background(), "iris-classifier", "2", promoteFlags{alias: "canary"})
	if err != nil || holderOf(t, st, "canary") != "2" {
		t.Fatalf("y: %v", err)
	}
}

func TestPromoteExpectCurrent(t *testing.T) {
	st := promotetest.Iris()
	var out bytes.Buffer
	err := newPromoter(st, "", &out).run(context.Background(), "iris-classifier", "4", promoteFlags{alias: "champion", expect: "2", yes: true})
	if exitCode(err) != 1 || !strings.Contains(err.Error(), "held by v3") {
		t.Fatalf("wrong expectation: %v", err)
	}
	if st.CallCount("SetAlias") != 0 {
		t.Fatal("wrote despite --expect-current mismatch")
	}
	err = newPromoter(st, "", &out).run(context.Background(), "iris-classifier", "4", promoteFlags{alias: "fresh", expect: "none", yes: true})
	if err != nil || holderOf(t, st, "fresh") != "4" {
		t.Fatalf("expect none: %v", err)
	}
	err = newPromoter(st, "", &out).run(context.Background(), "iris-classifier", "4", promoteFlags{alias: "champion", expect: "v3", yes: true})
	if err != nil || holderOf(t, st, "champion") != "4" {
		t.Fatalf("expect v3: %v", err)
	}
}

func TestPromoteReadOnlyAndPermission(t *testing.T) {
	st := promotetest.Iris()
	var out bytes.Buffer
	err := newPromoter(client.ReadOnly(st), "", &out).run(context.Background(), "iris-classifier", "4", promoteFlags{alias: "champion", yes: true})
	if exitCode(err) != 2 || !strings.Contains(err.Error(), "read-only") {
		t.Fatalf("read-only: %v", err)
	}
	st.Fail = func(op string) error {
		if op == "SetAlias" {
			return &client.Error{Kind: client.KindPermissionDenied, Status: 403}
		}
		return nil
	}
	err = newPromoter(st, "", &out).run(context.Background(), "iris-classifier", "4", promoteFlags{alias: "champion", yes: true})
	if exitCode(err) != 2 || err.Error() != "permission denied: you need EDIT on model iris-classifier; nothing was changed" {
		t.Fatalf("403: %v", err)
	}
	if holderOf(t, st, "champion") != "3" {
		t.Fatal("moved despite 403")
	}
	err = newPromoter(st, "", &out).run(context.Background(), "iris-classifier", "4", promoteFlags{alias: "latest", yes: true})
	if exitCode(err) != 2 {
		t.Fatalf("reserved alias: %v", err)
	}
}
