package ocr

import (
	"math"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"vanthu/internal/textnorm"
)

// Vocabulary statistics derived from vocabText.
var (
	uni = map[string]int{}
	bi  = map[[2]string]int{}
)

func init() {
	for _, line := range strings.Split(vocabText, "\n") {
		for _, chunk := range strings.FieldsFunc(line, func(r rune) bool { return strings.ContainsRune(",.;:()", r) }) {
			var prev string
			for _, w := range strings.Fields(strings.ToLower(norm.NFC.String(chunk))) {
				uni[w]++
				if prev != "" {
					bi[[2]string{prev, w}]++
				}
				prev = w
			}
		}
	}
}

// vowelFamilies group the vowels OCR confuses with each other: same base
// letter, any modifier (ă â, ê, ô ơ, ư) and any tone.
var vowelFamilies = []string{
	"aàáảãạăằắẳẵặâầấẩẫậ",
	"eèéẻẽẹêềếểễệ",
	"iìíỉĩị",
	"oòóỏõọôồốổỗộơờớởỡợ",
	"uùúủũụưừứửữự",
	"yỳýỷỹỵ",
}

var familyOf = map[rune]string{}

func init() {
	for _, f := range vowelFamilies {
		for _, r := range f {
			familyOf[r] = f
		}
	}
}

// charConfusions are multi-glyph OCR confusions (lower case), applied in
// both directions where listed twice.
var charConfusions = [][2]string{
	{"rn", "m"}, {"m", "rn"}, {"cl", "d"}, {"d", "đ"}, {"đ", "d"},
	{"1", "l"}, {"1", "i"}, {"l", "i"}, {"i", "l"}, {"0", "o"}, {"ii", "ü"}, {"li", "h"},
}

// tokenRe matches words, document numbers (1006-CV/HU, 30/2020/NĐ-CP) and
// dates (15/02/2021).
var tokenRe = regexp.MustCompile(`[\p{L}\p{M}\p{N}]+(?:[\-/.][\p{L}\p{M}\p{N}]+)*`)

// Correct fixes OCR errors in Vietnamese text: invalid syllables are
// replaced by the valid syllable within one or two typical confusions
// (tone and vowel marks, đ/d, rn/m, l/1/I) that best fits the neighbouring
// syllables; a valid syllable is replaced only when the vocabulary strongly
// supports the alternative in this context and not the original; letters
// inside numbers and document numbers are fixed (O→0, l/I→1). Line
// structure and everything else is kept.
func Correct(text string) string {
	lines := strings.Split(norm.NFC.String(text), "\n")
	for i, l := range lines {
		// A second pass lets a word use its corrected right neighbour.
		lines[i] = correctLine(correctLine(l))
	}
	return strings.Join(lines, "\n")
}

func correctLine(line string) string {
	locs := tokenRe.FindAllStringIndex(line, -1)
	if len(locs) == 0 {
		return line
	}
	toks := make([]string, len(locs))
	for i, l := range locs {
		toks[i] = line[l[0]:l[1]]
	}
	out := make([]string, len(toks))
	copy(out, toks)
	for i, t := range toks {
		if strings.IndexFunc(t, unicode.IsDigit) >= 0 || strings.ContainsAny(t, "-/") {
			out[i] = fixNumber(t)
			continue
		}
		prev, next := "", ""
		// Context uses already corrected left neighbours, raw right ones, and
		// stops at punctuation between tokens.
		if i > 0 && onlySpace(line[locs[i-1][1]:locs[i][0]]) {
			prev = strings.ToLower(out[i-1])
		}
		if i+1 < len(toks) && onlySpace(line[locs[i][1]:locs[i+1][0]]) {
			next = strings.ToLower(toks[i+1])
		}
		out[i] = correctWord(t, prev, next)
	}
	var b strings.Builder
	last := 0
	for i, l := range locs {
		b.WriteString(line[last:l[0]])
		b.WriteString(out[i])
		last = l[1]
	}
	b.WriteString(line[last:])
	return b.String()
}

func onlySpace(s string) bool { return strings.TrimSpace(s) == "" }

// context returns the vocabulary support of w between prev and next.
func context2(prev, w, next string) int {
	return bi[[2]string{prev, w}] + bi[[2]string{w, next}]
}

func correctWord(t, prev, next string) string {
	lw := strings.ToLower(t)
	n := len([]rune(lw))
	if n > 7 || !hasVowel(lw) {
		return t
	}
	valid := validSyllable(lw)
	if valid {
		// Only with strong context: the original never follows/precedes its
		// neighbours in the vocabulary, the alternative does repeatedly.
		if context2(prev, lw, next) > 0 || (prev == "" && next == "") {
			return t
		}
		best, bestS := "", 0
		for _, c := range candidates(lw, 1) {
			if c == lw {
				continue
			}
			if s := context2(prev, c, next); s > bestS {
				best, bestS = c, s
			}
		}
		if bestS >= 2 {
			return matchCase(t, best)
		}
		return t
	}
	// Invalid syllable: take the best-scoring valid candidate, if any.
	if isAcronym(t) {
		return t
	}
	best, bestScore := "", math.Inf(-1)
	for edits := 1; edits <= 2 && best == ""; edits++ {
		for _, c := range candidates(lw, edits) {
			s := 3*math.Log1p(float64(context2(prev, c, next))) + math.Log1p(float64(uni[c]))
			if s > bestScore {
				best, bestScore = c, s
			}
		}
	}
	if best == "" {
		return t
	}
	return matchCase(t, best)
}

