// Package legacy detects and converts pre-Unicode Vietnamese encodings
// (TCVN3/ABC, VNI, VIQR) to Unicode NFC.
//
// Detection decodes the input with every candidate and keeps the one whose
// words are most often valid Vietnamese syllables.
package legacy

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"vanthu/internal/textnorm"
)

// Encoding names reported in source.encoding.
const (
	TCVN3 = "TCVN3"
	VNI   = "VNI"
	VIQR  = "VIQR"
)

// Decode converts text that may be in a legacy Vietnamese encoding to
// Unicode. It returns the text and the encoding detected, or "" when the
// input was already Unicode (or nothing decodes better than it).
func Decode(b []byte) (string, string) {
	// Bytes that are not UTF-8 are 8-bit text: read them as Windows-1252,
	// the code page the legacy fonts were used with.
	var s string
	utf := utf8.Valid(b)
	if utf {
		s = string(b)
	} else {
		s, _ = charmap.Windows1252.NewDecoder().String(string(b))
	}
	base := textnorm.SyllableRatio(sample(s))
	best, bestEnc, bestScore := s, "", base
	if !utf {
		bestEnc = "" // Windows-1252 text that is no legacy encoding
	}
	try := func(enc string, dec func(string) string) {
		t := dec(s)
		score := textnorm.SyllableRatio(sample(t))
		if score > bestScore+0.05 {
			best, bestEnc, bestScore = t, enc, score
		}
	}
	if hasHighChars(s) {
		try(TCVN3, DecodeTCVN3)
		try(VNI, DecodeVNI)
	}
	if looksVIQR(s) {
		try(VIQR, DecodeVIQR)
	}
	return norm.NFC.String(best), bestEnc
}

// sample bounds the text scored during detection.
func sample(s string) string {
	if len(s) <= 20000 {
		return s
	}
	i := 20000
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i]
}

func hasHighChars(s string) bool {
	for _, r := range s {
		if r >= 0xA0 && r <= 0xFF || r == 'Ñ' || r == 'ñ' {
			return true
		}
	}
	return false
}

// looksVIQR reports ASCII text with VIQR mark sequences ("a^", "o+", "dd").
func looksVIQR(s string) bool {
	n := 0
	for i := 1; i < len(s) && i < 40000; i++ {
		c := s[i]
		if (c == '^' || c == '+' || c == '(') && isVowelByte(s[i-1]) {
			n++
		}
		if (c == '\'' || c == '`' || c == '~') && isVowelByte(s[i-1]) {
			n++
		}
	}
	return n >= 2
}

func isVowelByte(c byte) bool { return strings.IndexByte("aeiouyAEIOUY", c) >= 0 }

// tcvn3 maps TCVN3 (ABC) code points, as read through Windows-1252, to
// Unicode. Upper-case toned vowels have no codes of their own: documents typed
// them with the lower-case codes in the .VnTimeH fonts.
var tcvn3 = map[rune]rune{}
var tcvn3Rev = map[rune]rune{}

func init() {
	pairs := []struct {
		b byte
		r rune
	}{
		{0xA1, 'Ă'}, {0xA2, 'Â'}, {0xA3, 'Ê'}, {0xA4, 'Ô'}, {0xA5, 'Ơ'}, {0xA6, 'Ư'}, {0xA7, 'Đ'},
		{0xA8, 'ă'}, {0xA9, 'â'}, {0xAA, 'ê'}, {0xAB, 'ô'}, {0xAC, 'ơ'}, {0xAD, 'ư'}, {0xAE, 'đ'},
		{0xB5, 'à'}, {0xB6, 'ả'}, {0xB7, 'ã'}, {0xB8, 'á'}, {0xB9, 'ạ'},
		{0xBB, 'ằ'}, {0xBC, 'ẳ'}, {0xBD, 'ẵ'}, {0xBE, 'ắ'}, {0xC6, 'ặ'},
		{0xC7, 'ầ'}, {0xC8, 'ẩ'}, {0xC9, 'ẫ'}, {0xCA, 'ấ'}, {0xCB, 'ậ'},
		{0xCC, 'è'}, {0xCE, 'ẻ'}, {0xCF, 'ẽ'}, {0xD0, 'é'}, {0xD1, 'ẹ'},
		{0xD2, 'ề'}, {0xD3, 'ể'}, {0xD4, 'ễ'}, {0xD5, 'ế'}, {0xD6, 'ệ'},
		{0xD7, 'ì'}, {0xD8, 'ỉ'}, {0xDC, 'ĩ'}, {0xDD, 'í'}, {0xDE, 'ị'},
		{0xDF, 'ò'}, {0xE1, 'ỏ'}, {0xE2, 'õ'}, {0xE3, 'ó'}, {0xE4, 'ọ'},
		{0xE5, 'ồ'}, {0xE6, 'ổ'}, {0xE7, 'ỗ'}, {0xE8, 'ố'}, {0xE9, 'ộ'},
		{0xEA, 'ờ'}, {0xEB, 'ở'}, {0xEC, 'ỡ'}, {0xED, 'ớ'}, {0xEE, 'ợ'},
		{0xEF, 'ù'}, {0xF1, 'ủ'}, {0xF2, 'ũ'}, {0xF3, 'ú'}, {0xF4, 'ụ'},
		{0xF5, 'ừ'}, {0xF6, 'ử'}, {0xF7, 'ữ'}, {0xF8, 'ứ'}, {0xF9, 'ự'},
		{0xFA, 'ỳ'}, {0xFB, 'ỷ'}, {0xFC, 'ỹ'}, {0xFD, 'ý'}, {0xFE, 'ỵ'},
	}
	dec := charmap.Windows1252.NewDecoder()
	for _, p := range pairs {
		cs, _ := dec.String(string([]byte{p.b}))
		c := []rune(cs)[0]
		tcvn3[c] = p.r
		tcvn3Rev[p.r] = c
	}
}

