package chart

import "math"

// MaxSmoothing is the largest smoothing weight the UI offers.
const MaxSmoothing = 0.99

// Smooth applies TensorBoard's debiased exponential moving average to ys in
// order and writes the result into dst (grown as needed), which it returns.
//
// It is the scalar dashboard's algorithm: the average starts at 0 and each
// finite value v updates last = last*w + (1-w)*v; dividing by 1-w^n (n =
// finite values so far) removes the bias towards the zero start. Non-finite
// values pass through unchanged and do not advance the average, and a series
// whose values are all equal is returned as is (TensorBoard issue #786).
func Smooth(dst, ys []float64, w float64) []float64 {
	if cap(dst) < len(ys) {
		dst = make([]float64, len(ys))
	}
	dst = dst[:len(ys)]
	if len(ys) == 0 {
		return dst
	}
	constant := true
	for _, v := range ys {
		// NaN != NaN, so a series holding NaN is never "constant", as in
		// TensorBoard's `v == yValues[0]`.
		if v != ys[0] {
			constant = false
			break
		}
	}
	last, n := 0.0, 0.0
	for i, v := range ys {
		if constant || math.IsNaN(v) || math.IsInf(v, 0) {
			dst[i] = v
			continue
		}
		last = last*w + (1-w)*v
		n++
		debias := 1.0
		if w != 1 {
			debias = 1 - math.Pow(w, n)
		}
		dst[i] = last / debias
	}
	return dst
}
