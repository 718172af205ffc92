package checklist

import (
	"cmp"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"vanthu/internal/textnorm"
)

// ProdID is the PRODID of WriteICS calendars.
const ProdID = "-//vanthu//checklist//VI"

// recur is a parsed recurrence: an RFC 5545 FREQ and INTERVAL.
type recur struct {
	freq     string // DAILY, WEEKLY, MONTHLY, YEARLY
	interval int
}

func (r recur) rule() string {
	s := "FREQ=" + r.freq
	if r.interval > 1 {
		s += ";INTERVAL=" + strconv.Itoa(r.interval)
	}
	return s
}

// numWords are the number words findRecurrence may leave in a phrase.
var numWords = map[string]int{"mot": 1, "hai": 2, "ba": 3, "bon": 4, "sau": 6, "muoi hai": 12}

// parseRecur reads a recurrence phrase as extracted ("hằng quý", "định kỳ 6
// tháng", "định kỳ 6 tháng, 1 năm", "hàng năm"...), ignoring case and
// diacritics.
func parseRecur(phrase string) (recur, bool) {
	k := textnorm.FoldKey(phrase)
	k = strings.TrimSpace(strings.TrimPrefix(k, "dinh ky"))
	k = strings.TrimSpace(strings.TrimPrefix(k, "hang")) // hằng, hàng
	// "6 tháng, 1 năm": the shorter period drives the schedule.
	if i := strings.IndexByte(k, ','); i >= 0 {
		k = strings.TrimSpace(k[:i])
	}
	switch k {
	case "ngay":
		return recur{"DAILY", 1}, true
	case "tuan":
		return recur{"WEEKLY", 1}, true
	case "thang":
		return recur{"MONTHLY", 1}, true
	case "quy":
		return recur{"MONTHLY", 3}, true
	case "nam":
		return recur{"YEARLY", 1}, true
	}
	num, ok := strings.CutSuffix(k, " thang")
	if !ok {
		return recur{}, false
	}
	n, err := strconv.Atoi(num)
	if err != nil {
		n = numWords[num]
	}
	switch {
	case n <= 0 || n > 120:
		return recur{}, false
	case n%12 == 0:
		return recur{"YEARLY", n / 12}, true
	}
	return recur{"MONTHLY", n}, true
}

// RRule maps an extracted recurrence phrase to an RFC 5545 RRULE value
// (without the "RRULE:" prefix): hằng ngày -> FREQ=DAILY, hằng tuần -> WEEKLY,
// hằng tháng -> MONTHLY, hằng quý / định kỳ 3 tháng -> MONTHLY;INTERVAL=3,
// định kỳ 6 tháng -> MONTHLY;INTERVAL=6, hằng năm -> YEARLY. ok is false for
// phrases it does not know.
func RRule(recurrence string) (rule string, ok bool) {
	r, ok := parseRecur(recurrence)
	if !ok {
		return "", false
	}
	return r.rule(), true
}

// periodEnd returns the last day of the period of r that contains d. Weeks run
// Monday to Sunday; month periods that divide the year (1, 2, 3, 4, 6 months)
// are calendar-aligned (quarters end 31/3, 30/6...), other lengths start at
// d's month.
func periodEnd(r recur, d time.Time) time.Time {
	switch r.freq {
	case "DAILY":
		return d.AddDate(0, 0, max(r.interval, 1)-1)
	case "WEEKLY":
		wd := (int(d.Weekday()) + 6) % 7 // Monday = 0
		return d.AddDate(0, 0, 6-wd+7*(max(r.interval, 1)-1))
	case "MONTHLY":
		n := max(r.interval, 1)
		m := int(d.Month()) - 1
		if 12%n == 0 {
			m = m / n * n
		}
		// Day 0 of the month after the period is its last day.
		return time.Date(d.Year(), time.Month(m+n+1), 0, 0, 0, 0, 0, time.UTC)
	default: // YEARLY
		return time.Date(d.Year()+max(r.interval, 1)-1, 12, 31, 0, 0, 0, 0, time.UTC)
	}
}

// firstPeriodEnd is the first period end strictly after the issue date: a
// task "hằng quý" in a plan issued 15/01/2024 is first due 31/03/2024.
func firstPeriodEnd(r recur, issued time.Time) time.Time {
	end := periodEnd(r, issued)
	if !end.After(issued) {
		end = periodEnd(r, issued.AddDate(0, 0, 1))
	}
	return end
}

func isMonthEnd(d time.Time) bool { return d.AddDate(0, 0, 1).Day() == 1 }

