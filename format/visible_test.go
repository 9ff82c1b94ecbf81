package format

import (
	"strings"
	"testing"
)

func TestVisibleShowsWhatATerminalWouldHide(t *testing.T) {
	for in, want := range map[string]string{
		"plain":    "plain",
		"실험-αβγ-🚀": "실험-αβγ-🚀",
		"evil\x1b]0;PWNED-TITLE\x07\x1b[2J\x1b[Hname": "evil␛]0;PWNED-TITLE␇␛[2J␛[Hname",
		"v\x1b[5mblink\r\nnewline":                    "v␛[5mblink␍↵newline",
		"\x1b]52;c;ZXZpbA==\x07clip":                  "␛]52;c;ZXZpbA==␇clip",
		"a\tb\x00c\x7f":                               "a b␀c␡",
		"\u202egnp.exe":                               "⟨U+202E⟩gnp.exe",
		"x\u2066y\u2069\u200bz\ufeff":                 "x⟨U+2066⟩y⟨U+2069⟩⟨U+200B⟩z⟨U+FEFF⟩",
		"c1\u009b31m":                                 "c1⟨U+009B⟩31m",
		"bad\x9b31m":                                  "bad⟨0x9B⟩31m",
	} {
		got := Visible(in)
		if got != want {
			t.Errorf("Visible(%q) = %q, want %q", in, got, want)
		}
		for _, r := range got {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || hidden(r) {
				t.Errorf("Visible(%q) still holds %U", in, r)
			}
		}
	}
}

func TestVisibleWidthIsWhatIsDrawn(t *testing.T) {
	// One cell per control picture: a table aligns on Width(Visible(s)).
	if w := Width(Visible("a\x1b[2Jb")); w != len("a␛[2Jb")-2 {
		t.Errorf("width %d", w)
	}
	if got := Fit(Visible("name\x1b[2J"), 12); Width(got) != 12 || !strings.HasPrefix(got, "name␛[2J") {
		t.Errorf("fit %q", got)
	}
}

func FuzzVisibleHoldsNoControls(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b]52;c;ZXZpbA==\x07clip", "\u202e", "\xff\x9b", "a\r\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, b := range []byte(Visible(s)) {
			if b < 0x20 || b == 0x7f {
				t.Fatalf("Visible(%q) holds byte %#x", s, b)
			}
		}
		for _, r := range Visible(s) {
			if (r >= 0x80 && r <= 0x9f) || hidden(r) {
				t.Fatalf("Visible(%q) holds %U", s, r)
			}
		}
	})
}
