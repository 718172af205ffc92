package checklist

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/xuri/excelize/v2"
)

func TestRRule(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"hằng ngày", "FREQ=DAILY", true},
		{"hằng tuần", "FREQ=WEEKLY", true},
		{"hằng tháng", "FREQ=MONTHLY", true},
		{"hàng tháng", "FREQ=MONTHLY", true},
		{"hằng quý", "FREQ=MONTHLY;INTERVAL=3", true},
		{"định kỳ 3 tháng", "FREQ=MONTHLY;INTERVAL=3", true},
		{"định kỳ 6 tháng", "FREQ=MONTHLY;INTERVAL=6", true},
		{"6 tháng", "FREQ=MONTHLY;INTERVAL=6", true},
		{"định kỳ 6 tháng, 1 năm", "FREQ=MONTHLY;INTERVAL=6", true},
		{"định kỳ sáu tháng", "FREQ=MONTHLY;INTERVAL=6", true},
		{"định kỳ 1 tháng", "FREQ=MONTHLY", true},
		{"định kỳ 12 tháng", "FREQ=YEARLY", true},
		{"hằng năm", "FREQ=YEARLY", true},
		{"Định kỳ hằng năm", "FREQ=YEARLY", true},
		{"HẰNG QUÝ", "FREQ=MONTHLY;INTERVAL=3", true},
		{"định kỳ", "", false},
		{"theo yêu cầu", "", false},
		{"0 tháng", "", false},
		{"", "", false},
	} {
		got, ok := RRule(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("RRule(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestFirstPeriodEnd(t *testing.T) {
	for _, c := range []struct{ rec, issued, want string }{
		{"hằng quý", "2024-01-15", "2024-03-31"},
		{"hằng quý", "2024-03-31", "2024-06-30"},
		{"hằng quý", "2024-11-02", "2024-12-31"},
		{"định kỳ 6 tháng", "2024-01-15", "2024-06-30"},
		{"định kỳ 6 tháng", "2024-07-01", "2024-12-31"},
		{"hằng tháng", "2024-02-10", "2024-02-29"},
		{"hằng tuần", "2024-01-17", "2024-01-21"}, // Wednesday -> Sunday
		{"hằng tuần", "2024-01-21", "2024-01-28"}, // Sunday -> next Sunday
		{"hằng ngày", "2024-01-17", "2024-01-18"},
		{"hằng năm", "2024-05-05", "2024-12-31"},
		{"hằng năm", "2024-12-31", "2025-12-31"},
	} {
		r, ok := parseRecur(c.rec)
		d, _ := parseDate(c.issued)
		if !ok {
			t.Fatalf("parseRecur(%q) failed", c.rec)
		}
		if got := firstPeriodEnd(r, d).Format("2006-01-02"); got != c.want {
			t.Errorf("firstPeriodEnd(%q, %s) = %s, want %s", c.rec, c.issued, got, c.want)
		}
	}
}

func prop(c *ics.VTodo, p ics.ComponentProperty) string {
	if v := c.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

func TestWriteICS(t *testing.T) {
	now := time.Date(2024, 2, 20, 3, 4, 5, 0, time.UTC)
	var buf bytes.Buffer
	if err := WriteICS(&buf, testMeta(), testItems(), now); err != nil {
		t.Fatal(err)
	}
	out := buf.String()

	// RFC 5545 framing: CRLF line endings, lines of at most 75 octets.
	if !strings.HasSuffix(out, "END:VCALENDAR\r\n") {
		t.Errorf("calendar does not end with END:VCALENDAR CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	folded := 0
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR/LF: %q", i, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i, len(l), l)
		}
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded == 0 {
		t.Error("expected long DESCRIPTION lines to be folded")
	}
	if !strings.Contains(out, "\r\nPRODID:-//vanthu//checklist//VI\r\n") {
		t.Error("PRODID missing")
	}

	cal, err := ics.ParseCalendar(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	todos := cal.Todos()
	byUID := map[string]*ics.VTodo{}
	for _, td := range todos {
		byUID[td.Id()] = td
	}
	// 1 (dated), 1.2 (dated, quarterly), 2 (yearly, undated), 3 (6-monthly,
	// undated), 5 (dated, unknown phrase); 1.1 and 4 cannot be scheduled.
	if len(todos) != 5 || len(byUID) != 5 {
		t.Fatalf("got %d VTODOs (%d UIDs), want 5:\n%s", len(todos), len(byUID), out)
	}
	type want struct {
		due, start, rrule, status string
	}
	for uid, w := range map[string]want{
		"a1b2c3-1@vanthu":   {"20240331", "", "", "COMPLETED"},
		"a1b2c3-1.2@vanthu": {"20240331", "20240330", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-2", "COMPLETED"},
		"a1b2c3-2@vanthu":   {"20241231", "20241230", "FREQ=YEARLY", "IN-PROCESS"},
		"a1b2c3-3@vanthu":   {"20240630", "20240629", "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-2", "NEEDS-ACTION"},
		"a1b2c3-5@vanthu":   {"20241231", "", "", "COMPLETED"},
	} {
		td := byUID[uid]
		if td == nil {
			t.Errorf("no VTODO %s", uid)
			continue
		}
		got := want{prop(td, ics.ComponentPropertyDue), prop(td, ics.ComponentPropertyDtStart),
			prop(td, ics.ComponentPropertyRrule), prop(td, ics.ComponentPropertyStatus)}
		if got != w {
			t.Errorf("%s = %+v, want %+v", uid, got, w)
		}
		if p := td.GetProperty(ics.ComponentPropertyDue); p == nil || strings.Join(p.ICalParameters["VALUE"], ",") != "DATE" {
			t.Errorf("%s: DUE is not VALUE=DATE", uid)
		}
		if due, err := td.GetAllDayDueAt(); err != nil || due.Format("20060102") != w.due {
			t.Errorf("%s: GetAllDayDueAt = %v, %v", uid, due, err)
		}
		if got := prop(td, ics.ComponentPropertyDtstamp); got != "20240220T030405Z" {
			t.Errorf("%s: DTSTAMP = %q", uid, got)
		}
	}
	one := byUID["a1b2c3-1@vanthu"]
	if got := prop(one, ics.ComponentPropertySummary); got != "1. Tổ chức quán triệt, triển khai Chỉ thị đến toàn thể cán bộ, đảng viên." {
		t.Errorf("SUMMARY = %q", got)
	}
	desc := prop(one, ics.ComponentPropertyDescription)
	for _, s := range []string{
		"Chủ trì: Ban Tổ chức Huyện ủy\n", "Phối hợp: Ủy ban Kiểm tra Huyện ủy\n",
		"Văn bản: Kế hoạch số 15-KH/HU ngày 15/01/2024 của Huyện ủy Tân Phú\n",
		"Trích yếu: Thực hiện Chỉ thị số 05-CT/TU về tăng cường công tác kiểm tra, giám sát",
	} {
		if !strings.Contains(desc, s) {
			t.Errorf("DESCRIPTION lacks %q: %q", s, desc)
		}
	}
	if got := prop(one, ics.ComponentPropertyCompleted); got != "20240201T083000Z" {
		t.Errorf("COMPLETED = %q", got)
	}
	five := byUID["a1b2c3-5@vanthu"]
	if s := prop(five, ics.ComponentPropertySummary); !strings.HasPrefix(s, "5. Kiểm tra") || !strings.HasSuffix(s, "…") || len([]rune(s)) > 84 {
		t.Errorf("long SUMMARY not shortened: %q", s)
	}
	if d := prop(five, ics.ComponentPropertyDescription); !strings.Contains(d, "Định kỳ: theo yêu cầu") {
		t.Errorf("unknown recurrence not in DESCRIPTION: %q", d)
	}
	if d := prop(byUID["a1b2c3-3@vanthu"], ics.ComponentPropertyDescription); !strings.Contains(d, "Định kỳ: định kỳ 6 tháng (kỳ đầu tính từ ngày ban hành văn bản)") {
		t.Errorf("anchored recurrence not explained: %q", d)
	}
}

func TestWriteXLSX(t *testing.T) {
	items := testItems()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, testMeta(), items); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "Nhiệm vụ" {
		t.Fatalf("sheets = %q", got)
	}
	sh := "Nhiệm vụ"
	rows, err := f.GetRows(sh)
	if err != nil {
		t.Fatal(err)
	}
	hdr := -1
	for i, r := range rows {
		if len(r) > 0 && r[0] == "STT" {
			hdr = i + 1
			break
		}
	}
	if hdr < 0 {
		t.Fatalf("no header row in %q", rows)
	}
	if title, _ := f.GetCellValue(sh, "A1"); title != "DANH MỤC NHIỆM VỤ" {
		t.Errorf("A1 = %q", title)
	}
	if info, _ := f.GetCellValue(sh, "A2"); info != "Kế hoạch số 15-KH/HU ngày 15/01/2024 của Huyện ủy Tân Phú" {
		t.Errorf("A2 = %q", info)
	}
	if got := rows[hdr-1]; strings.Join(got, "|") != "STT|Nhiệm vụ|Chủ trì|Phối hợp|Thời hạn|Định kỳ|Trạng thái|Ghi chú" {
		t.Errorf("header = %q", got)
	}
	if len(rows) != hdr+len(items) {
		t.Errorf("got %d rows, want %d", len(rows), hdr+len(items))
	}
	cell := func(col string, row int) string {
		v, err := f.GetCellValue(sh, col+itoa(row))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	first := hdr + 1
	if got := cell("B", first); got != "1. Tổ chức quán triệt, triển khai Chỉ thị đến toàn thể cán bộ, đảng viên." {
		t.Errorf("B%d = %q", first, got)
	}
	if got := cell("D", first); got != "Ủy ban Kiểm tra Huyện ủy" {
		t.Errorf("D%d = %q", first, got)
	}
	if got := cell("D", first+3); got != "ban  tổ chức huyện ủy; Mặt trận Tổ quốc huyện" {
		t.Errorf("D%d = %q", first+3, got)
	}
	if got := cell("G", first); got != "Hoàn thành" {
		t.Errorf("G%d = %q", first, got)
	}
	// Dated deadline: a numeric date cell shown as dd/mm/yyyy.
	if got := cell("E", first); got != "31/03/2024" {
		t.Errorf("formatted date E%d = %q", first, got)
	}
	raw, _ := f.GetCellValue(sh, "E"+itoa(first), excelize.Options{RawCellValue: true})
	if raw != "45382" {
		t.Errorf("raw date E%d = %q, want Excel serial 45382", first, raw)
	}
	// Undated deadline: the printed phrase as text.
	if got := cell("E", first+3); got != "trong tháng 12 hằng năm" {
		t.Errorf("E%d = %q", first+3, got)
	}
	// Subtask text is indented.
	st, _ := f.GetCellStyle(sh, "B"+itoa(first+1))
	style, err := f.GetStyle(st)
	if err != nil || style.Alignment == nil || style.Alignment.Indent == 0 || !style.Alignment.WrapText {
		t.Errorf("subtask style = %+v, %v", style, err)
	}
	hs, _ := f.GetCellStyle(sh, "A"+itoa(hdr))
	if hstyle, err := f.GetStyle(hs); err != nil || hstyle.Font == nil || !hstyle.Font.Bold {
		t.Errorf("header not bold: %+v, %v", hstyle, err)
	}
	panes, err := f.GetPanes(sh)
	if err != nil || !panes.Freeze || panes.YSplit != hdr {
		t.Errorf("panes = %+v, %v; want frozen at %d", panes, err, hdr)
	}
	filter := false
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" && strings.Contains(dn.RefersTo, "$A$"+itoa(hdr)+":$H$"+itoa(hdr+len(items))) {
			filter = true
		}
	}
	if !filter {
		t.Errorf("no autofilter over the table: %+v", f.GetDefinedName())
	}
	if w, _ := f.GetColWidth(sh, "B"); w < 40 {
		t.Errorf("task column width %v", w)
	}
}

func TestWritersEmpty(t *testing.T) {
	now := time.Date(2024, 5, 10, 0, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	if err := WriteCSV(&buf, Meta{}, nil); err != nil {
		t.Error(err)
	}
	buf.Reset()
	if err := WriteMarkdown(&buf, Meta{}, nil); err != nil || !strings.Contains(buf.String(), "Không có nhiệm vụ") {
		t.Errorf("markdown: %v %q", err, buf.String())
	}
	buf.Reset()
	if err := WriteXLSX(&buf, Meta{}, nil); err != nil {
		t.Error(err)
	} else if _, err := excelize.OpenReader(&buf); err != nil {
		t.Error(err)
	}
	// No issue date: an undated recurring item is anchored after now.
	buf.Reset()
	items := []Item{{Path: "1", Text: "Báo cáo", Recurrence: "hằng quý"}}
	if err := WriteICS(&buf, Meta{}, items, now); err != nil {
		t.Fatal(err)
	}
	cal, err := ics.ParseCalendar(&buf)
	if err != nil {
		t.Fatal(err)
	}
	todos := cal.Todos()
	if len(todos) != 1 || prop(todos[0], ics.ComponentPropertyDue) != "20240630" || todos[0].Id() != "vanban-1@vanthu" {
		t.Errorf("anchored on now: %d todos", len(todos))
		for _, td := range todos {
			t.Logf("%s due %s", td.Id(), prop(td, ics.ComponentPropertyDue))
		}
	}
}
