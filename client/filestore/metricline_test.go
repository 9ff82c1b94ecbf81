package filestore

import (
	"math"
	"strings"
	"testing"
)

func TestParseMetricLine(t *testing.T) {
	cases := []struct {
		in   string
		want MetricLine
	}{
		{"1700000000000 0.5", MetricLine{Timestamp: 1700000000000, Value: 0.5}},
		{"1700000000000 0.5 3\n", MetricLine{Timestamp: 1700000000000, Value: 0.5, Step: 3}},
		{"17 1e-05 -2", MetricLine{Timestamp: 17, Value: 1e-05, Step: -2}},
		{"17 inf 1", MetricLine{Timestamp: 17, Value: math.Inf(1), Step: 1}},
		{"17 -inf 1", MetricLine{Timestamp: 17, Value: math.Inf(-1), Step: 1}},
		{"17 0.25 4 ds1 abc123", MetricLine{Timestamp: 17, Value: 0.25, Step: 4, DatasetName: "ds1", DatasetDigest: "abc123"}},
		{"17 2 5 extra", MetricLine{Timestamp: 17, Value: 2, Step: 5}},
		{"  17 3.0 1  ", MetricLine{Timestamp: 17, Value: 3, Step: 1}},
	}
	for _, c := range cases {
		got, err := ParseMetricLine(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseMetricLine(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
	if m, err := ParseMetricLine("17 nan 0"); err != nil || !math.IsNaN(m.Value) {
		t.Errorf("nan: %+v %v", m, err)
	}
	bad := map[string]string{
		"":                         "1 fields",
		"17":                       "1 fields",
		"17 0.5 1 a b c":           "6 fields",
		"x 0.5 1":                  `timestamp "x"`,
		"17 abc 1":                 `value "abc"`,
		"17 0.5 1.5":               `step "1.5"`,
		"17  0.5":                  `value ""`,
		"17 0x1p-2 1":              `value "0x1p-2"`,
		"1.7e12 0.5 1":             `timestamp "1.7e12"`,
		"99999999999999999999 1 1": "timestamp",
	}
	for in, want := range bad {
		_, err := ParseMetricLine(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseMetricLine(%q) error %v, want one mentioning %q", in, err, want)
		}
	}
	m, err := ParseModelMetricLine("17 0.5 1 run123 ds dig")
	if err != nil || m.RunID != "run123" || m.DatasetName != "ds" || m.Step != 1 {
		t.Errorf("model line: %+v %v", m, err)
	}
	if _, err := ParseModelMetricLine("17 0.5 1"); err == nil {
		t.Error("model line with 3 fields accepted")
	}
}

func TestParseMetricFilePartialLastLine(t *testing.T) {
	data := "1 0.1 0\n2 0.2 1\n3 0.3 2\n4 0.4"
	lines, err := ParseMetricFile("m", []byte(data), ParseMetricLine)
	if err != nil || len(lines) != 4 {
		t.Fatalf("a complete last line without newline: %d lines, %v", len(lines), err)
	}
	for _, partial := range []string{"4 0.", "4 ", "4", "40000000000000 0.4 1"[:5]} {
		lines, err := ParseMetricFile("m", []byte("1 0.1 0\n2 0.2 1\n"+partial), ParseMetricLine)
		if err != nil {
			t.Errorf("partial last line %q gave an error: %v", partial, err)
		}
		if len(lines) != 2 && !(partial == "4 0." && len(lines) == 3) {
			t.Errorf("partial %q: %d lines", partial, len(lines))
		}
	}
	_, err = ParseMetricFile("/x/metrics/loss", []byte("1 0.1 0\nbroken line here\n3 0.3 2\n"), ParseMetricLine)
	if err == nil || err.Error() != `/x/metrics/loss line 2 ("broken line here"): timestamp "broken" is not an integer` {
		t.Errorf("bad middle line: %v", err)
	}
	lines, err = ParseMetricFile("m", []byte("\n1 0.1 0\n\n2 0.2 1\n"), ParseMetricLine)
	if err != nil || len(lines) != 2 {
		t.Errorf("blank lines: %d %v", len(lines), err)
	}
}

func TestLatest(t *testing.T) {
	ls := []MetricLine{
		{Timestamp: 5, Value: 1, Step: 2},
		{Timestamp: 9, Value: 0.5, Step: 1}, // later but smaller step
		{Timestamp: 5, Value: 3, Step: 2},   // same step and time, larger value
		{Timestamp: 5, Value: math.NaN(), Step: 2},
	}
	got, _ := latest(ls)
	if got.Value != 3 {
		t.Errorf("latest = %+v, want the (2, 5, 3) line", got)
	}
	if _, ok := latest(nil); ok {
		t.Error("latest of nothing")
	}
}

// FuzzParseMetricLine: never panics, and whatever parses formats back to
// the same numbers.
func FuzzParseMetricLine(f *testing.F) {
	for _, s := range []string{"1700000000000 0.5 3", "1 nan 0", "2 -inf 4 ds dig", "3 1e-05", "x", "1 2 3 4 5 6"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		m, err := ParseMetricLine(line)
		if err != nil {
			return
		}
		f := strings.Split(strings.TrimSpace(line), " ")
		if len(f) < 2 || len(f) > 5 {
			t.Fatalf("%q parsed with %d fields", line, len(f))
		}
		again, err := ParseMetricLine(formatLine(m))
		if err != nil || again.Timestamp != m.Timestamp || again.Step != m.Step ||
			!(again.Value == m.Value || math.IsNaN(again.Value) && math.IsNaN(m.Value)) {
			t.Fatalf("%q → %+v → %q → %+v %v", line, m, formatLine(m), again, err)
		}
		if _, err := ParseMetricFile("f", []byte(line), ParseMetricLine); err != nil {
			t.Fatalf("a parseable line fails as a file: %v", err)
		}
	})
}

func formatLine(m MetricLine) string {
	return strings.Join([]string{itoa(m.Timestamp), ftoa(m.Value), itoa(m.Step)}, " ")
}
