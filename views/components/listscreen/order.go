package listscreen

import (
	"slices"

	"github.com/sahilm/fuzzy"
)

// All is the indexes 0..n-1, the order before sorting.
func All(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// Fuzzy returns those of idx whose text matches pattern, best match
// first; text(i) is what row i is matched on.
func Fuzzy(pattern string, idx []int, text func(i int) string) []int {
	texts := make([]string, len(idx))
	for j, i := range idx {
		texts[j] = text(i)
	}
	matches := fuzzy.Find(pattern, texts)
	out := make([]int, len(matches))
	for j, mt := range matches {
		out[j] = idx[mt.Index]
	}
	return out
}

// SortStable sorts idx by cmp, keeping ties in load order, and reversed
// when reverse.
func SortStable(idx []int, reverse bool, cmp func(a, b int) int) {
	slices.SortStableFunc(idx, func(a, b int) int {
		if reverse {
			return -cmp(a, b)
		}
		return cmp(a, b)
	})
}
