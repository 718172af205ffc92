package server

// Formatting helpers for the web templates: Vietnamese dates, labels,
// safe search highlights.

import (
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"vanthu/internal/checklist"
	"vanthu/internal/document"
	"vanthu/internal/jobs"
)

var webFuncs = template.FuncMap{
	"asset":       assetURL,
	"dash":        dash,
	"date":        viDate,
	"stamp":       viStamp,
	"join":        joinList,
	"short":       shorten,
	"typeLabel":   typeLabel,
	"statusLabel": checklist.StatusLabel,
	"jobStatus":   jobStatusLabel,
	"jobStage":    jobStageLabel,
	"jobHeadline": jobHeadline,
	"jobPercent":  jobPercent,
	"overdue":     isOverdue,
	"actionLabel": actionLabel,
}

// str turns the values templates pass around (string, *string, nil) into a
// string.
func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case *string:
		return document.Val(x)
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// dash returns the value, or an em dash when it is empty.
func dash(v any) string {
	if s := strings.TrimSpace(str(v)); s != "" {
		return s
	}
	return "—"
}

// viDate formats an ISO date (YYYY-MM-DD…) as dd/mm/yyyy; other text is
// returned unchanged and empty stays empty.
func viDate(v any) string {
	s := strings.TrimSpace(str(v))
	if len(s) >= 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return t.Format("02/01/2006")
		}
	}
	return s
}

// viStamp formats a timestamp (RFC 3339 text or time.Time) as
// dd/mm/yyyy hh:mm in local time; empty or zero gives "".
func viStamp(v any) string {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case *time.Time:
		if x != nil {
			t = *x
		}
	default:
		s := strings.TrimSpace(str(v))
		if s == "" {
			return ""
		}
		var err error
		if t, err = time.Parse(time.RFC3339Nano, s); err != nil {
			if t, err = time.Parse("2006-01-02 15:04:05", s); err != nil {
				return viDate(s)
			}
		}
	}
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("02/01/2006 15:04")
}

// joinList joins names with "; ", or gives an em dash for none.
func joinList(list []string) string {
	var parts []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return "—"
	}
	return strings.Join(parts, "; ")
}

// shorten cuts text to at most n characters on a word boundary.
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}

func typeLabel(code string) string {
	if l, ok := document.DocTypeLabels[code]; ok {
		return l
	}
	return "Văn bản"
}

// docHeading is "Công văn số 12-CV/HU" or, without a number, "Công văn".
func docHeading(d *document.Document) string {
	label := d.DocTypeLabel
	if label == "" || label == "Văn bản" {
		label = typeLabel(d.DocType)
	}
	if n := document.Val(d.Number); n != "" {
		return label + " số " + n
	}
	return label
}

// isOverdue reports whether a deadline (ISO) lies before today and the task
// is not done.
func isOverdue(deadline, status, today string) bool {
	return deadline != "" && len(deadline) >= 10 && status != checklist.StatusDone && deadline[:10] < today
}

var (
	stageLabels = map[string]string{
		"uploaded":   "Đã tải lên",
		"reading":    "Đang đọc",
		"ocr":        "Nhận dạng ký tự (OCR)",
		"extracting": "Đang trích xuất",
		"indexing":   "Đang lập chỉ mục",
		"done":       "Hoàn thành",
	}
	jobStatusLabels = map[string]string{
		"queued":    "Đang chờ",
		"running":   "Đang xử lý",
		"done":      "Hoàn thành",
		"failed":    "Lỗi",
		"duplicate": "Trùng",
	}
	pageFraction = regexp.MustCompile(`(\d+)\s*/\s*(\d+)`)
)

func jobStatusLabel(s string) string {
	if l, ok := jobStatusLabels[s]; ok {
		return l
	}
	return s
}

// jobStageLabel names a stage in Vietnamese; OCR adds "trang k/n" from the
// detail ("OCR trang 2/6").
func jobStageLabel(stage, detail string) string {
	l, ok := stageLabels[stage]
	if !ok {
		l = stage
	}
	if stage == "ocr" && detail != "" {
		if m := pageFraction.FindStringSubmatch(detail); m != nil {
			return l + " — trang " + m[1] + "/" + m[2]
		}
		return l + " — " + detail
	}
	return l
}

// jobHeadline is the state line of a job row on the upload page.
func jobHeadline(j *jobs.Job) string {
	switch j.Status {
	case "done":
		return "Hoàn thành"
	case "failed":
		return "Không xử lý được"
	case "duplicate":
		return "Văn bản đã có trong kho"
	case "queued":
		if j.Stage == "" || j.Stage == "uploaded" {
			return "Đã tải lên, đang chờ xử lý"
		}
	}
	return jobStageLabel(j.Stage, j.Detail)
}

