// Package search parses MLflow search filters and order_by clauses into a
// small AST, evaluates them over client types, and holds the paging and
// history-sampling rules the local stores (SQLite, file store) share. It
// follows mlflow/utils/search_utils.py, with errors that say where the
// problem is and what was expected.
package search

import (
	"strconv"
	"strings"
)

// Kind is what a filter identifier refers to.
type Kind string

const (
	Attribute Kind = "attribute"
	Metric    Kind = "metric"
	Param     Kind = "param"
	Tag       Kind = "tag"
	Dataset   Kind = "dataset"
)

// Op is a comparison operator, upper case.
type Op string

const (
	OpEq        Op = "="
	OpNe        Op = "!="
	OpGt        Op = ">"
	OpGe        Op = ">="
	OpLt        Op = "<"
	OpLe        Op = "<="
	OpLike      Op = "LIKE"
	OpILike     Op = "ILIKE"
	OpIn        Op = "IN"
	OpNotIn     Op = "NOT IN"
	OpIsNull    Op = "IS NULL"
	OpIsNotNull Op = "IS NOT NULL"
)

// Clause is one condition; a filter is the AND of its clauses.
type Clause struct {
	Kind Kind
	Key  string // canonical: aliases resolved (created → start_time, `Run name` → run_name)
	Op   Op
	// Exactly one of these holds the value, by operator and kind: Num for
	// numeric comparisons, List for IN / NOT IN, Str otherwise (nothing for IS [NOT] NULL).
	Str   string
	Num   float64
	IsNum bool   // the value is a number (Num holds it)
	IsInt bool   // Num was written without a fraction or exponent
	Text  string // the value as written, for messages
	List  []string
	Pos   int // byte offset of the clause in the filter
}

