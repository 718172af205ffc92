package legacy

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// VIQR (RFC 1456) writes Vietnamese in ASCII with marks after the vowel:
// a( ă, a^ â, e^ ê, o^ ô, o+ ơ, u+ ư, dd đ (DD Đ), then the tone: ` huyền,
// ' sắc, ? hỏi, ~ ngã, . nặng ("Vie^.t Nam", "DDa?ng"). A backslash makes a
// mark character after a vowel literal ("ngày mai\.").
var (
	viqrQuality = map[string]rune{
		"a(": 'ă', "a^": 'â', "e^": 'ê', "o^": 'ô', "o+": 'ơ', "u+": 'ư',
		"A(": 'Ă', "A^": 'Â', "E^": 'Ê', "O^": 'Ô', "O+": 'Ơ', "U+": 'Ư',
	}
	viqrQualityOf = map[rune]string{} // ă -> "a(" ...
	viqrTone      = map[byte]int{'`': 1, '\'': 2, '?': 3, '~': 4, '.': 5}
	viqrToneChars = "`'?~."
	// tonedRows lists each vowel followed by its five toned forms.
	tonedRows = []string{
		"aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị", "oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ",
		"uùúủũụ", "ưừứửữự", "yỳýỷỹỵ", "AÀÁẢÃẠ", "ĂẰẮẲẴẶ", "ÂẦẤẨẪẬ", "EÈÉẺẼẸ", "ÊỀẾỂỄỆ", "IÌÍỈĨỊ",
		"OÒÓỎÕỌ", "ÔỒỐỔỖỘ", "ƠỜỚỞỠỢ", "UÙÚỦŨỤ", "ƯỪỨỬỮỰ", "YỲÝỶỸỴ",
	}
	withTone = map[rune][6]rune{} // vowel -> its toned forms
	toneOf   = map[rune]struct {
		base rune
		tone int
	}{}
)

func init() {
	for seq, r := range viqrQuality {
		viqrQualityOf[r] = seq
	}
	for _, row := range tonedRows {
		var forms [6]rune
		copy(forms[:], []rune(row))
		withTone[forms[0]] = forms
		for t, r := range forms {
			toneOf[r] = struct {
				base rune
				tone int
			}{forms[0], t}
		}
	}
}

// DecodeVIQR converts VIQR text to Unicode NFC.
//
// The marks ' ? . double as punctuation. Where the text escapes literal marks
// ("\." is present), every unescaped mark after a vowel is a tone. Otherwise
// a mark is a tone when the word goes on ("Vie^.t"), when punctuation
// follows ("tri.,"), when more words follow on the line ("Bo^. Chi'nh"), or,
// at the end of a line, when the word is in capitals ("DDA?NG BO^."); a
// sentence-final "." or "?" after a lower-case vowel stays punctuation.
func DecodeVIQR(s string) string {
	strict := strings.Contains(s, `\.`) || strings.Contains(s, `\?`) || strings.Contains(s, `\'`)
	b := []byte(s)
	var out strings.Builder
	out.Grow(len(s))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\\' && i+1 < len(b) && strings.IndexByte("^+('`?~.", b[i+1]) >= 0 {
			out.WriteByte(b[i+1])
			i++
			continue
		}
		if (c == 'd' || c == 'D') && i+1 < len(b) && (b[i+1] == 'd' || b[i+1] == 'D') && (i == 0 || !isLetterByte(b[i-1])) {
			if c == 'd' {
				out.WriteRune('đ')
			} else {
				out.WriteRune('Đ')
			}
			i++
			continue
		}
		if !isVowelByte(c) {
			out.WriteByte(c)
			continue
		}
		v := rune(c)
		if i+1 < len(b) {
			if q, ok := viqrQuality[string(b[i:i+2])]; ok {
				v = q
				i++
			}
		}
		if i+1 < len(b) {
			if t, ok := viqrTone[b[i+1]]; ok && (strict || toneApplies(b, i+1)) {
				v = withTone[v][t]
				i++
			}
		}
		out.WriteRune(v)
	}
	return norm.NFC.String(out.String())
}

// toneApplies decides whether the mark at b[k], after a vowel, is a tone or
// punctuation, for text that does not escape literal marks.
func toneApplies(b []byte, k int) bool {
	c := b[k]
	if c != '.' && c != '?' && c != '\'' {
		return true // ` and ~ are always tones
	}
	if k+1 >= len(b) || b[k+1] == '\n' || b[k+1] == '\r' {
		return c == '\'' || capsWordBefore(b, k)
	}
	next := b[k+1]
	switch {
	case isLetterByte(next):
		return true // the word goes on: "Vie^.t"
	case strings.IndexByte(",;:)!\"", next) >= 0:
		return true // "tri.,": a period is never followed by a comma
	case next == '.' || next == '?':
		return k+2 >= len(b) || b[k+2] != '.' // "Bo^.." but not "mai..."
	case c == '\'':
		return next == ' ' || next == '\t'
	}
	// a tone when the line goes on with another word
	j := k + 1
	for j < len(b) && (b[j] == ' ' || b[j] == '\t') {
		j++
	}
	return j > k+1 && j < len(b) && isLetterByte(b[j])
}

// capsWordBefore reports whether the word ending before b[k] has at least two
// letters, all capitals.
func capsWordBefore(b []byte, k int) bool {
	letters := 0
	for j := k - 1; j >= 0; j-- {
		c := b[j]
		switch {
		case c >= 'A' && c <= 'Z':
			letters++
		case c >= 'a' && c <= 'z':
			return false
		case strings.IndexByte("^+(`'?~.", c) >= 0:
		default:
			return letters >= 2
		}
	}
	return letters >= 2
}

func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isVowelByte(c byte) bool { return strings.IndexByte("aeiouyAEIOUY", c) >= 0 }

// looksVIQR reports text with at least two VIQR mark sequences ("a^", "o+",
// "e'", "a`").
func looksVIQR(s string) bool {
	n := 0
	for i := 1; i < len(s); i++ {
		if strings.IndexByte("^+(`'~?.", s[i]) >= 0 && isVowelByte(s[i-1]) {
			if s[i] == '.' || s[i] == '?' {
				if i+1 >= len(s) || !isLetterByte(s[i+1]) {
					continue // probably punctuation
				}
			}
			if n++; n >= 2 {
				return true
			}
		}
	}
	return false
}

// EncodeVIQR writes Unicode text in VIQR. Mark characters that follow a
// vowel literally are escaped with a backslash, so the output decodes back
// exactly; when the text has no such characters, a word ending in a nặng or
// hỏi tone at the end of a lower-case line decodes as punctuation (see
// DecodeVIQR).
func EncodeVIQR(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	bare := false // the last thing written is a vowel without a tone
	for _, r := range s {
		switch {
		case r == 'đ':
			b.WriteString("dd")
			bare = false
			continue
		case r == 'Đ':
			b.WriteString("DD")
			bare = false
			continue
		case r < 0x80 && strings.IndexRune("^+('`?~.", r) >= 0:
			if bare {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
			bare = false
			continue
		}
		vt, ok := toneOf[r]
		if !ok {
			b.WriteRune(r)
			bare = false
			continue
		}
		if q, ok := viqrQualityOf[vt.base]; ok {
			b.WriteString(q)
		} else {
			b.WriteRune(vt.base)
		}
		if vt.tone > 0 {
			b.WriteByte(viqrToneChars[vt.tone-1])
		}
		bare = vt.tone == 0
	}
	return b.String()
}
