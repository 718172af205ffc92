package index

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/mapping"

	"vanthu/internal/document"
)

func rec(docType, number, date, issuer, subject, text string, refs ...string) *document.Document {
	d := document.New()
	d.DocType = docType
	d.Number = document.Str(number)
	d.IssuedDate = document.Str(date)
	d.Issuer.Name = document.Str(issuer)
	d.Subject = document.Str(subject)
	d.Text = text
	for _, r := range refs {
		d.References = append(d.References, document.Reference{Number: r})
	}
	return d
}

// fixture is a small archive: ids are short names.
var fixture = map[string]*document.Document{
	"ct28": rec("chi_thi", "28-CT/TW", "2018-09-21", "Ban Chấp hành Trung ương",
		"Về nâng cao chất lượng kết nạp đảng viên và rà soát, sàng lọc, đưa những đảng viên không đủ tư cách ra khỏi Đảng",
		"Chỉ thị về công tác phát triển đảng viên trong tình hình mới."),
	"kh28": rec("ke_hoach", "28-KH/TU", "2019-01-10", "Tỉnh ủy Lâm Đồng",
		"Kế hoạch thực hiện Chỉ thị số 28-CT/TW của Ban Bí thư",
		"Tỉnh ủy ban hành kế hoạch triển khai thực hiện Chỉ thị số 28 - CT/TW ngày 21/9/2018 về kết nạp đảng viên.", "28-CT/TW"),
	"cv381": rec("cong_van", "381/UBND-VX", "2021-03-02", "Ủy ban nhân dân huyện Lạc Dương",
		"V/v tăng cường phòng, chống dịch bệnh",
		"Ủy ban nhân dân huyện đề nghị các xã, thị trấn tăng cường phòng chống dịch."),
	"hu1006": rec("cong_van", "1006-CV/HU", "2023-06-26", "Huyện uỷ Lạc Dương",
		"V/v tăng cường công tác quản lý đảng viên đi làm ăn xa",
		"Ban Thường vụ Huyện uỷ yêu cầu các tổ chức cơ sở đảng thực hiện nghiêm Chỉ thị 28-CT/TW.", "28-CT/TW"),
	"nd45": rec("nghi_dinh", "45/2010/NĐ-CP", "2010-04-21", "Chính phủ",
		"Quy định về tổ chức, hoạt động và quản lý hội",
		"Nghị định này quy định về tổ chức, hoạt động và quản lý hội."),
	"wiki": rec("khac", "", "", "", "Sông Hồng",
		"Sông Hồng là con sông chảy qua Việt Nam. Dân cư hai bên bờ sông làm nông nghiệp; đang viện dẫn nhiều tài liệu."),
}

