package parallel

import (
	"math"
	"slices"

	"mltui/client"
	"mltui/views/components/runcols"
)

// column is one metric or param, read from every run once.
type column struct{ runcols.Column }

// readColumns reads every param, then every metric, of the runs.
func readColumns(runs []client.Run) []column {
	metrics, params := client.AllKeys(runs)
	out := make([]column, 0, len(metrics)+len(params))
	for _, k := range params {
		out = append(out, column{runcols.Param(runs, k)})
	}
	for _, k := range metrics {
		out = append(out, column{runcols.Metric(runs, k)})
	}
	return out
}

// maxParamAxes is how many varying params the default axes take.
const maxParamAxes = 6

// defaultAxes are the varying params (at most maxParamAxes, those most
// runs have first, shown in the order given) then the metric: want if the
// runs have it, else the one most runs have.
func defaultAxes(cols []column, varying []string, want string) []int {
	at := map[string]int{}
	metric, best := -1, 0
	for i, c := range cols {
		if c.Param {
			at[c.Name] = i
			continue
		}
		n := runcols.Count(c.Has)
		if c.Name == want && n > 0 {
			metric, best = i, len(c.Has)+1
		} else if n > best {
			metric, best = i, n
		}
	}
	var params []int
	for _, p := range varying {
		if i, ok := at[p]; ok {
			params = append(params, i)
		}
	}
	byCover := slices.Clone(params)
	slices.SortStableFunc(byCover, func(a, b int) int { return runcols.Count(cols[b].Has) - runcols.Count(cols[a].Has) })
	if len(byCover) > maxParamAxes {
		byCover = byCover[:maxParamAxes]
	}
	var out []int
	for _, i := range params {
		if slices.Contains(byCover, i) {
			out = append(out, i)
		}
	}
	if metric >= 0 {
		out = append(out, metric)
	}
	return out
}

// wantsLog: a numeric param on a log axis by default, when every value is
// positive and they span two decades or more.
func wantsLog(c *column) bool {
	if !c.Param || c.Categorical() {
		return false
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, v := range c.Vals {
		if !c.Has[i] {
			continue
		}
		if !(v > 0) {
			return false
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	return lo < hi && hi/lo >= 100
}

func (c *column) label() string {
	if c.Param {
		return "param " + c.Name
	}
	return c.Name
}
