// Package testgen generates synthetic Vietnamese official documents in the
// official two-column layout (PDF, DOCX, HTML) for tests and the test corpus.
//
// A layout is written as plain text in sections introduced by the lines
// "#left", "#right", "#title", "#body", "#footer-left" and "#footer-right".
// Each line of a section is one printed line; empty lines are kept in the
// body as paragraph breaks and dropped elsewhere.
package testgen

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Layout is a document split into the printed regions of the official layout.
type Layout struct {
	Left        []string // issuer column of the header (parent, issuer, "*", "Số: ...", "V/v ...")
	Right       []string // motto column of the header (national motto or party name, place and date)
	Title       []string // centred title lines (type name and subject)
	Body        []string // body lines; "" separates paragraphs
	FooterLeft  []string // "Nơi nhận:" list
	FooterRight []string // signature block
}

// ParseLayout parses the section format described in the package comment.
func ParseLayout(src string) (*Layout, error) {
	l := &Layout{}
	var cur *[]string
	seen := map[string]bool{}
	src = norm.NFC.String(strings.ReplaceAll(src, "\r\n", "\n"))
	for n, raw := range strings.Split(src, "\n") {
		line := strings.TrimRight(raw, " \t")
		if strings.HasPrefix(line, "#") {
			name := strings.TrimSpace(line[1:])
			var sec *[]string
			switch name {
			case "left":
				sec = &l.Left
			case "right":
				sec = &l.Right
			case "title":
				sec = &l.Title
			case "body":
				sec = &l.Body
			case "footer-left":
				sec = &l.FooterLeft
			case "footer-right":
				sec = &l.FooterRight
			default:
				return nil, fmt.Errorf("dòng %d: mục không hợp lệ %q", n+1, line)
			}
			if seen[name] {
				return nil, fmt.Errorf("dòng %d: mục %q lặp lại", n+1, line)
			}
			seen[name] = true
			cur = sec
			continue
		}
		if cur == nil {
			if strings.TrimSpace(line) == "" {
				continue
			}
			return nil, fmt.Errorf("dòng %d: nội dung nằm ngoài mọi mục", n+1)
		}
		if strings.TrimSpace(line) == "" && cur != &l.Body {
			continue
		}
		*cur = append(*cur, strings.TrimSpace(line))
	}
	l.Body = trimBlank(l.Body)
	if len(l.Left) == 0 && len(l.Right) == 0 && len(l.Title) == 0 && len(l.Body) == 0 {
		return nil, errors.New("bố cục rỗng")
	}
	return l, nil
}

func trimBlank(s []string) []string {
	for len(s) > 0 && s[0] == "" {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] == "" {
		s = s[:len(s)-1]
	}
	// collapse runs of blank lines
	out := s[:0:0]
	for i, x := range s {
		if x == "" && i > 0 && s[i-1] == "" {
			continue
		}
		out = append(out, x)
	}
	return out
}

// Text returns the document in reading order as a text extractor should
// produce it: left header, right header, title, body, signature, recipients.
// Body paragraph breaks are kept as empty lines.
func (l *Layout) Text() string {
	var parts []string
	parts = append(parts, l.Left...)
	parts = append(parts, l.Right...)
	parts = append(parts, l.Title...)
	parts = append(parts, l.Body...)
	parts = append(parts, l.FooterRight...)
	parts = append(parts, l.FooterLeft...)
	return strings.Join(parts, "\n") + "\n"
}
