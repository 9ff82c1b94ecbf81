package keys

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
)

// RebindError lists every problem with a set of bindings. Nothing was
// changed when Rebind returns one.
type RebindError struct {
	Problems []string
}

func (e *RebindError) Error() string { return strings.Join(e.Problems, "; ") }

// Rebind sets the keys of the named actions (see Actions and the README
// for the names): keys are bubbletea key names ("n", "ctrl+d", "space",
// "down"). It checks everything first: an unknown action, an empty or
// malformed key, or a key that would mean two actions on one screen is an
// error, and then no binding changes. On success each binding takes the
// new keys and its help shows them ("n/↓"); the descriptions stay.
//
// Shared actions apply first (global.*, nav.*, registry.*), then each
// screen's own ("runs.down"), so the more specific name wins.
func (m *Map) Rebind(binds map[string][]string) error {
	if len(binds) == 0 {
		return nil
	}
	acts := m.Actions()
	known := map[string]bool{}
	for _, a := range acts {
		known[a.Name] = true
	}
	var problems []string
	for _, name := range sortedNames(binds) {
		if !known[name] {
			problems = append(problems, fmt.Sprintf("unknown key action %q (did you mean %q?)", name, nearest(name, acts)))
			continue
		}
		ks := binds[name]
		if len(ks) == 0 {
			problems = append(problems, fmt.Sprintf("%s: no keys given", name))
		}
		for _, k := range ks {
			if msg := badKey(k); msg != "" {
				problems = append(problems, fmt.Sprintf("%s: key %q %s", name, k, msg))
			}
		}
	}
	if len(problems) > 0 {
		return &RebindError{Problems: problems}
	}

	// The keys every binding would have, and which config entry set them.
	keysOf := map[*key.Binding][]string{}
	setBy := map[*key.Binding]string{}
	for _, a := range acts {
		ks, ok := binds[a.Name]
		if !ok {
			continue
		}
		for _, b := range a.Bindings {
			keysOf[b] = dedupe(ks)
			setBy[b] = a.Name
		}
	}
	if problems := clashes(m.scopes(), keysOf, setBy); len(problems) > 0 {
		return &RebindError{Problems: problems}
	}
	for b, ks := range keysOf {
		b.SetKeys(ks...)
		b.SetHelp(HelpKey(ks), b.Help().Desc)
	}
	return nil
}

// clashes finds keys that would mean two actions in one scope, where at
// least one of the two was rebound. A clash is reported once, naming the
// config entries (or the action left at its default) and every screen
// where it happens.
func clashes(scopes []scope, keysOf map[*key.Binding][]string, setBy map[*key.Binding]string) []string {
	current := func(b *key.Binding) []string {
		if ks, ok := keysOf[b]; ok {
			return ks
		}
		return b.Keys()
	}
	type clash struct{ a, b, key string }
	where := map[clash][]string{}
	var order []clash
	for _, sc := range scopes {
		for i, x := range sc.actions {
			for _, y := range sc.actions[i+1:] {
				if x.b == y.b || (setBy[x.b] == "" && setBy[y.b] == "") {
					continue
				}
				nx, ny := nameIn(x, setBy), nameIn(y, setBy)
				if nx > ny {
					nx, ny = ny, nx
				}
				for _, k := range current(x.b) {
					if !slices.Contains(current(y.b), k) {
						continue
					}
					c := clash{nx, ny, k}
					if _, seen := where[c]; !seen {
						order = append(order, c)
					}
					if !slices.Contains(where[c], sc.title) {
						where[c] = append(where[c], sc.title)
					}
				}
			}
		}
	}
	out := make([]string, 0, len(order))
	for _, c := range order {
		out = append(out, fmt.Sprintf("%s and %s both use key %q (%s)", c.a, c.b, c.key, strings.Join(where[c], ", ")))
	}
	return out
}

// nameIn is the name to report for an action in a clash: the config entry
// that set it, else its own name.
func nameIn(l live, setBy map[*key.Binding]string) string {
	if n := setBy[l.b]; n != "" {
		return n
	}
	return l.name
}

// glyphs are how the default help writes arrow keys.
var glyphs = map[string]string{"up": "↑", "down": "↓", "left": "←", "right": "→"}

// HelpKey is the help text for keys: "n/↓" for n and down.
func HelpKey(ks []string) string {
	parts := make([]string, len(ks))
	for i, k := range ks {
		if g, ok := glyphs[k]; ok {
			k = g
		}
		parts[i] = k
	}
	return strings.Join(parts, "/")
}

// badKey says what is wrong with a key name, or "" if nothing is.
func badKey(k string) string {
	switch {
	case k == "":
		return "is empty"
	case strings.IndexFunc(k, unicode.IsSpace) >= 0:
		return `has a space in it (the space bar is "space")`
	}
	return ""
}

func dedupe(ks []string) []string {
	out := make([]string, 0, len(ks))
	for _, k := range ks {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

func sortedNames(m map[string][]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// nearest is the known action name closest to name (edit distance; the
// first in table order on a tie).
func nearest(name string, acts []Action) string {
	best, bestD := "", -1
	for _, a := range acts {
		if d := distance(name, a.Name); bestD < 0 || d < bestD {
			best, bestD = a.Name, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b, by rune.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
