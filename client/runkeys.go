package client

import (
	"cmp"
	"slices"
)

// CommonKeys are the metric and param keys most runs have (at most
// nMetrics and nParams), ties broken by name, so the choice is stable.
func CommonKeys(runs []Run, nMetrics, nParams int) (metrics, params []string) {
	mc := map[string]int{}
	pc := map[string]int{}
	for _, r := range runs {
		for _, m := range r.Data.Metrics {
			mc[m.Key]++
		}
		for _, p := range r.Data.Params {
			pc[p.Key]++
		}
	}
	return topKeys(mc, nMetrics), topKeys(pc, nParams)
}

func topKeys(counts map[string]int, n int) []string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	if len(keys) > n {
		keys = keys[:n]
	}
	return keys
}

// AllKeys are every metric and param key among runs, sorted.
func AllKeys(runs []Run) (metrics, params []string) {
	ms, ps := map[string]bool{}, map[string]bool{}
	for _, r := range runs {
		for _, m := range r.Data.Metrics {
			ms[m.Key] = true
		}
		for _, p := range r.Data.Params {
			ps[p.Key] = true
		}
	}
	for k := range ms {
		metrics = append(metrics, k)
	}
	for k := range ps {
		params = append(params, k)
	}
	slices.Sort(metrics)
	slices.Sort(params)
	return metrics, params
}
