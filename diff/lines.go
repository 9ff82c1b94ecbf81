package diff

import "sort"

// LineKind says what a visible line of a diff is.
type LineKind int

const (
	LineSection LineKind = iota // a section title
	LineRow                     // one row of the table
	LineFold                    // "12 identical params", which expands
)

// Line is one visible line of a diff.
type Line struct {
	Kind    LineKind
	Section Section
	Row     int // index into Table.Rows (LineRow)
	// Changed and Total count the section's differing and all rows
	// (LineSection); Count is how many identical rows a fold holds (LineFold).
	Changed, Total, Count int
	Open                  bool // the fold is expanded (LineFold)
}

// View chooses which rows show and in what order.
type View struct {
	// DiffOnly hides identical rows behind one fold line per section.
	DiffOnly bool
	// Open lists sections whose fold is expanded.
	Open map[Section]bool
	// SortByChange orders each section's differing rows by the size of
	// their change, largest first (metric statistics stay together).
	SortByChange bool
}

// Lines lays the table out for a view: per section a title, the rows, and
// with DiffOnly a fold line for the identical rows (followed by them when open).
func (t Table) Lines(v View) []Line {
	var out []Line
	for start := 0; start < len(t.Rows); {
		sec := t.Rows[start].Section
		end := start
		for end < len(t.Rows) && t.Rows[end].Section == sec {
			end++
		}
		var changed, same []int
		for i := start; i < end; i++ {
			if t.Rows[i].Identical {
				same = append(same, i)
			} else {
				changed = append(changed, i)
			}
		}
		out = append(out, Line{Kind: LineSection, Section: sec, Changed: len(changed), Total: end - start})
		shown := changed
		if !v.DiffOnly {
			shown = make([]int, 0, end-start)
			for i := start; i < end; i++ {
				shown = append(shown, i)
			}
		}
		if v.SortByChange {
			shown = t.byChange(shown)
		}
		for _, i := range shown {
			out = append(out, Line{Kind: LineRow, Section: sec, Row: i})
		}
		if v.DiffOnly && len(same) > 0 {
			open := v.Open[sec]
			out = append(out, Line{Kind: LineFold, Section: sec, Count: len(same), Open: open})
			if open {
				for _, i := range same {
					out = append(out, Line{Kind: LineRow, Section: sec, Row: i})
				}
			}
		}
		start = end
	}
	return out
}

// byChange orders row indexes by change size, largest first; rows of one
// metric (latest/min/max) move as a group, ranked by their largest change.
// Identical rows go last; ties keep key order.
func (t Table) byChange(idx []int) []int {
	type group struct {
		rows      []int
		change    float64
		identical bool
	}
	var groups []group
	for _, i := range idx {
		r := t.Rows[i]
		if n := len(groups); n > 0 && r.Metric() && t.Rows[groups[n-1].rows[0]].Key == r.Key && t.Rows[groups[n-1].rows[0]].Metric() {
			g := &groups[n-1]
			g.rows = append(g.rows, i)
			g.change = max(g.change, r.Change)
			g.identical = g.identical && r.Identical
			continue
		}
		groups = append(groups, group{rows: []int{i}, change: r.Change, identical: r.Identical})
	}
	sort.SliceStable(groups, func(a, b int) bool {
		ga, gb := groups[a], groups[b]
		if ga.identical != gb.identical {
			return !ga.identical
		}
		return ga.change > gb.change
	})
	out := make([]int, 0, len(idx))
	for _, g := range groups {
		out = append(out, g.rows...)
	}
	return out
}
