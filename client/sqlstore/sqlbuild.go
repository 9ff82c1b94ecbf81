package sqlstore

import (
	"fmt"
	"strings"

	"mltui/client/search"
)

// sqlBuf accumulates SQL text and its bound arguments side by side, so a
// value can only ever reach SQLite as a parameter.
type sqlBuf struct {
	b    strings.Builder
	args []any
	err  error // set when a clause has no SQL form; the query is not run
}

func (q *sqlBuf) sql(s string) *sqlBuf { q.b.WriteString(s); return q }

// arg writes a placeholder and binds v.
func (q *sqlBuf) arg(v any) *sqlBuf {
	q.b.WriteByte('?')
	q.args = append(q.args, v)
	return q
}

// list writes (?, ?, …) binding vs.
func (q *sqlBuf) list(vs []string) *sqlBuf {
	q.b.WriteByte('(')
	for i, v := range vs {
		if i > 0 {
			q.b.WriteString(", ")
		}
		q.arg(v)
	}
	q.b.WriteByte(')')
	return q
}

func (q *sqlBuf) String() string { return q.b.String() }

// strCond writes "<expr> <op> <value>" for a string comparison. expr is a
// fixed column expression chosen by this package, never user text.
func (q *sqlBuf) strCond(expr string, c search.Clause) {
	switch c.Op {
	case search.OpILike:
		// What SQLAlchemy's ilike() emits on SQLite.
		q.sql("lower(" + expr + ") LIKE lower(").arg(c.Str).sql(")")
	case search.OpIn, search.OpNotIn:
		q.sql(expr + " " + string(c.Op) + " ").list(c.List)
	default:
		q.sql(expr + " " + q.op(c.Op) + " ").arg(c.Str)
	}
}

// numCond writes "<expr> <op> ?" binding the clause's number (an integer
// when it was written as one, so integer columns compare exactly).
func (q *sqlBuf) numCond(expr string, c search.Clause) {
	q.sql(expr + " " + q.op(c.Op) + " ")
	if c.IsInt && c.Num == float64(int64(c.Num)) {
		q.arg(int64(c.Num))
	} else {
		q.arg(c.Num)
	}
}

// op maps a parsed operator to SQL from a closed set; anything else marks
// the query as unusable instead of guessing.
func (q *sqlBuf) op(op search.Op) string {
	switch op {
	case search.OpEq:
		return "="
	case search.OpNe:
		return "!="
	case search.OpGt:
		return ">"
	case search.OpGe:
		return ">="
	case search.OpLt:
		return "<"
	case search.OpLe:
		return "<="
	case search.OpLike:
		return "LIKE"
	}
	if q.err == nil {
		q.err = fmt.Errorf("operator %s cannot be used here", op)
	}
	return "="
}

// placeholders returns "(?, ?, …)" for n values.
func placeholders(n int) string {
	if n == 0 {
		return "(NULL)"
	}
	return "(" + strings.Repeat("?, ", n-1) + "?)"
}

func anys[T any](vs []T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}