// parser walks the tokens of one filter.
type parser struct {
	in   string
	toks []token
	i    int
	sc   *schema
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token {
	t := p.toks[p.i]
	if p.i < len(p.toks)-1 {
		p.i++
	}
	return t
}

func parseFilter(in string, sc *schema) ([]Clause, error) {
	if strings.TrimSpace(in) == "" {
		return nil, nil
	}
	toks, err := lex(in)
	if err != nil {
		return nil, err
	}
	p := &parser{in: in, toks: toks, sc: sc}
	var out []Clause
	for {
		c, err := p.clause()
		if err != nil {
			return nil, err
		}
		out = append(out, c)
		t := p.next()
		switch {
		case t.kind == tokEOF:
			return out, nil
		case t.is("AND"):
			if p.peek().kind == tokEOF {
				return nil, errAt(in, t.pos, "AND must be followed by another condition")
			}
		case t.is("OR"):
			return nil, errAt(in, t.pos, "OR is not supported: MLflow filters join conditions with AND only")
		default:
			return nil, errAt(in, t.pos, "expected AND between conditions, found %s", describe(t))
		}
	}
}

func describe(t token) string {
	switch t.kind {
	case tokEOF:
		return "the end of the filter"
	case tokString:
		return "the string " + t.text
	case tokNumber:
		return "the number " + t.text
	case tokLParen, tokRParen:
		return "'" + t.text + "'"
	}
	return strconv.Quote(t.text)
}

// ident is a parsed identifier: its dot-separated parts, unquoted.
type ident struct {
	parts []string
	pos   int
	end   int
	text  string
}

// identifier reads part('.'part)*; parts are words, quoted names, or runs of
// adjacent word/number tokens (metrics.1st_epoch).
func (p *parser) identifier() (ident, error) {
	t := p.peek()
	id := ident{pos: t.pos}
	switch t.kind {
	case tokWord, tokQuoted:
	case tokEOF:
		return id, errAt(p.in, t.pos, "expected a condition such as metrics.accuracy > 0.9, found the end of the filter")
	case tokString:
		return id, errAt(p.in, t.pos, "expected a name such as params.lr before the value %s (quote names with \" or `, values with ')", t.text)
	case tokLParen:
		return id, errAt(p.in, t.pos, "parentheses for grouping are not supported: MLflow filters are a flat list of conditions joined by AND")
	default:
		return id, errAt(p.in, t.pos, "expected a name such as metrics.accuracy or params.lr, found %s", describe(t))
	}
	for {
		part, err := p.identPart()
		if err != nil {
			return id, err
		}
		id.parts = append(id.parts, part)
		if d := p.peek(); d.kind == tokDot && !d.spaceBefore {
			p.next()
			if n := p.peek(); n.spaceBefore || (n.kind != tokWord && n.kind != tokQuoted && n.kind != tokNumber) {
				return id, errAt(p.in, n.pos, "expected a key after %q", p.in[id.pos:d.end])
			}
			continue
		}
		break
	}
	id.end = p.toks[p.i-1].end
	id.text = p.in[id.pos:id.end]
	if t := p.peek(); !t.spaceBefore && t.kind == tokNumber && strings.HasPrefix(t.text, "-") {
		return id, errAt(p.in, id.pos, "name %q is followed by %q: quote keys holding '-' or other symbols, e.g. params.`%s%s`", id.text, t.text, id.parts[len(id.parts)-1], t.text)
	}
	return id, nil
}

func (p *parser) identPart() (string, error) {
	t := p.next()
	if t.kind == tokQuoted {
		return t.val, nil
	}
	var b strings.Builder
	b.WriteString(t.text)
	for {
		n := p.peek()
		if n.spaceBefore || (n.kind != tokWord && !(n.kind == tokNumber && !strings.HasPrefix(n.text, "-") && !strings.HasPrefix(n.text, "."))) {
			break
		}
		b.WriteString(n.text)
		p.next()
	}
	return b.String(), nil
}

func (p *parser) clause() (Clause, error) {
	id, err := p.identifier()
	if err != nil {
		return Clause{}, err
	}
	kind, key, err := p.sc.resolve(p.in, id, false)
	if err != nil {
		return Clause{}, err
	}
	c := Clause{Kind: kind, Key: key, Pos: id.pos}
	opTok := p.next()
	switch {
	case opTok.kind == tokOp:
		switch opTok.text {
		case "==", "<>":
			return c, errAt(p.in, opTok.pos, "operator %q is not supported: use = or !=", opTok.text)
		}
		c.Op = Op(opTok.text)
	case opTok.is("LIKE"):
		c.Op = OpLike
	case opTok.is("ILIKE"):
		c.Op = OpILike
	case opTok.is("IN"):
		c.Op = OpIn
	case opTok.is("IS"):
		c.Op = OpIsNull
		n := p.next()
		if n.is("NOT") {
			c.Op = OpIsNotNull
			n = p.next()
		}
		if !n.is("NULL") {
			return c, errAt(p.in, n.pos, "expected NULL after %s, found %s", strings.TrimSuffix(string(c.Op), " NULL"), describe(n))
		}
	case opTok.is("NOT"):
		n := p.next()
		switch {
		case n.is("IN"):
			c.Op = OpNotIn
		case n.is("LIKE"), n.is("ILIKE"):
			return c, errAt(p.in, opTok.pos, "NOT %s is not supported: MLflow filters have no negated LIKE", strings.ToUpper(n.text))
		default:
			return c, errAt(p.in, n.pos, "expected IN after NOT, found %s", describe(n))
		}
	case opTok.kind == tokEOF:
		return c, errAt(p.in, opTok.pos, "expected an operator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN, IS NULL) after %q", id.text)
	default:
		return c, errAt(p.in, opTok.pos, "expected an operator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN, IS NULL) after %q, found %s", id.text, describe(opTok))
	}
	if err := p.sc.checkOp(p.in, opTok.pos, c, id.text); err != nil {
		return c, err
	}
	switch c.Op {
	case OpIsNull, OpIsNotNull:
		return c, nil
	case OpIn, OpNotIn:
		list, err := p.list(c.Op)
		if err != nil {
			return c, err
		}
		c.List = list
		return c, p.sc.checkValue(p.in, opTok.pos, &c, id.text, token{})
	}
	v := p.next()
	c.Text = v.text
	switch v.kind {
	case tokString, tokNumber, tokQuoted:
	case tokEOF:
		return c, errAt(p.in, v.pos, "expected a value after %q", id.text+" "+string(c.Op))
	case tokWord:
		if v.is("NULL") {
			return c, errAt(p.in, v.pos, "compare with NULL using IS NULL or IS NOT NULL")
		}
		return c, errAt(p.in, v.pos, "expected a value after %q, found the bare word %q: quote strings, e.g. '%s'", id.text+" "+string(c.Op), v.text, v.text)
	default:
		return c, errAt(p.in, v.pos, "expected a value after %q, found %s", id.text+" "+string(c.Op), describe(v))
	}
	return c, p.sc.checkValue(p.in, v.pos, &c, id.text, v)
}

// list reads ('a', 'b', …) for IN and NOT IN.
func (p *parser) list(op Op) ([]string, error) {
	open := p.next()
	if open.kind != tokLParen {
		return nil, errAt(p.in, open.pos, "expected a parenthesised list after %s, e.g. ('a', 'b'), found %s", op, describe(open))
	}
	var out []string
	for {
		t := p.next()
		switch t.kind {
		case tokString, tokQuoted:
			if t.kind == tokQuoted && strings.HasPrefix(t.text, "`") {
				return nil, errAt(p.in, t.pos, "list values must be quoted strings ('…' or \"…\"), found %s", t.text)
			}
			out = append(out, t.val)
		case tokRParen:
			if len(out) == 0 {
				return nil, errAt(p.in, t.pos, "%s needs a non-empty list of quoted strings", op)
			}
			return nil, errAt(p.in, t.pos, "expected a quoted string after ',', found ')'")
		case tokEOF:
			return nil, errAt(p.in, t.pos, "unclosed list: expected ')'")
		default:
			return nil, errAt(p.in, t.pos, "list values must be quoted strings, found %s", describe(t))
		}
		sep := p.next()
		switch sep.kind {
		case tokComma:
			continue
		case tokRParen:
			return out, nil
		case tokEOF:
			return nil, errAt(p.in, sep.pos, "unclosed list: expected ',' or ')'")
		default:
			return nil, errAt(p.in, sep.pos, "expected ',' or ')' in the list, found %s", describe(sep))
		}
	}
}

// ParseRunFilter parses a runs/search filter.
func ParseRunFilter(s string) ([]Clause, error) { return parseFilter(s, runSchema) }

// ParseExperimentFilter parses an experiments/search filter.
func ParseExperimentFilter(s string) ([]Clause, error) { return parseFilter(s, experimentSchema) }

// ParseModelFilter parses a registered-models/search filter.
func ParseModelFilter(s string) ([]Clause, error) { return parseFilter(s, modelSchema) }

// ParseVersionFilter parses a model-versions/search filter.
func ParseVersionFilter(s string) ([]Clause, error) { return parseFilter(s, versionSchema) }

// ParseLoggedModelFilter parses a logged-models/search filter.
func ParseLoggedModelFilter(s string) ([]Clause, error) { return parseFilter(s, loggedModelSchema) }
