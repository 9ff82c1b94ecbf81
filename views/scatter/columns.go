package scatter

import (
	"math"
	"sort"
	"strconv"

	"mltui/client"
)

// column is one metric or param, read from every run once.
type column struct {
	name   string
	param  bool
	vals   []float64 // per run; NaN when missing or (categorical) the lane
	has    []bool    // the run has this key
	lanes  []string  // categorical params: the distinct values, sorted
	varies bool
}

func (c column) label() string {
	if c.param {
		return "param " + c.name
	}
	return c.name
}

// columns reads every metric and param of the runs. A param whose every
// value parses as a number is numeric; otherwise its values become lanes.
func columns(runs []client.Run) []column {
	metrics, params := client.AllKeys(runs)
	var out []column
	for _, k := range metrics {
		c := column{name: k, vals: make([]float64, len(runs)), has: make([]bool, len(runs))}
		for i, r := range runs {
			c.vals[i] = math.NaN()
			if mv, ok := r.Metric(k); ok {
				c.vals[i], c.has[i] = mv.Value, true
			}
		}
		c.varies = varies(c.vals)
		out = append(out, c)
	}
	for _, k := range params {
		out = append(out, paramColumn(runs, k))
	}
	return out
}

func paramColumn(runs []client.Run, k string) column {
	c := column{name: k, param: true, vals: make([]float64, len(runs)), has: make([]bool, len(runs))}
	raw := make([]string, len(runs))
	numeric := true
	for i, r := range runs {
		c.vals[i] = math.NaN()
		v, ok := r.Param(k)
		if !ok {
			continue
		}
		raw[i], c.has[i] = v, true
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			numeric = false
			continue
		}
		c.vals[i] = f
	}
	if !numeric {
		seen := map[string]bool{}
		for i, v := range raw {
			if c.has[i] && !seen[v] {
				seen[v] = true
				c.lanes = append(c.lanes, v)
			}
		}
		sort.Strings(c.lanes)
		idx := make(map[string]int, len(c.lanes))
		for i, v := range c.lanes {
			idx[v] = i
		}
		for i, v := range raw {
			c.vals[i] = math.NaN()
			if c.has[i] {
				c.vals[i] = float64(idx[v])
			}
		}
		c.varies = len(c.lanes) > 1
		return c
	}
	c.varies = varies(c.vals)
	return c
}

func varies(vals []float64) bool {
	first := math.NaN()
	for _, v := range vals {
		if math.IsNaN(v) {
			continue
		}
		if math.IsNaN(first) {
			first = v
		} else if v != first {
			return true
		}
	}
	return false
}

// defaultAxes: x is the varying numeric param most runs have (else a
// categorical one, else any column), y the wanted metric or the metric
// most runs have.
func defaultAxes(cols []column, want string) (x, y int) {
	x, y = -1, -1
	best := 0
	for pass := 0; pass < 2 && x < 0; pass++ {
		for i, c := range cols {
			if n := count(c.has); c.param && c.varies && (pass == 1 || c.lanes == nil) && n > best {
				x, best = i, n
			}
		}
	}
	best = 0
	for i, c := range cols {
		if c.param {
			continue
		}
		if c.name == want {
			y = i
			break
		}
		if n := count(c.has); n > best {
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

func count(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}
