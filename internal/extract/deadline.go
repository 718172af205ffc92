package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"vanthu/internal/document"
)

var (
	// deadlineTailRe matches the date after a deadline cue ("trước" ngày
	// 30/6/2023, "chậm nhất" ngày 15 tháng 7 năm 2025, "trước" 15/10).
	deadlineTailRe = regexp.MustCompile(`^(?:\s*(?:là|vào|chót|cuối|trong))*\s*(?:\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2}\s*(?:phút)?)?\s*,?\s*)?(?:ngày\s*)?(\d{1,2})\s*(?:(?:/|-|\.)\s*(\d{1,2})(?:\s*(?:/|-|\.)\s*(\d{4}))?|\s*tháng\s*(\d{1,2})(?:\s*năm\s*(\d{4}))?)`)
	recurRe        = regexp.MustCompile(`(?i)(định kỳ\s+(?:\d+|một|hai|ba|sáu)\s+tháng(?:\s*,\s*(?:một|01|1)\s+năm)?|(?:định kỳ\s+)?(?:hằng|hàng)\s+(?:năm|quý|tháng|tuần|ngày)|định kỳ\s+(?:hằng|hàng)?\s*(?:năm|quý|tháng|tuần))`)
)

// findDeadline finds the first explicit deadline in text and resolves it
// against the issue date (year taken from the issue date when omitted).
// Cue words are located with plain string search; the date pattern is then
// matched, anchored, right after each cue.
func findDeadline(text, issued string) *document.Deadline {
	if !strings.ContainsAny(text, "0123456789") || !mayHaveDeadline(text) {
		return nil
	}
	low := strings.ToLower(text)
	sameLen := len(low) == len(text)
	best := -1
	var res *document.Deadline
	for _, cue := range deadlineCues {
		from := 0
		for {
			k := strings.Index(low[from:], cue)
			if k < 0 {
				break
			}
			pos := from + k
			from = pos + len(cue)
			if best >= 0 && pos >= best {
				break
			}
			m := deadlineTailRe.FindStringSubmatchIndex(low[from:])
			if m == nil {
				continue
			}
			if cue == "hạn" && !strings.Contains(low[from:from+m[1]], "ngày") {
				continue
			}
			g := func(n int) string {
				if m[2*n] < 0 {
					return ""
				}
				return low[from+m[2*n] : from+m[2*n+1]]
			}
			day, month, year := g(1), g(2), g(3)
			if month == "" {
				month, year = g(4), g(5)
			}
			if month == "" {
				continue
			}
			noYear := year == ""
			if noYear {
				if len(issued) < 4 {
					continue
				}
				year = issued[:4]
			}
			d := isoDate(day, month, year)
			if d == "" {
				continue
			}
			if noYear && d < issued {
				// a date without a year that would precede the issue date
				// falls in the next year
				d = isoDate(day, month, fmt.Sprint(yearOf(issued)+1))
			}
			src := low
			if sameLen {
				src = text
			}
			best = pos
			res = &document.Deadline{Date: &d, Text: strings.TrimSpace(src[pos : from+m[1]])}
			break
		}
	}
	if res == nil {
		res = relativeDeadline(text, low, sameLen, issued)
	}
	return res
}

var (
	// withinDaysRe: "trong vòng 10 ngày kể từ ngày ký".
	withinDaysRe = regexp.MustCompile(`trong (?:vòng |thời hạn )?(\d{1,3}) ngày(?: làm việc)?,? kể từ ngày (?:ký|ban hành)`)
	// vagueRe: "trong tháng 8/2023", "trong quý III/2023", "trong năm 2025".
	vagueRe = regexp.MustCompile(`(?:hoàn thành |xong )?trong (?:tháng \d{1,2}(?:\s*(?:/|năm)\s*\d{4})?|quý [ivx1-4]+(?:\s*(?:/|năm)\s*\d{4})?|năm \d{4})`)
)

// relativeDeadline resolves "trong vòng N ngày kể từ ngày ký" against the
// issue date, and keeps vague periods ("trong quý III/2023") as printed
// with no date.
func relativeDeadline(text, low string, sameLen bool, issued string) *document.Deadline {
	src := low
	if sameLen {
		src = text
	}
	if !strings.Contains(low, "kể từ ngày") && !strings.Contains(low, "hoàn thành trong") && !strings.Contains(low, "xong trong") {
		return nil
	}
	if m := withinDaysRe.FindStringSubmatchIndex(low); m != nil && len(issued) == 10 {
		n, _ := strconv.Atoi(low[m[2]:m[3]])
		t, err := time.Parse("2006-01-02", issued)
		if err == nil {
			d := t.AddDate(0, 0, n).Format("2006-01-02")
			return &document.Deadline{Date: &d, Text: src[m[0]:m[1]]}
		}
	}
	if m := vagueRe.FindStringIndex(low); m != nil && strings.Contains(low[max(0, m[0]-40):m[0]+12], "hoàn thành") {
		return &document.Deadline{Date: nil, Text: src[m[0]:m[1]]}
	}
	return nil
}

// deadlineCues are the lower-case words a deadline phrase starts with;
// checking them first keeps the regular expression off most text.
var deadlineCues = []string{"trước", "chậm nhất", "hạn", "không quá", "muộn nhất", "hoàn thành", "xong", "đến hết"}

// findRecurrence returns a recurrence phrase ("hằng năm", "định kỳ 6 tháng").
func findRecurrence(text string) string {
	if !strings.Contains(text, "ịnh kỳ") && !strings.Contains(text, "ằng ") && !strings.Contains(text, "àng ") {
		return ""
	}
	low := strings.ToLower(text)
	m := ""
	best := len(low)
	for _, cue := range []string{"định kỳ", "hằng ", "hàng "} {
		from := 0
		for {
			i := strings.Index(low[from:], cue)
			if i < 0 || from+i >= best {
				break
			}
			at := from + i
			from = at + len(cue)
			if f := recurRe.FindString(prefix(low[at:], 80)); f != "" {
				m, best = f, at
				break
			}
		}
	}
	if m == "" {
		return ""
	}
	m = strings.ToLower(strings.Join(strings.Fields(m), " "))
	for w, n := range map[string]string{" sáu ": " 6 ", " ba ": " 3 ", " hai ": " 2 ", " một tháng": " 1 tháng"} {
		m = strings.Replace(m, w, n, 1)
	}
	if strings.HasPrefix(m, "định kỳ hằng ") || strings.HasPrefix(m, "định kỳ hàng ") {
		m = strings.TrimPrefix(m, "định kỳ ")
	}
	return m
}

// yearOf returns the year of an ISO date, or 0.
func yearOf(iso string) int {
	if len(iso) < 4 {
		return 0
	}
	y, _ := strconv.Atoi(iso[:4])
	return y
}

// mayHaveDeadline is a cheap check for any deadline cue, in lower case or
// capitalised at a sentence start.
func mayHaveDeadline(text string) bool {
	for _, c := range []string{"rước", "hậm nhất", "ạn", "hông quá", "uộn nhất", "oàn thành", "xong", "ến hết", "ể từ ngày"} {
		if strings.Contains(text, c) {
			return true
		}
	}
	return false
}
