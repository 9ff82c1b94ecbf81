package sweep

import (
	"math"
	"sort"
	"strconv"

	"mltui/client"
)

// MinRuns is the fewest runs (with the param and a finite metric) an
// importance is computed from.
const MinRuns = 5

// Importance says how much one param matters for a metric.
type Importance struct {
	Param  string
	N      int // runs behind it
	Values int // distinct values among them
	// Spearman is the rank correlation of the param with the metric, for
	// params whose values are all numbers (NaN otherwise or when too few).
	Spearman float64
	// Share is the part of the metric's variance that lies between the
	// param's values (η², 0–1): how much knowing the value explains.
	Share float64
	// Note says why the figures are missing ("" when they are there).
	Note string
}

// Importances ranks params by Share, largest first; those without enough
// runs come last with a Note.
func Importances(runs []client.Run, metric string, params []string) []Importance {
	out := make([]Importance, 0, len(params))
	for _, p := range params {
		out = append(out, importanceOf(runs, metric, p))
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.Note == "") != (b.Note == "") {
			return a.Note == ""
		}
		return a.Share > b.Share
	})
	return out
}

func importanceOf(runs []client.Run, metric, param string) Importance {
	imp := Importance{Param: param, Spearman: math.NaN(), Share: math.NaN()}
	var xs []string
	var ys []float64
	for _, r := range runs {
		v, ok := r.Param(param)
		m, okm := r.Metric(metric)
		if !ok || !okm || math.IsNaN(m.Value) || math.IsInf(m.Value, 0) {
			continue
		}
		xs, ys = append(xs, v), append(ys, m.Value)
	}
	imp.N = len(xs)
	byValue := map[string][]float64{}
	for i, x := range xs {
		byValue[x] = append(byValue[x], ys[i])
	}
	imp.Values = len(byValue)
	switch {
	case imp.N < MinRuns:
		imp.Note = "not enough runs (" + strconv.Itoa(imp.N) + " with this param and a finite " + metric + "; " + strconv.Itoa(MinRuns) + " needed)"
		return imp
	case imp.Values < 2:
		imp.Note = "one value in every run: it cannot explain anything"
		return imp
	}
	imp.Share = etaSquared(ys, byValue)
	if nums, ok := numbers(xs); ok {
		imp.Spearman = pearson(ranks(nums), ranks(ys))
	}
	return imp
}

// etaSquared is the between-groups sum of squares over the total.
func etaSquared(ys []float64, groups map[string][]float64) float64 {
	mean := 0.0
	for _, y := range ys {
		mean += y
	}
	mean /= float64(len(ys))
	var total, between float64
	for _, y := range ys {
		total += (y - mean) * (y - mean)
	}
	if total == 0 {
		return 0
	}
	for _, g := range groups {
		gm := 0.0
		for _, y := range g {
			gm += y
		}
		gm /= float64(len(g))
		between += float64(len(g)) * (gm - mean) * (gm - mean)
	}
	return between / total
}

// numbers parses every value as a float (MLflow params are strings).
func numbers(xs []string) ([]float64, bool) {
	out := make([]float64, len(xs))
	for i, x := range xs {
		v, err := strconv.ParseFloat(x, 64)
		if err != nil || math.IsNaN(v) {
			return nil, false
		}
		out[i] = v
	}
	return out, true
}

// ranks are 1-based ranks, ties given their average rank.
func ranks(v []float64) []float64 {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return v[idx[a]] < v[idx[b]] })
	out := make([]float64, len(v))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && v[idx[j+1]] == v[idx[i]] {
			j++
		}
		r := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			out[idx[k]] = r
		}
		i = j + 1
	}
	return out
}

// pearson is the correlation of two series (NaN when either is constant).
func pearson(a, b []float64) float64 {
	n := float64(len(a))
	var ma, mb float64
	for i := range a {
		ma += a[i]
		mb += b[i]
	}
	ma, mb = ma/n, mb/n
	var sab, saa, sbb float64
	for i := range a {
		sab += (a[i] - ma) * (b[i] - mb)
		saa += (a[i] - ma) * (a[i] - ma)
		sbb += (b[i] - mb) * (b[i] - mb)
	}
	if saa == 0 || sbb == 0 {
		return math.NaN()
	}
	return sab / math.Sqrt(saa*sbb)
}

// Strongest are the first n params of imps (ranked by Importances) that
// have figures: what to group by when the user has not said.
func Strongest(imps []Importance, n int) []string {
	var out []string
	for _, imp := range imps {
		if imp.Note == "" && len(out) < n {
			out = append(out, imp.Param)
		}
	}
	return out
}

// VaryingParams are the params that take more than one value among runs
// (a param missing from some runs counts as varying), sorted.
func VaryingParams(runs []client.Run) []string {
	vals := map[string]map[string]bool{}
	seen := map[string]int{}
	for _, r := range runs {
		for _, p := range r.Data.Params {
			if vals[p.Key] == nil {
				vals[p.Key] = map[string]bool{}
			}
			vals[p.Key][p.Value] = true
			seen[p.Key]++
		}
	}
	var out []string
	for k, vs := range vals {
		if len(vs) > 1 || seen[k] < len(runs) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
