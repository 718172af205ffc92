package ocr

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// CER is the character error rate of hyp against ref after NFC
// normalisation and whitespace collapsing: edit distance / len(ref).
func CER(ref, hyp string) float64 {
	r := []rune(collapse(ref))
	h := []rune(collapse(hyp))
	if len(r) == 0 {
		return 0
	}
	prev := make([]int, len(h)+1)
	cur := make([]int, len(h)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(r); i++ {
		cur[0] = i
		for j := 1; j <= len(h); j++ {
			c := prev[j-1]
			if r[i-1] != h[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return float64(prev[len(h)]) / float64(len(r))
}

func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(norm.NFC.String(s), unicode.IsSpace), " ")
}
