package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"vanthu/internal/document"
)

func sp(s string) *string { return &s }

func goldFixture() *Gold {
	return &Gold{
		ID:           "x",
		DocType:      "cong_van",
		Number:       sp("1006-CV/HU"),
		IssuedDate:   sp("2023-06-26"),
		IssuedPlace:  sp("Lạc Dương"),
		Issuer:       sp("Huyện ủy Lạc Dương"),
		IssuerParent: sp("Đảng bộ tỉnh Lâm Đồng"),
		Subject:      sp("Về tăng cường công tác quản lý, tạo nguồn phát triển đảng viên"),
		Recipients:   []string{"Các tổ chức cơ sở đảng trực thuộc Huyện ủy"},
		Distribution: []string{"Thường trực Huyện ủy", "Như kính gửi", "Lưu Văn phòng Huyện ủy"},
		Signer:       GoldSigner{Name: sp("Sử Thanh Hoài"), Position: sp("Bí thư"), Authority: sp("T/M Ban Thường vụ")},
		References:   []string{"02-NQ/HU", "28-CT/TW"},
		Tasks: []GoldTask{
			{Label: sp("1"), StartsWith: "Tiếp tục tăng cường công tác tuyên truyền, giáo dục", Lead: []string{"các cấp ủy, tổ chức cơ sở đảng"}},
			{Label: sp("2"), StartsWith: "Giao Ban Tổ chức Huyện ủy chủ trì", Lead: []string{"Ban Tổ chức Huyện ủy"}, Deadline: sp("2023-06-30")},
			{Label: sp("3"), StartsWith: "Giao Ủy ban Mặt trận Tổ quốc và các đoàn thể", Lead: []string{"Ủy ban Mặt trận Tổ quốc", "các đoàn thể"}},
		},
	}
}

// docFixture is a perfect prediction for goldFixture.
func docFixture() *document.Document {
	d := document.New()
	d.DocType = "cong_van"
	d.Number = sp("1006-CV/HU")
	d.IssuedDate = sp("2023-06-26")
	d.IssuedPlace = sp("Lạc Dương")
	d.Issuer = document.Issuer{Name: sp("Huyện ủy Lạc Dương"), Parent: sp("Đảng bộ tỉnh Lâm Đồng")}
	d.Subject = sp("Về tăng cường công tác quản lý, tạo nguồn phát triển đảng viên")
	d.Recipients = []string{"Các tổ chức cơ sở đảng trực thuộc Huyện ủy"}
	d.Distribution = []string{"Thường trực Huyện ủy", "Như kính gửi", "Lưu Văn phòng Huyện ủy"}
	d.Signer = document.Signer{Name: sp("Sử Thanh Hoài"), Position: sp("Bí thư"), Authority: sp("T/M Ban Thường vụ")}
	d.References = []document.Reference{{Number: "02-NQ/HU"}, {Number: "28-CT/TW"}}
	d.Tasks = []document.Task{
		{Label: sp("1"), Text: "1. Tiếp tục tăng cường công tác tuyên truyền, giáo dục chủ nghĩa Mác-Lênin", Lead: []string{"các cấp ủy, tổ chức cơ sở đảng"}},
		{Label: sp("2"), Text: "2. Giao Ban Tổ chức Huyện ủy chủ trì, phối hợp ...", Lead: []string{"Ban Tổ chức Huyện ủy"},
			Deadline: &document.Deadline{Date: sp("2023-06-30"), Text: "trước ngày 30/6/2023"}},
		{Label: sp("3"), Text: "3. Giao Ủy ban Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội", Lead: []string{"Ủy ban Mặt trận Tổ quốc"}},
	}
	return d
}

func mustScore(t *testing.T, g *Gold, d *document.Document) map[string]float64 {
	t.Helper()
	s, _ := Score(g, d)
	return s
}

func TestScorePerfect(t *testing.T) {
	s, miss := Score(goldFixture(), docFixture())
	if len(miss) != 0 {
		t.Errorf("mismatches on a perfect prediction: %+v", miss)
	}
	for _, f := range Fields {
		v, ok := s[f]
		switch f {
		case FieldClassification, FieldUrgency:
			if ok {
				t.Errorf("%s scored although the gold lacks the key", f)
			}
		default:
			if !ok || v != 1 {
				t.Errorf("%s = %v, %v; want 1", f, v, ok)
			}
		}
	}
}

