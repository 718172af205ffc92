package eval

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// key returns the comparison form of s: NFC, Ð mapped to Đ, lower case,
// tone marks in a canonical position, whitespace collapsed and trailing
// ".,;:" trimmed.
func key(s string) string {
	s = norm.NFC.String(s)
	s = strings.NewReplacer("\u00D0", "Đ", "\u00F0", "đ").Replace(s)
	s = toneCanon(strings.ToLower(s))
	s = strings.Join(strings.Fields(s), " ")
	return strings.TrimRight(s, ".,;: ")
}

// toneMarks maps the five Vietnamese tone marks (combining form) to the
// suffix that replaces them.
var toneMarks = map[rune]rune{
	'\u0300': '1', // huyền
	'\u0301': '2', // sắc
	'\u0309': '3', // hỏi
	'\u0303': '4', // ngã
	'\u0323': '5', // nặng
}

// toneCanon moves the tone mark of every word to its end as a digit, so that
// old and new tone placement ("uỷ", "ủy") give the same string.
func toneCanon(s string) string {
	var out, word strings.Builder
	var tone rune
	flush := func() {
		out.WriteString(norm.NFC.String(word.String()))
		if tone != 0 {
			out.WriteRune(tone)
		}
		word.Reset()
		tone = 0
	}
	for _, r := range norm.NFD.String(s) {
		if t, ok := toneMarks[r]; ok {
			tone = t
			continue
		}
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			word.WriteRune(r)
			continue
		}
		flush()
		out.WriteRune(r)
	}
	flush()
	return out.String()
}

// tokens splits the key of s into runs of letters and digits.
func tokens(s string) []string {
	return splitKey(key(s))
}

// splitKey splits a key into runs of letters and digits.
func splitKey(k string) []string {
	return strings.FieldsFunc(k, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// tokenF1 is the F1 of the token multisets of a and b; 1 when both are empty.
func tokenF1(a, b []string) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	count := map[string]int{}
	for _, t := range a {
		count[t]++
	}
	common := 0
	for _, t := range b {
		if count[t] > 0 {
			count[t]--
			common++
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b))
}

// fuzzyThreshold is the token F1 at which two texts count as the same.
const fuzzyThreshold = 0.8

// similar reports whether a and b have token F1 >= fuzzyThreshold.
func similar(a, b string) bool {
	return tokenF1(tokens(a), tokens(b)) >= fuzzyThreshold
}

// subjectPrefixes are leading words a subject may carry or omit.
var subjectPrefixes = []string{"v/v:", "v/v", "về việc", "về"}

// subjectKey returns the key of a subject without a leading "V/v" or "Về".
func subjectKey(s string) string {
	k := key(s)
	for changed := true; changed; {
		changed = false
		for _, p := range subjectPrefixes {
			pk := key(p)
			if !strings.HasPrefix(k, pk) {
				continue
			}
			rest := k[len(pk):]
			if rest != "" {
				r := []rune(rest)[0]
				if unicode.IsLetter(r) || unicode.IsDigit(r) {
					continue // "về" inside "vềx..." is not a prefix
				}
			}
			k = strings.TrimLeft(rest, " :")
			changed = true
			break
		}
	}
	return k
}

// numberKey is the key of a document number with all spaces removed.
func numberKey(s string) string {
	return strings.ReplaceAll(key(s), " ", "")
}

var authorityPrefix = regexp.MustCompile(`^(t/m|tm|k/t|kt|t/l|tl)(?:\.\s*|\s+|$)`)

// authorityKey is the key of a signing authority with "T/M", "TM." and "TM"
// (likewise K/T, T/L) made equal.
func authorityKey(s string) string {
	k := key(s)
	m := authorityPrefix.FindStringSubmatch(k)
	if m == nil {
		return k
	}
	p := strings.ReplaceAll(m[1], "/", "")
	return strings.TrimSpace(p + " " + k[len(m[0]):])
}

// labelPrefix matches a leading item label: "1.", "2)", "1.2.", "II.", "a)",
// "-", "•".
var labelPrefix = regexp.MustCompile(`^\s*(?:[-–—•+*]\s*)?(?:(?:\d+(?:\.\d+)+\.?|(?:\d+|[IVXLCivxlc]+|\pL)\s*[.)])\s*)?`)

// stripLabel removes a leading item label from a task text.
func stripLabel(s string) string {
	return s[len(labelPrefix.FindString(s)):]
}
