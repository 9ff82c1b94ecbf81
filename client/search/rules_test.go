package search

import (
	"strings"
	"testing"
)

// ValidateAlias is ValidateAliasName plus the reserved names; the first
// failing check gives the message, as in MLflow.
func TestValidateAliasAndName(t *testing.T) {
	long := strings.Repeat("a", MaxAliasLength+1)
	for _, c := range []struct {
		alias      string
		name, full string // "" means accepted
	}{
		{"champion", "", ""},
		{"", "cannot be empty", "cannot be empty"},
		{"a b", "Invalid alias name: 'a b'", "Invalid alias name: 'a b'"},
		{long, "exceeds the maximum length of 255", "exceeds the maximum length of 255"},
		{"Latest", "", "'latest' alias name (case insensitive) is reserved."},
		{"v3", "", "Version alias name 'v3' is reserved."},
	} {
		for _, check := range []struct {
			fn   func(string) error
			want string
		}{{ValidateAliasName, c.name}, {ValidateAlias, c.full}} {
			err := check.fn(c.alias)
			switch {
			case check.want == "" && err != nil:
				t.Errorf("%.20q: unexpected error %v", c.alias, err)
			case check.want != "" && (err == nil || !strings.Contains(err.Error(), check.want)):
				t.Errorf("%.20q: error %v, want one containing %q", c.alias, err, check.want)
			}
		}
	}
}
