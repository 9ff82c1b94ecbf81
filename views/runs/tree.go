package runs

import "mltui/client"

// Row is one visible line of the runs table: a run at a nesting depth.
type Row struct {
	Index    int // into the loaded runs
	Depth    int
	Children int  // direct children among the loaded runs
	Expanded bool // children shown
}

// BuildRows folds child runs (tag mlflow.parentRunId) under their parents,
// keeping the loaded order among siblings. A run whose parent is not
// loaded (filtered out, deleted, on a later page) stays at the top level.
// Children show only under expanded parents; a loop of parent tags cannot
// hide runs or recurse forever.
func BuildRows(runs []client.Run, expanded map[string]bool) []Row {
	byID := make(map[string]int, len(runs))
	for i, r := range runs {
		byID[r.Info.RunID] = i
	}
	children := map[int][]int{}
	var roots []int
	for i, r := range runs {
		p := r.ParentRunID()
		if j, ok := byID[p]; ok && p != "" && j != i {
			children[j] = append(children[j], i)
			continue
		}
		roots = append(roots, i)
	}
	out := make([]Row, 0, len(runs))
	placed := make([]bool, len(runs))
	var walk func(i, depth int)
	walk = func(i, depth int) {
		if placed[i] {
			return
		}
		placed[i] = true
		open := expanded[runs[i].Info.RunID]
		out = append(out, Row{Index: i, Depth: depth, Children: len(children[i]), Expanded: open})
		if open {
			for _, c := range children[i] {
				walk(c, depth+1)
			}
		} else {
			markPlaced(children, i, placed)
		}
	}
	for _, r := range roots {
		walk(r, 0)
	}
	// Runs only reachable through a parent loop: show them at the top.
	for i := range runs {
		if !placed[i] {
			walk(i, 0)
		}
	}
	return out
}

// markPlaced marks the hidden descendants of a folded run as placed.
func markPlaced(children map[int][]int, i int, placed []bool) {
	for _, c := range children[i] {
		if !placed[c] {
			placed[c] = true
			markPlaced(children, c, placed)
		}
	}
}

// Parents are the IDs of loaded runs that have loaded children.
func Parents(runs []client.Run) []string {
	ids := map[string]bool{}
	for _, r := range runs {
		ids[r.Info.RunID] = true
	}
	seen := map[string]bool{}
	var out []string
	for _, r := range runs {
		p := r.ParentRunID()
		if p != "" && ids[p] && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}
