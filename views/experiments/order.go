package experiments

import (
	"cmp"
	"strconv"

	"mltui/client"
	"mltui/views/components/listscreen"
)

// SortKey is what the list is ordered by.
type SortKey int

const (
	SortUpdated SortKey = iota
	SortName
	SortID
	SortCreated
	sortKeys
)

func (k SortKey) String() string {
	return [...]string{"updated", "name", "id", "created"}[k]
}

// Order returns the indexes of exps to show: matches of the fuzzy pattern
// in score order when a pattern is given, otherwise all sorted by key
// (updated and created newest first unless reversed; name and id
// ascending unless reversed). Deleted experiments are left out unless
// showDeleted.
func Order(exps []client.Experiment, pattern string, key SortKey, reverse, showDeleted bool) []int {
	idx := make([]int, 0, len(exps))
	for i, e := range exps {
		if showDeleted || e.LifecycleStage != client.LifecycleDeleted {
			idx = append(idx, i)
		}
	}
	if pattern != "" {
		return listscreen.Fuzzy(pattern, idx, func(i int) string { return exps[i].Name })
	}
	listscreen.SortStable(idx, reverse, func(a, b int) int {
		ea, eb := exps[a], exps[b]
		var c int
		switch key {
		case SortName:
			c = cmp.Compare(ea.Name, eb.Name)
		case SortID:
			c = compareIDs(ea.ID, eb.ID)
		case SortCreated:
			c = -cmp.Compare(ea.CreationTime, eb.CreationTime)
		default:
			c = -cmp.Compare(ea.LastUpdateTime, eb.LastUpdateTime)
		}
		if c == 0 {
			c = compareIDs(ea.ID, eb.ID)
		}
		return c
	})
	return idx
}

// compareIDs orders numeric IDs numerically ("9" < "10"), others as text.
func compareIDs(a, b string) int {
	na, errA := strconv.ParseInt(a, 10, 64)
	nb, errB := strconv.ParseInt(b, 10, 64)
	if errA == nil && errB == nil {
		return cmp.Compare(na, nb)
	}
	return cmp.Compare(a, b)
}
