package scatter

import (
	"mltui/client"
	"mltui/views/components/runcols"
)

// column is one metric or param, read from every run once.
type column struct {
	runcols.Column
	varies bool
}

func (c column) label() string {
	if c.Param {
		return "param " + c.Name
	}
	return c.Name
}

// columns reads every metric, then every param, of the runs.
func columns(runs []client.Run) []column {
	metrics, params := client.AllKeys(runs)
	out := make([]column, 0, len(metrics)+len(params))
	for _, k := range metrics {
		out = append(out, newColumn(runcols.Metric(runs, k)))
	}
	for _, k := range params {
		out = append(out, newColumn(runcols.Param(runs, k)))
	}
	return out
}

func newColumn(c runcols.Column) column { return column{Column: c, varies: c.Varies()} }

// defaultAxes: x is the varying numeric param most runs have (else a
// categorical one, else any column), y the wanted metric or the metric
// most runs have.
func defaultAxes(cols []column, want string) (x, y int) {
	x, y = -1, -1
	best := 0
	for pass := 0; pass < 2 && x < 0; pass++ {
		for i, c := range cols {
			if n := runcols.Count(c.Has); c.Param && c.varies && (pass == 1 || c.Lanes == nil) && n > best {
				x, best = i, n
			}
		}
	}
	best = 0
	for i, c := range cols {
		if c.Param {
			continue
		}
		if c.Name == want {
			y = i
			break
		}
		if n := runcols.Count(c.Has); n > best {
			y, best = i, n
		}
	}
	if x < 0 {
		x = 0
	}
	if y < 0 {
		y = min(1, len(cols)-1)
	}
	return x, y
}
