package cli

import "testing"

func TestBaselineIndex(t *testing.T) {
	ids := []string{"aaaa1111", "bbbb2222", "aaab3333"}
	cases := []struct {
		in      string
		want    int
		wantErr bool
	}{
		{"", 0, false},
		{"bbbb2222", 1, false},
		{"bbbb", 1, false},
		{"aaab", 2, false},
		{"aaa", 0, true}, // ambiguous prefix
		{"3", 2, false},  // column number
		{"4", 0, true},
		{"zzz", 0, true},
	}
	for _, c := range cases {
		got, err := baselineIndex(c.in, ids)
		if (err != nil) != c.wantErr || (!c.wantErr && got != c.want) {
			t.Errorf("baselineIndex(%q) = %d, %v; want %d (error %v)", c.in, got, err, c.want, c.wantErr)
		}
	}
}

func TestDiffRejectsBadArguments(t *testing.T) {
	for _, args := range [][]string{
		{"diff", "onlyone"},
		{"diff", "a", "b", "-o", "xml"},
		{"diff", "--model", "m", "1"},
	} {
		a := &App{Getenv: func(string) string { return "" }, Cwd: t.TempDir()}
		root := NewRoot(a)
		root.SetArgs(args)
		root.SetOut(discard{})
		root.SetErr(discard{})
		if err := root.Execute(); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
