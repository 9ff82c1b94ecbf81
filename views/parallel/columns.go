package parallel

import (
	"math"
	"slices"
	"sort"
	"strconv"

	"mltui/client"
)

// column is one metric or param, read from every run once.
type column struct {
	name  string
	param bool
	vals  []float64 // per run; NaN when missing; categorical: the lane index
	has   []bool    // the run has this key
	raw   []string  // params: the value as logged
	lanes []string  // categorical params: the distinct values, sorted numbers first
}

func (c *column) categorical() bool { return c.lanes != nil }

// readColumns reads every metric and param of the runs. A param whose
// every value is a finite number is numeric; otherwise its values are lanes.
func readColumns(runs []client.Run) []column {
	metrics, params := client.AllKeys(runs)
	out := make([]column, 0, len(metrics)+len(params))
	for _, k := range params {
		out = append(out, paramColumn(runs, k))
	}
	for _, k := range metrics {
		c := column{name: k, vals: make([]float64, len(runs)), has: make([]bool, len(runs))}
		for i, r := range runs {
			c.vals[i] = math.NaN()
			if mv, ok := r.Metric(k); ok {
				c.vals[i], c.has[i] = mv.Value, true
			}
		}
		out = append(out, c)
	}
	return out
}

func paramColumn(runs []client.Run, k string) column {
	c := column{name: k, param: true, vals: make([]float64, len(runs)), has: make([]bool, len(runs)), raw: make([]string, len(runs))}
	numeric := true
	for i, r := range runs {
		c.vals[i] = math.NaN()
		v, ok := r.Param(k)
		if !ok {
			continue
		}
		c.raw[i], c.has[i] = v, true
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			numeric = false
			continue
		}
		c.vals[i] = f
	}
	if numeric {
		return c
	}
	seen := map[string]bool{}
	for i, v := range c.raw {
		if c.has[i] && !seen[v] {
			seen[v] = true
			c.lanes = append(c.lanes, v)
		}
	}
	sortLanes(c.lanes)
	idx := make(map[string]int, len(c.lanes))
	for i, v := range c.lanes {
		idx[v] = i
	}
	for i, v := range c.raw {
		c.vals[i] = math.NaN()
		if c.has[i] {
			c.vals[i] = float64(idx[v])
		}
	}
	return c
}

// sortLanes orders values numbers first (as numbers), then the rest as
// text, so "2" comes before "10" and both before "adam".
func sortLanes(vs []string) {
	sort.SliceStable(vs, func(i, j int) bool {
		a, ea := strconv.ParseFloat(vs[i], 64)
		b, eb := strconv.ParseFloat(vs[j], 64)
		switch {
		case ea == nil && eb == nil && a != b:
			return a < b
		case ea == nil && eb != nil:
			return true
		case ea != nil && eb == nil:
			return false
		}
		return vs[i] < vs[j]
	})
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
		if c.param {
			at[c.name] = i
			continue
		}
		n := count(c.has)
		if c.name == want && n > 0 {
			metric, best = i, len(c.has)+1
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
	slices.SortStableFunc(byCover, func(a, b int) int { return count(cols[b].has) - count(cols[a].has) })
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

func count(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// wantsLog: a numeric param on a log axis by default, when every value is
// positive and they span two decades or more.
func wantsLog(c *column) bool {
	if !c.param || c.categorical() {
		return false
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, v := range c.vals {
		if !c.has[i] {
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
	if c.param {
		return "param " + c.name
	}
	return c.name
}
