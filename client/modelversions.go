package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
)

// ModelVersionsTag is the logged-model tag in which MLflow records which
// registered model versions were made from it (mlflow.utils.mlflow_tags).
const ModelVersionsTag = "mlflow.modelVersions"

// LinkModelVersion returns the new value of a logged model's
// mlflow.modelVersions tag after version of name was created from it,
// given the old value ("" when unset). It follows MLflow's
// AbstractStore.set_model_versions_tags, which the server runs after
// model-versions/create: the list gains {"name": name, "version": version}
// unless that entry is already in it (then the tag becomes just that
// entry, as MLflow writes it), and the whole list is written again the way
// Python's json.dumps writes it (", " and ": ", non-ASCII as \u escapes),
// so the bytes equal MLflow's.
func LinkModelVersion(old, name string, version int64) (string, error) {
	entry := pyNode{kind: 'o', keys: []string{"name", "version"}, vals: []pyNode{
		{kind: 's', str: name}, {kind: 'n', num: strconv.FormatInt(version, 10)},
	}}
	list := []pyNode{entry}
	if strings.TrimSpace(old) != "" {
		dec := json.NewDecoder(strings.NewReader(old))
		dec.UseNumber()
		n, err := readPyNode(dec)
		if err != nil {
			return "", fmt.Errorf("the logged model's %s tag is not JSON: %v", ModelVersionsTag, err)
		}
		if _, err := dec.Token(); err != io.EOF {
			return "", fmt.Errorf("the logged model's %s tag is not one JSON value", ModelVersionsTag)
		}
		if n.kind != 'a' {
			return "", fmt.Errorf("the logged model's %s tag is not a JSON list", ModelVersionsTag)
		}
		present := false
		for _, e := range n.vals {
			if e.isLink(name, version) {
				present = true
			}
		}
		if !present {
			list = append(n.vals, entry)
		}
	}
	var b bytes.Buffer
	(&pyNode{kind: 'a', vals: list}).dump(&b)
	return b.String(), nil
}

// pyNode is a JSON value that keeps its object keys in order, as Python's
// json.loads does.
type pyNode struct {
	kind byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' bool, 'z' null
	keys []string
	vals []pyNode
	str  string
	num  string
	b    bool
}

func readPyNode(dec *json.Decoder) (pyNode, error) {
	tok, err := dec.Token()
	if err != nil {
		return pyNode{}, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := pyNode{kind: 'o'}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return pyNode{}, err
				}
				v, err := readPyNode(dec)
				if err != nil {
					return pyNode{}, err
				}
				// A repeated key keeps its first place and its last value.
				if i := indexOf(n.keys, k.(string)); i >= 0 {
					n.vals[i] = v
					continue
				}
				n.keys = append(n.keys, k.(string))
				n.vals = append(n.vals, v)
			}
			_, err := dec.Token()
			return n, err
		case '[':
			n := pyNode{kind: 'a'}
			for dec.More() {
				v, err := readPyNode(dec)
				if err != nil {
					return pyNode{}, err
				}
				n.vals = append(n.vals, v)
			}
			_, err := dec.Token()
			return n, err
		}
		return pyNode{}, fmt.Errorf("unexpected %v", t)
	case string:
		return pyNode{kind: 's', str: t}, nil
	case json.Number:
		return pyNode{kind: 'n', num: t.String()}, nil
	case bool:
		return pyNode{kind: 'b', b: t}, nil
	case nil:
		return pyNode{kind: 'z'}, nil
	}
	return pyNode{}, fmt.Errorf("unexpected token %v", tok)
}

func indexOf(xs []string, x string) int {
	for i, s := range xs {
		if s == x {
			return i
		}
	}
	return -1
}

// isLink is Python's {"name": name, "version": version} == n: an object
// with exactly those two keys, the version a number equal to version (1.0
// equals 1; the string "1" does not).
func (n pyNode) isLink(name string, version int64) bool {
	if n.kind != 'o' || len(n.keys) != 2 {
		return false
	}
	ni, vi := indexOf(n.keys, "name"), indexOf(n.keys, "version")
	if ni < 0 || vi < 0 || n.vals[ni].kind != 's' || n.vals[ni].str != name || n.vals[vi].kind != 'n' {
		return false
	}
	f, err := strconv.ParseFloat(n.vals[vi].num, 64)
	return err == nil && f == float64(version)
}

