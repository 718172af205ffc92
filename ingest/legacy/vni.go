package legacy

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// VNI (VNI-Windows) writes a Vietnamese letter as a base letter followed by
// mark characters; as text read through Windows-1252 the marks are:
//
//	sắc ù, huyền ø, hỏi û, ngã õ, nặng ï; circumflex â; breve ê; horn ô (o) ö (u)
//	circumflex+tone á à å ã ä; breve+tone é è ú ü ë
//
// i and y have single-character toned forms (ì í æ ó ò; ỵ î), đ is ñ.
var (
	vniOf    = map[rune]string{} // Unicode letter -> VNI sequence
	vniSeqs  []string            // VNI sequences, longest first
	vniToUni = map[string]rune{}
)

func init() {
	tones := []string{"", "ø", "ù", "û", "õ", "ï"}       // none, huyền, sắc, hỏi, ngã, nặng
	hatTones := []string{"â", "à", "á", "å", "ã", "ä"}   // circumflex with each tone
	breveTones := []string{"ê", "è", "é", "ú", "ü", "ë"} // breve with each tone
	rows := []struct {
		letters string // base, huyền, sắc, hỏi, ngã, nặng
		base    string
		marks   []string
	}{
		{"aàáảãạ", "a", tones}, {"ăằắẳẵặ", "a", breveTones}, {"âầấẩẫậ", "a", hatTones},
		{"eèéẻẽẹ", "e", tones}, {"êềếểễệ", "e", hatTones},
		{"oòóỏõọ", "o", tones}, {"ôồốổỗộ", "o", hatTones},
		{"uùúủũụ", "u", tones}, {"yỳýỷỹ", "y", tones},
	}
	for _, row := range rows {
		for k, r := range []rune(row.letters) {
			vniOf[r] = row.base + row.marks[k]
		}
	}
	for k, r := range []rune("ơờớởỡợ") {
		vniOf[r] = "oô" + tones[k]
	}
	for k, r := range []rune("ưừứửữự") {
		vniOf[r] = "uö" + tones[k]
	}
	for k, r := range []rune("iìíỉĩị") {
		vniOf[r] = []string{"i", "ì", "í", "æ", "ó", "ò"}[k]
	}
	vniOf['ỵ'] = "î"
	vniOf['đ'] = "ñ"
	// capitals: upper-case base and upper-case marks
	for r, seq := range vniOf {
		u := unicode.ToUpper(r)
		if u != r {
			vniOf[u] = strings.ToUpper(seq)
		}
	}
	for r, seq := range vniOf {
		if seq == string(r) || len([]rune(seq)) == 1 && seq[0] < 0x80 {
			continue // plain ASCII letters
		}
		vniToUni[seq] = r
		vniSeqs = append(vniSeqs, seq)
	}
	sort.Slice(vniSeqs, func(i, j int) bool {
		if li, lj := len([]rune(vniSeqs[i])), len([]rune(vniSeqs[j])); li != lj {
			return li > lj
		}
		return vniSeqs[i] < vniSeqs[j]
	})
}

var vniReplacer *strings.Replacer

func init() {
	var args []string
	for _, seq := range vniSeqs {
		args = append(args, seq, string(vniToUni[seq]))
	}
	vniReplacer = strings.NewReplacer(args...)
}

// DecodeVNI converts text whose characters are VNI-Windows codes read as
// Windows-1252.
func DecodeVNI(s string) string {
	return norm.NFC.String(vniReplacer.Replace(s))
}

// EncodeVNI encodes Unicode text as VNI-Windows bytes.
func EncodeVNI(s string) []byte {
	s = norm.NFC.String(s)
	var b strings.Builder
	for _, r := range s {
		if seq, ok := vniOf[r]; ok {
			b.WriteString(seq)
		} else {
			b.WriteRune(r)
		}
	}
	out, err := charmap.Windows1252.NewEncoder().String(b.String())
	if err != nil {
		return []byte(b.String())
	}
	return []byte(out)
}

// VIQR writes marks as ASCII after the vowel: a( ă, a^ â, e^ ê, o^ ô, o+ ơ,
// u+ ư, dd đ; tones ' ` ? ~ . (sắc huyền hỏi ngã nặng). A backslash escapes a
// mark character meant literally ("\.").
var (
	viqrQuality = map[string]rune{"a(": 'ă', "a^": 'â', "e^": 'ê', "o^": 'ô', "o+": 'ơ', "u+": 'ư',
		"A(": 'Ă', "A^": 'Â', "E^": 'Ê', "O^": 'Ô', "O+": 'Ơ', "U+": 'Ư'}
	viqrTone = map[byte]int{'`': 1, '\'': 2, '?': 3, '~': 4, '.': 5}
)

