package format

import (
	"encoding/json"
	"math"
	"testing"
	"time"
)

func TestSpanAndDuration(t *testing.T) {
	cases := []struct {
		d          time.Duration
		span, full string
	}{
		{0, "0s", "0ms"},
		{1500 * time.Millisecond, "1s", "1s"},
		{65 * time.Second, "1m", "1m05s"},
		{2*time.Hour + 3*time.Minute, "2h", "2h03m"},
		{50 * time.Hour, "2d", "2d02h"},
		{90 * 24 * time.Hour, "3mo", "90d00h"},
		{800 * 24 * time.Hour, "2y", "800d00h"},
		{-time.Second, "0s", "0ms"},
	}
	for _, c := range cases {
		if got := Span(c.d); got != c.span {
			t.Errorf("Span(%v) = %q, want %q", c.d, got, c.span)
		}
		if got := Duration(c.d); got != c.full {
			t.Errorf("Duration(%v) = %q, want %q", c.d, got, c.full)
		}
	}
	if Age(time.Now(), time.Time{}) != "-" {
		t.Error("zero time should be -")
	}
}

func TestFloat(t *testing.T) {
	cases := map[float64]string{
		math.NaN(): "NaN", math.Inf(1): "+Inf", math.Inf(-1): "-Inf",
		0.96666666: "0.966667", 1e-5: "1e-05", 12345678: "1.23457e+07", 0.5: "0.5",
	}
	for v, want := range cases {
		if got := Float(v); got != want {
			t.Errorf("Float(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestIntBytes(t *testing.T) {
	if got := Int(1234567); got != "1,234,567" {
		t.Errorf("Int = %q", got)
	}
	if got := Int(-1000); got != "-1,000" {
		t.Errorf("Int = %q", got)
	}
	if got := Int(999); got != "999" {
		t.Errorf("Int = %q", got)
	}
	if got := Bytes(1536); got != "1.5 KiB" {
		t.Errorf("Bytes = %q", got)
	}
	if got := Bytes(3 * 1024 * 1024); got != "3.0 MiB" {
		t.Errorf("Bytes = %q", got)
	}
}

func TestFitWideAndControl(t *testing.T) {
	// Each CJK character is two cells: 4 chars = 8 cells.
	s := "学習率調"
	if got := Fit(s, 8); got != s {
		t.Errorf("exact fit changed: %q", got)
	}
	got := Fit(s, 5)
	if Width(got) != 5 {
		t.Errorf("Fit width = %d (%q), want 5", Width(got), got)
	}
	if got := Fit("a\nb\tc", 6); got != "a↵b c " {
		t.Errorf("control chars: %q", got)
	}
	// An escape sequence is shown, and counted at the width it is drawn.
	if got := Fit("\x1b[5mab", 8); got != "␛[5mab  " {
		t.Errorf("escape: %q", got)
	}
	if got := Fit("\x1b]0;title\x07x", 6); got != "␛]0;t…" || Width(got) != 6 {
		t.Errorf("long escape: %q (width %d)", got, Width(got))
	}
	if got := FitRight("12", 4); got != "  12" {
		t.Errorf("FitRight = %q", got)
	}
	if got := Fit("hello world", 6); got != "hello…" {
		t.Errorf("Fit = %q", got)
	}
	if got := Fit("🚀 run", 4); Width(got) != 4 {
		t.Errorf("emoji fit width %d (%q)", Width(got), got)
	}
}

func TestJSONFloatSpellsNonFiniteAsMLflowDoes(t *testing.T) {
	vals := []JSONFloat{0.5, JSONFloat(math.NaN()), JSONFloat(math.Inf(1)), JSONFloat(math.Inf(-1)), 3}
	b, err := json.Marshal(vals)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(b); got != `[0.5,"NaN","Infinity","-Infinity",3]` {
		t.Errorf("json %s", got)
	}
	if s, ok := NonFinite(1); ok || s != "" {
		t.Error("1 is finite")
	}
}
