// Package runcols reads a metric or a param of many runs into one column
// of numbers, the form the plots of runs (scatter, parallel coordinates)
// draw from: a param whose every value is a finite number is numeric,
// otherwise its values become lanes, numbers sorted as numbers first.
package runcols

import (
	"math"
	"sort"
	"strconv"

	"mltui/client"
)

// Column is one metric or param, read from every run once.
type Column struct {
	Name  string
	Param bool
	Vals  []float64 // per run; NaN when missing; categorical: the lane index
	Has   []bool    // the run has this key
	Raw   []string  // params: the value as logged
	Lanes []string  // categorical params: the distinct values, sorted
}

// Categorical reports whether the column's values are lanes.
func (c *Column) Categorical() bool { return c.Lanes != nil }

// Varies reports whether the runs have more than one value.
func (c *Column) Varies() bool {
	if c.Categorical() {
		return len(c.Lanes) > 1
	}
	first := math.NaN()
	for _, v := range c.Vals {
		switch {
		case math.IsNaN(v):
		case math.IsNaN(first):
			first = v
		case v != first:
			return true
		}
	}
	return false
}

// Metric reads metric k (each run's latest value).
func Metric(runs []client.Run, k string) Column {
	c := Column{Name: k, Vals: make([]float64, len(runs)), Has: make([]bool, len(runs))}
	for i, r := range runs {
		c.Vals[i] = math.NaN()
		if mv, ok := r.Metric(k); ok {
			c.Vals[i], c.Has[i] = mv.Value, true
		}
	}
	return c
}

// Param reads param k: numbers when every value is a finite number,
// else lanes ("nan" and "inf" make a param categorical: they cannot be
// placed on an axis).
func Param(runs []client.Run, k string) Column {
	c := Column{Name: k, Param: true, Vals: make([]float64, len(runs)), Has: make([]bool, len(runs)), Raw: make([]string, len(runs))}
	numeric := true
	for i, r := range runs {
		c.Vals[i] = math.NaN()
		v, ok := r.Param(k)
		if !ok {
			continue
		}
		c.Raw[i], c.Has[i] = v, true
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			numeric = false
			continue
		}
		c.Vals[i] = f
	}
	if numeric {
		return c
	}
	seen := map[string]bool{}
	for i, v := range c.Raw {
		if c.Has[i] && !seen[v] {
			seen[v] = true
			c.Lanes = append(c.Lanes, v)
		}
	}
	SortLanes(c.Lanes)
	idx := make(map[string]int, len(c.Lanes))
	for i, v := range c.Lanes {
		idx[v] = i
	}
	for i, v := range c.Raw {
		c.Vals[i] = math.NaN()
		if c.Has[i] {
			c.Vals[i] = float64(idx[v])
		}
	}
	return c
}

// SortLanes orders values numbers first (as numbers), then the rest as
// text, so "2" comes before "10" and both before "adam".
func SortLanes(vs []string) {
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

// Count is how many are true.
func Count(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}
