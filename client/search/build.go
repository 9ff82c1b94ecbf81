package search

import "strings"

// Name writes a key for a filter: kind ("params", "metrics", "tags",
// "attributes") and the name, backquoted when MLflow's parser would split
// it (anything but letters, digits and underscores). Backticks inside
// cannot be escaped, so such names fall back to double quotes.
func Name(kind, name string) string {
	plain := name != ""
	for _, r := range name {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			plain = false
			break
		}
	}
	switch {
	case kind == "":
	case plain:
		return kind + "." + name
	case strings.Contains(name, "`"):
		return kind + `."` + name + `"`
	default:
		return kind + ".`" + name + "`"
	}
	return name
}

// Literal quotes a string value. MLflow's filter has no escape for a
// single quote inside a value, so such a value cannot be written: ok is
// false then.
func Literal(v string) (string, bool) {
	if strings.ContainsRune(v, '\'') {
		return "", false
	}
	return "'" + v + "'", true
}

// Equals is `kind.name = 'value'`; ok is false when the value cannot be
// written (see Literal).
func Equals(kind, name, value string) (string, bool) {
	lit, ok := Literal(value)
	if !ok {
		return "", false
	}
	return Name(kind, name) + " = " + lit, true
}

// And joins clauses with AND, leaving out empty ones. MLflow's filter has
// no OR and no parentheses, so a conjunction is always flat.
func And(clauses ...string) string {
	var out []string
	for _, c := range clauses {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return strings.Join(out, " AND ")
}
