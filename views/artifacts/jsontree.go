package artifacts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"mltui/format"
)

// node is a JSON value with its object keys in file order (a Go map would
// lose it).
type node struct {
	scalar string // the literal as written (strings quoted), for non-containers
	keys   []string
	kids   []*node
	object bool
	array  bool
}

// parseJSON reads one JSON value keeping key order and number spelling.
func parseJSON(b []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	n, err := parseValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err == nil {
		return nil, fmt.Errorf("more than one JSON value")
	}
	return n, nil
}

func parseValue(dec *json.Decoder) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		n := &node{object: t == '{', array: t == '['}
		for dec.More() {
			if n.object {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, fmt.Sprint(k))
			}
			kid, err := parseValue(dec)
			if err != nil {
				return nil, err
			}
			n.kids = append(n.kids, kid)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
		return n, nil
	case string:
		q, _ := json.Marshal(t)
		return &node{scalar: string(q)}, nil
	case nil:
		return &node{scalar: "null"}, nil
	}
	return &node{scalar: fmt.Sprint(tok)}, nil
}

// inline is the node on one line, as compact JSON with spaces after commas.
func (n *node) inline() string {
	switch {
	case n.object:
		parts := make([]string, len(n.kids))
		for i, k := range n.kids {
			q, _ := json.Marshal(n.keys[i])
			parts[i] = string(q) + ": " + k.inline()
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case n.array:
		parts := make([]string, len(n.kids))
		for i, k := range n.kids {
			parts[i] = k.inline()
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return n.scalar
}

// pretty lays the value out in lines of at most w cells where it can: a
// container that fits on its line stays on it (folded), others open one
// member per line, indented two spaces per level.
func (n *node) pretty(w int) []string {
	var out []string
	var walk func(n *node, prefix, indent, suffix string)
	walk = func(n *node, prefix, indent, suffix string) {
		if one := indent + prefix + n.inline() + suffix; (!n.object && !n.array) || len(n.kids) == 0 || format.Width(one) <= w {
			out = append(out, one)
			return
		}
		open, close := "[", "]"
		if n.object {
			open, close = "{", "}"
		}
		out = append(out, indent+prefix+open)
		for i, k := range n.kids {
			p, sfx := "", ","
			if n.object {
				q, _ := json.Marshal(n.keys[i])
				p = string(q) + ": "
			}
			if i == len(n.kids)-1 {
				sfx = ""
			}
			walk(k, p, indent+"  ", sfx)
		}
		out = append(out, indent+close+suffix)
	}
	walk(n, "", "", "")
	return out
}
