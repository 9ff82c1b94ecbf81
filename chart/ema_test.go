package chart

import (
	"math"
	"math/rand/v2"
	"testing"
)

// closedFormEMA is an independent statement of TensorBoard's debiased EMA:
// after n finite values v1..vn the smoothed value is
//
//	Σ_k (1-w)·w^(n-k)·v_k / (1 - w^n)
//
// computed directly as a weighted sum rather than as a recurrence.
func closedFormEMA(ys []float64, w float64) []float64 {
	out := make([]float64, len(ys))
	var fin []float64
	allEqual := true
	for _, v := range ys {
		if !(v == ys[0]) {
			allEqual = false
		}
	}
	for i, v := range ys {
		if allEqual || math.IsNaN(v) || math.IsInf(v, 0) {
			out[i] = v
			continue
		}
		fin = append(fin, v)
		n := len(fin)
		sum := 0.0
		for k, vk := range fin {
			sum += (1 - w) * math.Pow(w, float64(n-1-k)) * vk
		}
		den := 1 - math.Pow(w, float64(n))
		if w == 1 {
			den = 1
		}
		out[i] = sum / den
	}
	return out
}

func TestSmoothMatchesClosedForm(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		n := r.IntN(200)
		ys := make([]float64, n)
		for i := range ys {
			ys[i] = r.NormFloat64()*3 + float64(i)*0.01
			switch r.IntN(20) {
			case 0:
				ys[i] = math.NaN()
			case 1:
				ys[i] = math.Inf(1 - 2*r.IntN(2))
			}
		}
		for _, w := range []float64{0, 0.3, 0.6, 0.9, 0.99, r.Float64() * MaxSmoothing} {
			got := Smooth(nil, ys, w)
			want := closedFormEMA(ys, w)
			for i := range ys {
				if !sameFloat(got[i], want[i], 1e-9) {
					t.Fatalf("trial %d w=%v i=%d: got %v want %v (input %v)", trial, w, i, got[i], want[i], ys[i])
				}
			}
		}
	}
}

func TestSmoothKnownValues(t *testing.T) {
	// w=0.5 on 1, 2, 3: last 0.5, 1.25, 2.125; debias 0.5, 0.75, 0.875.
	got := Smooth(nil, []float64{1, 2, 3}, 0.5)
	want := []float64{1, 1.25 / 0.75, 2.125 / 0.875}
	for i := range want {
		if !sameFloat(got[i], want[i], 1e-12) {
			t.Fatalf("i=%d got %v want %v", i, got[i], want[i])
		}
	}
	// The first smoothed value is the first value (that is what debiasing is for).
	if got := Smooth(nil, []float64{7, 0, 0}, 0.99); got[0] != 7 {
		t.Fatalf("first value %v, want 7", got[0])
	}
	// Weight 0 is the identity.
	in := []float64{3, -1, math.NaN(), 4}
	out := Smooth(nil, in, 0)
	for i := range in {
		if !sameFloat(in[i], out[i], 0) {
			t.Fatalf("w=0 changed %v to %v", in[i], out[i])
		}
	}
}

func TestSmoothConstantAndNonFinite(t *testing.T) {
	c := Smooth(nil, []float64{0.25, 0.25, 0.25}, 0.9)
	for _, v := range c {
		if v != 0.25 {
			t.Fatalf("constant series smoothed to %v", c)
		}
	}
	// A NaN passes through and does not reset or advance the average.
	got := Smooth(nil, []float64{1, math.NaN(), 3}, 0.5)
	want := Smooth(nil, []float64{1, 3}, 0.5)
	if !math.IsNaN(got[1]) || got[0] != want[0] || got[2] != want[1] {
		t.Fatalf("NaN handling: got %v, want [%v NaN %v]", got, want[0], want[1])
	}
}

func sameFloat(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return a == b
	}
	return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b))
}
