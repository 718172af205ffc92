package archive

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"vanthu/index"
	"vanthu/internal/document"
)

// SearchParams is a search as typed by a person or a script (CLI flags,
// API and web query strings), before validation.
type SearchParams struct {
	Q         string
	Types     []string // codes, Vietnamese names or short forms (CT, CV)
	Issuer    string
	Year      string
	From, To  string // ISO dates
	OpenTasks string // "", yes/co/có/true, no/khong/không/false
	Citing    string
	Sort      string // "", relevance, date
	Limit     int
	Offset    int
}

// MaxLimit bounds one page of results.
const MaxLimit = 100

// Query validates p and builds the index query; errors are Vietnamese and
// name the offending parameter.
func (p SearchParams) Query() (index.Query, error) {
	q := index.Query{Text: strings.TrimSpace(p.Q), Issuer: strings.TrimSpace(p.Issuer), Citing: strings.TrimSpace(p.Citing),
		Limit: p.Limit, Offset: p.Offset, Highlight: true, Facets: true}
	if q.Limit <= 0 {
		q.Limit = 10
	}
	if q.Limit > MaxLimit {
		q.Limit = MaxLimit
	}
	if q.Offset < 0 || q.Offset > 10000 {
		return q, fmt.Errorf("vị trí bắt đầu (offset) phải từ 0 đến 10000")
	}
	for _, t := range p.Types {
		if strings.TrimSpace(t) == "" {
			continue
		}
		code, err := DocTypeCode(t)
		if err != nil {
			return q, err
		}
		q.Types = append(q.Types, code)
	}
	if y := strings.TrimSpace(p.Year); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1900 || n > 2200 {
			return q, fmt.Errorf("năm %q không hợp lệ", y)
		}
		q.Year = n
	}
	for _, d := range []struct {
		name string
		v    string
		dst  *string
	}{{"từ ngày", p.From, &q.From}, {"đến ngày", p.To, &q.To}} {
		v := strings.TrimSpace(d.v)
		if v == "" {
			continue
		}
		if _, err := time.Parse("2006-01-02", v); err != nil {
			return q, fmt.Errorf("%s %q không hợp lệ; hãy nhập theo dạng năm-tháng-ngày (ví dụ 2024-03-31)", d.name, v)
		}
		*d.dst = v
	}
	switch strings.ToLower(strings.TrimSpace(p.Sort)) {
	case "", "relevance", "lien-quan":
	case "date", "ngay":
		q.SortDate = true
	default:
		return q, fmt.Errorf("cách sắp xếp %q không hợp lệ (chọn relevance hoặc date)", p.Sort)
	}
	switch strings.ToLower(strings.TrimSpace(p.OpenTasks)) {
	case "":
	case "yes", "co", "có", "true", "1", "mo":
		t := true
		q.OpenTasks = &t
	case "no", "khong", "không", "false", "0":
		f := false
		q.OpenTasks = &f
	default:
		return q, fmt.Errorf("giá trị lọc nhiệm vụ mở %q không hợp lệ (chọn yes hoặc no)", p.OpenTasks)
	}
	return q, nil
}

// Empty reports whether the query has neither text nor any filter.
func Empty(q index.Query) bool {
	return q.Text == "" && len(q.Types) == 0 && q.Year == 0 && q.Issuer == "" && q.From == "" && q.To == "" &&
		q.Citing == "" && q.OpenTasks == nil
}

// DocTypeCode accepts a doc_type code, its Vietnamese label (with or
// without diacritics) or a short form such as CT or CV.
func DocTypeCode(s string) (string, error) {
	s = strings.TrimSpace(s)
	if _, ok := document.DocTypeLabels[s]; ok {
		return s, nil
	}
	key := index.FoldTerm(s)
	for code, label := range document.DocTypeLabels {
		if index.FoldTerm(label) == key || strings.ReplaceAll(code, "_", " ") == key {
			return code, nil
		}
	}
	if p := index.Parse(s + " 1"); len(p.TypedNumbers) == 1 {
		return p.TypedNumbers[0].DocType, nil
	}
	var codes []string
	for c := range document.DocTypeLabels {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	return "", fmt.Errorf("loại văn bản %q không rõ; chọn một trong: %s", s, strings.Join(codes, ", "))
}
