package textnorm

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Clean returns s in NFC with Ð (U+00D0) mapped to Đ, line endings unified
// to \n, and non-breaking and zero-width spaces handled. Line structure is kept.
func Clean(s string) string {
	s = norm.NFC.String(s)
	s = strings.NewReplacer(
		"\r\n", "\n", "\r", "\n",
		"\u00D0", "Đ", "\u00F0", "đ",
		"\u00A0", " ", "\u200B", "", "\uFEFF", "", "\u200C", "", "\u200D", "",
	).Replace(s)
	return s
}
