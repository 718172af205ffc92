package textnorm

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// StripMarkdown removes the Markdown markup that document converters add:
// emphasis delimiters (**x**, *x*, ***x***, __x__, _x_), ATX heading marks
// ("## x") and backslash escapes such as "\*" or "\_". Emphasis delimiters
// are removed only in matched pairs, so a lone "*" line (the ornament printed
// under a Party issuer), "*", "-" and "+" bullets, footnote marks such as
// "(*)", signature rules ("______") and "*" or "_" inside words are kept.
// Lines are processed independently.
func StripMarkdown(s string) string {
	if !strings.ContainsAny(s, "*_#\\") {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = stripMarkdownLine(l)
	}
	return strings.Join(lines, "\n")
}

func stripMarkdownLine(l string) string {
	if !strings.ContainsAny(l, "*_#\\") {
		return l
	}
	t := strings.TrimSpace(l)
	if strings.Trim(t, "*_-= ") == "" {
		return l // ornaments and rules: "*", "* * *", "______"
	}
	prefix, body := "", l
	if h, ok := headingText(t); ok {
		body = h
	} else if n := bulletLen(l); n > 0 {
		prefix, body = l[:n], l[n:]
	}
	return prefix + stripEmphasis(body)
}

// headingText returns the text of an ATX heading line ("## Title ##").
func headingText(t string) (string, bool) {
	n := 0
	for n < len(t) && t[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || n < len(t) && t[n] != ' ' && t[n] != '\t' {
		return "", false
	}
	h := strings.TrimSpace(t[n:])
	// an optional closing sequence of '#' preceded by a space
	if c := strings.TrimRight(h, "#"); c != h && (c == "" || strings.HasSuffix(c, " ")) {
		h = strings.TrimSpace(c)
	}
	return h, true
}

// bulletLen returns the length of a leading "* ", "- " or "+ " list marker
// (with indentation), or 0.
func bulletLen(l string) int {
	i := 0
	for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
		i++
	}
	if i+1 < len(l) && strings.IndexByte("*-+", l[i]) >= 0 && (l[i+1] == ' ' || l[i+1] == '\t') {
		return i + 2
	}
	return 0
}

// mdEscapable are the characters whose backslash escape is undone.
const mdEscapable = "*_#\\`[]|+-.!"

// mdRun is a run of one emphasis delimiter character.
type mdRun struct {
	ch          byte
	n, del      int // length, delimiters matched and removed
	open, close bool
}

// stripEmphasis removes matched emphasis delimiters from one line, following
// the CommonMark flanking rules, loosened for closing '*' so that
// "**Điều 1.**Phạm" still pairs.
func stripEmphasis(s string) string {
	if !strings.ContainsAny(s, "*_\\") {
		return s
	}
	type seg struct {
		text string
		run  *mdRun
	}
	var segs []seg
	var runs []*mdRun
	var text strings.Builder
	prev := rune(-1) // -1: line start
	for i := 0; i < len(s); {
		c := s[i]
		if c == '\\' && i+1 < len(s) && strings.IndexByte(mdEscapable, s[i+1]) >= 0 {
			text.WriteByte(s[i+1])
			prev = rune(s[i+1])
			i += 2
			continue
		}
		if c != '*' && c != '_' {
			r, size := utf8.DecodeRuneInString(s[i:])
			text.WriteString(s[i : i+size])
			prev = r
			i += size
			continue
		}
		j := i
		for j < len(s) && s[j] == c {
			j++
		}
		next := rune(-1)
		if j < len(s) {
			next, _ = utf8.DecodeRuneInString(s[j:])
		}
		r := &mdRun{ch: c, n: j - i}
		pw, nw := mdSpace(prev), mdSpace(next)
		pp, np := mdPunct(prev), mdPunct(next)
		left := !nw && (!np || pw || pp)
		right := !pw && (!pp || nw || np)
		if c == '*' {
			// any star after a non-space may close: "**Điều 1.**Phạm"
			r.open, r.close = left, !pw
			if r.n == 1 && left && right && !pp && !np {
				r.open, r.close = false, false // "a*b": a literal star inside a word
			}
		} else {
			r.open = left && (!right || pp)
			r.close = right && (!left || np)
		}
		if text.Len() > 0 {
			segs = append(segs, seg{text: text.String()})
			text.Reset()
		}
		segs = append(segs, seg{run: r})
		runs = append(runs, r)
		prev = rune(c)
		i = j
	}
	if text.Len() > 0 {
		segs = append(segs, seg{text: text.String()})
	}
	var stack []*mdRun
	for _, r := range runs {
		for r.close && r.del < r.n {
			k := len(stack) - 1
			for k >= 0 && stack[k].ch != r.ch {
				k--
			}
			if k < 0 {
				break
			}
			o := stack[k]
			m := min(o.n-o.del, r.n-r.del)
			o.del += m
			r.del += m
			if o.del < o.n {
				stack = stack[:k+1]
			} else {
				stack = stack[:k]
			}
		}
		if r.open && r.del < r.n {
			stack = append(stack, r)
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, sg := range segs {
		if sg.run == nil {
			b.WriteString(sg.text)
			continue
		}
		for k := sg.run.del; k < sg.run.n; k++ {
			b.WriteByte(sg.run.ch)
		}
	}
	return b.String()
}

// mdSpace reports white space or a line edge (-1).
func mdSpace(r rune) bool { return r < 0 || unicode.IsSpace(r) }

// mdPunct reports punctuation or a symbol.
func mdPunct(r rune) bool { return r >= 0 && (unicode.IsPunct(r) || unicode.IsSymbol(r)) }