// isAcronym: upper-case abbreviations (UBND, HĐND, VPTW) are not syllables
// and must stay as they are.
func isAcronym(t string) bool {
	up := 0
	for _, r := range t {
		if unicode.IsUpper(r) {
			up++
		}
	}
	if up < 2 || up != len([]rune(t)) {
		return false
	}
	base, _, _ := splitTone(strings.ToLower(t))
	// Acronyms carry no tone and usually no vowel-initial rhyme.
	return base == strings.ToLower(t) && !validSyllable(base)
}

func hasVowel(s string) bool {
	for _, r := range s {
		if familyOf[r] != "" {
			return true
		}
	}
	return false
}

// candidates returns the valid syllables reachable from w (lower case) by
// exactly `edits` substitutions: a vowel within its family or a glyph
// confusion.
func candidates(w string, edits int) []string {
	seen := map[string]bool{w: true}
	frontier := []string{w}
	for e := 0; e < edits; e++ {
		var next []string
		for _, s := range frontier {
			for _, c := range neighbours(s) {
				if !seen[c] {
					seen[c] = true
					next = append(next, c)
				}
			}
		}
		frontier = next
	}
	var out []string
	for _, c := range frontier {
		if validSyllable(c) {
			out = append(out, c)
		}
	}
	return out
}

func neighbours(s string) []string {
	var out []string
	rs := []rune(s)
	for i, r := range rs {
		for _, v := range familyOf[r] {
			if v != r {
				out = append(out, string(rs[:i])+string(v)+string(rs[i+1:]))
			}
		}
	}
	for _, c := range charConfusions {
		for off := 0; ; {
			j := strings.Index(s[off:], c[0])
			if j < 0 {
				break
			}
			j += off
			out = append(out, s[:j]+c[1]+s[j+len(c[0]):])
			off = j + len(c[0])
		}
	}
	return out
}

// matchCase gives w the capitalisation pattern of orig.
func matchCase(orig, w string) string {
	rs := []rune(orig)
	upper := 0
	for _, r := range rs {
		if unicode.IsUpper(r) {
			upper++
		}
	}
	switch {
	case upper == len(rs) && len(rs) > 1:
		return strings.ToUpper(w)
	case len(rs) > 0 && unicode.IsUpper(rs[0]):
		wr := []rune(w)
		wr[0] = unicode.ToUpper(wr[0])
		return string(wr)
	}
	return w
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// upperCodes reports whether every non-empty segment is digits or
// upper-case letters, and at least two are letters.
func upperCodes(segs []string) bool {
	letters := 0
	for _, s := range segs {
		if s == "" {
			continue
		}
		if strings.ToUpper(s) != s || strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) >= 0 {
			return false
		}
		if strings.IndexFunc(s, unicode.IsLetter) >= 0 {
			letters++
		}
	}
	return letters >= 2
}

// fixNumber repairs letters read inside numbers: in a segment that is
// mostly digits O/o become 0 and l/I/| become 1; in a mostly-letter segment
// of a document code, 0 becomes O.
func fixNumber(t string) string {
	segs := regexp.MustCompile(`[\-/.]`).Split(t, -1)
	seps := regexp.MustCompile(`[\-/.]`).FindAllString(t, -1)
	// A document number, or its code part when OCR put a space before the
	// dash ("1006 -CV/HỦ"): digits first, or upper-case codes joined by "/".
	codeLike := startsWithDigit(t) || strings.Contains(t, "/") && upperCodes(segs)
	for i, s := range segs {
		d, l := 0, 0
		for _, r := range s {
			if unicode.IsDigit(r) {
				d++
			} else if unicode.IsLetter(r) {
				l++
			}
		}
		switch {
		case d > 0 && d >= l && l > 0:
			segs[i] = strings.NewReplacer("O", "0", "o", "0", "l", "1", "I", "1").Replace(s)
		case l > d && d > 0 && strings.ToUpper(s) == s:
			segs[i] = strings.ReplaceAll(s, "0", "O")
		case i > 0 && d == 0 && l > 0 && codeLike && strings.ToUpper(s) == s:
			// Letter codes of a document number carry no tone or vowel
			// marks, only Đ: "1006-CV/HỦ" is 1006-CV/HU. A marked letter
			// repeating the one before it is a glyph read twice through
			// noise: "109-KH/HÚŨ" is 109-KH/HU.
			var code []rune
			for _, r := range s {
				f := r
				if r != 'Đ' {
					f = textnorm.FoldRune(r)
				}
				if f != r && len(code) > 0 && code[len(code)-1] == f {
					continue
				}
				code = append(code, f)
			}
			// W is no Vietnamese letter: codes hold it only in TW (Trung
			// ương), so "IW" is a T whose bar was lost: "28-CT/IW".
			segs[i] = strings.ReplaceAll(string(code), "IW", "TW")
		}
	}
	var b strings.Builder
	for i, s := range segs {
		b.WriteString(s)
		if i < len(seps) {
			b.WriteString(seps[i])
		}
	}
	return b.String()
}
