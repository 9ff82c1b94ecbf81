package chart

import (
	"math"
	"strings"
	"testing"
)

func TestFitAxisSkipsNonFiniteAndLogNonPositive(t *testing.T) {
	vals := []float64{math.NaN(), math.Inf(1), -1, 0, 1, 100}
	a, skipped := FitAxis(vals, false, 0)
	if skipped != 2 || a.Lo != -1 || a.Hi != 100 {
		t.Fatalf("linear: skipped %d range %v..%v", skipped, a.Lo, a.Hi)
	}
	a, skipped = FitAxis(vals, true, 0)
	if skipped != 4 || a.Lo != 0 || a.Hi != 2 {
		t.Fatalf("log: skipped %d range %v..%v", skipped, a.Lo, a.Hi)
	}
	if _, ok := a.Pos(0); ok {
		t.Fatal("log axis placed 0")
	}
	if p, _ := a.Pos(10); math.Abs(p-0.5) > 1e-9 {
		t.Fatalf("10 on log 1..100 at %v, want the middle", p)
	}
}

func TestLanesAreEvenlySpaced(t *testing.T) {
	a, _ := FitAxis([]float64{0, 1, 2, 1}, false, 3)
	var got []float64
	for i := range 3 {
		p, ok := a.Pos(float64(i))
		if !ok {
			t.Fatalf("lane %d not placed", i)
		}
		got = append(got, p)
	}
	if math.Abs((got[1]-got[0])-(got[2]-got[1])) > 1e-9 || got[0] <= 0 || got[2] >= 1 {
		t.Fatalf("lanes at %v", got)
	}
	if _, ok := a.Pos(3); ok {
		t.Fatal("lane 3 of 3 placed")
	}
}

func TestOneValueSitsInTheMiddle(t *testing.T) {
	a, _ := FitAxis([]float64{5, 5}, false, 0)
	if p, ok := a.Pos(5); !ok || p != 0.5 {
		t.Fatalf("got %v %v", p, ok)
	}
	a, _ = FitAxis(nil, false, 0)
	if _, ok := a.Pos(math.NaN()); ok {
		t.Fatal("NaN placed")
	}
}

func TestNearestGoesTheWayAsked(t *testing.T) {
	pts := []ScatterPoint{{X: 0.5, Y: 0.5}, {X: 0.6, Y: 0.5}, {X: 0.9, Y: 0.52}, {X: 0.5, Y: 0.9}, {X: 0.1, Y: 0.1}}
	cases := []struct{ dx, dy, want int }{{1, 0, 1}, {0, 1, 3}, {-1, 0, 4}, {0, -1, 4}}
	for _, c := range cases {
		if got := Nearest(pts, 0, c.dx, c.dy); got != c.want {
			t.Errorf("from 0 dir (%d,%d): got %d want %d", c.dx, c.dy, got, c.want)
		}
	}
	if got := Nearest(pts, 2, 1, 0); got != 2 {
		t.Errorf("nothing to the right: got %d, want to stay", got)
	}
	if got := Nearest(nil, 0, 1, 0); got != 0 {
		t.Errorf("empty: got %d", got)
	}
}

func TestGridDrawsCursorAndSkipsOutside(t *testing.T) {
	var g ScatterGrid
	g.Draw(10, 3, []ScatterPoint{{X: 0, Y: 0}, {X: 1, Y: 1}, {X: math.NaN(), Y: 2}})
	lines := g.Lines(&ScatterStyles{}, 9, 0)
	if len(lines) != 3 || !strings.HasSuffix(lines[0], "◆") || strings.TrimSpace(lines[2]) == "" {
		t.Fatalf("lines %q", lines)
	}
}

func BenchmarkScatter10k(b *testing.B) {
	pts := make([]ScatterPoint, 10000)
	for i := range pts {
		pts[i] = ScatterPoint{X: math.Mod(float64(i)*0.618, 1), Y: math.Mod(float64(i)*0.377, 1), Slot: i % 5, Marked: i%97 == 0}
	}
	st := &ScatterStyles{Point: Paint{"\x1b[2m", "\x1b[0m"}, Colors: []Paint{{"\x1b[31m", "\x1b[0m"}}, Marked: Paint{"\x1b[1m", "\x1b[0m"}}
	var g ScatterGrid
	b.Run("draw", func(b *testing.B) {
		for range b.N {
			g.Draw(190, 56, pts)
			g.Lines(st, 3, 3)
		}
	})
	b.Run("cursor", func(b *testing.B) {
		for i := range b.N {
			g.Lines(st, i%190, 3)
		}
	})
}
