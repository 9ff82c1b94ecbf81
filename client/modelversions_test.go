package client

import "testing"

// Expected values are what Python 3.11 prints for
// json.dumps(existing + [new] if new not in existing else [new]).
func TestLinkModelVersionMatchesPython(t *testing.T) {
	for _, c := range []struct {
		old, name string
		version   int64
		want      string
	}{
		{"", "m", 1, `[{"name": "m", "version": 1}]`},
		{`[{"name": "a", "version": 1}]`, "a", 2, `[{"name": "a", "version": 1}, {"name": "a", "version": 2}]`},
		{`[{"name":"a","version":"1"}]`, "a", 1, `[{"name": "a", "version": "1"}, {"name": "a", "version": 1}]`},
		{`[{"name":"a","version":1.0}]`, "a", 1, `[{"name": "a", "version": 1}]`},
		{"[{\"version\":3,\"name\":\"\u00e9\U0001F600\",\"x\":[1e3,2.5e-7,true,null]}]", "b\"\\\n", 7,
			`[{"version": 3, "name": "\u00e9\ud83d\ude00", "x": [1000.0, 2.5e-07, true, null]}, {"name": "b\"\\\n", "version": 7}]`},
	} {
		got, err := LinkModelVersion(c.old, c.name, c.version)
		if err != nil || got != c.want {
			t.Errorf("LinkModelVersion(%q, %q, %d) = %q, %v; want %q", c.old, c.name, c.version, got, err, c.want)
		}
	}
	for _, bad := range []string{"{", `{"a": 1}`, `[1] [2]`} {
		if _, err := LinkModelVersion(bad, "m", 1); err == nil {
			t.Errorf("LinkModelVersion(%q) gave no error", bad)
		}
	}
}