// jobPercent is the job's progress in percent (Progress may be a fraction
// or a percentage).
func jobPercent(j *jobs.Job) int {
	switch j.Status {
	case "done", "duplicate":
		return 100
	case "failed":
		return 0
	}
	p := j.Progress
	if p <= 1 {
		p *= 100
	}
	return max(0, min(100, int(p+0.5)))
}

// highlight renders a search fragment as HTML: every character is escaped
// except balanced <mark> and </mark> tags. Entities already in the fragment
// (Bleve escapes the text around the marks) are decoded first so that
// nothing is escaped twice.
func highlight(frag string) template.HTML {
	frag = strings.Join(strings.Fields(frag), " ")
	var b strings.Builder
	open := false
	for frag != "" {
		i := strings.Index(frag, "<mark>")
		j := strings.Index(frag, "</mark>")
		k, tag := -1, ""
		switch {
		case i >= 0 && (j < 0 || i < j):
			k, tag = i, "<mark>"
		case j >= 0:
			k, tag = j, "</mark>"
		}
		if k < 0 {
			b.WriteString(template.HTMLEscapeString(html.UnescapeString(frag)))
			break
		}
		b.WriteString(template.HTMLEscapeString(html.UnescapeString(frag[:k])))
		if tag == "<mark>" && !open {
			b.WriteString(tag)
			open = true
		} else if tag == "</mark>" && open {
			b.WriteString(tag)
			open = false
		}
		frag = frag[k+len(tag):]
	}
	if open {
		b.WriteString("</mark>")
	}
	return template.HTML(b.String())
}

// plainFragment is the text of a fragment without its marks.
func plainFragment(frag string) string {
	frag = strings.NewReplacer("<mark>", "", "</mark>", "").Replace(frag)
	return strings.Join(strings.Fields(html.UnescapeString(frag)), " ")
}

// fieldLabels name the correctable fields in Vietnamese (history table,
// form labels).
var fieldLabels = map[string]string{
	"number":            "Số, ký hiệu",
	"issued_date":       "Ngày ban hành",
	"issued_place":      "Nơi ban hành",
	"issuer.name":       "Cơ quan ban hành",
	"issuer.parent":     "Cơ quan chủ quản",
	"doc_type":          "Loại văn bản",
	"subject":           "Trích yếu",
	"recipients":        "Kính gửi",
	"distribution":      "Nơi nhận",
	"signer.name":       "Người ký",
	"signer.position":   "Chức vụ người ký",
	"signer.authority":  "Thẩm quyền ký",
	"classification":    "Độ mật",
	"urgency":           "Độ khẩn",
	"lead":              "chủ trì",
	"support":           "phối hợp",
	"deadline.date":     "thời hạn",
	"text":              "nội dung",
	"label":             "mục",
	"recurrence":        "định kỳ",
	"deadline.text":     "thời hạn (nguyên văn)",
	"deadline":          "thời hạn",
	"status":            "trạng thái",
	"note":              "ghi chú",
	"tasks":             "Nhiệm vụ",
	"references":        "Văn bản dẫn chiếu",
	"issuer":            "Cơ quan ban hành",
	"signer":            "Người ký",
	"doc_type_label":    "Tên loại văn bản",
	"source.encoding":   "Bảng mã",
	"source.media_type": "Định dạng tệp",
}

// fieldLabel names a patch key: "tasks.1.lead" is "Nhiệm vụ 2 — chủ trì".
func fieldLabel(key string) string {
	if l, ok := fieldLabels[key]; ok {
		return l
	}
	if rest, ok := strings.CutPrefix(key, "tasks."); ok {
		num, sub, _ := strings.Cut(rest, ".")
		if n, err := strconv.Atoi(num); err == nil {
			l := "Nhiệm vụ " + strconv.Itoa(n+1)
			if sub != "" {
				if sl, ok := fieldLabels[sub]; ok {
					sub = sl
				}
				l += " — " + sub
			}
			return l
		}
	}
	return key
}

// rawValue renders a correction's JSON value for people: strings as is,
// lists joined, null as "(để trống)".
func rawValue(raw json.RawMessage) string {
	var v any
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	return anyValue(v)
}

func anyValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "(để trống)"
	case string:
		if strings.TrimSpace(x) == "" {
			return "(để trống)"
		}
		if len(x) == 10 && x[4] == '-' && x[7] == '-' {
			return viDate(x)
		}
		return x
	case []any:
		if len(x) == 0 {
			return "(để trống)"
		}
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = anyValue(e)
		}
		return strings.Join(parts, "; ")
	case bool:
		if x {
			return "có"
		}
		return "không"
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// parseDateInput accepts an ISO date or the Vietnamese dd/mm/yyyy (also
// with - or .) and returns the ISO form; ok is false for anything else.
// Empty input gives "", true.
func parseDateInput(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	for _, layout := range []string{"2006-01-02", "2/1/2006", "2-1-2006", "2.1.2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	return s, false
}