// toneOf applies tone t (1..5) to vowel r.
func toneOf(r rune, t int) rune {
	for _, row := range tonedRows {
		rs := []rune(row)
		if rs[0] == r {
			return rs[t]
		}
	}
	return r
}

var tonedRows = []string{
	"aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị", "oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ",
	"uùúủũụ", "ưừứửữự", "yỳýỷỹỵ", "AÀÁẢÃẠ", "ĂẰẮẲẴẶ", "ÂẦẤẨẪẬ", "EÈÉẺẼẸ", "ÊỀẾỂỄỆ", "IÌÍỈĨỊ",
	"OÒÓỎÕỌ", "ÔỒỐỔỖỘ", "ƠỜỚỞỠỢ", "UÙÚỦŨỤ", "ƯỪỨỬỮỰ", "YỲÝỶỸỴ",
}

// DecodeVIQR converts VIQR text. A '.' or '?' after a word's last vowel is a
// tone only when the sentence continues (a lower-case word follows).
func DecodeVIQR(s string) string {
	var out []rune
	b := []byte(s)
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\\' && i+1 < len(b) && strings.IndexByte("^+('`?~.", b[i+1]) >= 0 {
			out = append(out, rune(b[i+1]))
			i++
			continue
		}
		if (c == 'd' || c == 'D') && i+1 < len(b) && (b[i+1] == 'd' || b[i+1] == 'D') {
			if c == 'd' {
				out = append(out, 'đ')
			} else {
				out = append(out, 'Đ')
			}
			i++
			continue
		}
		if !isVowelByte(c) || c >= 0x80 {
			out = append(out, rune(c))
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
			if t, ok := viqrTone[b[i+1]]; ok && toneApplies(b, i+1) {
				v = toneOf(v, t)
				i++
			}
		}
		out = append(out, v)
	}
	return norm.NFC.String(string(out))
}

// toneApplies decides whether the mark at b[k] is a tone or punctuation.
func toneApplies(b []byte, k int) bool {
	c := b[k]
	if c != '.' && c != '?' && c != '\'' {
		return true
	}
	if k+1 >= len(b) {
		return false
	}
	next := b[k+1]
	if isLetterByte(next) {
		return true // the word goes on: "Vie^.t"
	}
	if strings.IndexByte(",;:)!\"", next) >= 0 {
		return true // "tri.," : a period is never followed by a comma
	}
	if c == '.' && k > 0 && b[k-1] >= 'A' && b[k-1] <= 'Z' && (k < 2 || b[k-2] < 'a' || b[k-2] > 'z') {
		return true // "VU." : capitals are headings, not sentence ends
	}
	if c == '.' || c == '?' {
		// VIQR escapes a literal "." or "?" after a vowel ("\."); unescaped,
		// it is a tone unless it ends a line or the text
		j := k + 1
		for j < len(b) && b[j] == ' ' {
			j++
		}
		return j > k+1 && j < len(b) && isLetterByte(b[j])
	}
	if c == '\'' {
		return next == ' ' || next == ',' || next == '.' || next == ';' || next == ':' || next == '\n' || next == ')'
	}
	// end of word: a tone if the sentence continues in lower case
	j := k + 1
	for j < len(b) && b[j] == ' ' {
		j++
	}
	return j > k+1 && j < len(b) && b[j] >= 'a' && b[j] <= 'z'
}

func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// EncodeVIQR writes Unicode text in VIQR.
func EncodeVIQR(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case 'đ':
			b.WriteString("dd")
			continue
		case 'Đ':
			b.WriteString("DD")
			continue
		}
		base, tone := r, 0
		for _, row := range tonedRows {
			rs := []rune(row)
			for t, x := range rs {
				if x == r {
					base, tone = rs[0], t
				}
			}
		}
		if r < 0x80 && strings.IndexRune("`'?~.(^+", r) >= 0 {
			// a literal mark character right after a vowel is escaped
			if cur := b.String(); cur != "" && isVowelByte(cur[len(cur)-1]) {
				b.WriteByte('\\')
			}
		}
		written := false
		for seq, q := range viqrQuality {
			if q == base {
				b.WriteString(seq)
				written = true
				break
			}
		}
		if !written {
			b.WriteRune(base)
		}
		if tone > 0 {
			b.WriteByte("`'?~."[tone-1])
		}
	}
	return b.String()
}
