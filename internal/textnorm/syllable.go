package textnorm

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
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

// IsSyllable reports whether s (either case, either tone placement,
// precomposed or decomposed) is a phonotactically valid Vietnamese syllable:
// an onset from the table of initial consonants, a rhyme from the table of
// rhymes, at most one tone mark, the spelling rules for k/gh/ngh versus
// c/g/ng and, for rhymes ending in a stop (-p, -t, -c, -ch), only the sắc or
// nặng tone.
func IsSyllable(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	return isSyllableNFC(s)
}

// onsetsByByte lists the onsets that a word starting with a given byte may
// have, longest first, ending with the empty onset.
var onsetsByByte [256][]string

func init() {
	for c := range onsetsByByte {
		for _, on := range onsets {
			if on == "" || on[0] == byte(c) {
				onsetsByByte[c] = append(onsetsByByte[c], on)
			}
		}
	}
}

// isSyllableNFC is IsSyllable for NFC input.
func isSyllableNFC(s string) bool {
	if s == "" || len(s) > 24 {
		return false
	}
	tone := toneNone
	var buf [24]byte
	base := buf[:0]
	for _, r := range s {
		r = unicode.ToLower(r)
		if vi, ok := vowelOf[r]; ok {
			if vi.tone != toneNone {
				if tone != toneNone {
					return false
				}
				tone = vi.tone
			}
			base = utf8.AppendRune(base, vi.base)
			continue
		}
		if r == 'đ' || r >= 'a' && r <= 'z' {
			base = utf8.AppendRune(base, r)
			continue
		}
		return false
	}
	b := string(base)
	for _, on := range onsetsByByte[b[0]] {
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
// valid Vietnamese syllables (see IsSyllable); tokens with digits or other
// symbols are skipped. Text is split at anything but letters, digits and
// apostrophes, and normalised to NFC first. It is 0 for text without letter
// tokens. Legacy-encoding detection and OCR quality checks use it.
func SyllableRatio(text string) float64 {
	if !norm.NFC.IsNormalString(text) {
		text = norm.NFC.String(text)
	}
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
		if isSyllableNFC(tok) {
			valid++
		}
	}
	if total == 0 {
		return 0
	}
	return float64(valid) / float64(total)
}
