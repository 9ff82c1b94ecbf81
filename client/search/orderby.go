package search

import "fmt"

// OrderBy is one parsed order_by clause.
type OrderBy struct {
	Kind Kind
	Key  string // canonical, aliases resolved
	Asc  bool
}

func parseOrderBy(list []string, sc *schema) ([]OrderBy, error) {
	var out []OrderBy
	seen := map[string]bool{}
	for _, s := range list {
		o, err := parseOneOrderBy(s, sc)
		if err != nil {
			return nil, err
		}
		k := string(o.Kind) + "\x00" + o.Key
		if seen[k] {
			return nil, &Error{Input: s, Column: 1, Msg: fmt.Sprintf("order_by names %s %q twice", o.Kind, o.Key)}
		}
		seen[k] = true
		out = append(out, o)
	}
	return out, nil
}

func parseOneOrderBy(s string, sc *schema) (OrderBy, error) {
	wrap := func(err error) error {
		if e, ok := err.(*Error); ok {
			e.Msg = fmt.Sprintf("order_by %q: %s", s, e.Msg)
		}
		return err
	}
	toks, err := lex(s)
	if err != nil {
		return OrderBy{}, wrap(err)
	}
	p := &parser{in: s, toks: toks, sc: sc}
	if p.peek().kind == tokEOF {
		return OrderBy{}, wrap(errAt(s, 0, "empty clause: expected a key such as metrics.accuracy DESC"))
	}
	id, err := p.identifier()
	if err != nil {
		return OrderBy{}, wrap(err)
	}
	kind, key, err := sc.resolve(s, id, true)
	if err != nil {
		return OrderBy{}, wrap(err)
	}
	o := OrderBy{Kind: kind, Key: key, Asc: true}
	t := p.next()
	switch {
	case t.kind == tokEOF:
		return o, nil
	case t.is("ASC"):
	case t.is("DESC"):
		o.Asc = false
	default:
		return o, wrap(errAt(s, t.pos, "expected ASC or DESC after %q, found %s", id.text, describe(t)))
	}
	if t := p.next(); t.kind != tokEOF {
		return o, wrap(errAt(s, t.pos, "unexpected %s after the direction: give one key per order_by entry", describe(t)))
	}
	return o, nil
}

// ParseRunOrderBy parses runs/search order_by entries.
func ParseRunOrderBy(list []string) ([]OrderBy, error) { return parseOrderBy(list, runSchema) }

// ParseExperimentOrderBy parses experiments/search order_by entries.
func ParseExperimentOrderBy(list []string) ([]OrderBy, error) {
	return parseOrderBy(list, experimentSchema)
}

// ParseModelOrderBy parses registered-models/search order_by entries.
// "timestamp" means last_updated_timestamp, as in MLflow's SQL store.
func ParseModelOrderBy(list []string) ([]OrderBy, error) {
	out, err := parseOrderBy(list, modelSchema)
	for i := range out {
		if out[i].Key == "timestamp" {
			out[i].Key = "last_updated_timestamp"
		}
	}
	return out, err
}

// ParseVersionOrderBy parses model-versions/search order_by entries.
func ParseVersionOrderBy(list []string) ([]OrderBy, error) { return parseOrderBy(list, versionSchema) }
