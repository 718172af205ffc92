package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"vanthu/internal/textnorm"
)

// line is one printed line after repair, with its folded form for matching.
type line struct {
	text string // cleaned text
	fold string // lowercase, marks stripped, đ->d
}

// prepareLines turns raw text into repaired lines: markdown emphasis and
// table pipes removed, glued header words split, decorations dropped.
// Empty lines are kept (as empty text) because they separate paragraphs.
func prepareLines(text string) []line {
	text = textnorm.Clean(text)
	raw := decolumnize(strings.Split(text, "\n"))
	out := make([]line, 0, len(raw))
	for _, r := range raw {
		r = dropStrayEmphasis(textnorm.StripMarkdown(r))
		for _, cell := range splitCells(r) {
			for _, piece := range splitInline(splitGlued(cell)) {
				piece = cleanLine(piece)
				if isDecoration(piece) {
					piece = ""
				}
				out = append(out, line{text: piece, fold: foldLower(piece)})
			}
		}
	}
	return out
}

// foldTable maps runes below 0x1F00 to their folded lower-case form.
var foldTable [0x1F00]rune

func init() {
	for r := rune(0); r < 0x1F00; r++ {
		f := []rune(strings.ToLower(textnorm.Fold(string(r))))
		if len(f) == 1 {
			foldTable[r] = f[0]
		} else {
			foldTable[r] = r
		}
	}
}

// foldLower folds marks and lowercases (đ -> d).
func foldLower(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] >= 'A' && s[i] <= 'Z' {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r < 0x1F00 {
			r = foldTable[r]
		} else {
			r = unicode.ToLower(r)
		}
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}

// splitCells splits a table row rendered with '|' into its cells.
func splitCells(s string) []string {
	if !strings.Contains(s, "|") {
		return []string{s}
	}
	parts := strings.Split(s, "|")
	out := parts[:0]
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return []string{""}
	}
	// Keep time separators like "Th 6, 05/02/2021 | 09:29 SA" on one line.
	if len(out) == 2 && looksLikeTime(strings.TrimSpace(out[1])) {
		return []string{out[0] + " " + out[1]}
	}
	return out
}

func looksLikeTime(s string) bool {
	return len(s) >= 4 && len(s) <= 12 && s[0] >= '0' && s[0] <= '9' && strings.Contains(s, ":")
}

// gluedMarkers are header and section words that converters glue to the
// preceding text ("VIỆT NAMĐộc lập", "Nơi nhận:- Như trên").
var gluedMarkers = []string{"Độc lập", "Kính gửi", "Nơi nhận"}

// splitGlued splits a line where a known marker or a capitalised name is
// glued to an upper-case run ("CHÁNH VĂN PHÒNGThái Hữu Phép").
func splitGlued(s string) []string {
	var out []string
	for _, m := range gluedMarkers {
		i := strings.Index(s, m)
		if i <= 0 {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		after := strings.TrimLeft(s[i+len(m):], " ")
		marker := strings.HasPrefix(after, ":") || strings.HasPrefix(after, "-") || strings.HasPrefix(after, "–")
		if (unicode.IsLetter(prev) || prev == '*' || prev == '.') && marker || marker && strings.TrimSpace(s[:i]) != "" {
			return append(splitGlued(s[:i]), splitGlued(s[i:])...)
		}
	}
	// "Nơi nhận:- Như trên;" -> "Nơi nhận:" / "- Như trên;"
	if i := strings.Index(s, "Nơi nhận"); i >= 0 {
		rest := s[i+len("Nơi nhận"):]
		j := strings.Index(rest, ":")
		if j >= 0 && j <= 2 {
			after := strings.TrimSpace(rest[j+1:])
			if strings.HasPrefix(after, "-") || strings.HasPrefix(after, "+") {
				head := s[:i+len("Nơi nhận")+j+1]
				return append([]string{head}, after)
			}
		}
	}
	if !hasUpperRun(s, 4) {
		return []string{s}
	}
	rs := []rune(s)
	for i := 3; i+2 < len(rs); i++ {
		if unicode.IsUpper(rs[i]) && unicode.IsLower(rs[i+1]) && (unicode.IsLower(rs[i+2]) || rs[i+2] == ' ') &&
			unicode.IsUpper(rs[i-1]) && unicode.IsUpper(rs[i-2]) && unicode.IsUpper(rs[i-3]) {
			// the upper-case run must be a word of its own (start after space or line start)
			j := i - 1
			for j > 0 && unicode.IsUpper(rs[j-1]) {
				j--
			}
			if j == 0 || unicode.IsSpace(rs[j-1]) {
				out = append(out, string(rs[:i]))
				return append(out, splitGlued(string(rs[i:]))...)
			}
		}
	}
	return []string{s}
}

// splitCamel separates words glued by a converter ("giaoChánh" -> "giao
// Chánh"): a run of at least two lower-case letters followed by an
// upper-case letter and a lower-case one.
func splitCamel(s string) string {
	if !hasCamel(s) {
		return s
	}
	rs := []rune(s)
	var b []rune
	lowerRun := 0
	for i, r := range rs {
		if lowerRun >= 2 && unicode.IsUpper(r) && i+1 < len(rs) && unicode.IsLower(rs[i+1]) {
			b = append(b, ' ')
		}
		if unicode.IsLower(r) {
			lowerRun++
		} else {
			lowerRun = 0
		}
		b = append(b, r)
	}
	return string(b)
}

// cleanLine collapses spaces, trims, and removes trailing ornaments.
func cleanLine(s string) string {
	s = collapseSpace(splitCamel(s))
	s = strings.TrimLeft(s, "#> ")
	if strings.HasPrefix(s, "</") || strings.HasPrefix(s, "<?xml") {
		if !strings.ContainsAny(s, " ") {
			return ""
		}
	}
	// trailing decoration: "TỈNH AN GIANG******", "Hạnh phúc--------"
	for {
		t := strings.TrimRight(s, "*-_=~·•.")
		if len(s)-len(t) >= 3 && t != "" {
			s = strings.TrimSpace(t)
			continue
		}
		break
	}
	return s
}

// isDecoration reports whether a line is only an ornament ("*", "-----").
func isDecoration(s string) bool {
	if s == "" {
		return false
	}
	if s == "*" {
		return false // the Party header star separates the issuer from "Số"
	}
	for _, r := range s {
		if !strings.ContainsRune("*-_=~·•. ", r) {
			return false
		}
	}
	return true
}

// isUpperLine reports whether the letters of s are (almost) all upper case.
func isUpperLine(s string) bool {
	up, low := 0, 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			up++
		} else if unicode.IsLower(r) {
			low++
		}
	}
	return up >= 2 && low*10 <= up
}

