package chart

import (
	"math"
	"testing"
	"unicode/utf8"
)

func TestSparkKeepsAPeakAndGaps(t *testing.T) {
	// 1000 samples of 10 % with one 95 % sample, over 20 columns; no
	// samples in the last quarter of the time range.
	var ts []int64
	var vs []float64
	for i := range 1000 {
		ts = append(ts, int64(i))
		v := 10.0
		if i == 444 {
			v = 95
		}
		vs = append(vs, v)
	}
	vs[10] = math.NaN()
	s := Spark(ts, vs, 0, 1333, 20, 0, 100)
	if utf8.RuneCountInString(s) != 20 {
		t.Fatalf("width %d: %q", utf8.RuneCountInString(s), s)
	}
	rs := []rune(s)
	if rs[444*20/1333] != '█' {
		t.Fatalf("the 95%% peak is not a full block: %q", s)
	}
	if rs[0] != '▂' {
		t.Fatalf("10%% of 0–100 should be the second eighth: %q", s)
	}
	if rs[19] != ' ' {
		t.Fatalf("a column with no samples should be blank: %q", s)
	}
	// Without bounds the data's own range is used; a flat series is the
	// floor, held between its two samples.
	if f := Spark([]int64{0, 1}, []float64{3, 3}, 0, 1, 4, math.NaN(), math.NaN()); f != "▁▁▁▁" {
		t.Fatalf("flat series %q", f)
	}
	// Sparse samples hold until the next one; nothing before the first.
	if f := Spark([]int64{2, 6}, []float64{0, 100}, 0, 8, 8, 0, 100); f != "  ▁▁▁▁█ " {
		t.Fatalf("sparse series %q", f)
	}
}
