// Package sweep summarises many runs at once: runs grouped by the values
// of some params (or tags) with each metric's count, mean, min, max and
// standard deviation, and which params matter for a metric. It is pure
// logic over runs already read; the screens and the CLI draw it.
package sweep

import (
	"math"
	"sort"
	"strings"

	"mltui/client"
)

// Stat summarises one metric over a group's runs. NaN and infinite values
// are counted apart and take no part in the rest; with no finite value
// the rest is NaN.
type Stat struct {
	N      int // runs with a finite value
	NaN    int // runs whose value is NaN or infinite
	Mean   float64
	Min    float64
	Max    float64
	Std    float64 // sample standard deviation (NaN below two values)
	BestID string  // the run at the better end, per the goal given to Summarise
}

// Group is the runs that share the grouped values.
type Group struct {
	Values []string // one per grouped key, "" where a run does not have it
	Runs   []client.Run
	Stats  map[string]Stat // by metric
}

// Key is the group's values joined, for display and sorting.
func (g Group) Key() string { return strings.Join(g.Values, " · ") }

// valueOf reads a grouping key: "params.lr", "tags.optimizer" or a bare
// name (a param).
func valueOf(r client.Run, key string) string {
	if t, ok := strings.CutPrefix(key, "tags."); ok {
		v, _ := r.Tag(t)
		return v
	}
	v, _ := r.Param(strings.TrimPrefix(key, "params."))
	return v
}

// GroupBy groups runs by the values of keys, in order of first
// appearance, and summarises each metric; lowerIsBetter says, per metric,
// which end BestID is taken from.
func GroupBy(runs []client.Run, keys, metrics []string, lowerIsBetter func(string) bool) []Group {
	var out []Group
	at := map[string]int{}
	for _, r := range runs {
		vals := make([]string, len(keys))
		for i, k := range keys {
			vals[i] = valueOf(r, k)
		}
		id := strings.Join(vals, "\x00")
		i, ok := at[id]
		if !ok {
			i = len(out)
			at[id] = i
			out = append(out, Group{Values: vals})
		}
		out[i].Runs = append(out[i].Runs, r)
	}
	for i := range out {
		out[i].Stats = make(map[string]Stat, len(metrics))
		for _, m := range metrics {
			out[i].Stats[m] = Summarise(out[i].Runs, m, lowerIsBetter != nil && lowerIsBetter(m))
		}
	}
	return out
}

// Summarise is one metric's Stat over runs (the latest value of each).
func Summarise(runs []client.Run, metric string, lowerIsBetter bool) Stat {
	st := Stat{Mean: math.NaN(), Min: math.NaN(), Max: math.NaN(), Std: math.NaN()}
	var sum float64
	var vals []float64
	for _, r := range runs {
		m, ok := r.Metric(metric)
		if !ok {
			continue
		}
		v := m.Value
		if math.IsNaN(v) || math.IsInf(v, 0) {
			st.NaN++
			continue
		}
		if st.N == 0 || v < st.Min {
			st.Min = v
			if lowerIsBetter {
				st.BestID = r.Info.RunID
			}
		}
		if st.N == 0 || v > st.Max {
			st.Max = v
			if !lowerIsBetter {
				st.BestID = r.Info.RunID
			}
		}
		st.N++
		sum += v
		vals = append(vals, v)
	}
	if st.N == 0 {
		return st
	}
	st.Mean = sum / float64(st.N)
	if st.N > 1 {
		var ss float64
		for _, v := range vals {
			ss += (v - st.Mean) * (v - st.Mean)
		}
		st.Std = math.Sqrt(ss / float64(st.N-1))
	}
	return st
}

// SortGroups orders groups by one metric's aggregate ("mean", "min",
// "max", "std", "n"), NaN last; ties keep the first-appearance order.
func SortGroups(gs []Group, metric, agg string, desc bool) {
	sorted := make([]Group, len(gs))
	for i, j := range Order(gs, metric, agg, desc) {
		sorted[i] = gs[j]
	}
	copy(gs, sorted)
}

// Order is the indexes of gs in SortGroups' order, gs left as it is.
func Order(gs []Group, metric, agg string, desc bool) []int {
	get := func(g Group) float64 {
		s := g.Stats[metric]
		switch agg {
		case "min":
			return s.Min
		case "max":
			return s.Max
		case "std":
			return s.Std
		case "n":
			return float64(s.N)
		}
		return s.Mean
	}
	idx := make([]int, len(gs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool {
		a, b := get(gs[idx[i]]), get(gs[idx[j]])
		switch {
		case math.IsNaN(a) || math.IsNaN(b):
			return !math.IsNaN(a) && math.IsNaN(b)
		case desc:
			return a > b
		}
		return a < b
	})
	return idx
}
