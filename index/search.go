package index

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"vanthu/internal/document"
	"vanthu/internal/textnorm"
)

// Field boosts: subject and number matches outrank body matches.
const (
	boostNumber     = 12.0
	boostTypedNum   = 10.0
	boostNumPrefix  = 4.0
	boostReferences = 2.0
	boostSubject    = 4.0
	boostIssuer     = 2.0
	boostText       = 1.0
	boostAbbrTerm   = 0.5
	filterBoost     = 0.0001
)

// Query is a search request.
type Query struct {
	Text      string   // the user's query; may be empty when filters are set
	Types     []string // doc_type codes (any of)
	Issuer    string   // issuer name (phrase, accent-insensitive, abbreviations expanded)
	Year      int      // year of issue, 0 for any
	From, To  string   // issued_date range, ISO dates, inclusive; "" for open
	OpenTasks *bool    // has_open_tasks filter
	Citing    string   // only records citing this document number
	Exclude   []string // record ids to leave out
	SortDate  bool     // newest first instead of relevance
	Limit     int      // default 10
	Offset    int
	Highlight bool
	Facets    bool
}

// Hit is one result.
type Hit struct {
	ID         string              `json:"id"`
	Score      float64             `json:"score"`
	Highlights map[string][]string `json:"highlights,omitempty"`
}

// FacetCount is one facet value and its count.
type FacetCount struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// Result is a page of hits with facets.
type Result struct {
	Total  uint64                  `json:"total"`
	Hits   []Hit                   `json:"hits"`
	Facets map[string][]FacetCount `json:"facets,omitempty"`
}

// TextQuery builds the scoring query for a user's query string; nil when
// the string holds nothing searchable.
func TextQuery(q string) query.Query {
	p := Parse(q)
	var should []query.Query
	for _, n := range p.Numbers {
		should = append(should, term(FieldNumber, n, boostNumber), term(FieldReferences, n, boostReferences))
	}
	for _, tn := range p.TypedNumbers {
		prefixes := numberPrefixes(tn.Number)
		// Records citing it: by number prefix, more when the text names the
		// type ("Chỉ thị số 28-CT/TW"). Grouped so that citing records do
		// not gain coordination over the document itself.
		cites := []query.Query{disj(boostReferences/4, refPrefixes(tn.Number)...)}
		if label := document.DocTypeLabels[tn.DocType]; label != "" {
			ph := bleve.NewMatchPhraseQuery(label)
			ph.SetField(FieldText + suffixFolded)
			ph.Analyzer = AnalyzerFolded
			cites = append(cites, conj(boostReferences/2, disj(1, refPrefixes(tn.Number)...), ph))
		}
		should = append(should, disj(1,
			conj(boostTypedNum, disj(1, prefixes...), term(FieldDocType, tn.DocType, 1)),
			disj(boostNumPrefix, prefixes...),
			disj(1, cites...)))
	}
	for _, ab := range p.Abbreviations {
		should = append(should, abbreviationQuery(ab))
	}
	should = append(should, textClauses(p.Text)...)
	if len(should) == 0 {
		return nil
	}
	return disj(1, should...)
}

func numberPrefixes(n string) []query.Query {
	return []query.Query{prefix(FieldNumber, n+"-", 1), prefix(FieldNumber, n+"/", 1), term(FieldNumber, n, 1)}
}

func refPrefixes(n string) []query.Query {
	return []query.Query{prefix(FieldReferences, n+"-", 1), prefix(FieldReferences, n+"/", 1)}
}

// textClauses matches free text on the folded fields, on the exact fields
// too when the text has diacritics (so exact matches score about twice as
// much) and on the bigram fields (phrase ranking).
func textClauses(text string) []query.Query {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	var out []query.Query
	exact := HasDiacritics(text)
	words := len(strings.Fields(text))
	for _, f := range []struct {
		name  string
		boost float64
	}{{FieldSubject, boostSubject}, {FieldIssuer, boostIssuer}, {FieldText, boostText}} {
		out = append(out, match(f.name+suffixFolded, AnalyzerFolded, text, f.boost))
		if exact {
			out = append(out, match(f.name, AnalyzerExact, text, f.boost))
		}
		if words > 1 {
			out = append(out, match(f.name+suffixBigram, AnalyzerBigram, text, f.boost))
		}
	}
	return out
}

