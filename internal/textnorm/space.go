package textnorm

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// isHSpace reports horizontal white space: space, tab and the Unicode space
// separators (no-break, em, ideographic ...). Line and page breaks are not.
func isHSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\v' || unicode.Is(unicode.Zs, r)
}

// CollapseSpaces replaces each run of horizontal white space (spaces, tabs,
// no-break spaces) with one space and trims it from both ends of every line.
// Line breaks ("\n", "\r\n") and form feeds are kept.
func CollapseSpaces(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pending := false // a space is owed before the next visible character
	atLineStart := true
	for _, r := range s {
		switch {
		case isHSpace(r):
			if !atLineStart {
				pending = true
			}
		case r == '\n' || r == '\r' || r == '\f':
			pending = false
			atLineStart = true
			b.WriteRune(r)
		default:
			if pending {
				b.WriteByte(' ')
				pending = false
			}
			atLineStart = false
			b.WriteRune(r)
		}
	}
	return b.String()
}

// UpperFirst returns s with its first letter in upper case ("ủy ban" ->
// "Ủy ban"). Leading non-letters are skipped; the rest of s is unchanged.
func UpperFirst(s string) string {
	for i, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		u := unicode.ToUpper(r)
		if u == r {
			return s
		}
		return s[:i] + string(u) + s[i+utf8.RuneLen(r):]
	}
	return s
}