func TestScoreWrongNumber(t *testing.T) {
	d := docFixture()
	d.Number = sp("1007-CV/HU")
	s, miss := Score(goldFixture(), d)
	if s[FieldNumber] != 0 {
		t.Errorf("number = %v, want 0", s[FieldNumber])
	}
	want := Mismatch{FieldNumber, "1006-CV/HU", "1007-CV/HU"}
	if len(miss) != 1 || miss[0] != want {
		t.Errorf("mismatches = %+v, want [%+v]", miss, want)
	}
	// It lowers the overall score of a run.
	r := runOne(t, goldFixture(), d)
	if r.Overall.Overall >= 1 {
		t.Errorf("overall = %v, want < 1", r.Overall.Overall)
	}
	// Spaces inside a number do not matter; null matches only null.
	d.Number = sp("1006 - CV/HU")
	if v := mustScore(t, goldFixture(), d)[FieldNumber]; v != 1 {
		t.Errorf("spaced number = %v, want 1", v)
	}
	d.Number = nil
	if v := mustScore(t, goldFixture(), d)[FieldNumber]; v != 0 {
		t.Errorf("null number = %v, want 0", v)
	}
	g := goldFixture()
	g.Number = nil
	if v := mustScore(t, g, d)[FieldNumber]; v != 1 {
		t.Errorf("null/null number = %v, want 1", v)
	}
}

func TestNormalisation(t *testing.T) {
	d := docFixture()
	d.Issuer.Name = sp("HUYỆN UỶ LẠC DƯƠNG")              // old tone placement, upper case
	d.IssuedPlace = sp("Lạc  Dương,")                     // extra space, trailing comma
	d.Signer.Name = sp("Su\u031B\u0309 Thanh Hoa\u0300i") // decomposed (NFD-like) input
	d.Subject = sp("V/v: tăng cường công tác quản lý, tạo nguồn phát triển đảng viên")
	d.Signer.Authority = sp("TM. Ban Thường vụ")
	d.Issuer.Parent = sp("\u00D0ảng bộ tỉnh Lâm Đồng") // Ð (eth) for Đ
	s, miss := Score(goldFixture(), d)
	for _, f := range []string{FieldIssuer, FieldIssuedPlace, FieldSignerName, FieldSubject, FieldSignerAuthority, FieldIssuerParent} {
		if s[f] != 1 {
			t.Errorf("%s = %v, want 1 (mismatches %+v)", f, s[f], miss)
		}
	}
	if key("Huyện uỷ") != key("Huyện ủy") || key("hoà") != key("hòa") {
		t.Error("tone placement changes the key")
	}
	if key("hòa") == key("hóa") || key("Đà") == key("Da") {
		t.Error("key lost a distinction")
	}
}

func TestSubjectPrefix(t *testing.T) {
	base := "tăng cường công tác quản lý, tạo nguồn phát triển đảng viên"
	for _, p := range []string{"V/v ", "V/v: ", "Về việc ", "Về ", "v/v ", "VỀ VIỆC "} {
		if subjectKey(p+base) != subjectKey(base) {
			t.Errorf("prefix %q not ignored: %q", p, subjectKey(p+base))
		}
	}
	if subjectKey("Vềx y") != key("Vềx y") {
		t.Error("prefix stripped inside a word")
	}
	g := goldFixture()
	g.Subject = sp("V/v " + base)
	d := docFixture()
	d.Subject = sp("Về việc " + base)
	if v := mustScore(t, g, d)[FieldSubject]; v != 1 {
		t.Errorf("subject = %v, want 1", v)
	}
	d.Subject = sp("Về việc tổ chức hội nghị sơ kết")
	if v := mustScore(t, g, d)[FieldSubject]; v != 0 {
		t.Errorf("different subject = %v, want 0", v)
	}
}

func TestFuzzyIssuer(t *testing.T) {
	d := docFixture()
	d.Issuer.Name = sp("Huyện ủy Lạc") // 3 of 4 tokens: F1 6/7
	if v := mustScore(t, goldFixture(), d)[FieldIssuer]; v != 1 {
		t.Errorf("F1 6/7: issuer = %v, want 1", v)
	}
	d.Issuer.Name = sp("Huyện ủy") // 2 of 4 tokens: F1 2/3
	if v := mustScore(t, goldFixture(), d)[FieldIssuer]; v != 0 {
		t.Errorf("F1 2/3: issuer = %v, want 0", v)
	}
	d.Issuer.Name = nil
	if v := mustScore(t, goldFixture(), d)[FieldIssuer]; v != 0 {
		t.Errorf("null issuer = %v, want 0", v)
	}
}

