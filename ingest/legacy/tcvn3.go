package legacy

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// TCVN3 (TCVN 5712:1993 VN3, the "ABC" encoding of the .VnTime fonts) puts
// the Vietnamese letters in the upper half of a single-byte code page, over
// Windows-1252 positions. It has codes for the capitals Ă Â Ê Ô Ơ Ư Đ but for
// no capital carrying a tone mark: such capitals were typed with the
// lower-case codes in the capital fonts (.VnTimeH), which draw every letter
// as a capital. EncodeTCVN3 follows that convention and DecodeTCVN3 restores
// capitals in words typed that way where the context shows it (see
// upcaseCapsWords).
var tcvn3Pairs = []struct {
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

var (
	tcvn3Dec [256]rune         // Windows-1252 character (as byte) -> letter; 0 if none
	tcvn3Enc = map[rune]byte{} // letter -> byte
)

func init() {
	for _, p := range tcvn3Pairs {
		tcvn3Dec[p.b] = p.r
		tcvn3Enc[p.r] = p.b
	}
}

// DecodeTCVN3 converts text whose characters are TCVN3 codes read as
// Windows-1252 (or Latin-1), such as "§¶ng bé tØnh", to Unicode NFC.
// Other characters are kept. Words typed in capitals (the .VnTimeH fonts)
// come out in capitals where the context shows them.
func DecodeTCVN3(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for _, r := range s {
		c, ok := cp1252Rev[r]
		if ok && c >= 0x80 && tcvn3Dec[c] != 0 {
			b.WriteRune(tcvn3Dec[c])
		} else {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(upcaseCapsWords(b.String()))
}

// EncodeTCVN3 encodes Unicode text as TCVN3 bytes. Capitals with a tone mark
// use the lower-case codes, as the capital fonts did. Other characters that
// Windows-1252 can hold at a position TCVN3 leaves free (ASCII, “ ” – …) are
// written as their Windows-1252 bytes; the rest become '?'.
func EncodeTCVN3(s string) []byte {
	s = norm.NFC.String(s)
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if c, ok := tcvn3Enc[r]; ok {
			out = append(out, c)
			continue
		}
		if c, ok := tcvn3Enc[unicode.ToLower(r)]; ok {
			out = append(out, c)
			continue
		}
		if c, ok := cp1252Rev[r]; ok && (c < 0x80 || tcvn3Dec[c] == 0) {
			out = append(out, c)
			continue
		}
		out = append(out, '?')
	}
	return out
}

// upcaseCapsWords restores capitals lost by TCVN3, which has no codes for
// capitals with tone marks. A candidate is a word with a lower-case
// Vietnamese letter, a capital and no lower-case ASCII letter. It is taken as
// typed in capitals, and upper-cased, when its cases are mixed the wrong way
// round ("ĐảNG", "ủY", "TỉNH"), or when at least half of the words of its
// line are in capitals ("Bộ" in "ĐẢNG BỘ TỈNH"). A title-case word that starts
// with a toned capital ("Ủy ban", typed "ủy ban") cannot be told apart and
// stays in lower case.
func upcaseCapsWords(s string) string {
	lines := strings.Split(s, "\n")
	for li, l := range lines {
		words := strings.Split(l, " ")
		var cands []int
		wordsWithLetters, capsWords := 0, 0
		for k, w := range words {
			up, lowASCII, lowVI, letters, other := 0, 0, 0, 0, 0
			upAfterLow := false
			for _, r := range strings.Trim(w, ",.;:()\"“”'!?-–") {
				if !unicode.IsLetter(r) {
					other++
					continue
				}
				letters++
				switch {
				case unicode.IsUpper(r):
					up++
					upAfterLow = upAfterLow || lowVI > 0
				case r < 0x80:
					lowASCII++
				default:
					lowVI++
				}
			}
			if letters == 0 {
				continue
			}
			wordsWithLetters++
			cand := lowASCII == 0 && lowVI > 0 && up > 0
			switch {
			case cand && (upAfterLow || up >= 2):
				// "ĐảNG", "PHó": title case has a single capital
				words[k] = strings.ToUpper(w)
				capsWords++
			case cand:
				cands = append(cands, k)
			case letters >= 2 && up == letters && other == 0:
				capsWords++
			}
		}
		if len(cands) == 0 && capsWords == 0 {
			continue
		}
		if len(cands) > 0 && 2*capsWords >= wordsWithLetters {
			for _, k := range cands {
				words[k] = strings.ToUpper(words[k])
			}
		}
		lines[li] = strings.Join(words, " ")
	}
	return strings.Join(lines, "\n")
}
