package ocr

import (
	"image"
	"sort"
	"strings"
)

// fragment is a run of words on one printed line with no wide gap inside.
type fragment struct {
	words []Word
	box   image.Rectangle
}

func (f *fragment) text() string {
	parts := make([]string, len(f.words))
	for i, w := range f.words {
		parts[i] = w.Text
	}
	return strings.Join(parts, " ")
}

func newFragment(ws []Word) fragment {
	f := fragment{words: ws, box: ws[0].Box}
	for _, w := range ws[1:] {
		f.box = f.box.Union(w.Box)
	}
	return f
}

// row is a set of fragments sharing a baseline band, left to right.
type row struct {
	frags []fragment
	box   image.Rectangle
}

// medianHeight is the median word box height, the unit for "wide" gaps.
func medianHeight(words []Word) int {
	hs := make([]int, 0, len(words))
	for _, w := range words {
		hs = append(hs, w.Box.Dy())
	}
	if len(hs) == 0 {
		return 1
	}
	sort.Ints(hs)
	return max(hs[len(hs)/2], 1)
}

// readingOrder rebuilds printed lines from word boxes and returns them in
// reading order. Side-by-side blocks (the two-column header, "Nơi nhận"
// beside the signature) are emitted column by column: all lines of the
// left column top to bottom, then those of the right column.
func readingOrder(words []Word) []string {
	if len(words) == 0 {
		return nil
	}
	mh := medianHeight(words)
	wideGap := 3 * mh

	// 1. Tesseract lines, split where a wide gap separates words.
	type key struct{ b, p, l int }
	groups := map[key][]Word{}
	var order []key
	for _, w := range words {
		k := key{w.Block, w.Par, w.Line}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], w)
	}
	var frags []fragment
	for _, k := range order {
		ws := groups[k]
		sort.SliceStable(ws, func(i, j int) bool { return ws[i].Box.Min.X < ws[j].Box.Min.X })
		start := 0
		for i := 1; i <= len(ws); i++ {
			if i == len(ws) || ws[i].Box.Min.X-ws[i-1].Box.Max.X > wideGap {
				frags = append(frags, newFragment(ws[start:i]))
				start = i
			}
		}
	}

	// 2. Rows: fragments overlapping vertically by half the smaller height.
	// Two fragments of one printed line never overlap horizontally: a
	// fragment stacked under one already in the row starts a new row, even
	// when a tall box beside them (seal or signature remnant, a word spanning
	// two lines) has stretched the row over both lines.
	sort.SliceStable(frags, func(i, j int) bool {
		ci := frags[i].box.Min.Y + frags[i].box.Max.Y
		cj := frags[j].box.Min.Y + frags[j].box.Max.Y
		return ci < cj
	})
	stacked := func(r *row, f fragment) bool {
		for _, o := range r.frags {
			if min(o.box.Max.X, f.box.Max.X)-max(o.box.Min.X, f.box.Min.X) > 0 {
				return true
			}
		}
		return false
	}
	var rows []row
	for _, f := range frags {
		placed := false
		for i := len(rows) - 1; i >= 0 && i >= len(rows)-3; i-- {
			r := &rows[i]
			if stacked(r, f) {
				continue
			}
			ov := min(r.box.Max.Y, f.box.Max.Y) - max(r.box.Min.Y, f.box.Min.Y)
			if ov*2 >= min(r.box.Dy(), f.box.Dy()) {
				r.frags = append(r.frags, f)
				r.box = r.box.Union(f.box)
				placed = true
				break
			}
		}
		if !placed {
			rows = append(rows, row{frags: []fragment{f}, box: f.box})
		}
	}
	// Within a row, order by x and merge fragments that are close: Tesseract
	// sometimes splits one printed line into blocks.
	for i := range rows {
		fs := rows[i].frags
		sort.Slice(fs, func(a, b int) bool { return fs[a].box.Min.X < fs[b].box.Min.X })
		merged := []fragment{fs[0]}
		for _, f := range fs[1:] {
			last := &merged[len(merged)-1]
			if f.box.Min.X-last.box.Max.X <= wideGap {
				*last = newFragment(append(append([]Word{}, last.words...), f.words...))
			} else {
				merged = append(merged, f)
			}
		}
		rows[i].frags = merged
	}

	// 3. Two-column regions: maximal runs of rows around a split row where
	// every fragment lies left of the right column's start or right of the
	// left column's end.
	region := make([]int, len(rows)) // 0: none, else region id
	type colRegion struct{ first, last, lo, hi int }
	var regions []colRegion
	side := func(f fragment, lo, hi int) int { // -1 left, 1 right, 0 crosses
		l := f.box.Max.X < hi
		r := f.box.Min.X > lo
		switch {
		case l && r:
			if f.box.Min.X+f.box.Max.X < lo+hi {
				return -1
			}
			return 1
		case l:
			return -1
		case r:
			return 1
		}
		return 0
	}
	// fits reports whether row j can join a region with column gap (lo, hi),
	// returning the narrowed gap.
	fits := func(j, lo, hi int) (int, int, bool) {
		for _, f := range rows[j].frags {
			switch side(f, lo, hi) {
			case -1:
				lo = max(lo, f.box.Max.X)
			case 1:
				hi = min(hi, f.box.Min.X)
			default:
				return lo, hi, false
			}
		}
		return lo, hi, lo < hi
	}
	for i := range rows {
		if region[i] != 0 || len(rows[i].frags) < 2 {
			continue
		}
		// The widest gap of the row separates the columns.
		fs := rows[i].frags
		g := 1
		for k := 2; k < len(fs); k++ {
			if fs[k].box.Min.X-fs[k-1].box.Max.X > fs[g].box.Min.X-fs[g-1].box.Max.X {
				g = k
			}
		}
		lo, hi := fs[g-1].box.Max.X, fs[g].box.Min.X
		for _, f := range fs[:g] {
			lo = max(lo, f.box.Max.X)
		}
		for _, f := range fs[g:] {
			hi = min(hi, f.box.Min.X)
		}
		id := len(regions) + 1
		region[i] = id
		first, last := i, i
		for j := i + 1; j < len(rows) && region[j] == 0; j++ {
			if rows[j].box.Min.Y-rows[last].box.Max.Y > wideGap {
				break
			}
			nlo, nhi, ok := fits(j, lo, hi)
			if !ok {
				break
			}
			lo, hi, last = nlo, nhi, j
			region[j] = id
		}
		for j := i - 1; j >= 0 && region[j] == 0; j-- {
			if rows[first].box.Min.Y-rows[j].box.Max.Y > wideGap {
				break
			}
			nlo, nhi, ok := fits(j, lo, hi)
			if !ok {
				break
			}
			lo, hi, first = nlo, nhi, j
			region[j] = id
		}
		regions = append(regions, colRegion{first, last, lo, hi})
	}

	// 4. Emit.
	var lines []string
	for i := 0; i < len(rows); {
		if region[i] == 0 {
			for _, f := range rows[i].frags {
				lines = append(lines, f.text())
			}
			i++
			continue
		}
		rg := regions[region[i]-1]
		var left, right []string
		for j := rg.first; j <= rg.last; j++ {
			var l, r []string
			for _, f := range rows[j].frags {
				if side(f, rg.lo, rg.hi) < 0 {
					l = append(l, f.text())
				} else {
					r = append(r, f.text())
				}
			}
			if len(l) > 0 {
				left = append(left, strings.Join(l, " "))
			}
			if len(r) > 0 {
				right = append(right, strings.Join(r, " "))
			}
		}
		lines = append(lines, left...)
		lines = append(lines, right...)
		i = rg.last + 1
	}
	return lines
}