func openFixture(t *testing.T) *Index {
	t.Helper()
	x, err := Create(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	var es []Entry
	for id, d := range fixture {
		es = append(es, Entry{ID: id, Doc: d, OpenTasks: id == "kh28"})
	}
	if err := x.Put(es...); err != nil {
		t.Fatal(err)
	}
	return x
}

func ids(r *Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	return out
}

func find(t *testing.T, x *Index, q Query) []string {
	t.Helper()
	r, err := x.Search(q)
	if err != nil {
		t.Fatal(err)
	}
	return ids(r)
}

func TestAnalyzers(t *testing.T) {
	x := openFixture(t)
	m := x.Bleve().Mapping().(*mapping.IndexMappingImpl)
	cases := []struct {
		analyzer, in string
		want         []string
	}{
		{AnalyzerExact, "Huyện uỷ Lạc Dương", []string{"huyện", "ủy", "lạc", "dương"}},
		{AnalyzerExact, "ĐẢNG VIÊN, Ðảng", []string{"đảng", "viên", "đảng"}},
		{AnalyzerFolded, "Đảng viên hoà", []string{"dang", "vien", "hoa"}},
		{AnalyzerExact, "the and of", []string{"the", "and", "of"}}, // no English stop words
		{AnalyzerBigram, "Ban Thường vụ", []string{"ban thuong", "thuong vu"}},
		{AnalyzerDocNum, " 28 - ct/tw ", []string{"28-CT/TW"}},
		{AnalyzerDocNum, "45/2010/nđ-cp", []string{"45/2010/ND-CP"}},
	}
	for _, c := range cases {
		toks, err := m.AnalyzeText(c.analyzer, []byte(c.in))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tk := range toks {
			got = append(got, string(tk.Term))
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s(%q) = %q, want %q", c.analyzer, c.in, got, c.want)
		}
	}
}

func TestParse(t *testing.T) {
	cases := []struct {
		in   string
		want Parsed
	}{
		{"28 - CT/TW", Parsed{Numbers: []string{"28-CT/TW"}}},
		{"thực hiện 28-ct/tw", Parsed{Numbers: []string{"28-CT/TW"}, Text: "thực hiện"}},
		{"nghị định 45/2010/NĐ-CP", Parsed{Numbers: []string{"45/2010/ND-CP"}, Text: "nghị định"}},
		{"chỉ thị 28", Parsed{TypedNumbers: []TypedNumber{{"chi_thi", "28"}}}},
		{"cong van 381", Parsed{TypedNumbers: []TypedNumber{{"cong_van", "381"}}}},
		{"CV 381", Parsed{TypedNumbers: []TypedNumber{{"cong_van", "381"}}}},
		{"nghi dinh 45/2010", Parsed{TypedNumbers: []TypedNumber{{"nghi_dinh", "45/2010"}}}},
		{"UBND huyện", Parsed{Abbreviations: []Abbreviation{{"UBND", "Ủy ban nhân dân"}}, Text: "huyện"}},
		{"tu tuong HU", Parsed{Abbreviations: []Abbreviation{{"HU", "Huyện ủy"}}, Text: "tu tuong"}},
		{"ngày 26/6/2023", Parsed{Text: "ngày 26/6/2023"}},
	}
	for _, c := range cases {
		if got := Parse(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Parse(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestSearch(t *testing.T) {
	x := openFixture(t)
	first := func(q Query, want string) {
		t.Helper()
		got := find(t, x, q)
		if len(got) == 0 || got[0] != want {
			t.Errorf("%+v: got %v, want %s first", q, got, want)
		}
	}
	contains := func(q Query, want ...string) {
		t.Helper()
		got := find(t, x, q)
		set := map[string]bool{}
		for _, g := range got {
			set[g] = true
		}
		for _, w := range want {
			if !set[w] {
				t.Errorf("%+v: got %v, missing %s", q, got, w)
			}
		}
	}
	// Accent-less query finds accented text; "đang viện" in the distractor
	// must not outrank the subject match.
	first(Query{Text: "dang vien"}, "ct28")
	contains(Query{Text: "dang vien"}, "ct28", "kh28", "hu1006")
	// Either tone placement.
	first(Query{Text: "Huyện uỷ Lạc Dương"}, "hu1006")
	first(Query{Text: "Huyện ủy Lạc Dương"}, "hu1006")
	// Numbers in odd spacing and case.
	first(Query{Text: "28 - ct/tw"}, "ct28")
	first(Query{Text: "28-CT/TW"}, "ct28")
	first(Query{Text: "1006 - CV / HU"}, "hu1006")
	first(Query{Text: "45/2010/nd-cp"}, "nd45")
	// "<type> <number>".
	first(Query{Text: "chi thi 28"}, "ct28")
	first(Query{Text: "chỉ thị 28"}, "ct28")
	first(Query{Text: "ke hoach 28"}, "kh28")
	first(Query{Text: "CV 381"}, "cv381")
	first(Query{Text: "nghi dinh 45/2010"}, "nd45")
	// Abbreviations.
	first(Query{Text: "UBND"}, "cv381")
	first(Query{Text: "UBND Lạc Dương"}, "cv381")
	first(Query{Text: "BTV HU"}, "hu1006")
	// Citing.
	got := find(t, x, Query{Citing: "28 - CT/TW"})
	if len(got) != 2 || (got[0] != "kh28" && got[0] != "hu1006") {
		t.Errorf("citing 28-CT/TW = %v", got)
	}
	// Filters.
	if got := find(t, x, Query{Text: "dang vien", Types: []string{"ke_hoach"}}); !reflect.DeepEqual(got, []string{"kh28"}) {
		t.Errorf("type filter: %v", got)
	}
	if got := find(t, x, Query{Text: "dang vien", Year: 2023}); !reflect.DeepEqual(got, []string{"hu1006"}) {
		t.Errorf("year filter: %v", got)
	}
	yes := true
	if got := find(t, x, Query{OpenTasks: &yes}); !reflect.DeepEqual(got, []string{"kh28"}) {
		t.Errorf("open tasks filter: %v", got)
	}
	if got := find(t, x, Query{Text: "dang vien", From: "2019-01-01", To: "2022-12-31"}); !reflect.DeepEqual(got, []string{"kh28"}) {
		t.Errorf("date range: %v", got)
	}
	// bounds are inclusive; a record without a date is in no range
	if got := find(t, x, Query{From: "2019-01-10", To: "2021-03-02"}); len(got) != 2 || !strings.Contains(strings.Join(got, " "), "kh28") || !strings.Contains(strings.Join(got, " "), "cv381") {
		t.Errorf("date range bounds: %v", got)
	}
	if res, err := x.Search(Query{To: "2030-01-01", Limit: 20}); err != nil || res.Total != uint64(len(fixture)-1) {
		t.Errorf("open date range: %+v %v, want every dated record (%d)", res, err, len(fixture)-1)
	}
	if got := find(t, x, Query{Issuer: "UBND huyện Lạc Dương"}); !reflect.DeepEqual(got, []string{"cv381"}) {
		t.Errorf("issuer filter: %v", got)
	}
	if got := find(t, x, Query{Text: "28-CT/TW", SortDate: true}); len(got) < 3 || got[0] != "hu1006" {
		t.Errorf("sort by date: %v", got)
	}
}

func TestExactPreferred(t *testing.T) {
	x, err := Create(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	a := rec("khac", "", "", "", "Đang viện dẫn", "đang viện dẫn tài liệu")
	b := rec("khac", "", "", "", "Đảng viên", "đảng viên gương mẫu")
	if err := x.Put(Entry{ID: "a", Doc: a}, Entry{ID: "b", Doc: b}); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{"đảng viên": "b", "đang viện": "a"} {
		got := find(t, x, Query{Text: q})
		if len(got) != 2 || got[0] != want {
			t.Errorf("%q: got %v, want %s first of both", q, got, want)
		}
	}
}

func TestHighlightsAndFacets(t *testing.T) {
	x := openFixture(t)
	r, err := x.Search(Query{Text: "dang vien", Highlight: true, Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) == 0 || len(r.Hits[0].Highlights["subject"]) == 0 {
		t.Fatalf("no subject highlight: %+v", r.Hits)
	}
	if h := r.Hits[0].Highlights["subject"][0]; !strings.Contains(h, "<mark>đảng</mark> <mark>viên</mark>") {
		t.Errorf("highlight %q", h)
	}
	found := false
	for _, f := range r.Facets["doc_type"] {
		if f.Term == "chi_thi" && f.Count == 1 {
			found = true
		}
	}
	if !found {
		t.Errorf("facets %+v", r.Facets)
	}
}

func TestMoreLikeThis(t *testing.T) {
	x := openFixture(t)
	r, err := x.MoreLikeThis("ct28", fixture["ct28"], Query{})
	if err != nil {
		t.Fatal(err)
	}
	got := ids(r)
	if len(got) == 0 || (got[0] != "kh28" && got[0] != "hu1006") {
		t.Errorf("more like ct28: %v", got)
	}
	for _, g := range got {
		if g == "ct28" {
			t.Errorf("self in results: %v", got)
		}
	}
	// the query's filters apply (clearance, type...)
	r, err = x.MoreLikeThis("ct28", fixture["ct28"], Query{Types: []string{fixture["hu1006"].DocType}})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range r.Hits {
		if fixture[h.ID].DocType != fixture["hu1006"].DocType {
			t.Errorf("type filter ignored: %v", ids(r))
		}
	}
	if len(r.Hits) == 0 {
		t.Errorf("no record of type %s like ct28", fixture["hu1006"].DocType)
	}
}

func TestReopen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	x, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Put(Entry{ID: "ct28", Doc: fixture["ct28"]}); err != nil {
		t.Fatal(err)
	}
	x.Close()
	y, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer y.Close()
	if got := find(t, y, Query{Text: "Dang Vien"}); !reflect.DeepEqual(got, []string{"ct28"}) {
		t.Errorf("after reopen: %v", got)
	}
}

// TestBulkBuild fills a new index with many batches built concurrently:
// every record is counted and searchable as soon as Put has returned, and
// an error of a batch built in the background is reported.
func TestBulkBuild(t *testing.T) {
	gogc := func() int { v := debug.SetGCPercent(100); debug.SetGCPercent(v); return v }
	before := gogc()
	dir := filepath.Join(t.TempDir(), "index")
	x, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if v := gogc(); os.Getenv("GOGC") == "" && v != bulkGC {
		t.Errorf("GOGC during a bulk build: %d, want %d", v, bulkGC)
	}
	for b := 0; b < 8; b++ {
		var es []Entry
		for i := 0; i < 25; i++ {
			d := rec("cong_van", fmt.Sprintf("%d-CV/HU", b*25+i), "2024-01-02", "Huyện ủy Lạc Dương",
				fmt.Sprintf("V/v đợt %d", b), "Nội dung công văn về công tác đảng viên.")
			es = append(es, Entry{ID: fmt.Sprintf("b%d-%d", b, i), Doc: d})
		}
		if err := x.Put(es...); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := x.Count(); err != nil || n != 200 {
		t.Fatalf("count %d, %v; want 200", n, err)
	}
	if res, err := x.Search(Query{Text: "199-CV/HU"}); err != nil || len(res.Hits) == 0 || res.Hits[0].ID != "b7-24" {
		t.Fatalf("last record of the last batch: %+v, %v", res, err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if v := gogc(); v != before {
		t.Errorf("GOGC after the bulk build: %d, want %d again", v, before)
	}

	y, err := Create(filepath.Join(t.TempDir(), "broken"))
	if err != nil {
		t.Fatal(err)
	}
	y.b.Close() // every later batch fails
	err = y.Put(Entry{ID: "a", Doc: rec("cong_van", "1-CV/HU", "2024-01-02", "Huyện ủy", "V/v a", "a")})
	if err == nil {
		err = y.finish()
	}
	if err == nil {
		t.Fatal("a failed background batch was not reported")
	}
}
