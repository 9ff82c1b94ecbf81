package search

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"

	"mltui/client"
)

// Limits of metrics/get-history-bulk-interval (mlflow/server/handlers.py).
const (
	MaxSampledRuns    = 100
	MaxSampledResults = 2500
)

// CheckSampledQuery validates a sampled-history query as the server does
// and returns the max_results to use (0 means 2500).
func CheckSampledQuery(q client.SampledQuery) (int, error) {
	switch {
	case len(q.RunIDs) == 0:
		return 0, fmt.Errorf("sampled history needs at least one run ID")
	case len(q.RunIDs) > MaxSampledRuns:
		return 0, fmt.Errorf("sampled history takes at most %d run IDs, got %d", MaxSampledRuns, len(q.RunIDs))
	case q.Key == "":
		return 0, fmt.Errorf("sampled history needs a metric key")
	case (q.StartStep == nil) != (q.EndStep == nil):
		return 0, fmt.Errorf("give both start_step and end_step, or neither")
	case q.StartStep != nil && *q.StartStep > *q.EndStep:
		return 0, fmt.Errorf("end_step must be greater than start_step (got start_step=%d, end_step=%d)", *q.StartStep, *q.EndStep)
	}
	n := q.MaxResults
	if n == 0 {
		n = MaxSampledResults
	}
	if n < 1 || n > MaxSampledResults {
		return 0, fmt.Errorf("max_results must be between 1 and %d, got %d", MaxSampledResults, q.MaxResults)
	}
	return n, nil
}

// EvenlySpaced returns at most max sorted indices into total items, always
// the first and the last: MLflow's _evenly_spaced_indices, including
// Python's round-half-to-even.
func EvenlySpaced(total, maxN int) []int {
	switch {
	case total <= 0:
		return nil
	case total <= maxN:
		out := make([]int, total)
		for i := range out {
			out[i] = i
		}
		return out
	case maxN <= 1:
		return []int{total - 1}
	}
	step := float64(total-1) / float64(maxN-1)
	out := make([]int, 0, maxN)
	for i := range maxN {
		idx := int(math.RoundToEven(float64(i) * step))
		if len(out) == 0 || out[len(out)-1] != idx {
			out = append(out, idx)
		}
	}
	return out
}

// SampleByStep applies the bulk-interval sampling of MLflow's abstract
// tracking store (what a server over a file store answers): pick up to max
// steps evenly from the union of every run's steps within [start, end]
// (default [0, largest step]) plus the last, add each run's own first and
// last step when in range, then keep each run's rows at those steps,
// ordered by (step, timestamp), thinned to max(max, #steps) evenly.
// histories[i] is run i's full history in stored order; the result has the
// same shape.
func SampleByStep(histories [][]client.Metric, maxResults int, start, end *int64) [][]client.Metric {
	maxResults = max(1, maxResults)
	stepSet := map[int64]bool{}
	var ends []int64
	for _, h := range histories {
		if len(h) == 0 {
			continue
		}
		lo, hi := h[0].Step, h[0].Step
		for _, m := range h {
			stepSet[m.Step] = true
			lo, hi = min(lo, m.Step), max(hi, m.Step)
		}
		ends = append(ends, lo, hi)
	}
	all := make([]int64, 0, len(stepSet))
	for s := range stepSet {
		all = append(all, s)
	}
	slices.Sort(all)
	var from, to int64
	if start != nil && end != nil {
		from, to = *start, *end
	} else if len(all) > 0 {
		to = all[len(all)-1]
	}
	chosen := map[int64]bool{}
	for _, s := range ends {
		if from <= s && s <= to {
			chosen[s] = true
		}
	}
	lo := sort.Search(len(all), func(i int) bool { return all[i] >= from })
	hi := sort.Search(len(all), func(i int) bool { return all[i] > to })
	if hi-lo <= maxResults {
		for _, s := range all[lo:hi] {
			chosen[s] = true
		}
	} else {
		interval := float64(hi-lo) / float64(maxResults)
		for i := range maxResults {
			if idx := lo + int(float64(i)*interval); idx < hi {
				chosen[all[idx]] = true
			}
		}
		chosen[all[hi-1]] = true
	}
	perRun := max(maxResults, len(chosen))
	out := make([][]client.Metric, len(histories))
	for i, h := range histories {
		var rows []client.Metric
		for _, m := range h {
			if chosen[m.Step] {
				rows = append(rows, m)
			}
		}
		slices.SortStableFunc(rows, func(a, b client.Metric) int {
			if a.Step != b.Step {
				return cmp.Compare(a.Step, b.Step)
			}
			return cmp.Compare(a.Timestamp, b.Timestamp)
		})
		idx := EvenlySpaced(len(rows), perRun)
		kept := make([]client.Metric, len(idx))
		for j, k := range idx {
			kept[j] = rows[k]
		}
		out[i] = kept
	}
	return out
}