func TestAuthorityEquivalence(t *testing.T) {
	for _, pair := range [][2]string{
		{"T/M Ban Thường vụ", "TM. Ban Thường vụ"},
		{"T/M Ban Thường vụ", "TM Ban Thường vụ"},
		{"K/T Chủ tịch", "KT. Chủ tịch"},
		{"KT. Chủ tịch", "KT.Chủ tịch"},
		{"T/L Bộ trưởng", "TL. Bộ trưởng"},
	} {
		if authorityKey(pair[0]) != authorityKey(pair[1]) {
			t.Errorf("%q != %q: %q vs %q", pair[0], pair[1], authorityKey(pair[0]), authorityKey(pair[1]))
		}
	}
	if authorityKey("KT. Chủ tịch") == authorityKey("TM. Chủ tịch") {
		t.Error("KT and TM must differ")
	}
}

func TestLists(t *testing.T) {
	d := docFixture()
	d.Distribution = []string{"- Thường trực Huyện ủy;", "Lưu: Văn phòng Huyện ủy", "Các đ/c Huyện ủy viên"}
	// Two of three match (punctuation-insensitive): F1 = 2*2/(3+3).
	s, miss := Score(goldFixture(), d)
	if v := s[FieldDistribution]; math.Abs(v-2.0/3) > 1e-9 {
		t.Errorf("distribution = %v, want 2/3", v)
	}
	var got []Mismatch
	for _, m := range miss {
		if m.Field == FieldDistribution {
			got = append(got, m)
		}
	}
	want := []Mismatch{{FieldDistribution, "Như kính gửi", ""}, {FieldDistribution, "", "Các đ/c Huyện ủy viên"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("mismatches = %+v, want %+v", got, want)
	}
	// One-to-one: a duplicated prediction matches once.
	d.Recipients = []string{"Các tổ chức cơ sở đảng trực thuộc Huyện ủy", "Các tổ chức cơ sở đảng trực thuộc Huyện ủy"}
	if v := mustScore(t, goldFixture(), d)[FieldRecipients]; math.Abs(v-2.0/3) > 1e-9 {
		t.Errorf("duplicated recipient = %v, want 2/3", v)
	}
	g := goldFixture()
	g.Recipients = nil
	d.Recipients = []string{}
	if v := mustScore(t, g, d)[FieldRecipients]; v != 1 {
		t.Errorf("both empty = %v, want 1", v)
	}
}

func TestReferences(t *testing.T) {
	d := docFixture()
	d.References = []document.Reference{{Number: "02 - nq/hu"}, {Number: "02-NQ/HU"}, {Number: "99-QĐ/TU"}}
	// Predicted set {02-NQ/HU, 99-QĐ/TU}, gold {02-NQ/HU, 28-CT/TW}: F1 = 1/2.
	if v := mustScore(t, goldFixture(), d)[FieldReferences]; v != 0.5 {
		t.Errorf("references = %v, want 0.5", v)
	}
}

func TestTaskAlignment(t *testing.T) {
	d := docFixture()
	d.Tasks = append(d.Tasks[:1], d.Tasks[2:]...) // drop task 2
	s, miss := Score(goldFixture(), d)
	// 2 matched of 2 predicted and 3 gold: F1 = 4/5.
	if v := s[FieldTasks]; math.Abs(v-0.8) > 1e-9 {
		t.Errorf("tasks = %v, want 0.8", v)
	}
	if len(miss) != 1 || miss[0].Field != FieldTasks || !strings.HasPrefix(miss[0].Gold, "Giao Ban Tổ chức") {
		t.Errorf("mismatches = %+v", miss)
	}

	// One of two gold tasks found: F1 = 2*1/(1+2).
	g := goldFixture()
	g.Tasks = g.Tasks[:2]
	d = docFixture()
	d.Tasks = d.Tasks[:1]
	if v := mustScore(t, g, d)[FieldTasks]; math.Abs(v-2.0/3) > 1e-9 {
		t.Errorf("missing task: tasks = %v, want 2/3", v)
	}
	// One extra predicted task: F1 = 2*1/(2+1).
	g.Tasks = g.Tasks[:1]
	d = docFixture()
	d.Tasks = d.Tasks[:2]
	if v := mustScore(t, g, d)[FieldTasks]; math.Abs(v-2.0/3) > 1e-9 {
		t.Errorf("extra task: tasks = %v, want 2/3", v)
	}

	// Fuzzy start: a typo in one word of eight still aligns.
	d = docFixture()
	d.Tasks[0].Text = "a) Tiếp tục tăng cuờng công tác tuyên truyền, giáo dục"
	if v := mustScore(t, goldFixture(), d)[FieldTasks]; v != 1 {
		t.Errorf("fuzzy start: tasks = %v, want 1", v)
	}
	// A text that starts elsewhere does not.
	d.Tasks[0].Text = "Đẩy mạnh công tác kiểm tra, giám sát"
	if v := mustScore(t, goldFixture(), d)[FieldTasks]; math.Abs(v-2.0/3) > 1e-9 {
		t.Errorf("unrelated start: tasks = %v, want 2/3", v)
	}
}

func TestTaskLeadDeadline(t *testing.T) {
	d := docFixture()
	d.Tasks[0].Lead = []string{"Ban Tuyên giáo Huyện ủy"}                 // wrong
	d.Tasks[2].Lead = []string{"các đoàn thể", "Ủy ban Mặt trận Tổ quốc"} // first matches another gold lead
	d.Tasks[1].Deadline = nil                                             // gold has 2023-06-30
	d.Tasks[2].Deadline = &document.Deadline{Date: sp("2023-07-15")}      // gold null
	s, miss := Score(goldFixture(), d)
	if v := s[FieldTaskLead]; math.Abs(v-2.0/3) > 1e-9 {
		t.Errorf("task_lead = %v, want 2/3", v)
	}
	if v := s[FieldTaskDeadline]; math.Abs(v-1.0/3) > 1e-9 {
		t.Errorf("task_deadline = %v, want 1/3", v)
	}
	n := 0
	for _, m := range miss {
		if m.Field == FieldTaskDeadline || m.Field == FieldTaskLead {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d task mismatches, want 3: %+v", n, miss)
	}

	// Empty leads on both sides match.
	g := goldFixture()
	g.Tasks[0].Lead = nil
	d = docFixture()
	d.Tasks[0].Lead = nil
	if v := mustScore(t, g, d)[FieldTaskLead]; v != 1 {
		t.Errorf("empty leads: task_lead = %v, want 1", v)
	}

	// No tasks anywhere: tasks = 1, lead and deadline unscored.
	g.Tasks = nil
	d.Tasks = []document.Task{}
	s = mustScore(t, g, d)
	if s[FieldTasks] != 1 {
		t.Errorf("no tasks: tasks = %v, want 1", s[FieldTasks])
	}
	if _, ok := s[FieldTaskLead]; ok {
		t.Error("task_lead scored without tasks")
	}
	if _, ok := s[FieldTaskDeadline]; ok {
		t.Error("task_deadline scored without tasks")
	}
}

func TestClassificationUrgency(t *testing.T) {
	var g Gold
	if err := json.Unmarshal([]byte(`{"doc_type":"cong_van","classification":null,"urgency":"Hỏa tốc"}`), &g); err != nil {
		t.Fatal(err)
	}
	if !g.HasClassification || !g.HasUrgency || g.Classification != nil || document.Val(g.Urgency) != "Hỏa tốc" {
		t.Fatalf("decoded %+v", g)
	}
	d := docFixture()
	d.Urgency = sp("HOẢ TỐC")
	s := mustScore(t, &g, d)
	if s[FieldClassification] != 1 || s[FieldUrgency] != 1 {
		t.Errorf("scores %v", s)
	}
	d.Classification = sp("Mật")
	d.Urgency = nil
	s = mustScore(t, &g, d)
	if s[FieldClassification] != 0 || s[FieldUrgency] != 0 {
		t.Errorf("scores %v", s)
	}
}

func TestStripLabel(t *testing.T) {
	for in, want := range map[string]string{
		"1. Tiếp tục":   "Tiếp tục",
		"2) Giao":       "Giao",
		"1.2. Giao":     "Giao",
		"1.2 Giao":      "Giao",
		"II. Nhiệm vụ":  "Nhiệm vụ",
		"a) Các cấp ủy": "Các cấp ủy",
		"- Giao Ban":    "Giao Ban",
		"Giao Ban":      "Giao Ban",
		"Về việc":       "Về việc",
	} {
		if got := stripLabel(in); got != want {
			t.Errorf("stripLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFindCases(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"x.gold.json", "x.txt", "x.clean.pdf", "x.clean.gt.txt", "x.photo-p1.jpg",
		"y.gold.json", "y.v2.gold.json", "y.v2.txt", "xy.txt", "z.txt", "README.md"} {
		write(t, dir, n, "{}")
	}
	if err := os.Mkdir(filepath.Join(dir, "x.d"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "z.txt"), filepath.Join(dir, "x.link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "x.d"), filepath.Join(dir, "x.dirlink")); err != nil {
		t.Fatal(err)
	}
	cases, err := FindCases(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cases {
		got = append(got, c.ID+" "+filepath.Base(c.Path)+" "+filepath.Base(c.Gold))
	}
	want := []string{
		"x x.clean.pdf x.gold.json",
		"x x.link.txt x.gold.json",
		"x x.photo-p1.jpg x.gold.json",
		"x x.txt x.gold.json",
		"y.v2 y.v2.txt y.v2.gold.json",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cases:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := FindCases(filepath.Join(dir, "missing")); err == nil {
		t.Error("no error for a missing directory")
	}
}

func runOne(t *testing.T, g *Gold, d *document.Document) *Report {
	t.Helper()
	dir := t.TempDir()
	b, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "a.gold.json", string(b))
	write(t, dir, "a.txt", "")
	return Run([]string{dir}, func(string) (*document.Document, error) { return d, nil })
}

func TestRun(t *testing.T) {
	good, bad := t.TempDir(), t.TempDir()
	b, _ := json.Marshal(goldFixture())
	for _, dir := range []string{good, bad} {
		write(t, dir, "a.gold.json", string(b))
		write(t, dir, "a.txt", "")
		write(t, dir, "a.clean.pdf", "")
	}
	write(t, bad, "c.gold.json", "{not json")
	write(t, bad, "c.txt", "")
	ex := func(path string) (*document.Document, error) {
		if strings.HasPrefix(path, bad) && strings.HasSuffix(path, ".pdf") {
			return nil, errors.New("unreadable")
		}
		return docFixture(), nil
	}
	r := Run([]string{good, bad, filepath.Join(good, "missing")}, ex)
	if len(r.Dirs) != 3 {
		t.Fatalf("%d dirs", len(r.Dirs))
	}
	g, x, m := r.Dirs[0], r.Dirs[1], r.Dirs[2]
	if g.Summary.Overall != 1 || g.Summary.Cases != 2 || g.Summary.Errors != 0 {
		t.Errorf("good dir: %+v", g.Summary)
	}
	if x.Summary.Cases != 3 || x.Summary.Errors != 2 {
		t.Errorf("bad dir: %+v", x.Summary)
	}
	// The failed extraction scores 0 and the perfect one 1: every field 0.5.
	for _, f := range x.Summary.Fields {
		if f.Mean != 0.5 || f.N != 2 {
			t.Errorf("bad dir %s = %v over %d, want 0.5 over 2", f.Field, f.Mean, f.N)
		}
	}
	if x.Summary.Overall != 0.5 {
		t.Errorf("bad dir overall = %v", x.Summary.Overall)
	}
	if m.Error == "" {
		t.Error("missing dir has no error")
	}
	if r.Overall.Cases != 5 || math.Abs(r.Overall.Overall-0.75) > 1e-9 {
		t.Errorf("overall %+v", r.Overall)
	}
	if f, ok := r.Overall.Field(FieldNumber); !ok || f.N != 4 || f.Mean != 0.75 {
		t.Errorf("overall number = %+v", f)
	}

	var buf bytes.Buffer
	if err := r.WriteText(&buf, true); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"== " + good, "number", "0.500", "unreadable", "tổng hợp", "1.000"} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q:\n%s", want, out)
		}
	}
	buf.Reset()
	if err := r.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.Overall.Overall != r.Overall.Overall || len(back.Dirs[1].Cases) != 3 {
		t.Errorf("JSON round trip: %+v", back.Overall)
	}
}

func TestCorpusGoldsDecode(t *testing.T) {
	dir := "/work/shared/corpus/seeds"
	cases, err := FindCases(dir)
	if err != nil {
		t.Skip(err)
	}
	for _, c := range cases {
		g, err := LoadGold(c.Gold)
		if err != nil {
			t.Fatal(err)
		}
		if g.ID != c.ID || g.DocType == "" {
			t.Errorf("%s: id %q doc_type %q", c.Gold, g.ID, g.DocType)
		}
	}
}
