package ocr

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// mergeDetachedMarks puts back diacritics that Tesseract read as a word of
// their own. In bold capitals the acute of "BÍ" may be segmented apart: the
// page then reads "Í" (a box a few pixels high, just the accent) above
// "BI", and the layout puts the two on different lines. A one-letter word
// carrying marks whose box is at most half the median word height and lies
// just above a taller word that contains the same base letter without
// marks is merged into it: the letter nearest under the mark gets the
// marks ("BI" + "Í" → "BÍ"), and the small word is dropped.
func mergeDetachedMarks(ws []Word) []Word {
	if len(ws) < 2 {
		return ws
	}
	mh := medianHeight(ws)
	drop := make([]bool, len(ws))
	merged := false
	for i, w := range ws {
		if w.Box.Dy()*2 > mh {
			continue
		}
		rs := []rune(norm.NFD.String(w.Text))
		if len(rs) < 2 || !unicode.IsLetter(rs[0]) {
			continue
		}
		marks := rs[1:]
		ok := true
		for _, r := range marks {
			ok = ok && unicode.Is(unicode.Mn, r)
		}
		if !ok {
			continue
		}
		base := unicode.ToLower(rs[0])
		best, bestGap := -1, 0
		for j, v := range ws {
			if j == i || drop[j] || v.Box.Dy()*2 <= mh {
				continue
			}
			ov := min(w.Box.Max.X, v.Box.Max.X) - max(w.Box.Min.X, v.Box.Min.X)
			gap := v.Box.Min.Y - w.Box.Max.Y // w above v
			if ov*2 < w.Box.Dx() || gap > mh/2 || w.Box.Max.Y > v.Box.Min.Y+v.Box.Dy()/3 {
				continue
			}
			if best < 0 || abs(gap) < bestGap {
				best, bestGap = j, abs(gap)
			}
		}
		if best < 0 {
			continue
		}
		if t, ok := addMarks(ws[best], base, marks, (w.Box.Min.X+w.Box.Max.X)/2); ok {
			ws[best].Text = t
			drop[i], merged = true, true
		}
	}
	if !merged {
		return ws
	}
	out := make([]Word, 0, len(ws))
	for i, w := range ws {
		if !drop[i] {
			out = append(out, w)
		}
	}
	return out
}

// addMarks adds the combining marks to the unmarked letter base of v whose
// estimated position (letters spread evenly over the box) is nearest to x.
func addMarks(v Word, base rune, marks []rune, x int) (string, bool) {
	rs := []rune(norm.NFD.String(v.Text))
	var letters []int // index in rs of each base character
	for k, r := range rs {
		if !unicode.Is(unicode.Mn, r) {
			letters = append(letters, k)
		}
	}
	best, bestD := -1, 0
	for n, k := range letters {
		if unicode.ToLower(rs[k]) != base || k+1 < len(rs) && unicode.Is(unicode.Mn, rs[k+1]) {
			continue
		}
		cx := v.Box.Min.X + (2*n+1)*v.Box.Dx()/(2*len(letters))
		if d := abs(cx - x); best < 0 || d < bestD {
			best, bestD = k, d
		}
	}
	if best < 0 {
		return "", false
	}
	var b strings.Builder
	b.WriteString(string(rs[:best+1]))
	b.WriteString(string(marks))
	b.WriteString(string(rs[best+1:]))
	return norm.NFC.String(b.String()), true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
