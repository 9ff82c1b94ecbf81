package promote

import (
	"strings"
	"testing"
)

func TestValidateAlias(t *testing.T) {
	cases := []struct {
		alias string
		ok    bool
	}{
		{"champion", true},
		{"challenger-2", true},
		{"prod_eu", true},
		{"Ünïcode_名前", true}, // Python's \w is Unicode-aware
		{"v", true},
		{"version1", true},
		{"v1a", true},
		{"", false},
		{"has space", false},
		{"dot.ted", false},
		{"slash/y", false},
		{"latest", false},
		{"LaTeSt", false},
		{"v1", false},
		{"V42", false},
		{strings.Repeat("a", 255), true},
		{strings.Repeat("a", 256), false},
		{strings.Repeat("é", 255), true}, // the limit counts characters, not bytes
	}
	for _, c := range cases {
		err := ValidateAlias(c.alias)
		if (err == nil) != c.ok {
			t.Errorf("ValidateAlias(%q) = %v, want ok=%v", c.alias, err, c.ok)
		}
	}
}

func TestValidateVersion(t *testing.T) {
	for v, ok := range map[string]bool{"1": true, "42": true, "0": false, "-1": false, "01": false, "v4": false, "": false, "1.0": false} {
		if err := ValidateVersion(v); (err == nil) != ok {
			t.Errorf("ValidateVersion(%q) = %v, want ok=%v", v, err, ok)
		}
	}
}