// abbreviationQuery matches the expansion as a phrase (folded) or the short
// form itself.
func abbreviationQuery(ab Abbreviation) query.Query {
	var qs []query.Query
	short := textnorm.FoldKey(ab.Short)
	for _, f := range []struct {
		name  string
		boost float64
	}{{FieldSubject, boostSubject}, {FieldIssuer, boostIssuer}, {FieldText, boostText}} {
		p := bleve.NewMatchPhraseQuery(ab.Expansion)
		p.SetField(f.name + suffixFolded)
		p.Analyzer = AnalyzerFolded
		p.SetBoost(f.boost)
		qs = append(qs, p, term(f.name+suffixFolded, short, f.boost*boostAbbrTerm))
	}
	return disj(1, qs...)
}

// build returns the full query: scoring part and filters.
func (q Query) build() query.Query {
	main := TextQuery(q.Text)
	var filters []query.Query
	if len(q.Types) > 0 {
		var ts []query.Query
		for _, t := range q.Types {
			ts = append(ts, term(FieldDocType, t, filterBoost))
		}
		filters = append(filters, disj(filterBoost, ts...))
	}
	if q.Year > 0 {
		filters = append(filters, term(FieldYear, fmt.Sprint(q.Year), filterBoost))
	}
	if s := strings.TrimSpace(q.Issuer); s != "" {
		p := bleve.NewMatchPhraseQuery(ExpandAbbreviations(s))
		p.SetField(FieldIssuer + suffixFolded)
		p.Analyzer = AnalyzerFolded
		p.SetBoost(filterBoost)
		filters = append(filters, p)
	}
	if q.From != "" || q.To != "" {
		var from, to time.Time
		if t, err := time.Parse("2006-01-02", q.From); err == nil {
			from = t
		}
		if t, err := time.Parse("2006-01-02", q.To); err == nil {
			to = t
		}
		yes := true
		r := bleve.NewDateRangeInclusiveQuery(from, to, &yes, &yes)
		r.SetField(FieldIssuedDate)
		r.SetBoost(filterBoost)
		filters = append(filters, r)
	}
	if q.OpenTasks != nil {
		b := bleve.NewBoolFieldQuery(*q.OpenTasks)
		b.SetField(FieldOpenTasks)
		b.SetBoost(filterBoost)
		filters = append(filters, b)
	}
	if q.Citing != "" {
		filters = append(filters, term(FieldReferences, NormalizeNumber(q.Citing), filterBoost))
	}
	if main == nil {
		if len(filters) == 0 {
			return bleve.NewMatchNoneQuery()
		}
		main = bleve.NewMatchAllQuery()
	}
	var out query.Query = main
	if len(filters) > 0 {
		out = conj(1, append([]query.Query{main}, filters...)...)
	}
	if len(q.Exclude) > 0 {
		b := bleve.NewBooleanQuery()
		b.AddMust(out)
		b.AddMustNot(bleve.NewDocIDQuery(q.Exclude))
		out = b
	}
	return out
}

// Search runs q.
func (x *Index) Search(q Query) (*Result, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	req := bleve.NewSearchRequestOptions(q.build(), limit, q.Offset, false)
	if q.SortDate {
		req.SortBy([]string{"-" + FieldIssuedDate, "-_score"})
	}
	if q.Highlight {
		req.Highlight = bleve.NewHighlightWithStyle("html")
		for _, f := range []string{FieldSubject, FieldIssuer, FieldText} {
			req.Highlight.AddField(f)
			req.Highlight.AddField(f + suffixFolded)
		}
	}
	if q.Facets {
		req.AddFacet(FieldDocType, bleve.NewFacetRequest(FieldDocType, 25))
		req.AddFacet(FieldYear, bleve.NewFacetRequest(FieldYear, 30))
		req.AddFacet("issuer", bleve.NewFacetRequest(FieldIssuerFacet, 15))
	}
	res, err := x.b.Search(req)
	if err != nil {
		return nil, fmt.Errorf("tìm kiếm: %w", err)
	}
	out := &Result{Total: res.Total, Hits: make([]Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, Hit{ID: h.ID, Score: h.Score, Highlights: mergeFragments(h.Fragments)})
	}
	if q.Facets {
		out.Facets = map[string][]FacetCount{}
		for name, fr := range res.Facets {
			list := []FacetCount{}
			if fr.Terms != nil {
				for _, t := range fr.Terms.Terms() {
					list = append(list, FacetCount{Term: t.Term, Count: t.Count})
				}
			}
			out.Facets[name] = list
		}
	}
	return out, nil
}