// WriteICS writes the items as an iCalendar file of VTODOs (CRLF line endings,
// lines folded at 75 octets).
//
// Scheduling:
//   - an item with a resolved deadline date gets DUE;VALUE=DATE on that date;
//   - an item with a known recurrence also gets an RRULE. The rule needs an
//     anchor: DTSTART;VALUE=DATE is the day before DUE (RFC 5545 requires DUE
//     to be later than DTSTART, and each instance keeps that one-day span, so
//     every occurrence is due on the matching day). A monthly deadline on the
//     last day of a month is read as "end of month" (BYMONTHDAY=-2 on the
//     DTSTART side), so a quarterly task due 31/3 falls due 30/6, 30/9, 31/12;
//   - a recurring item without a dated deadline is anchored on the end of the
//     first period after the document's issue date (e.g. "hằng quý", issued
//     15/01/2024: first due 31/03/2024), or after now when the issue date is
//     unknown; the phrase as printed stays in DESCRIPTION;
//   - items with neither a date nor a recognised recurrence cannot be
//     scheduled and are left out; an unknown recurrence phrase on a dated item
//     yields no RRULE and is only mentioned in DESCRIPTION.
//
// UIDs are DocID-Path@vanthu, stable across exports; DTSTAMP is now.
func WriteICS(w io.Writer, m Meta, items []Item, now time.Time) error {
	cal := ics.NewCalendar()
	cal.SetProductId(ProdID)
	cal.SetMethod(ics.MethodPublish)
	cal.SetCalscale("GREGORIAN")
	name := "Nhiệm vụ"
	if m.Number != "" {
		name += " — " + m.Number
	}
	cal.SetXWRCalName(name)

	anchor, ok := parseDate(m.IssuedDate)
	if !ok {
		y, mo, d := now.Date()
		anchor = time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	}
	docID := cmp.Or(m.DocID, "vanban")
	for _, it := range items {
		due, dated := parseDate(it.DeadlineDate)
		rec, recurs := parseRecur(it.Recurrence)
		if !dated {
			if !recurs {
				continue
			}
			due = firstPeriodEnd(rec, anchor)
		}
		todo := cal.AddTodo(docID + "-" + it.Path + "@vanthu")
		todo.SetDtStampTime(now)
		todo.SetSummary(summary(it))
		todo.SetDescription(description(m, it, !dated))
		if m.URL != "" {
			todo.SetURL(m.URL)
		}
		if recurs {
			rule := rec.rule()
			if rec.freq == "MONTHLY" && isMonthEnd(due) {
				rule += ";BYMONTHDAY=-2"
			}
			todo.SetAllDayStartAt(due.AddDate(0, 0, -1))
			todo.AddRrule(rule)
		}
		todo.SetAllDayDueAt(due)
		switch it.Status {
		case StatusDone:
			todo.SetStatus(ics.ObjectStatusCompleted)
			todo.SetPercentComplete(100)
			if !it.UpdatedAt.IsZero() {
				todo.SetCompletedAt(it.UpdatedAt)
			}
		case StatusInProgress:
			todo.SetStatus(ics.ObjectStatusInProcess)
		default:
			todo.SetStatus(ics.ObjectStatusNeedsAction)
		}
		if !it.UpdatedAt.IsZero() {
			todo.SetModifiedAt(it.UpdatedAt)
		}
	}
	return cal.SerializeTo(w, ics.WithNewLineWindows)
}

// summaryRunes bounds the task text in SUMMARY.
const summaryRunes = 80

// summary is the label followed by the task text cut at a word boundary.
func summary(it Item) string {
	text := oneLine(it.Text)
	if utf8.RuneCountInString(text) > summaryRunes {
		r := []rune(text)[:summaryRunes]
		cut := string(r)
		if i := strings.LastIndexByte(cut, ' '); i > summaryRunes/2 {
			cut = cut[:i]
		}
		text = strings.TrimRight(cut, " ,;:.") + "…"
	}
	if it.Label != "" {
		return it.Label + " " + text
	}
	return text
}

func description(m Meta, it Item, anchored bool) string {
	var lines []string
	add := func(k, v string) {
		if v != "" {
			lines = append(lines, k+": "+v)
		}
	}
	add("Nhiệm vụ", oneLine(it.Text))
	add("Chủ trì", strings.Join(it.Lead, orgSep))
	add("Phối hợp", strings.Join(it.Support, orgSep))
	add("Thời hạn", it.DeadlineText)
	rec := it.Recurrence
	if rec != "" && anchored {
		rec += " (kỳ đầu tính từ ngày ban hành văn bản)"
	}
	add("Định kỳ", rec)
	add("Trạng thái", StatusLabel(it.Status))
	add("Ghi chú", it.Note)
	add("Văn bản", docLine(m))
	add("Trích yếu", oneLine(m.Subject))
	add("Xem", m.URL)
	return strings.Join(lines, "\n")
}
