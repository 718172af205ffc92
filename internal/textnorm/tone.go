package textnorm

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Tones, in the order the tables below list a vowel's forms.
const (
	toneNone = iota
	toneGrave
	toneAcute
	toneHook
	toneTilde
	toneDot
)

// toned lists each base vowel followed by its five toned forms
// (huyền, sắc, hỏi, ngã, nặng).
var toned = []string{
	"aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị",
	"oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ",
	"AÀÁẢÃẠ", "ĂẰẮẲẴẶ", "ÂẦẤẨẪẬ", "EÈÉẺẼẸ", "ÊỀẾỂỄỆ", "IÌÍỈĨỊ",
	"OÒÓỎÕỌ", "ÔỒỐỔỖỘ", "ƠỜỚỞỠỢ", "UÙÚỦŨỤ", "ƯỪỨỬỮỰ", "YỲÝỶỸỴ",
}

type vowelInfo struct {
	base rune // the vowel without tone (keeps ă â ê ô ơ ư)
	tone int
}

var (
	vowelOf = map[rune]vowelInfo{}
	withTn  = map[vowelInfo]rune{}
)

func init() {
	for _, row := range toned {
		rs := []rune(row)
		for t, r := range rs {
			vowelOf[r] = vowelInfo{base: rs[0], tone: t}
			withTn[vowelInfo{base: rs[0], tone: t}] = r
		}
	}
}

// marked reports a vowel carrying a quality mark (ă â ê ô ơ ư).
func marked(base rune) bool {
	switch unicode.ToLower(base) {
	case 'ă', 'â', 'ê', 'ô', 'ơ', 'ư':
		return true
	}
	return false
}

// CanonicalTones moves tone marks to one canonical position so that both
// spellings of a word compare equal: "uỷ" -> "ủy", "hoà" -> "hòa", "thuý" ->
// "thúy", "khoẻ" -> "khỏe", "qúy" -> "quý", "gìa" -> "già". The rules: a
// vowel with a quality mark (ă â ê ô ơ ư; the last one, as in "ươ") takes the
// tone; otherwise the last vowel before a final consonant, the first of two
// vowels, the middle of three. The u of "qu" and the i of "gi" belong to the
// onset. Only words that are valid syllables (see IsSyllable) are changed;
// case and all other characters are kept. The result is NFC, and
// CanonicalTones is idempotent.
func CanonicalTones(s string) string {
	s = norm.NFC.String(s)
	rs := []rune(s)
	changed := false
	for i := 0; i < len(rs); {
		if !unicode.IsLetter(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && unicode.IsLetter(rs[j]) {
			j++
		}
		// a combining mark that did not compose makes the word suspect
		if j < len(rs) && unicode.Is(unicode.Mn, rs[j]) {
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.Is(unicode.Mn, rs[j])) {
				j++
			}
			i = j
			continue
		}
		if placeTone(rs[i:j]) {
			changed = true
		}
		i = j
	}
	if !changed {
		return s
	}
	return string(rs)
}

// placeTone re-places the tone of one word in place; it reports a change.
func placeTone(w []rune) bool {
	if len(w) > 7 {
		return false
	}
	// find the vowel cluster [start, end) and the tone
	start := -1
	for k, r := range w {
		if _, ok := vowelOf[r]; ok {
			start = k
			break
		}
	}
	if start < 0 {
		return false
	}
	end := start
	for end < len(w) {
		if _, ok := vowelOf[w[end]]; !ok {
			break
		}
		end++
	}
	for k := end; k < len(w); k++ {
		if _, ok := vowelOf[w[k]]; ok {
			return false // vowels split by a consonant: not one syllable
		}
	}
	tone, toneAt := toneNone, -1
	for k := start; k < end; k++ {
		if t := vowelOf[w[k]].tone; t != toneNone {
			if toneAt >= 0 {
				return false
			}
			tone, toneAt = t, k
		}
	}
	if toneAt < 0 {
		return false
	}
	hasFinal := end < len(w)
	// onset letters that look like vowels: "qu", "gi"
	lowAt := func(k int) rune { return unicode.ToLower(w[k]) }
	if start > 0 && lowAt(start-1) == 'q' && unicode.ToLower(vowelOf[w[start]].base) == 'u' && end-start > 1 {
		start++
	}
	if start == 1 && lowAt(0) == 'g' && unicode.ToLower(vowelOf[w[1]].base) == 'i' && end-start > 1 {
		start++
	}
	if start >= end {
		return false
	}
	target := -1
	// a vowel with a quality mark takes the tone (the last one: "ươ" -> ơ)
	for k := start; k < end; k++ {
		if marked(vowelOf[w[k]].base) {
			target = k
		}
	}
	if target < 0 {
		n := end - start
		switch {
		case hasFinal:
			target = end - 1
		case n == 1:
			target = start
		case n == 2:
			target = start
		default:
			target = start + 1
		}
	}
	if target == toneAt || !IsSyllable(string(w)) {
		return false
	}
	// move the tone
	from := vowelOf[w[toneAt]]
	w[toneAt] = withTn[vowelInfo{base: from.base, tone: toneNone}]
	to := vowelOf[w[target]]
	w[target] = withTn[vowelInfo{base: to.base, tone: tone}]
	return true
}

// Key returns the comparison key of s: Clean, lower case, canonical tone
// placement, and white space (line breaks included) collapsed to single
// spaces and trimmed.
func Key(s string) string {
	s = strings.ToLower(Clean(s))
	return strings.Join(strings.Fields(CanonicalTones(s)), " ")
}

// FoldKey returns Key(s) without diacritics (đ -> d).
func FoldKey(s string) string {
	return Fold(Key(s))
}
