package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"vanthu/internal/document"
	"vanthu/internal/store"
	"vanthu/internal/textnorm"
)

// query is one request of the mix: its class (for per-class latency) and
// its path with query string.
type query struct {
	Class string
	Path  string
}

// vocab is what the query mix is built from: values seen in the corpus.
type vocab struct {
	subjects []string // subjects without "V/v " / "về "
	issuers  []string
	numbers  []string // document numbers
	refs     []string // cited numbers
	tasks    []string // task texts
	years    []string
	ids      []string // record ids (document views of the --mix mode)
}

var errEnough = errors.New("enough")

// vocabFromStore samples up to max records of the archive.
func vocabFromStore(st *store.Store, max int) (*vocab, error) {
	v := &vocab{}
	seen := map[string]bool{}
	add := func(dst *[]string, s string) {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			return
		}
		seen[s] = true
		*dst = append(*dst, s)
	}
	n := 0
	err := st.Each(context.Background(), func(r *store.Record) error {
		d := r.Doc
		v.ids = append(v.ids, r.ID)
		subj := document.Val(d.Subject)
		for _, p := range []string{"V/v ", "v/v ", "về ", "Về việc ", "Về "} {
			subj = strings.TrimPrefix(subj, p)
		}
		add(&v.subjects, subj)
		add(&v.issuers, document.Val(d.Issuer.Name))
		add(&v.numbers, document.Val(d.Number))
		for _, rf := range d.References {
			add(&v.refs, rf.Number)
		}
		for _, t := range d.Tasks {
			add(&v.tasks, t.Text)
		}
		if y := document.Val(d.IssuedDate); len(y) >= 4 {
			add(&v.years, y[:4])
		}
		if n++; n >= max {
			return errEnough
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return nil, err
	}
	if len(v.subjects) == 0 || len(v.numbers) == 0 {
		return nil, fmt.Errorf("kho không có văn bản để dựng bộ truy vấn")
	}
	sort.Strings(v.years)
	return v, nil
}

// oldTone writes common syllables with the old tone placement (uỷ, hoà).
var oldTone = strings.NewReplacer("ủy", "uỷ", "Ủy", "Uỷ", "hòa", "hoà", "Hòa", "Hoà", "hóa", "hoá", "thủy", "thuỷ",
	"khỏe", "khoẻ", "tòa", "toà", "xóa", "xoá")

var numRe = regexp.MustCompile(`^(\d+)[-/]([^-/]+)`)

// typeWord is the spoken name of a number's type code ("CT" -> "chỉ thị").
var typeWord = map[string]string{"CT": "chỉ thị", "CV": "công văn", "KH": "kế hoạch", "TB": "thông báo",
	"HD": "hướng dẫn", "QĐ": "quyết định", "BC": "báo cáo", "NQ": "nghị quyết"}

// words returns up to n words of s starting at word from.
func words(s string, from, n int) string {
	w := strings.Fields(strings.NewReplacer(",", "", ";", "", ".", "", "“", "", "”", "").Replace(s))
	if from >= len(w) {
		from = 0
	}
	w = w[from:]
	if len(w) > n {
		w = w[:n]
	}
	return strings.Join(w, " ")
}

// buildQueries returns the request mix: count queries drawn from the
// classes below with the given weights.
func buildQueries(v *vocab, r *rand.Rand, count int) []query {
	pick := func(xs []string) string { return xs[r.Intn(len(xs))] }
	q := func(params ...string) string {
		vals := url.Values{}
		for i := 0; i+1 < len(params); i += 2 {
			vals.Add(params[i], params[i+1])
		}
		return "/api/v1/search?" + vals.Encode()
	}
	year := func() string {
		if len(v.years) == 0 {
			return "2025"
		}
		return pick(v.years)
	}
	type class struct {
		name   string
		weight int
		gen    func() string
	}
	phrase := func() string { // 2-5 words of a subject, or the opening words of a task
		if r.Intn(3) == 0 && len(v.tasks) > 0 {
			return words(pick(v.tasks), 0, 2+r.Intn(3))
		}
		return words(pick(v.subjects), r.Intn(4), 2+r.Intn(4))
	}
	classes := []class{
		{"accentless", 20, func() string { return q("q", textnorm.Fold(strings.ToLower(phrase()))) }},
		{"accented", 20, func() string { return q("q", phrase()) }},
		{"old_tone", 8, func() string {
			s := pick(v.issuers)
			if r.Intn(2) == 0 {
				s += " " + words(pick(v.subjects), 0, 3)
			}
			return q("q", oldTone.Replace(s))
		}},
		{"number", 12, func() string {
			n := pick(v.numbers)
			if r.Intn(2) == 0 && len(v.refs) > 0 {
				n = pick(v.refs)
			}
			switch r.Intn(3) {
			case 0:
				return q("q", n)
			case 1: // "28 - ct/tw"
				return q("q", strings.ToLower(strings.Replace(n, "-", " - ", 1)))
			default: // "chỉ thị 28", "CV 381"
				m := numRe.FindStringSubmatch(n)
				if m == nil {
					return q("q", n)
				}
				code := m[2]
				if i := strings.IndexAny(code, "-/"); i >= 0 {
					code = code[:i]
				}
				if w, ok := typeWord[code]; ok && r.Intn(2) == 0 {
					return q("q", w+" "+m[1])
				}
				return q("q", code+" "+m[1])
			}
		}},
		{"abbrev", 10, func() string {
			return q("q", pick([]string{"HU", "UBND", "BTV", "UBKT", "MTTQ", "HĐND"})+" "+words(pick(v.subjects), r.Intn(3), 3))
		}},
		{"filter", 18, func() string {
			switch r.Intn(5) {
			case 0:
				return q("q", phrase(), "type", synthType(r))
			case 1:
				return q("q", textnorm.Fold(strings.ToLower(phrase())), "year", year())
			case 2:
				return q("q", phrase(), "open_tasks", "yes")
			case 3:
				return q("type", synthType(r), "year", year())
			default:
				return q("open_tasks", "yes", "type", synthType(r))
			}
		}},
		{"sort_date", 10, func() string {
			if r.Intn(2) == 0 {
				return q("q", phrase(), "sort", "date")
			}
			return q("q", pick(v.issuers), "sort", "date", "year", year())
		}},
		{"fixed", 2, func() string { // the issue's own examples
			return q("q", pick([]string{"phat trien dang vien", "Huyện uỷ", "28-CT/TW", "chỉ thị 28", "CV 381",
				"BTV Huyện ủy", "UBND tỉnh", "chuyển đổi số", "phong chong thien tai", "không có văn bản nào như thế này"}))
		}},
	}
	total := 0
	for _, c := range classes {
		total += c.weight
	}
	out := make([]query, 0, count)
	for len(out) < count {
		k := r.Intn(total)
		for _, c := range classes {
			if k < c.weight {
				out = append(out, query{Class: c.name, Path: c.gen()})
				break
			}
			k -= c.weight
		}
	}
	return out
}

func synthType(r *rand.Rand) string {
	return []string{"cong_van", "chi_thi", "ke_hoach", "thong_bao", "huong_dan", "quyet_dinh", "bao_cao", "nghi_quyet", "CT", "CV", "Kế hoạch"}[r.Intn(11)]
}
