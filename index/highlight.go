package index

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"vanthu/internal/textnorm"
)

// Highlights are computed from the stored subject, issuer and body of the
// hits of the returned page: no field keeps term vectors, which saves index
// size and indexing time, and only a page of records is ever highlighted.

const (
	fragmentSize     = 200 // bytes of text around a match
	fragmentsPerText = 3
)

// markWords returns the folded words a highlight marks: the free text of
// the query and the expansions and short forms of its abbreviations.
func markWords(q string) map[string]bool {
	p := Parse(q)
	m := map[string]bool{}
	for _, w := range analyzeFolded(p.Text) {
		m[w] = true
	}
	for _, ab := range p.Abbreviations {
		for _, w := range analyzeFolded(ab.Expansion) {
			m[w] = true
		}
		m[textnorm.FoldKey(ab.Short)] = true
	}
	return m
}

// highlight returns, per base field, fragments of the stored values with
// the marked words wrapped in <mark>; fields without a match are left out.
func highlight(fields map[string]interface{}, marks map[string]bool) map[string][]string {
	if len(marks) == 0 {
		return nil
	}
	out := map[string][]string{}
	for _, f := range []string{FieldSubject, FieldIssuer, FieldText} {
		s, _ := fields[f].(string)
		if s == "" {
			continue
		}
		if frs := fragments(s, marks, f == FieldText); len(frs) > 0 {
			out[f] = frs
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

type span struct{ start, end int }

// fragments marks the words of s whose folded form is in marks. Short
// values are returned whole; long ones (always when cut) as up to three
// fragments of about fragmentSize bytes around the first matches.
func fragments(s string, marks map[string]bool, cut bool) []string {
	hits := markedWords(s, marks)
	if len(hits) == 0 {
		return nil
	}
	if !cut || len(s) <= fragmentSize {
		return []string{markSpan(s, 0, len(s), hits)}
	}
	var out []string
	for i := 0; i < len(hits) && len(out) < fragmentsPerText; {
		start := runeStart(s, max(0, hits[i].start-fragmentSize/4))
		if start > 0 {
			if sp := strings.IndexByte(s[start:hits[i].start], ' '); sp >= 0 {
				start += sp + 1
			}
		}
		end := runeStart(s, min(len(s), start+fragmentSize))
		for end < len(s) && end > hits[i].end && s[end-1] != ' ' {
			end-- // do not cut a word
		}
		end = max(end, hits[i].end)
		var in []span
		for i < len(hits) && hits[i].end <= end {
			in = append(in, hits[i])
			i++
		}
		f := markSpan(s, start, end, in)
		if start > 0 {
			f = "…" + f
		}
		if end < len(s) {
			f += "…"
		}
		out = append(out, f)
	}
	return out
}

// markedWords returns the spans of the words of s (split as the syllable
// tokenizer splits) whose lower-cased folded form is in marks. One pass,
// folding into a reused buffer: highlighting was a quarter of a search's
// CPU when every word went through Tokenize and Fold.
func markedWords(s string, marks map[string]bool) []span {
	var hits []span
	buf := make([]byte, 0, 32)
	start := -1
	end := func(i int) {
		if marks[string(buf)] {
			hits = append(hits, span{start, i})
		}
		start, buf = -1, buf[:0]
	}
	for i, r := range s {
		word := false
		switch {
		case r < utf8.RuneSelf: // ASCII fast path
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			if word = 'a' <= r && r <= 'z' || '0' <= r && r <= '9'; word {
				if start < 0 {
					start = i
				}
				buf = append(buf, byte(r))
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r) || (start >= 0 && unicode.Is(unicode.Mn, r)):
			word = true
			if start < 0 {
				start = i
			}
			if f := textnorm.FoldRune(r); f >= 0 {
				buf = utf8.AppendRune(buf, unicode.ToLower(f))
			}
		}
		if !word && start >= 0 {
			end(i)
		}
	}
	if start >= 0 {
		end(len(s))
	}
	return hits
}

// markSpan returns s[start:end], HTML-escaped, with hits wrapped in <mark>.
func markSpan(s string, start, end int, hits []span) string {
	var b strings.Builder
	at := start
	for _, h := range hits {
		if h.start < at || h.end > end {
			continue
		}
		b.WriteString(html.EscapeString(s[at:h.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(s[h.start:h.end]))
		b.WriteString("</mark>")
		at = h.end
	}
	b.WriteString(html.EscapeString(s[at:end]))
	return strings.TrimSpace(b.String())
}

// runeStart moves i back to the start of a UTF-8 sequence.
func runeStart(s string, i int) int {
	for i > 0 && i < len(s) && s[i]&0xC0 == 0x80 {
		i--
	}
	return i
}
