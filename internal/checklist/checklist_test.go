package checklist

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"
	"time"

	"vanthu/internal/document"
)

var updated = time.Date(2024, 2, 1, 8, 30, 0, 0, time.UTC)

// testDoc is a synthetic plan with subtasks, dated, recurring and undated
// tasks.
func testDoc() *document.Document {
	s := document.Str
	d := document.New()
	d.DocType, d.DocTypeLabel = "ke_hoach", "Kế hoạch"
	d.Number = s("15-KH/HU")
	d.IssuedDate = s("2024-01-15")
	d.Issuer.Name = s("Huyện ủy Tân Phú")
	d.Subject = s("Thực hiện Chỉ thị số 05-CT/TU về tăng cường công tác kiểm tra, giám sát")
	d.Tasks = []document.Task{
		{
			Label:    s("1."),
			Text:     "Tổ chức quán triệt, triển khai Chỉ thị đến toàn thể cán bộ, đảng viên.",
			Lead:     []string{"Ban Tổ chức Huyện ủy"},
			Support:  []string{"Ủy ban Kiểm tra Huyện ủy"},
			Deadline: &document.Deadline{Date: s("2024-03-31"), Text: "trước ngày 31/3/2024"},
			Subtasks: []document.Task{
				{Label: s("a)"), Text: "Xây dựng kế hoạch thực hiện."},
				{
					Label: s("b)"), Text: "Báo cáo kết quả thực hiện về Thường trực Huyện ủy.",
					Lead:       []string{"Văn phòng Huyện ủy"},
					Deadline:   &document.Deadline{Date: s("2024-03-31"), Text: "trước ngày 31/3/2024"},
					Recurrence: s("hằng quý"),
				},
			},
		},
		{
			Label:      s("2."),
			Text:       "Tuyên truyền sâu rộng trong cán bộ, đảng viên và nhân dân về nội dung Chỉ thị.",
			Lead:       []string{"Ban Tuyên giáo Huyện ủy"},
			Support:    []string{"ban  tổ chức huyện ủy", "Mặt trận Tổ quốc huyện"},
			Deadline:   &document.Deadline{Text: "trong tháng 12 hằng năm"},
			Recurrence: s("hằng năm"),
		},
		{
			Label:      s("3."),
			Text:       "Định kỳ 6 tháng tổng hợp, báo cáo tình hình thực hiện.",
			Lead:       []string{"Văn phòng Huyện ủy"},
			Recurrence: s("định kỳ 6 tháng"),
		},
		{
			Label: s("4."),
			Text:  "Thực hiện nghiêm các nội dung của Kế hoạch.",
			Lead:  []string{"Các chi bộ, đảng bộ trực thuộc"},
		},
		{
			Label:      s("5."),
			Text:       "Kiểm tra việc thực hiện Chỉ thị tại các cơ sở đảng; kết thúc năm tổ chức sơ kết, đánh giá, rút kinh nghiệm và đề xuất khen thưởng các tập thể, cá nhân tiêu biểu.",
			Lead:       []string{"Ủy ban Kiểm tra Huyện ủy"},
			Deadline:   &document.Deadline{Date: s("2024-12-31"), Text: "trước ngày 31/12/2024"},
			Recurrence: s("theo yêu cầu"),
		},
	}
	return d
}

func testStates() map[int]State {
	return map[int]State{
		0: {Status: StatusDone, Note: "Đã ban hành kế hoạch", UpdatedBy: "vanthu01", UpdatedAt: updated},
		1: {Status: StatusInProgress},
		3: {Status: "bogus"},
		4: {Status: StatusDone, UpdatedAt: updated},
	}
}

func testItems() []Item { return Build(testDoc(), testStates()) }

func testMeta() Meta {
	return NewMeta(testDoc(), "a1b2c3", "https://vanthu.example/vb/a1b2c3")
}

