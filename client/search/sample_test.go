package search

import (
	"math"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"

	"mltui/client"
)

// refEvenly is _evenly_spaced_indices written the slow, obvious way.
func refEvenly(total, maxN int) []int {
	if total <= 0 {
		return nil
	}
	if total <= maxN {
		var out []int
		for i := 0; i < total; i++ {
			out = append(out, i)
		}
		return out
	}
	if maxN == 1 {
		return []int{total - 1}
	}
	set := map[int]bool{}
	step := float64(total-1) / float64(maxN-1)
	for i := 0; i < maxN; i++ {
		set[int(math.RoundToEven(float64(i)*step))] = true
	}
	var out []int
	for k := range set {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

func TestEvenlySpaced(t *testing.T) {
	// Python: sorted({round(i * (10-1)/(4-1)) for i in range(4)}) == [0, 3, 6, 9]
	if got := EvenlySpaced(10, 4); !reflect.DeepEqual(got, []int{0, 3, 6, 9}) {
		t.Errorf("EvenlySpaced(10, 4) = %v", got)
	}
	// Python: round(2.5) == 2, so sorted({round(i * 2.5) for i in range(3)}) == [0, 2, 5]
	if got := EvenlySpaced(6, 3); !reflect.DeepEqual(got, []int{0, 2, 5}) {
		t.Errorf("EvenlySpaced(6, 3) = %v (Python rounds half to even)", got)
	}
	for total := 0; total < 60; total++ {
		for m := 1; m < 40; m++ {
			got, want := EvenlySpaced(total, m), refEvenly(total, m)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("EvenlySpaced(%d, %d) = %v, want %v", total, m, got, want)
			}
		}
	}
}

// refSampleByStep ports AbstractStore.get_metric_history_bulk_interval
// line by line, with lists and linear scans.
func refSampleByStep(histories [][]client.Metric, maxResults int, start, end *int64) [][]client.Metric {
	if maxResults < 1 {
		maxResults = 1
	}
	var mins []int64
	var all []int64
	has := func(xs []int64, v int64) bool {
		for _, x := range xs {
			if x == v {
				return true
			}
		}
		return false
	}
	for _, h := range histories {
		if len(h) == 0 {
			continue
		}
		lo, hi := h[0].Step, h[0].Step
		for _, m := range h {
			if m.Step < lo {
				lo = m.Step
			}
			if m.Step > hi {
				hi = m.Step
			}
			if !has(all, m.Step) {
				all = append(all, m.Step)
			}
		}
		mins = append(mins, lo, hi)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	var s, e int64
	if start != nil {
		s, e = *start, *end
	} else if len(all) > 0 {
		e = all[len(all)-1]
	}
	var inRange []int64
	for _, x := range all {
		if s <= x && x <= e {
			inRange = append(inRange, x)
		}
	}
	var chosen []int64
	if len(inRange) <= maxResults {
		chosen = append(chosen, inRange...)
	} else {
		interval := float64(len(inRange)) / float64(maxResults)
		for i := 0; i < maxResults; i++ {
			idx := int(float64(i) * interval)
			if idx < len(inRange) && !has(chosen, inRange[idx]) {
				chosen = append(chosen, inRange[idx])
			}
		}
		if !has(chosen, inRange[len(inRange)-1]) {
			chosen = append(chosen, inRange[len(inRange)-1])
		}
	}
	for _, m := range mins {
		if s <= m && m <= e && !has(chosen, m) {
			chosen = append(chosen, m)
		}
	}
	perRun := maxResults
	if len(chosen) > perRun {
		perRun = len(chosen)
	}
	out := make([][]client.Metric, len(histories))
	for i, h := range histories {
		var rows []client.Metric
		for _, m := range h {
			if has(chosen, m.Step) {
				rows = append(rows, m)
			}
		}
		sort.SliceStable(rows, func(a, b int) bool {
			if rows[a].Step != rows[b].Step {
				return rows[a].Step < rows[b].Step
			}
			return rows[a].Timestamp < rows[b].Timestamp
		})
		kept := []client.Metric{}
		for _, k := range refEvenly(len(rows), perRun) {
			kept = append(kept, rows[k])
		}
		out[i] = kept
	}
	return out
}

func randomHistories(rng *rand.Rand) [][]client.Metric {
	n := 1 + rng.IntN(4)
	out := make([][]client.Metric, n)
	for i := range out {
		rows := rng.IntN(300)
		base := int64(rng.IntN(5)) - 2 // sometimes negative steps
		for j := 0; j < rows; j++ {
			step := base + int64(j)*int64(1+rng.IntN(3))
			if rng.IntN(10) == 0 {
				step = base + int64(rng.IntN(50)) // duplicates, out of order
			}
			out[i] = append(out[i], client.Metric{Key: "m", Value: rng.Float64(), Timestamp: int64(rng.IntN(1000)), Step: step})
		}
	}
	return out
}

func norm(h [][]client.Metric) [][]client.Metric {
	for i := range h {
		if h[i] == nil {
			h[i] = []client.Metric{}
		}
	}
	return h
}

func TestSampleByStepMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for iter := 0; iter < 400; iter++ {
		h := randomHistories(rng)
		maxN := 1 + rng.IntN(120)
		var start, end *int64
		if rng.IntN(3) == 0 {
			a, b := int64(rng.IntN(100))-5, int64(rng.IntN(300))
			if a > b {
				a, b = b, a
			}
			start, end = &a, &b
		}
		got := norm(SampleByStep(h, maxN, start, end))
		want := norm(refSampleByStep(h, maxN, start, end))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("iteration %d (max %d): sample differs from the reference\n got %v\nwant %v", iter, maxN, got, want)
		}
	}
}

