package diff

import (
	"fmt"
	"testing"

	"mltui/client"
)

// run builds a finished run with params and latest metrics.
func run(id string, params map[string]string, metrics map[string]float64) client.Run {
	r := client.Run{Info: client.RunInfo{RunID: id, RunName: "run-" + id, Status: client.StatusFinished,
		StartTime: 1_700_000_000_000, EndTime: 1_700_000_060_000, UserID: "ana", ExperimentID: "1", LifecycleStage: "active"}}
	for k, v := range params {
		r.Data.Params = append(r.Data.Params, client.Param{Key: k, Value: v})
	}
	for k, v := range metrics {
		r.Data.Metrics = append(r.Data.Metrics, client.Metric{Key: k, Value: v, Step: 10})
	}
	return r
}

// findRow returns the row of a section and key (and stat for metrics).
func findRow(t *testing.T, tb Table, sec Section, key string, st Stat) Row {
	t.Helper()
	for _, r := range tb.Rows {
		if r.Section == sec && r.Key == key && r.Stat == st {
			return r
		}
	}
	t.Fatalf("no %s row %q (%v)", sec, key, st)
	return Row{}
}

// visible lists "section/label" of the rows a view shows, and "fold:N" lines.
func visible(tb Table, v View) []string {
	var out []string
	for _, l := range tb.Lines(v) {
		switch l.Kind {
		case LineRow:
			out = append(out, tb.Rows[l.Row].Section.String()+"/"+tb.Rows[l.Row].Label())
		case LineFold:
			out = append(out, fmt.Sprintf("fold:%s:%d", l.Section, l.Count))
		}
	}
	return out
}