func TestBuild(t *testing.T) {
	items := testItems()
	type row struct {
		task   int
		path   string
		label  string
		depth  int
		status string
		note   string
	}
	want := []row{
		{0, "1", "1.", 0, StatusDone, "Đã ban hành kế hoạch"},
		{0, "1.1", "a)", 1, StatusDone, ""},
		{0, "1.2", "b)", 1, StatusDone, ""},
		{1, "2", "2.", 0, StatusInProgress, ""},
		{2, "3", "3.", 0, StatusOpen, ""},
		{3, "4", "4.", 0, StatusOpen, ""},
		{4, "5", "5.", 0, StatusDone, ""},
	}
	if len(items) != len(want) {
		t.Fatalf("got %d items, want %d: %+v", len(items), len(want), items)
	}
	for i, w := range want {
		it := items[i]
		got := row{it.Task, it.Path, it.Label, it.Depth, it.Status, it.Note}
		if got != w {
			t.Errorf("item %d = %+v, want %+v", i, got, w)
		}
	}
	if items[1].UpdatedAt != updated || items[1].UpdatedBy != "vanthu01" {
		t.Errorf("subtask did not inherit who/when: %+v", items[1])
	}
	if items[2].DeadlineDate != "2024-03-31" || items[2].Recurrence != "hằng quý" || items[2].Lead[0] != "Văn phòng Huyện ủy" {
		t.Errorf("subtask fields: %+v", items[2])
	}
	if items[3].DeadlineDate != "" || items[3].DeadlineText != "trong tháng 12 hằng năm" {
		t.Errorf("undated deadline: %+v", items[3])
	}
	if items[1].Lead == nil || items[1].Support == nil {
		t.Errorf("org lists should be non-nil")
	}
	for _, it := range Build(testDoc(), nil) {
		if it.Status != StatusOpen {
			t.Errorf("no state: %s status %q", it.Path, it.Status)
		}
	}
	if Build(nil, nil) != nil {
		t.Error("Build(nil) should be nil")
	}
}

func paths(items []Item) string {
	var p []string
	for _, it := range items {
		p = append(p, it.Path)
	}
	return strings.Join(p, " ")
}

func TestFilter(t *testing.T) {
	items := testItems()
	for _, c := range []struct{ org, want string }{
		{"", "1 1.1 1.2 2 3 4 5"},
		{"ban to chuc", "1 1.1 2"}, // 1.1 has no orgs: inherits task 1
		{"BAN TỔ CHỨC HUYỆN ỦY", "1 1.1 2"},
		{"ban tuyen giao", "2"},
		{"uy ban kiem tra", "1 1.1 5"},
		{"văn phòng", "1.2 3"},
		{"  Mặt   trận ", "2"},
		{"hội nông dân", ""},
	} {
		if got := paths(Filter(items, c.org)); got != c.want {
			t.Errorf("Filter(%q) = %q, want %q", c.org, got, c.want)
		}
	}
	// Accent-insensitive in both directions.
	one := []Item{{Path: "1", Lead: []string{"Ban Tuyen giao Huyen uy"}}}
	if got := paths(Filter(one, "Ban Tuyên giáo")); got != "1" {
		t.Errorf("unaccented org, accented query: %q", got)
	}
}

func TestOrganisations(t *testing.T) {
	got := Organisations(testItems())
	want := []string{
		"Ban Tổ chức Huyện ủy", "Ủy ban Kiểm tra Huyện ủy", "Văn phòng Huyện ủy",
		"Ban Tuyên giáo Huyện ủy", "Mặt trận Tổ quốc huyện", "Các chi bộ, đảng bộ trực thuộc",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Organisations = %q\nwant %q", got, want)
	}
}

