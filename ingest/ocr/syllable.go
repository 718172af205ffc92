package ocr

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Tone marks as combining characters (NFD).
const (
	toneGrave = '\u0300'
	toneAcute = '\u0301'
	toneTilde = '\u0303'
	toneHook  = '\u0309'
	toneDot   = '\u0323'
)

func isTone(r rune) bool {
	switch r {
	case toneGrave, toneAcute, toneTilde, toneHook, toneDot:
		return true
	}
	return false
}

// splitTone returns s (lower case) without its tone mark, and the mark (0
// for level tone). ok is false when s carries more than one tone mark.
func splitTone(s string) (base string, tone rune, ok bool) {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if isTone(r) {
			if tone != 0 {
				return "", 0, false
			}
			tone = r
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String()), tone, true
}

var (
	initials = strings.Fields("b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x")
	rhymes   = map[string]bool{}
)

func init() {
	for _, r := range strings.Fields(`
a ai ao au ay am an ang anh ap at ac ach
ăm ăn ăng ăp ăt ăc
âm ân âng âp ât âc âu ây
e eo em en eng ep et ec
ê êu êm ên ênh êp êt êch
i ia iu im in inh ip it ich
iêm iên iêng iêp iêt iêc iêu
yêm yên yêng yêt yêu
o oa oai oao oay oam oan oang oanh oap oat oac oach oăm oăn oăng oăt oăc
oe oeo oen oet oi om on ong op ot oc oong ooc
ô ôi ôm ôn ông ôp ôt ôc
ơ ơi ơm ơn ơp ơt
u ua uân uâng uât uây uê uêch uênh ui um un ung up ut uc uy uya uyên uyêt uych uynh uyt uyu uyp
uôi uôm uôn uông uôt uôc uơ uô
ư ưa ưi ưu ưng ưc ưt ưn ưm ươ ươi ươu ươm ươn ương ươp ươt ươc
y`) {
		rhymes[r] = true
	}
}

// frontVowel reports whether a rhyme starts with i, e, ê (or y): the
// spelling rules c/k, g/gh, ng/ngh depend on it.
func frontVowel(rhyme string) bool {
	return strings.HasPrefix(rhyme, "i") || strings.HasPrefix(rhyme, "e") ||
		strings.HasPrefix(rhyme, "ê") || strings.HasPrefix(rhyme, "y")
}

// validSyllable reports whether s is a well-formed Vietnamese syllable
// (case-insensitive): initial consonant, rhyme, at most one tone mark, the
// c/k, g/gh, ng/ngh spelling rules and only sắc/nặng on rhymes ending in a
// stop (p, t, c, ch).
func validSyllable(s string) bool {
	if s == "" {
		return false
	}
	base, tone, ok := splitTone(strings.ToLower(s))
	if !ok {
		return false
	}
	try := func(ini, rhyme string) bool {
		if !rhymes[rhyme] {
			return false
		}
		front := frontVowel(rhyme)
		switch ini {
		case "c", "ng", "g":
			if front {
				return false
			}
		case "k", "gh", "ngh":
			if !front {
				return false
			}
		case "qu":
			if strings.HasPrefix(rhyme, "u") || strings.HasPrefix(rhyme, "o") && !strings.HasPrefix(rhyme, "oo") {
				return false
			}
		case "":
			if strings.HasPrefix(rhyme, "iê") {
				return false
			}
		}
		if strings.HasPrefix(rhyme, "yê") && ini != "" && ini != "qu" && ini != "gi" {
			// khuyên etc. are spelled with the rhyme "uyên".
			return false
		}
		if tone != 0 && tone != toneAcute && tone != toneDot {
			for _, stop := range []string{"p", "t", "c", "ch"} {
				if strings.HasSuffix(rhyme, stop) {
					return false
				}
			}
		}
		return true
	}
	if try("", base) {
		return true
	}
	for _, ini := range initials {
		if strings.HasPrefix(base, ini) && try(ini, base[len(ini):]) {
			return true
		}
	}
	// "gi" before a rhyme starting with i: gì, gìn.
	if strings.HasPrefix(base, "g") && strings.HasPrefix(base, "gi") && rhymes[base[1:]] {
		return true
	}
	return false
}
