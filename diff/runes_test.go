package diff

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// rebuild recovers both inputs from an edit script.
func rebuild(es []Edit) (a, b string) {
	var ab, bb strings.Builder
	for _, e := range es {
		if e.Op != OpInsert {
			ab.WriteString(e.Text)
		}
		if e.Op != OpDelete {
			bb.WriteString(e.Text)
		}
	}
	return ab.String(), bb.String()
}

func editCount(es []Edit) int {
	n := 0
	for _, e := range es {
		if e.Op != OpEqual {
			n += utf8.RuneCountInString(e.Text)
		}
	}
	return n
}

func TestRunesMinimalScripts(t *testing.T) {
	cases := []struct {
		a, b  string
		edits int // the shortest edit script's length
		want  []Edit
	}{
		{"", "", 0, nil},
		{"abc", "abc", 0, []Edit{{OpEqual, "abc"}}},
		{"", "xy", 2, []Edit{{OpInsert, "xy"}}},
		{"abcabba", "cbabac", 5, nil}, // Myers' paper example: D = 5
		{`{"lr": 0.1, "layers": [64]}`, `{"lr": 0.01, "layers": [64, 64]}`, 5, nil},
		{"max_depth=5;seed=1", "max_depth=12;seed=1", 3,
			[]Edit{{OpEqual, "max_depth="}, {OpDelete, "5"}, {OpInsert, "12"}, {OpEqual, ";seed=1"}}},
		{"/data/ïris/v1/train.csv", "/data/ïris/v2/train.csv", 2, nil},
		{"日本語テキスト", "日本のテキスト", 2, nil},
	}
	for _, c := range cases {
		es := RunesBounded(c.a, c.b, MaxDiffRunes, MaxDiffEdits)
		if a, b := rebuild(es); a != c.a || b != c.b {
			t.Errorf("%q→%q: script rebuilds %q→%q", c.a, c.b, a, b)
		}
		if n := editCount(es); n != c.edits {
			t.Errorf("%q→%q: %d edits, want %d: %v", c.a, c.b, n, c.edits, es)
		}
		if c.want != nil && !equalEdits(es, c.want) {
			t.Errorf("%q→%q: %v, want %v", c.a, c.b, es, c.want)
		}
	}
}

func equalEdits(a, b []Edit) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRunesCleanupKeepsWordsWhole(t *testing.T) {
	a := `["sepal_length","sepal_width","petal_length","petal_width"]`
	b := `["sepal_length","petal_length","petal_width","petal_area"]`
	es := Runes(a, b)
	if ra, rb := rebuild(es); ra != a || rb != b {
		t.Fatalf("cleaned script rebuilds %q→%q", ra, rb)
	}
	want := []Edit{{OpEqual, `["sepal_length","`}, {OpDelete, `sepal_width","`}, {OpEqual, `petal_length","petal_width`},
		{OpInsert, `","petal_area`}, {OpEqual, `"]`}}
	if !equalEdits(es, want) {
		t.Errorf("got %v\nwant %v", es, want)
	}
	// Nothing stranded: a one-letter equality between two long edits is gone.
	es = Runes("the quick brown fox", "a slow red dog")
	for i := 1; i < len(es)-1; i++ {
		if es[i].Op == OpEqual && utf8.RuneCountInString(es[i].Text) <= 1 {
			t.Errorf("stranded equality %q in %v", es[i].Text, es)
		}
	}
}

func TestRunesBoundedFallsBackOnHugeValues(t *testing.T) {
	// Two long values that differ everywhere but share a prefix and suffix.
	a := "prefix:" + strings.Repeat("ab", 3000) + ":suffix"
	b := "prefix:" + strings.Repeat("ba", 3000) + "x:suffix"
	es := RunesBounded(a, b, 1000, 50)
	if ra, rb := rebuild(es); ra != a || rb != b {
		t.Fatalf("fallback script does not rebuild its inputs")
	}
	if len(es) != 4 || es[0] != (Edit{OpEqual, "prefix:"}) || es[1].Op != OpDelete || es[2].Op != OpInsert || es[3] != (Edit{OpEqual, ":suffix"}) {
		t.Errorf("fallback should be prefix, delete, insert, suffix; got %d edits starting %v", len(es), es[0])
	}
	// Within bounds the same shape diffs exactly.
	es = RunesBounded("xaby", "xbay", 1000, 50)
	if n := editCount(es); n != 2 {
		t.Errorf("small diff: %d edits, want 2", n)
	}
}

func FuzzRunes(f *testing.F) {
	f.Add("abcabba", "cbabac")
	f.Add(`{"a":1}`, `{"a":2,"b":[1,2]}`)
	f.Add("ïñ\x00", "\xff")
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			a, b = strings.ToValidUTF8(a, "?"), strings.ToValidUTF8(b, "?")
		}
		es := RunesBounded(a, b, 200, 20)
		if ra, rb := rebuild(es); ra != a || rb != b {
			t.Fatalf("%q→%q rebuilds %q→%q", a, b, ra, rb)
		}
		es = Cleanup(es)
		if ra, rb := rebuild(es); ra != a || rb != b {
			t.Fatalf("cleaned %q→%q rebuilds %q→%q", a, b, ra, rb)
		}
		for i := 1; i < len(es); i++ {
			if es[i].Op == es[i-1].Op {
				t.Fatalf("neighbouring edits share an op: %v", es)
			}
		}
	})
}