// mergeFragments keys fragments that mark a match by base field,
// preferring exact-field fragments over folded ones.
func mergeFragments(fr search.FieldFragmentMap) map[string][]string {
	if len(fr) == 0 {
		return nil
	}
	out := map[string][]string{}
	names := make([]string, 0, len(fr))
	for k := range fr {
		names = append(names, k)
	}
	sort.Strings(names) // "subject" sorts before "subject_f"
	for _, k := range names {
		b := baseField(k)
		if _, ok := out[b]; ok {
			continue
		}
		var marked []string
		for _, f := range fr[k] {
			if strings.Contains(f, "<mark>") {
				marked = append(marked, f)
			}
		}
		if len(marked) > 0 {
			out[b] = marked
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// mltStop are frequent Vietnamese function words left out of "more like
// this" term selection (they are still indexed).
var mltStop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`va cua cac cho voi trong la duoc co nhung mot nay do khi de tai theo ve tu
		nhu da se dang thi cung con ra vao len boi neu hay hoac tren duoi sau truoc nam ngay thang so`) {
		mltStop[w] = true
	}
}

// MoreLikeThis finds records similar to d (whose id is id): its subject and
// most frequent body words, the documents it cites and those citing it.
func (x *Index) MoreLikeThis(id string, d *document.Document, q Query) (*Result, error) {
	var should []query.Query
	if s := document.Val(d.Subject); s != "" {
		should = append(should, match(FieldSubject+suffixFolded, AnalyzerFolded, s, boostSubject))
	}
	counts := map[string]int{}
	for _, tok := range (syllableTokenizer{}).Tokenize([]byte(d.Text)) {
		w := FoldTerm(string(tok.Term))
		if len(w) < 2 || mltStop[w] || tok.Type == analysis.Numeric {
			continue
		}
		counts[w]++
	}
	words := make([]string, 0, len(counts))
	for w := range counts {
		words = append(words, w)
	}
	sort.Slice(words, func(i, j int) bool {
		if counts[words[i]] != counts[words[j]] {
			return counts[words[i]] > counts[words[j]]
		}
		return words[i] < words[j]
	})
	if len(words) > 30 {
		words = words[:30]
	}
	for _, w := range words {
		should = append(should, term(FieldText+suffixFolded, w, boostText))
	}
	if n := document.Val(d.Number); n != "" {
		should = append(should, term(FieldReferences, NormalizeNumber(n), boostReferences))
	}
	for _, r := range d.References {
		should = append(should, term(FieldNumber, NormalizeNumber(r.Number), boostReferences), term(FieldReferences, NormalizeNumber(r.Number), boostReferences/2))
	}
	if len(should) == 0 {
		return &Result{Hits: []Hit{}}, nil
	}
	q.Text = ""
	q.Exclude = append(q.Exclude, id)
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(disj(1, should...))
	b.AddMustNot(bleve.NewDocIDQuery(q.Exclude))
	req := bleve.NewSearchRequestOptions(b, limit, q.Offset, false)
	res, err := x.b.Search(req)
	if err != nil {
		return nil, fmt.Errorf("tìm văn bản tương tự: %w", err)
	}
	out := &Result{Total: res.Total, Hits: make([]Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, Hit{ID: h.ID, Score: h.Score})
	}
	return out, nil
}

func term(field, value string, boost float64) query.Query {
	t := bleve.NewTermQuery(value)
	t.SetField(field)
	t.SetBoost(boost)
	return t
}

func prefix(field, value string, boost float64) query.Query {
	p := bleve.NewPrefixQuery(value)
	p.SetField(field)
	p.SetBoost(boost)
	return p
}

func match(field, analyzer, text string, boost float64) query.Query {
	m := bleve.NewMatchQuery(text)
	m.SetField(field)
	m.Analyzer = analyzer
	m.SetBoost(boost)
	return m
}

func disj(boost float64, qs ...query.Query) query.Query {
	d := bleve.NewDisjunctionQuery(qs...)
	d.SetBoost(boost)
	return d
}

func conj(boost float64, qs ...query.Query) query.Query {
	c := bleve.NewConjunctionQuery(qs...)
	c.SetBoost(boost)
	return c
}