func TestSampleByStepKeepsEnds(t *testing.T) {
	var h []client.Metric
	for i := 0; i < 10000; i++ {
		h = append(h, client.Metric{Step: int64(i), Timestamp: int64(i), Value: float64(i)})
	}
	out := SampleByStep([][]client.Metric{h}, 100, nil, nil)[0]
	if len(out) < 100 || len(out) > 102 {
		t.Fatalf("kept %d rows for max 100", len(out))
	}
	if out[0].Step != 0 || out[len(out)-1].Step != 9999 {
		t.Errorf("first/last steps %d..%d, want 0..9999", out[0].Step, out[len(out)-1].Step)
	}
}

func TestCheckSampledQuery(t *testing.T) {
	one, five := int64(1), int64(5)
	cases := []struct {
		q    client.SampledQuery
		want string
	}{
		{client.SampledQuery{Key: "m"}, "sampled history needs at least one run ID"},
		{client.SampledQuery{RunIDs: []string{"a"}}, "sampled history needs a metric key"},
		{client.SampledQuery{RunIDs: []string{"a"}, Key: "m", StartStep: &one}, "give both start_step and end_step, or neither"},
		{client.SampledQuery{RunIDs: []string{"a"}, Key: "m", StartStep: &five, EndStep: &one}, "end_step must be greater than start_step (got start_step=5, end_step=1)"},
		{client.SampledQuery{RunIDs: []string{"a"}, Key: "m", MaxResults: 2501}, "max_results must be between 1 and 2500, got 2501"},
		{client.SampledQuery{RunIDs: make([]string, 101), Key: "m"}, "sampled history takes at most 100 run IDs, got 101"},
	}
	for _, c := range cases {
		_, err := CheckSampledQuery(c.q)
		if err == nil || err.Error() != c.want {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
	if n, err := CheckSampledQuery(client.SampledQuery{RunIDs: []string{"a"}, Key: "m"}); err != nil || n != 2500 {
		t.Errorf("default max: %d %v", n, err)
	}
}
