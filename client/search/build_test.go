package search

import "testing"

func TestBuildFilterParts(t *testing.T) {
	for _, c := range []struct{ kind, name, want string }{
		{"params", "lr", "params.lr"},
		{"params", "optimizer/name", "params.`optimizer/name`"},
		{"metrics", "a`b", `metrics."a` + "`" + `b"`},
	} {
		if got := Name(c.kind, c.name); got != c.want {
			t.Errorf("Name(%q, %q) = %q, want %q", c.kind, c.name, got, c.want)
		}
	}
	if got, ok := Equals("params", "lr", "0.01"); !ok || got != "params.lr = '0.01'" {
		t.Errorf("Equals = %q %v", got, ok)
	}
	if _, ok := Equals("params", "name", "it's"); ok {
		t.Error("a value with a single quote was written")
	}
	if got := And("params.a = '1'", "", " metrics.b > 2 "); got != "params.a = '1' AND metrics.b > 2" {
		t.Errorf("And = %q", got)
	}
	// What Equals and And write parses and selects what it says.
	f, _ := Equals("params", "optimizer/name", "adam")
	cl, err := ParseRunFilter(And(f, "metrics.loss < 1"))
	if err != nil {
		t.Fatalf("built filter does not parse: %v", err)
	}
	if len(cl) != 2 {
		t.Errorf("clauses = %d, want 2", len(cl))
	}
}
