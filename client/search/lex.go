package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind int

const (
	tokEOF    tokKind = iota
	tokWord           // bare word: identifier part or keyword
	tokQuoted         // "…" or `…`: a quoted identifier (or, in value position, a string)
	tokString         // '…'
	tokNumber         // 12, -3.5, 1e-5
	tokOp             // = != <> > >= < <= ==
	tokDot
	tokLParen
	tokRParen
	tokComma
)

type token struct {
	kind tokKind
	text string // raw text as written (quotes included)
	val  string // unquoted value for quoted tokens, the text otherwise
	pos  int    // byte offset
	end  int    // byte offset just past the token
	// spaceBefore is true when whitespace separates this token from the previous
	// one; "metrics.acc" is one identifier but "metrics . acc" is not.
	spaceBefore bool
}

func (t token) is(word string) bool {
	return t.kind == tokWord && strings.EqualFold(t.text, word)
}

func isWordStart(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || (r > unicode.MaxASCII && unicode.IsDigit(r))
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// lex splits a filter into tokens. Errors name the byte position.
func lex(in string) ([]token, error) {
	if !utf8.ValidString(in) {
		for i := 0; i < len(in); {
			r, w := utf8.DecodeRuneInString(in[i:])
			if r == utf8.RuneError && w == 1 {
				return nil, errAt(in, i, "invalid UTF-8 byte")
			}
			i += w
		}
	}
	if i := strings.IndexByte(in, 0); i >= 0 {
		// SQLite ends a LIKE pattern at a NUL; no MLflow name holds one.
		return nil, errAt(in, i, "the filter holds a NUL character")
	}
	var toks []token
	i := 0
	space := false
	for i < len(in) {
		r, w := utf8.DecodeRuneInString(in[i:])
		if unicode.IsSpace(r) {
			i += w
			space = true
			continue
		}
		start := i
		t := token{pos: start, spaceBefore: space}
		space = false
		switch {
		case r == '\'' || r == '"' || r == '`':
			val, end, ok := scanQuoted(in, i, byte(r))
			if !ok {
				what := "string"
				if r != '\'' {
					what = "quoted name"
				}
				return nil, errAt(in, start, "unterminated %s: add the closing %c", what, r)
			}
			t.kind = tokQuoted
			if r == '\'' {
				t.kind = tokString
			}
			t.val, i = val, end
		case r == '.' && len(toks) > 0 && !t.spaceBefore && toks[len(toks)-1].kind != tokOp:
			// metrics.1st: a dot right after a name separates key parts.
			i++
			t.kind = tokDot
		case r >= '0' && r <= '9' || (r == '-' || r == '.') && startsNumber(in[i:]):
			i = scanNumber(in, i)
			t.kind = tokNumber
		case isWordStart(r):
			for i < len(in) {
				r2, w2 := utf8.DecodeRuneInString(in[i:])
				if !isWordRune(r2) {
					break
				}
				i += w2
			}
			t.kind = tokWord
		case r == '.':
			i++
			t.kind = tokDot
		case r == '(':
			i++
			t.kind = tokLParen
		case r == ')':
			i++
			t.kind = tokRParen
		case r == ',':
			i++
			t.kind = tokComma
		case r == '=' || r == '!' || r == '<' || r == '>':
			i++
			if i < len(in) && (in[i] == '=' || (r == '<' && in[i] == '>')) {
				i++
			}
			t.kind = tokOp
			if in[start:i] == "!" {
				return nil, errAt(in, start, "unexpected '!': did you mean '!='?")
			}
		case r == '-' && len(toks) > 0 && !t.spaceBefore && toks[len(toks)-1].kind == tokWord:
			return nil, errAt(in, start, "unexpected '-' in a name: quote names holding '-' or other symbols, e.g. params.`learning-rate`")
		default:
			return nil, errAt(in, start, "unexpected character %q", r)
		}
		if i <= start {
			return nil, errAt(in, start, "unexpected character %q", r) // never loop in place
		}
		t.end = i
		t.text = in[start:i]
		if t.kind != tokQuoted && t.kind != tokString {
			t.val = t.text
		}
		toks = append(toks, t)
	}
	toks = append(toks, token{kind: tokEOF, pos: len(in), end: len(in), spaceBefore: space})
	return toks, nil
}

// scanQuoted reads a quoted token starting at in[i] == q. A doubled quote
// inside stands for one quote character, as in SQL.
func scanQuoted(in string, i int, q byte) (string, int, bool) {
	var b strings.Builder
	j := i + 1
	for j < len(in) {
		if in[j] == q {
			if j+1 < len(in) && in[j+1] == q {
				b.WriteByte(q)
				j += 2
				continue
			}
			return b.String(), j + 1, true
		}
		b.WriteByte(in[j])
		j++
	}
	return "", len(in), false
}

func startsNumber(s string) bool {
	if s[0] == '-' {
		s = s[1:]
	}
	if s != "" && s[0] == '.' {
		s = s[1:]
	}
	return s != "" && s[0] >= '0' && s[0] <= '9'
}

// scanNumber reads -?digits[.digits][e[+-]digits] and stops before any
// trailing letters, which the parser then reports.
func scanNumber(in string, i int) int {
	if in[i] == '-' {
		i++
	}
	digits := func() {
		for i < len(in) && in[i] >= '0' && in[i] <= '9' {
			i++
		}
	}
	digits()
	if i < len(in) && in[i] == '.' {
		i++
		digits()
	}
	if i < len(in) && (in[i] == 'e' || in[i] == 'E') {
		j := i + 1
		if j < len(in) && (in[j] == '+' || in[j] == '-') {
			j++
		}
		if j < len(in) && in[j] >= '0' && in[j] <= '9' {
			i = j
			digits()
		}
	}
	return i
}
