package legacy

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// VNI-Windows writes a Vietnamese letter as an ASCII base letter followed by
// mark characters. Read through Windows-1252 the marks are:
//
//	tone:        huyền ø, sắc ù, hỏi û, ngã õ, nặng ï
//	circumflex:  â, with a tone à á å ã ä
//	breve:       ê, with a tone è é ú ü ë
//
// ơ and ư are single characters, ô and ö, followed by a tone mark
// ("Tröôøng" is "Trường"); i has single-character forms (ì í æ ó ò), as have
// ỵ (î) and đ (ñ). Capitals take the capital marks: "ĐẢNG" is "ÑAÛNG", "Ủy"
// is "UÛy", "ƯƠNG" is "ÖÔNG".
var (
	vniOf    = map[rune]string{} // Unicode letter -> VNI sequence
	vniToUni = map[string]rune{} // VNI sequence -> Unicode letter (decoding)
	vniRepl  *strings.Replacer
)

func init() {
	tones := []string{"", "ø", "ù", "û", "õ", "ï"}       // none, huyền, sắc, hỏi, ngã, nặng
	hatTones := []string{"â", "à", "á", "å", "ã", "ä"}   // circumflex with each tone
	breveTones := []string{"ê", "è", "é", "ú", "ü", "ë"} // breve with each tone
	rows := []struct {
		letters string // untoned, huyền, sắc, hỏi, ngã, nặng
		base    string
		marks   []string
	}{
		{"aàáảãạ", "a", tones}, {"ăằắẳẵặ", "a", breveTones}, {"âầấẩẫậ", "a", hatTones},
		{"eèéẻẽẹ", "e", tones}, {"êềếểễệ", "e", hatTones},
		{"oòóỏõọ", "o", tones}, {"ôồốổỗộ", "o", hatTones},
		{"ơờớởỡợ", "ô", tones}, {"uùúủũụ", "u", tones}, {"ưừứửữự", "ö", tones},
		{"yỳýỷỹ", "y", tones},
	}
	for _, row := range rows {
		for k, r := range []rune(row.letters) {
			vniOf[r] = row.base + row.marks[k]
		}
	}
	for k, r := range []rune("ìíỉĩị") {
		vniOf[r] = []string{"ì", "í", "æ", "ó", "ò"}[k]
	}
	vniOf['ỵ'] = "î"
	vniOf['đ'] = "ñ"
	lower := make(map[rune]string, len(vniOf))
	for r, seq := range vniOf {
		lower[r] = seq
	}
	for r, seq := range lower {
		if seq == string(r) {
			continue // plain ASCII letter
		}
		u := unicode.ToUpper(r)
		vniOf[u] = strings.ToUpper(seq)
		vniToUni[seq] = r
		vniToUni[strings.ToUpper(seq)] = u
		// a capital base with lower-case marks, as some documents have
		if b, size := utf8.DecodeRuneInString(seq); b < 0x80 && size < len(seq) {
			vniToUni[string(unicode.ToUpper(b))+seq[size:]] = u
		}
	}
	seqs := make([]string, 0, len(vniToUni))
	for seq := range vniToUni {
		seqs = append(seqs, seq)
	}
	// longest first: the replacer prefers earlier arguments at a position
	sort.Slice(seqs, func(i, j int) bool {
		if li, lj := utf8.RuneCountInString(seqs[i]), utf8.RuneCountInString(seqs[j]); li != lj {
			return li > lj
		}
		return seqs[i] < seqs[j]
	})
	args := make([]string, 0, 2*len(seqs))
	for _, seq := range seqs {
		args = append(args, seq, string(vniToUni[seq]))
	}
	vniRepl = strings.NewReplacer(args...)
}

// DecodeVNI converts text whose characters are VNI-Windows codes read as
// Windows-1252 (or Latin-1), such as "Ñaûng boä tænh", to Unicode NFC.
// Other characters are kept.
func DecodeVNI(s string) string {
	return norm.NFC.String(vniRepl.Replace(s))
}

// EncodeVNI encodes Unicode text as VNI-Windows bytes. Characters outside
// Vietnamese and Windows-1252 become '?'.
func EncodeVNI(s string) []byte {
	s = norm.NFC.String(s)
	out := make([]byte, 0, len(s)+len(s)/2)
	put := func(r rune) {
		if c, ok := cp1252Rev[r]; ok {
			out = append(out, c)
		} else {
			out = append(out, '?')
		}
	}
	for _, r := range s {
		if seq, ok := vniOf[r]; ok {
			for _, m := range seq {
				put(m)
			}
			continue
		}
		put(r)
	}
	return out
}
