// Package textnorm normalises Vietnamese text: folding, whitespace repair.
package textnorm

import "strings"

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

// Fold strips Vietnamese diacritics from precomposed text and maps đ to d.
func Fold(s string) string {
	return strings.Map(func(r rune) rune {
		if b, ok := foldMap[r]; ok {
			return b
		}
		return r
	}, s)
}
