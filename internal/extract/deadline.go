package extract

import (
	"regexp"
	"strconv"
	"strings"

	"vanthu/internal/document"
)

var (
	// deadlineRe matches a deadline cue followed by a date:
	// "trước ngày 30/6/2023", "chậm nhất ngày 15 tháng 7 năm 2025", "trước 15/10",
	// "hạn chót 01/3/2024", "xong trước ngày 5-12-2025".
	deadlineRe = regexp.MustCompile(`(?i)(trước|chậm nhất(?: là)?(?: vào)?|hạn chót(?: là)?|hạn cuối(?: là)?|không quá|muộn nhất(?: là)?|hoàn thành(?: trong)?(?: ngày)?|xong(?: trong)?|đến hết|hạn)\s*(?:ngày\s*)?(\d{1,2})\s*(?:(?:/|-|\.)\s*(\d{1,2})(?:\s*(?:/|-|\.)\s*(\d{4}))?|\s*tháng\s*(\d{1,2})(?:\s*năm\s*(\d{4}))?)`)
	recurRe    = regexp.MustCompile(`(?i)(định kỳ\s+(?:\d+|một|hai|ba|sáu)\s+tháng(?:\s*,\s*(?:một|01|1)\s+năm)?|(?:định kỳ\s+)?(?:hằng|hàng)\s+(?:năm|quý|tháng|tuần|ngày)|định kỳ\s+(?:hằng|hàng)?\s*(?:năm|quý|tháng|tuần))`)
)

// findDeadline finds the first explicit deadline in text and resolves it
// against the issue date (year taken from the issue date when omitted).
func findDeadline(text, issued string) *document.Deadline {
	for _, m := range deadlineRe.FindAllStringSubmatchIndex(text, -1) {
		cue := strings.ToLower(text[m[2]:m[3]])
		if strings.HasPrefix(cue, "hạn") && !strings.HasPrefix(cue, "hạn chót") && !strings.HasPrefix(cue, "hạn cuối") {
			if !strings.Contains(strings.ToLower(text[m[3]:m[1]]), "ngày") {
				continue
			}
		}
		g := func(k int) string {
			if m[2*k] < 0 {
				return ""
			}
			return text[m[2*k]:m[2*k+1]]
		}
		day, month, year := g(2), g(3), g(4)
		if month == "" {
			month, year = g(5), g(6)
		}
		if month == "" {
			continue
		}
		if year == "" {
			if len(issued) < 4 {
				continue
			}
			year = issued[:4]
		}
		d := isoDate(day, month, year)
		if d == "" {
			continue
		}
		phrase := strings.TrimSpace(text[m[0]:m[1]])
		return &document.Deadline{Date: &d, Text: phrase}
	}
	return nil
}

// findRecurrence returns a recurrence phrase ("hằng năm", "định kỳ 6 tháng").
func findRecurrence(text string) string {
	m := recurRe.FindString(text)
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