// DecodeTCVN3 converts text whose characters are TCVN3 codes read as
// Windows-1252. Words typed in capitals (the .VnTimeH fonts) come out in
// capitals.
func DecodeTCVN3(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if u, ok := tcvn3[r]; ok {
			b.WriteRune(u)
		} else {
			b.WriteRune(r)
		}
	}
	return upcaseCapsWords(b.String())
}

// upcaseCapsWords restores capitals lost by TCVN3, which has no codes for
// upper-case toned vowels: a word without lower-case ASCII letters that
// stands next to an all-capitals word is upper-cased ("ĐảNG BỘ" -> "ĐẢNG
// BỘ", "ủY BAN" -> "ỦY BAN"). A title-case word that starts with a toned
// capital ("Ủy ban") cannot be told apart and stays lower case.
func upcaseCapsWords(s string) string {
	lines := strings.Split(s, "\n")
	for li, l := range lines {
		words := strings.Split(l, " ")
		caps := make([]bool, len(words))
		cand := make([]bool, len(words))
		any := false
		for k, w := range words {
			up, lowASCII, lowVI, letters, other := 0, 0, 0, 0, 0
			for _, r := range strings.Trim(w, ",.;:()\"") {
				if !unicode.IsLetter(r) {
					other++
					continue
				}
				letters++
				switch {
				case unicode.IsUpper(r):
					up++
				case r < 0x80:
					lowASCII++
				default:
					lowVI++
				}
			}
			caps[k] = letters >= 2 && up == letters && other == 0
			if up >= 2 && lowASCII == 0 && lowVI > 0 && other == 0 {
				caps[k] = true // "CHỉ", "KHẩN": two capitals and no ASCII lower case
				words[k] = strings.ToUpper(w)
			}
			cand[k] = up >= 1 && lowASCII == 0 && lowVI > 0
			any = any || cand[k]
		}
		if !any {
			continue
		}
		for changed := true; changed; {
			changed = false
			for k := range words {
				if cand[k] && !caps[k] && (k > 0 && caps[k-1] || k+1 < len(words) && caps[k+1]) {
					caps[k] = true
					words[k] = strings.ToUpper(words[k])
					changed = true
				}
			}
		}
		lines[li] = strings.Join(words, " ")
	}
	return strings.Join(lines, "\n")
}

// EncodeTCVN3 encodes Unicode text as TCVN3 bytes; upper-case toned vowels
// use the lower-case codes, as the capital fonts did.
func EncodeTCVN3(s string) []byte {
	s = norm.NFC.String(s)
	var out []byte
	for _, r := range s {
		if c, ok := tcvn3Rev[r]; ok {
			out = append(out, cp1252Byte(c))
			continue
		}
		if l := unicode.ToLower(r); l != r {
			if c, ok := tcvn3Rev[l]; ok {
				out = append(out, cp1252Byte(c))
				continue
			}
		}
		if r < 0x80 {
			out = append(out, byte(r))
		} else {
			out = append(out, '?')
		}
	}
	return out
}

func cp1252Byte(c rune) byte {
	b, _ := charmap.Windows1252.NewEncoder().String(string(c))
	if len(b) == 1 {
		return b[0]
	}
	return '?'
}
