// Package textnorm normalises Vietnamese text: comparison keys and canonical
// tone placement, diacritic folding, syllable validity, white space and
// Markdown repair.
package textnorm

import (
	"strings"
	"unicode"
)

var foldMap = map[rune]rune{}

func init() {
	groups := map[rune]string{
		'a': "àáảãạăằắẳẵặâầấẩẫậ", 'e': "èéẻẽẹêềếểễệ", 'i': "ìíỉĩị",
		'o': "òóỏõọôồốổỗộơờớởỡợ", 'u': "ùúủũụưừứửữự", 'y': "ỳýỷỹỵ", 'd': "đ",
		'A': "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'E': "ÈÉẺẼẸÊỀẾỂỄỆ", 'I': "ÌÍỈĨỊ",
		'O': "ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'U': "ÙÚỦŨỤƯỪỨỬỮỰ", 'Y': "ỲÝỶỸỴ", 'D': "ĐÐ",
	}
	for base, s := range groups {
		for _, r := range s {
			foldMap[r] = base
		}
	}
}

// Fold strips Vietnamese diacritics and maps đ to d: precomposed letters
// become their base letters and combining diacritical marks (U+0300-U+036F)
// are removed. Case is kept.
func Fold(s string) string {
	return strings.Map(FoldRune, s)
}

// FoldRune is Fold for one rune: its base letter, or -1 for a combining
// diacritical mark.
func FoldRune(r rune) rune {
	if r < 0x80 {
		return r
	}
	if b, ok := foldMap[r]; ok {
		return b
	}
	if r >= 0x300 && r <= 0x36F {
		return -1
	}
	return r
}

// CountAlnum returns the number of letters and digits in s.
func CountAlnum(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n
}
