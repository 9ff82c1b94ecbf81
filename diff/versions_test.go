package diff

import (
	"testing"

	"mltui/client"
)

func TestVersionsComparesRegistryFieldsAndSourceRuns(t *testing.T) {
	r3 := run("r3", map[string]string{"n_estimators": "100", "max_depth": "5"}, map[string]float64{"accuracy": 0.9, "log_loss": 0.3})
	r4 := run("r4", map[string]string{"n_estimators": "200", "max_depth": "5"}, map[string]float64{"accuracy": 0.95, "log_loss": 0.2})
	v3 := client.ModelVersion{Name: "iris-classifier", Version: "3", Aliases: []string{"champion"}, CurrentStage: "Production",
		Description: "baseline forest", RunID: "r3", Tags: []client.Tag{{Key: "approval_status", Value: "approved"}, {Key: "team", Value: "ml"}}}
	v4 := client.ModelVersion{Name: "iris-classifier", Version: "4", Aliases: []string{"challenger", "candidate"}, CurrentStage: "None",
		Description: "bigger forest", RunID: "r4", Tags: []client.Tag{{Key: "team", Value: "ml"}}}
	tb := Versions(VersionSide{v3, &r3}, VersionSide{v4, &r4}, Options{})

	if tb.Columns[0].Label != "v3" || tb.Columns[1].Label != "v4" || tb.Columns[1].Sub != "candidate,challenger" {
		t.Errorf("columns %+v", tb.Columns)
	}
	if tb.Baseline != 0 {
		t.Errorf("baseline %d, want the first version", tb.Baseline)
	}
	if r := findRow(t, tb, SectionVersion, "aliases", StatNone); r.Identical || r.Cells[0].Text != "champion" {
		t.Errorf("aliases row %+v", r)
	}
	if r := findRow(t, tb, SectionVersion, "description", StatNone); !r.Cells[1].Changed {
		t.Errorf("description change not flagged")
	}
	if r := findRow(t, tb, SectionParams, "n_estimators", StatNone); r.Identical {
		t.Errorf("n_estimators should differ")
	}
	if r := findRow(t, tb, SectionParams, "max_depth", StatNone); !r.Identical {
		t.Errorf("max_depth should be identical")
	}
	acc := findRow(t, tb, SectionMetrics, "accuracy", StatLatest)
	if acc.Cells[1].Delta.PctText() != "+5.6%" || !acc.Cells[1].Best {
		t.Errorf("accuracy v4: %s best=%v, want +5.6%% and best", acc.Cells[1].Delta.PctText(), acc.Cells[1].Best)
	}
	if ll := findRow(t, tb, SectionMetrics, "log_loss", StatLatest); !ll.Cells[1].Best || ll.Cells[0].Best {
		t.Errorf("log_loss: lower is better, v4 should be best")
	}
	if r := findRow(t, tb, SectionTags, "approval_status", StatNone); !r.Cells[1].Missing {
		t.Errorf("approval_status missing on v4: %+v", r.Cells[1])
	}
}

func TestVersionsWithoutSourceRun(t *testing.T) {
	r := run("r", map[string]string{"p": "1"}, map[string]float64{"m": 1})
	tb := Versions(VersionSide{Version: client.ModelVersion{Version: "1", RunID: "gone"}}, VersionSide{client.ModelVersion{Version: "2"}, &r}, Options{History: true})
	if c := findRow(t, tb, SectionParams, "p", StatNone).Cells[0]; !c.Missing {
		t.Errorf("param of a version with no readable run: %+v, want missing", c)
	}
	if c := findRow(t, tb, SectionMetrics, "m", StatMin).Cells[0]; !c.Missing || c.Pending {
		t.Errorf("min of a version with no run: %+v, want missing (not pending)", c)
	}
	if tb.Columns[0].RunID != "gone" {
		t.Errorf("column run ID %q, want the version's run_id", tb.Columns[0].RunID)
	}
}
