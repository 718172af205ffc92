package textnorm

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

var cleanReplacer = strings.NewReplacer(
	"\r\n", "\n", "\r", "\n",
	"\u00D0", "Đ", "\u00F0", "đ", // Icelandic eth, a common stand-in for Đ/đ
	"\u00A0", " ", "\u200B", "", "\uFEFF", "", "\u200C", "", "\u200D", "", "\u2060", "", "\u00AD", "",
)

// Clean returns s in NFC with Ð/ð (U+00D0, U+00F0) mapped to Đ/đ, line
// endings unified to \n, no-break spaces turned into spaces and zero-width
// characters and soft hyphens removed. Invalid UTF-8 bytes become U+FFFD.
// Line structure is kept.
func Clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	// Normalise after replacing: a removed zero-width character may leave a
	// combining mark next to a base letter.
	return norm.NFC.String(cleanReplacer.Replace(s))
}
