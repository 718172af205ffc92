package textnorm

import (
	"strings"
	"unicode"
)

// onsets are the initial consonants of Vietnamese syllables.
var onsets = []string{
	"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
	"b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
}

// rhymes are the toneless rhymes (vần) of Vietnamese.
var rhymes = map[string]bool{}

func init() {
	for _, r := range strings.Fields(`a ai ao au ay ac ach am an ang anh ap at
ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
e eo ec em en eng ep et ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oe oen oeo oet oi oc om on ong op ot oong ooc
ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
u ua uân uâng uât uây uc ui um un ung up ut uê uêch uênh uôc uôi uôm uôn uông uôt uy uya uych uyên uyêt uynh uyt uyu uơ
ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
y yêm yên yêt yêu`) {
		rhymes[r] = true
	}
}

// IsSyllable reports whether s (either case, either tone placement) is a
// phonotactically valid Vietnamese syllable.
func IsSyllable(s string) bool {
	if s == "" || len(s) > 24 {
		return false
	}
	w := []rune(strings.ToLower(s))
	tone := toneNone
	base := make([]rune, 0, len(w))
	for _, r := range w {
		if vi, ok := vowelOf[r]; ok {
			if vi.tone != toneNone {
				if tone != toneNone {
					return false
				}
				tone = vi.tone
			}
			base = append(base, vi.base)
			continue
		}
		if r == 'đ' || r >= 'a' && r <= 'z' {
			base = append(base, r)
			continue
		}
		return false
	}
	b := string(base)
	for _, on := range onsets {
		if !strings.HasPrefix(b, on) {
			continue
		}
		rest := b[len(on):]
		if validRhyme(on, rest, tone) {
			return true
		}
		// "gi" + rhyme starting with i ("gì", "gìn"), "qu" handled by onset
		if on == "gi" && validRhyme(on, "i"+rest, tone) {
			return true
		}
	}
	return false
}

func validRhyme(onset, rhyme string, tone int) bool {
	if rhyme == "" {
		return onset == "gi" // "gì" is g + i; "gi" alone is a word
	}
	if !rhymes[rhyme] {
		return false
	}
	// spelling: k, gh, ngh only before e ê i y; c, g, ng never there
	front := strings.IndexAny(rhyme[:1], "eiy") == 0 || strings.HasPrefix(rhyme, "ê")
	switch onset {
	case "k", "gh", "ngh":
		if !front {
			return false
		}
	case "c", "g", "ng":
		if front {
			return false
		}
	case "qu":
		if strings.HasPrefix(rhyme, "u") || strings.HasPrefix(rhyme, "o") {
			return false
		}
	}
	// stop-final rhymes take only sắc or nặng
	if strings.HasSuffix(rhyme, "p") || strings.HasSuffix(rhyme, "t") || strings.HasSuffix(rhyme, "c") || strings.HasSuffix(rhyme, "ch") {
		return tone == toneAcute || tone == toneDot
	}
	return true
}

// SyllableRatio returns the fraction of letter-only tokens of text that are
// valid Vietnamese syllables (tokens with digits or other symbols are
// skipped). It is 0 for text without such tokens.
func SyllableRatio(text string) float64 {
	valid, total := 0, 0
	for _, tok := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' }) {
		letters := true
		for _, r := range tok {
			if !unicode.IsLetter(r) {
				letters = false
				break
			}
		}
		if !letters {
			continue
		}
		total++
		if IsSyllable(tok) {
			valid++
		}
	}
	if total == 0 {
		return 0
	}
	return float64(valid) / float64(total)
}

// StripMarkdown removes markdown emphasis markers (**x**, *x*, __x__) and
// heading marks as they appear in converted documents, keeping a lone "*"
// (the ornament under a Party issuer) and list bullets.
func StripMarkdown(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = stripLineEmphasis(l)
	}
	return strings.Join(lines, "\n")
}

func stripLineEmphasis(s string) string {
	t := strings.TrimSpace(s)
	if t == "*" || t == "" || !strings.ContainsAny(s, "*_#") {
		return s
	}
	if strings.HasPrefix(t, "#") {
		s = strings.TrimLeft(t, "# ")
	}
	s = strings.ReplaceAll(s, "**", "")
	s = strings.ReplaceAll(s, "__", "")
	if !strings.Contains(s, "*") {
		return s
	}
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if r == '*' {
			prevSpace := i == 0 || unicode.IsSpace(rs[i-1]) || unicode.IsPunct(rs[i-1])
			nextSpace := i == len(rs)-1 || unicode.IsSpace(rs[i+1]) || unicode.IsPunct(rs[i+1])
			// an emphasis marker touches a word on one side or sits at an edge;
			// "* " at line start is a list bullet and stays
			bullet := strings.TrimSpace(string(rs[:i])) == "" && i+1 < len(rs) && rs[i+1] == ' '
			if !bullet && (prevSpace != nextSpace || i == 0 || i == len(rs)-1) {
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}