func TestStatusLabel(t *testing.T) {
	for s, want := range map[string]string{
		StatusOpen: "Chưa thực hiện", "": "Chưa thực hiện",
		StatusInProgress: "Đang thực hiện", StatusDone: "Hoàn thành",
	} {
		if got := StatusLabel(s); got != want {
			t.Errorf("StatusLabel(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestWriteCSV(t *testing.T) {
	items := testItems()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, testMeta(), items); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	if !bytes.HasPrefix(raw, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("no UTF-8 BOM: % x", raw[:min(len(raw), 8)])
	}
	recs, err := csv.NewReader(bytes.NewReader(raw[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantHdr := []string{"STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn", "Định kỳ", "Trạng thái", "Ghi chú"}
	if !reflect.DeepEqual(recs[0], wantHdr) {
		t.Errorf("header = %q", recs[0])
	}
	if len(recs) != len(items)+1 {
		t.Fatalf("got %d records, want %d", len(recs), len(items)+1)
	}
	split := func(s string) []string {
		if s == "" {
			return []string{}
		}
		return strings.Split(s, "; ")
	}
	for i, it := range items {
		r := recs[i+1]
		dl := it.DeadlineText
		got := Item{Path: r[0], Text: r[1], Lead: split(r[2]), Support: split(r[3]), DeadlineText: r[4], Recurrence: r[5], Note: r[7]}
		want := Item{Path: it.Path, Text: it.Label + " " + it.Text, Lead: it.Lead, Support: it.Support, DeadlineText: dl, Recurrence: it.Recurrence, Note: it.Note}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, got, want)
		}
		if r[6] != StatusLabel(it.Status) {
			t.Errorf("row %d status %q", i, r[6])
		}
	}
	if recs[1][6] != "Hoàn thành" || recs[4][6] != "Đang thực hiện" || recs[5][6] != "Chưa thực hiện" {
		t.Errorf("status column: %q %q %q", recs[1][6], recs[4][6], recs[5][6])
	}
	// Dated item without printed text falls back to dd/mm/yyyy.
	buf.Reset()
	if err := WriteCSV(&buf, Meta{}, []Item{{Path: "1", Text: "x", DeadlineDate: "2024-03-05"}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), ",05/03/2024,") {
		t.Errorf("date fallback missing: %q", buf.String())
	}
}

func TestNoFormula(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")", "+1": "'+1", "@SUM(A1)": "'@SUM(A1)",
		"-2+3": "'-2+3", "- Tổ chức hội nghị": "- Tổ chức hội nghị", "Ban Tổ chức": "Ban Tổ chức", "": "",
	} {
		if got := noFormula(in); got != want {
			t.Errorf("noFormula(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteMarkdown(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, testMeta(), testItems()); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{
		"# Danh mục nhiệm vụ — Kế hoạch số 15-KH/HU\n",
		"**Thực hiện Chỉ thị số 05-CT/TU về tăng cường công tác kiểm tra, giám sát**",
		"[Kế hoạch số 15-KH/HU ngày 15/01/2024 của Huyện ủy Tân Phú](<https://vanthu.example/vb/a1b2c3>)",
		"\n- [x] **1.** Tổ chức quán triệt",
		"\n  - Chủ trì: Ban Tổ chức Huyện ủy\n",
		"\n  - Phối hợp: Ủy ban Kiểm tra Huyện ủy\n",
		"\n  - Thời hạn: trước ngày 31/3/2024\n",
		"\n  - Ghi chú: Đã ban hành kế hoạch\n",
		"\n  - [x] **a)** Xây dựng kế hoạch thực hiện.\n",
		"\n    - Định kỳ: hằng quý\n",
		"\n- [ ] **2.** Tuyên truyền",
		"_(Đang thực hiện)_",
		"\n- [ ] **4.** Thực hiện nghiêm",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if n := strings.Count(md, "- [x] "); n != 4 {
		t.Errorf("got %d done items, want 4", n)
	}
	if n := strings.Count(md, "- [ ] "); n != 3 {
		t.Errorf("got %d open items, want 3", n)
	}
	buf.Reset()
	_ = WriteMarkdown(&buf, Meta{}, []Item{{Text: "Dùng *mẫu* [01]"}})
	if !strings.Contains(buf.String(), `- [ ] Dùng \*mẫu\* \[01\]`) {
		t.Errorf("markdown not escaped: %s", buf.String())
	}
}
