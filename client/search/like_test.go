package search

import (
	"regexp"
	"strings"
	"testing"
)

func TestLike(t *testing.T) {
	cases := []struct {
		s, p       string
		like, ilik bool
	}{
		{"iris-classification", "iris%", true, true},
		{"iris-classification", "IRIS%", false, true},
		{"iris", "iris", true, true},
		{"iris", "iri", false, false},
		{"iris", "%r%", true, true},
		{"iris", "i_is", true, true},
		{"iris", "i_s", false, false},
		{"", "%", true, true},
		{"", "_", false, false},
		{"abc", "%%c", true, true},
		{"aXbXc", "a%b%c", true, true},
		{"aXbXd", "a%b%c", false, false},
		{"ünïcode", "Ü%", false, true},
		{"ünïcode", "_n_code", true, true},
		{"a.b", "a.b", true, true},
		{"aXb", "a.b", false, false},
		{"mississippi", "%issip%i", true, true},
	}
	for _, c := range cases {
		if got := Like(c.s, c.p); got != c.like {
			t.Errorf("Like(%q, %q) = %v", c.s, c.p, got)
		}
		if got := ILike(c.s, c.p); got != c.ilik {
			t.Errorf("ILike(%q, %q) = %v", c.s, c.p, got)
		}
	}
}

// likeRegexp is MLflow's own construction (escape, % → .*, _ → .), used as
// the reference for random inputs.
func likeRegexp(p string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("(?s)^")
	for _, r := range p {
		switch r {
		case '%':
			b.WriteString(".*")
		case '_':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

func TestLikeMatchesRegexReference(t *testing.T) {
	alphabet := []rune("ab%_")
	// Every pattern and string up to length 5 over a small alphabet.
	var gen func(n int) []string
	gen = func(n int) []string {
		if n == 0 {
			return []string{""}
		}
		var out []string
		for _, s := range gen(n - 1) {
			out = append(out, s)
			if len([]rune(s)) == n-1 {
				for _, r := range alphabet {
					out = append(out, s+string(r))
				}
			}
		}
		return out
	}
	seen := map[string]bool{}
	var all []string
	for _, s := range gen(5) {
		if !seen[s] {
			seen[s] = true
			all = append(all, s)
		}
	}
	for _, p := range all {
		re := likeRegexp(p)
		for _, s := range all {
			if strings.ContainsAny(s, "%_") {
				continue
			}
			if got, want := Like(s, p), re.MatchString(s); got != want {
				t.Fatalf("Like(%q, %q) = %v, regex says %v", s, p, got, want)
			}
		}
	}
}
