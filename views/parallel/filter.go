package parallel

import (
	"math"
	"strconv"

	"mltui/client/search"
	"mltui/views/components/runcols"
)

// clauses writes one axis' brush as MLflow filter clauses. MLflow's
// search has no OR, no parentheses and IN only for run IDs, and params
// are strings (`params.lr > '0.1'` compares text), so:
//
//   - a param brush holding one value is `params.x = 'v'`; otherwise it is
//     `params.x != 'v'` for every value the runs have outside the brush;
//   - a metric brush is `metrics.x >= lo AND metrics.x <= hi`, lo and hi
//     the lowest and highest value in the brush, written exactly.
//
// An inactive brush writes nothing. ok is false, with why, when a value
// cannot be written (it holds a single quote).
func (m *Model) clauses(a *axis) (out []string, ok bool, why string) {
	c := &m.cols[a.col]
	if !a.active(c) {
		return nil, true, ""
	}
	if !c.Param {
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := range c.Has {
			if _, usable := a.pos(c, i); usable && a.inside(c, i) {
				lo, hi = math.Min(lo, c.Vals[i]), math.Max(hi, c.Vals[i])
			}
		}
		if lo > hi { // nothing in the brush: its edges
			lo, hi = a.scale.Value(a.scale.Unpos(a.brush.lo)), a.scale.Value(a.scale.Unpos(a.brush.hi))
		}
		n := search.Name("metrics", c.Name)
		return []string{n + " >= " + number(lo), n + " <= " + number(hi)}, true, ""
	}
	in, outside := map[string]bool{}, map[string]bool{}
	for i := range c.Has {
		if !c.Has[i] {
			continue
		}
		if a.inside(c, i) {
			in[c.Raw[i]] = true
		} else {
			outside[c.Raw[i]] = true
		}
	}
	if len(in) == 1 {
		for v := range in {
			s, ok := search.Equals("params", c.Name, v)
			if !ok {
				return nil, false, "a value of " + c.Name + " holds '"
			}
			return []string{s}, true, ""
		}
	}
	vals := make([]string, 0, len(outside))
	for v := range outside {
		vals = append(vals, v)
	}
	runcols.SortLanes(vals)
	n := search.Name("params", c.Name)
	for _, v := range vals {
		lit, ok := search.Literal(v)
		if !ok {
			return nil, false, "a value of " + c.Name + " holds '"
		}
		out = append(out, n+" != "+lit)
	}
	return out, true, ""
}

// filter is the brush as one MLflow filter, ANDed with the runs table's
// filter the runs came through; ok false (with why) when it cannot be
// written.
func (m *Model) filter() (f string, ok bool, why string) {
	all := []string{m.runsFilter}
	for i := range m.axes {
		cs, ok, why := m.clauses(&m.axes[i])
		if !ok {
			return "", false, why
		}
		all = append(all, cs...)
	}
	return search.And(all...), true, ""
}

// brushed: any axis' brush leaves a run out.
func (m *Model) brushed() bool {
	for i := range m.axes {
		if m.axes[i].active(&m.cols[m.axes[i].col]) {
			return true
		}
	}
	return false
}

// number writes a float exactly (shortest round-trip form, no exponent,
// which MLflow's filter parser reads).
func number(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
