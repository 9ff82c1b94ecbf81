package search

import (
	"strings"
	"testing"
)

// FuzzParseFilter: every parser must return, never panic or spin, and
// point its errors inside the input.
func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{
		"metrics.acc > 0.9 AND params.x = 'a'", "tags.`a b` IS NOT NULL", "run_id IN ('a', \"b\")",
		"name LIKE 'x%'", "version_number >= 3", "꩒0", "metrics.1st < -1e-3", "`Run name` = 'it''s'",
	} {
		f.Add(s)
	}
	parsers := []func(string) ([]Clause, error){ParseRunFilter, ParseExperimentFilter, ParseModelFilter, ParseVersionFilter, ParseLoggedModelFilter}
	f.Fuzz(func(t *testing.T, in string) {
		for _, parse := range parsers {
			clauses, err := parse(in)
			if err != nil {
				e, ok := err.(*Error)
				if !ok || e.Pos < 0 || e.Pos > len(in) || e.Column < 1 || e.Msg == "" {
					t.Fatalf("%q: malformed error %#v", in, err)
				}
				continue
			}
			if strings.TrimSpace(in) != "" && len(clauses) == 0 {
				t.Fatalf("%q parsed to nothing", in)
			}
			for _, c := range clauses {
				if c.Pos < 0 || c.Pos >= len(in) {
					t.Fatalf("%q: clause position %d out of range", in, c.Pos)
				}
			}
		}
		if _, err := ParseRunOrderBy([]string{in}); err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("%q: order_by error %T", in, err)
			}
		}
	})
}
