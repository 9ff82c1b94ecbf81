package search

import "strings"

// Like matches s against an SQL LIKE pattern: % is any run of characters,
// _ exactly one; everything else matches itself, case-sensitively (MLflow
// sets case_sensitive_like on SQLite and matches with a regex on files).
func Like(s, pattern string) bool { return likeRunes([]rune(s), []rune(pattern)) }

// ILike is Like ignoring case.
func ILike(s, pattern string) bool {
	return likeRunes([]rune(strings.ToLower(s)), []rune(strings.ToLower(pattern)))
}

// likeRunes is the usual wildcard match with one backtrack point: on a
// mismatch, retry from the last % consuming one more character.
func likeRunes(s, p []rune) bool {
	si, pi := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && (p[pi] == '_' || (p[pi] != '%' && p[pi] == s[si])):
			si++
			pi++
		case pi < len(p) && p[pi] == '%':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '%' {
		pi++
	}
	return pi == len(p)
}
