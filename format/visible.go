package format

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Visible makes untrusted text (run names, params, tags, descriptions:
// anyone who can log writes them) safe to print on a terminal, and shows
// what it would have hidden instead of dropping it:
//   - C0 controls and DEL become their control pictures (ESC ␛, BEL ␇,
//     CR ␍, NUL ␀, DEL ␡), a newline ↵, a tab one space;
//   - C1 controls, bidi overrides and isolates (U+202A–U+202E,
//     U+2066–U+2069) and other invisible format characters become
//     ⟨U+202E⟩; a byte that is not UTF-8 becomes ⟨0x9B⟩.
//
// The rest of an escape sequence stays as text, so "\x1b]52;c;ZXZpbA==\x07clip"
// reads "␛]52;c;ZXZpbA==␇clip". The result holds nothing a terminal acts
// on, and its width (Width) is what the terminal draws.
func Visible(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, "⟨0x%02X⟩", s[i])
		case r == '\n':
			b.WriteString("↵")
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20:
			b.WriteRune(0x2400 + r) // the control pictures block mirrors C0
		case r == 0x7f:
			b.WriteString("␡")
		case hidden(r):
			fmt.Fprintf(&b, "⟨U+%04X⟩", r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// VisibleLines is Visible line by line: a text's newlines stay line
// breaks (a report, a CSV, a multi-line value in a detail pane), and
// everything else a terminal would act on shows as text.
func VisibleLines(s string) string {
	if !strings.Contains(s, "\n") {
		return Visible(s)
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Visible(l)
	}
	return strings.Join(lines, "\n")
}

// isPlain reports whether s is printable ASCII or holds nothing Visible
// would change (the common case: no allocation).
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return isPlainSlow(s[i:])
		}
	}
	return true
}

func isPlainSlow(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r < 0x20 || r == 0x7f || hidden(r) {
			return false
		}
		i += n
	}
	return true
}

// hidden are the characters a terminal draws as nothing or uses to
// reorder text: C1 controls, bidi controls, zero-width and other format
// characters.
func hidden(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f: // C1 (CSI, OSC, DCS as single code points)
		return true
	case r == 0xad, r == 0x61c, r == 0x180e: // soft hyphen, Arabic letter mark, Mongolian vowel separator
		return true
	case r >= 0x200b && r <= 0x200f: // zero-width space/joiners, LRM, RLM
		return true
	case r >= 0x202a && r <= 0x202e: // bidi embeddings and overrides
		return true
	case r >= 0x2060 && r <= 0x2069: // word joiner, invisible operators, bidi isolates
		return true
	case r == 0xfeff: // zero-width no-break space (BOM)
		return true
	case r >= 0xfff9 && r <= 0xfffb: // interlinear annotation
		return true
	}
	return false
}
