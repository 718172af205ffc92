package ocr

import (
	"strings"

	"golang.org/x/text/unicode/norm"

	"vanthu/internal/textnorm"
)

// validSyllable reports whether s is a well-formed Vietnamese syllable.
func validSyllable(s string) bool { return textnorm.IsSyllable(s) }

// splitTone removes the tone mark of s, returning the toneless word, the
// combining tone mark (0 when none) and false when s carries two tones.
func splitTone(s string) (base string, tone rune, ok bool) {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch r {
		case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
			if tone != 0 {
				return "", 0, false
			}
			tone = r
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String()), tone, true
}
