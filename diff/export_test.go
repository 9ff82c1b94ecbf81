package diff

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"mltui/client"
)

func exportTable() Table {
	a := run("aaaaaaaaaa", map[string]string{"n_estimators": "100", "criterion": "gini", "note": "a|b"}, map[string]float64{"accuracy": 0.9, "loss": math.NaN()})
	b := run("bbbbbbbbbb", map[string]string{"n_estimators": "200", "criterion": "gini", "note": "line1\nline2"}, map[string]float64{"accuracy": 0.95, "loss": 0.2})
	return Runs([]client.Run{a, b}, Options{})
}

func TestMarkdown(t *testing.T) {
	md := exportTable().Markdown(Export{})
	lines := strings.Split(strings.TrimSpace(md), "\n")
	if !strings.HasPrefix(lines[0], "|  | run-aaaaaaaaaa (base) `aaaaaaaa` | run-bbbbbbbbbb `bbbbbbbb` |") || lines[1] != "|---|---|---|" {
		t.Fatalf("header:\n%s", md)
	}
	for _, want := range []string{
		"| n_estimators | 100 | 200 |",
		"| accuracy | 0.9 | **0.95** (+0.05 +5.6%) |",
		"| loss | NaN | 0.2 (—) |",
		`| note | a\|b | line1<br>line2 |`,
		"| _1 identical param_ |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "criterion") {
		t.Errorf("identical param exported without --all")
	}
	if all := exportTable().Markdown(Export{All: true}); !strings.Contains(all, "| criterion | gini | gini |") {
		t.Errorf("--all lacks identical rows:\n%s", all)
	}
	for _, l := range lines {
		if strings.Count(l, "|")-strings.Count(l, `\|`) != 4 {
			t.Errorf("row with wrong cell count: %q", l)
		}
	}
}

func TestJSONWritesNaNAsString(t *testing.T) {
	b, err := exportTable().JSON(Export{})
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Columns []struct {
			RunID    string `json:"run_id"`
			Baseline bool   `json:"baseline"`
		} `json:"columns"`
		Rows []struct {
			Section, Key string
			Cells        []map[string]any
		} `json:"rows"`
		Hidden map[string]int `json:"hidden_identical"`
	}
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("not valid JSON: %v\n%s", err, b)
	}
	if len(out.Columns) != 2 || !out.Columns[0].Baseline || out.Columns[1].Baseline {
		t.Errorf("columns %+v", out.Columns)
	}
	if out.Hidden["params"] != 1 {
		t.Errorf("hidden_identical %v, want params: 1", out.Hidden)
	}
	found := 0
	for _, r := range out.Rows {
		switch r.Key {
		case "loss":
			found++
			if r.Cells[0]["value"] != "NaN" || r.Cells[1]["value"] != 0.2 {
				t.Errorf("loss cells %v, want \"NaN\" and 0.2", r.Cells)
			}
			if _, ok := r.Cells[1]["delta_pct"]; ok {
				t.Errorf("delta against NaN present: %v", r.Cells[1])
			}
		case "accuracy":
			found++
			if r.Cells[1]["best"] != true || math.Abs(r.Cells[1]["delta"].(float64)-0.05) > 1e-12 {
				t.Errorf("accuracy cell %v", r.Cells[1])
			}
		case "n_estimators":
			found++
			if r.Cells[1]["value"] != "200" {
				t.Errorf("param value %v, want the string \"200\"", r.Cells[1]["value"])
			}
		}
	}
	if found != 3 {
		t.Errorf("found %d of loss/accuracy/n_estimators rows:\n%s", found, b)
	}
}

func TestCSV(t *testing.T) {
	s, err := exportTable().CSV(Export{All: true})
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatalf("csv does not parse: %v", err)
	}
	if got := strings.Join(recs[0], ","); got != "section,key,stat,identical,aaaaaaaaaa,bbbbbbbbbb" {
		t.Errorf("header %q", got)
	}
	var note []string
	for _, r := range recs[1:] {
		if r[1] == "note" {
			note = r
		}
	}
	for _, r := range recs[1:] {
		if r[1] == "loss" && (r[4] != "NaN" || r[5] != "0.2") {
			t.Errorf("loss record %q, want NaN and 0.2", r)
		}
	}
	if note == nil || note[5] != "line1\nline2" {
		t.Errorf("multi-line value not kept whole: %q", note)
	}
}

func TestTextAligns(t *testing.T) {
	out := exportTable().Text(Export{}, 0)
	lines := strings.Split(out, "\n")
	var acc string
	for _, l := range lines {
		if strings.HasPrefix(l, "  accuracy") {
			acc = l
		}
	}
	if acc == "" || !strings.Contains(acc, "0.95 * +0.05 +5.6%") {
		t.Errorf("accuracy line %q in:\n%s", acc, out)
	}
	if i, j := strings.Index(lines[0], "run-bbbbbbbbbb"), strings.Index(acc, "0.95"); i != j {
		t.Errorf("columns not aligned: header at %d, value at %d\n%s", i, j, out)
	}
	for _, l := range lines {
		if strings.HasSuffix(l, " ") {
			t.Errorf("trailing space on %q", l)
		}
	}
}
