package textnorm

import (
	"strings"
	"unicode/utf8"

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
	if IsClean(s) {
		return s
	}
	return cleanSlow(s)
}

// cleanSlow is Clean without the IsClean shortcut.
func cleanSlow(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	// Normalise after replacing: a removed zero-width character may leave a
	// combining mark next to a base letter.
	return norm.NFC.String(cleanReplacer.Replace(s))
}

// IsClean reports whether Clean would return s unchanged. Text in
// Vietnamese is checked in one pass without the Unicode tables: a string
// of valid UTF-8 whose characters are all below U+0300 (ASCII, Latin-1,
// Latin Extended: ă â đ ê ô ơ ư...) or Vietnamese precomposed letters
// (U+1E00-U+1EFF) or common punctuation, none of them mapped by Clean, is
// in NFC: each of these characters is NFC and a starter, and no two of
// them compose (TestIsCleanRanges). Any other character: the full check.
func IsClean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == '\r' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return false // invalid UTF-8
		}
		if cleanMapped(r) {
			return false
		}
		if !fastNFC(r) {
			return !strings.ContainsRune(s[i:], '\r') && !strings.ContainsFunc(s[i:], cleanMapped) &&
				utf8.ValidString(s[i:]) && norm.NFC.IsNormalString(s)
		}
		i += n
	}
	return true
}

// cleanMapped reports the characters Clean replaces or removes.
func cleanMapped(r rune) bool {
	switch r {
	case '\u00D0', '\u00F0', '\u00A0', '\u200B', '\uFEFF', '\u200C', '\u200D', '\u2060', '\u00AD':
		return true
	}
	return false
}

// fastNFC reports the characters IsClean knows to be NFC starters that
// compose with none of each other.
func fastNFC(r rune) bool {
	switch {
	case r < 0x300, r >= 0x1E00 && r <= 0x1EFF:
		return true
	case r >= 0x2010 && r <= 0x2027, r == 0x2030, r == 0x2039, r == 0x203A, r == 0x20AB, r == 0x2116:
		return true // dashes, quotes, bullets, ellipsis, ‰, ‹ ›, ₫, №
	}
	return false
}