// dump writes n as Python's json.dumps(n) does with its defaults.
func (n *pyNode) dump(b *bytes.Buffer) {
	switch n.kind {
	case 'o':
		b.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				b.WriteString(", ")
			}
			pyString(b, k)
			b.WriteString(": ")
			n.vals[i].dump(b)
		}
		b.WriteByte('}')
	case 'a':
		b.WriteByte('[')
		for i := range n.vals {
			if i > 0 {
				b.WriteString(", ")
			}
			n.vals[i].dump(b)
		}
		b.WriteByte(']')
	case 's':
		pyString(b, n.str)
	case 'n':
		b.WriteString(pyNumber(n.num))
	case 'b':
		if n.b {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	default:
		b.WriteString("null")
	}
}

// pyNumber writes a JSON number as Python reads and re-writes it: integers
// as they are, floats by repr (1e3 → 1000.0).
func pyNumber(s string) string {
	if !strings.ContainsAny(s, ".eE") {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return strconv.FormatInt(i, 10)
		}
		return s // a big int: Python keeps every digit
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	// Python's repr switches to exponent form at 1e16 and below 1e-4.
	if a := absf(f); a != 0 && (a >= 1e16 || a < 1e-4) {
		out := strconv.FormatFloat(f, 'e', -1, 64)
		mant, exp, _ := strings.Cut(out, "e")
		sign := exp[0]
		exp = strings.TrimLeft(exp[1:], "0")
		if len(exp) < 2 {
			exp = strings.Repeat("0", 2-len(exp)) + exp
		}
		return mant + "e" + string(sign) + exp
	}
	out := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(out, ".") {
		out += ".0"
	}
	return out
}

func absf(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// pyString writes s as json.dumps does with ensure_ascii=True.
func pyString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			switch {
			case r < 0x20 || (r >= 0x7f && r <= 0xffff):
				if r == 0x7f {
					b.WriteByte(0x7f)
					continue
				}
				fmt.Fprintf(b, `\u%04x`, r)
			case r > 0xffff:
				r1, r2 := utf16.EncodeRune(r)
				fmt.Fprintf(b, `\u%04x\u%04x`, r1, r2)
			default:
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}

// ModelSourceID reports how MLflow's registry stores read a version's
// source: for "models:/<model_id>" (one path segment, no '@'), the logged
// model's ID; isModels is true for every models: URI, including the
// registered-model forms (models:/name/1, models:/name@alias), which give
// no ID.
func ModelSourceID(source string) (modelID string, isModels bool) {
	rest, ok := strings.CutPrefix(source, "models:")
	if !ok {
		return "", false
	}
	path, ok := strings.CutPrefix(rest, "/")
	if !ok || strings.HasPrefix(path, "/") {
		return "", true // models://host/... or models:name: not a logged model
	}
	if path == "" || strings.Contains(path, "/") || strings.Contains(path, "@") || strings.ContainsAny(path, "?#") {
		return "", true
	}
	return path, true
}

// CheckCreateVersion checks a CreateVersion's source the way MLflow's
// server does before a local store writes it, and returns the logged model
// the store must read ("" for none): the source's models:/<id>, else
// ModelID. Registered-model sources are refused (*Error, KindUnsupported);
// a source naming another logged model than ModelID is invalid.
func CheckCreateVersion(op string, req CreateVersion) (string, error) {
	if req.Source == "" {
		return "", &Error{Kind: KindInvalidParameter, Op: op, Message: "Missing value for required parameter 'source'."}
	}
	srcID, isModels := ModelSourceID(req.Source)
	if isModels && srcID == "" {
		return "", &Error{Kind: KindUnsupported, Op: op,
			Message: fmt.Sprintf("source %q names a registered model version; mltui registers models:/<model_id> sources only; nothing was written", req.Source)}
	}
	if srcID != "" && req.ModelID != "" && srcID != req.ModelID {
		return "", &Error{Kind: KindInvalidParameter, Op: op,
			Message: fmt.Sprintf("Invalid model version source: '%s'. The model_id request parameter must identify the resource that contains the source.", req.Source)}
	}
	if srcID != "" {
		return srcID, nil
	}
	return req.ModelID, nil
}