// hasCamel reports whether s has a lower-case run of two or more letters
// followed by an upper-case letter, without allocating.
func hasCamel(s string) bool {
	lowerRun := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			if lowerRun >= 2 {
				return true
			}
			lowerRun = 0
		} else if unicode.IsLower(r) {
			lowerRun++
		} else {
			lowerRun = 0
		}
	}
	return false
}

// hasUpperRun reports whether s has n consecutive upper-case letters.
func hasUpperRun(s string, n int) bool {
	run := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			run++
			if run >= n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// collapseSpace trims s and collapses runs of white space, allocating only
// when something changes.
func collapseSpace(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\t' || c == '\r' || c == '\v' || c == '\f' {
			clean = false
			break
		}
		if c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// dropStrayEmphasis removes emphasis markers left unmatched on a line
// because the emphasis spans lines ("**T/M BAN THƯỜNG VỤ" / "BÍ THƯ**").
func dropStrayEmphasis(s string) string {
	if !strings.Contains(s, "*") || strings.TrimSpace(s) == "*" {
		return s
	}
	s = strings.ReplaceAll(s, "**", "")
	t := strings.TrimSpace(s)
	if len(t) > 1 && t[0] == '*' && t[1] != ' ' {
		t = t[1:]
	}
	if len(t) > 1 && t[len(t)-1] == '*' && t[len(t)-2] != ' ' {
		t = t[:len(t)-1]
	}
	return t
}

// gapRe finds a run of spaces wide enough to separate two printed columns.
var gapRe = regexp.MustCompile(`\S( {4,}|\t+ *)\S`)

// decolumnize handles text laid out in two columns with spaces (as
// "pdftotext -layout" and some converters print the header and the
// signature block): in the first lines and from "Nơi nhận" on, the left
// column's lines are emitted first, then the right column's.
func decolumnize(raw []string) []string {
	has := false
	for _, l := range raw {
		if strings.Contains(l, "    ") || strings.Contains(l, "\t") {
			has = true
			break
		}
	}
	if !has {
		return raw
	}
	out := make([]string, 0, len(raw)+8)
	block := func(ls []string) {
		var left, right []string
		gapped := false
		for _, l := range ls {
			if m := gapRe.FindStringIndex(l); m != nil {
				gapped = true
				left = append(left, l[:m[0]+1])
				right = append(right, l[m[1]-1:])
				continue
			}
			trimmed := strings.TrimLeft(l, " \t")
			if len(l)-len(trimmed) >= 12 && trimmed != "" {
				right = append(right, trimmed)
				continue
			}
			left = append(left, l)
		}
		if !gapped {
			out = append(out, ls...)
			return
		}
		out = append(out, left...)
		out = append(out, right...)
	}
	head := min(len(raw), 12)
	block(raw[:head])
	foot := len(raw)
	for i := head; i < len(raw); i++ {
		if strings.HasPrefix(strings.TrimSpace(raw[i]), "Nơi nhận") {
			foot = i
		}
	}
	out = append(out, raw[head:foot]...)
	block(raw[foot:])
	return out
}

// inlineSplitRe finds header and signature elements run together on one
// line: the "*" ornament, "Số:" after other text, an authority line glued to
// a distribution item ("Lưu VPHU. T/M BAN THƯỜNG VỤ").
var inlineSplitRe = regexp.MustCompile(`\s\*\s|\s(Số:?\s*\d)|[.,;]\s+((?:T/M|K/T|T/L|TM\.|KT\.|TL\.|TUQ\.)\s+\p{Lu})`)

// splitInline splits each piece where inlineSplitRe matches.
func splitInline(pieces []string) []string {
	var out []string
	for _, p := range pieces {
		if !mayNeedInlineSplit(p) {
			out = append(out, p)
			continue
		}
		for {
			m := inlineSplitRe.FindStringSubmatchIndex(p)
			if m == nil || m[0] == 0 {
				break
			}
			cut, next := m[0], m[1]
			switch {
			case m[2] >= 0: // "Số ..."
				next = m[2]
			case m[4] >= 0: // authority
				cut, next = m[0]+1, m[4]
			}
			out = append(out, p[:cut])
			p = p[next:]
		}
		out = append(out, p)
	}
	return out
}

// mayNeedInlineSplit is a cheap pre-check for splitInline.
func mayNeedInlineSplit(p string) bool {
	return strings.Contains(p, " * ") || strings.Contains(p, "Số") ||
		strings.Contains(p, "T/M") || strings.Contains(p, "K/T") || strings.Contains(p, "T/L") ||
		strings.Contains(p, "TM.") || strings.Contains(p, "KT.") || strings.Contains(p, "TL.") || strings.Contains(p, "TUQ.")
}
