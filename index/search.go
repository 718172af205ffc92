package index

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
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
	// MaxSecrecy, when set, keeps only documents whose classification level
	// (document.Secrecy) is at most *MaxSecrecy: the viewer's clearance.
	// Negative: nothing. Results, totals and facets all obey it.
	MaxSecrecy *int
	Citing     string   // only records citing this document number
	Exclude    []string // record ids to leave out
	SortDate   bool     // newest first instead of relevance
	Limit      int      // default 10
	Offset     int
	Highlight  bool
	Facets     bool
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
// the string holds nothing searchable. Any clause may match (OR); Search
// first runs the narrower query of textPlan and falls back to this one only
// when that finds less than a page.
func TextQuery(q string) query.Query {
	p := Parse(q)
	should := append(numberClauses(p), abbreviationClauses(p)...)
	words := queryWords(p.Text)
	should = append(should, textClauses(p.Text, words)...)
	if len(words) > 0 {
		should = append(should, disj(1, terms(FieldText+suffixFolded, words, boostText)...))
	}
	if len(should) == 0 {
		return nil
	}
	return disj(1, should...)
}

// textPlan is the query Search tries first: records holding a number of the
// query (when it has one) or else every word of its free text somewhere in
// subject, issuer or body ("all words", must), ranked by the same clauses
// as TextQuery (should). Scoring only documents that hold every word keeps
// the cost proportional to the matches instead of to the posting lists of
// the query's most frequent words. nil when TextQuery is the plan.
func textPlan(q string) query.Query {
	p := Parse(q)
	words := queryWords(p.Text)
	nums := numberClauses(p)
	var must query.Query
	var should []query.Query
	switch {
	case len(nums) > 0:
		must = disj(1, nums...)
	case len(words) > 0:
		must = conj(1, terms(FieldText+suffixFolded, words, boostText)...)
	default:
		return nil
	}
	should = append(should, abbreviationClauses(p)...)
	should = append(should, textClauses(p.Text, words)...)
	if len(nums) > 0 && len(words) > 0 {
		should = append(should, disj(1, terms(FieldText+suffixFolded, words, boostText)...))
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(must)
	if len(should) > 0 {
		b.AddShould(should...)
	}
	return b
}

func numberClauses(p Parsed) []query.Query {
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
			cites = append(cites, conj(boostReferences/2, disj(1, refPrefixes(tn.Number)...), phrase(FieldText, label, 1)))
		}
		should = append(should, disj(1,
			conj(boostTypedNum, disj(1, prefixes...), term(FieldDocType, tn.DocType, 1)),
			disj(boostNumPrefix, prefixes...),
			disj(1, cites...)))
	}
	return should
}

func abbreviationClauses(p Parsed) []query.Query {
	var should []query.Query
	for _, ab := range p.Abbreviations {
		should = append(should, abbreviationQuery(ab))
	}
	return should
}

func numberPrefixes(n string) []query.Query {
	return []query.Query{prefix(FieldNumber, n+"-", 1), prefix(FieldNumber, n+"/", 1), term(FieldNumber, n, 1)}
}

func refPrefixes(n string) []query.Query {
	return []query.Query{prefix(FieldReferences, n+"-", 1), prefix(FieldReferences, n+"/", 1)}
}

// queryWords returns the distinct folded syllables of text, as the
// vi_folded analyzer indexes them.
func queryWords(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range analyzeFolded(text) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// analyzeFolded is the vi_folded analyzer as a function.
func analyzeFolded(text string) []string {
	var out []string
	for _, tok := range (syllableTokenizer{}).Tokenize([]byte(text)) {
		if w := textnorm.Fold(NormalizeTerm(string(tok.Term))); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// bigrams returns the distinct adjacent pairs of words (a folded syllable
// sequence), as the vi_bigram analyzer indexes them.
func bigrams(words []string) []string {
	var out []string
	seen := map[string]bool{}
	for i := 1; i < len(words); i++ {
		if b := words[i-1] + " " + words[i]; !seen[b] {
			seen[b] = true
			out = append(out, b)
		}
	}
	return out
}

// phrase matches text as a phrase on base's folded fields: all its
// syllable bigrams on the _bi field (a single word: the _f field). Fields
// keep no positions, so adjacent pairs stand for the phrase.
func phrase(base, text string, boost float64) query.Query {
	ws := analyzeFolded(text)
	switch len(ws) {
	case 0:
		return bleve.NewMatchNoneQuery()
	case 1:
		return term(base+suffixFolded, ws[0], boost)
	}
	return conj(1, terms(base+suffixBigram, bigrams(ws), boost)...)
}

func terms(field string, values []string, boost float64) []query.Query {
	out := make([]query.Query, 0, len(values))
	for _, v := range values {
		out = append(out, term(field, v, boost))
	}
	return out
}

// textClauses ranks free text: folded words on subject and issuer, exact
// words there too when they carry diacritics (so exact matches score about
// twice as much) and syllable bigrams on subject, issuer and body (phrase
// ranking). The body's folded words are scored by the caller.
func textClauses(text string, words []string) []query.Query {
	if len(words) == 0 {
		return nil
	}
	var exact []string
	if HasDiacritics(text) {
		seen := map[string]bool{}
		for _, tok := range (syllableTokenizer{}).Tokenize([]byte(text)) {
			w := NormalizeTerm(string(tok.Term))
			if w != "" && !seen[w] && textnorm.Fold(w) != w {
				seen[w] = true
				exact = append(exact, w)
			}
		}
	}
	bi := bigrams(analyzeFolded(text))
	var out []query.Query
	for _, f := range []struct {
		name  string
		boost float64
	}{{FieldSubject, boostSubject}, {FieldIssuer, boostIssuer}} {
		out = append(out, disj(1, terms(f.name+suffixFolded, words, f.boost)...))
		if len(exact) > 0 {
			out = append(out, disj(1, terms(f.name, exact, f.boost)...))
		}
		if len(bi) > 0 {
			out = append(out, disj(1, terms(f.name+suffixBigram, bi, f.boost)...))
		}
	}
	if len(bi) > 0 {
		out = append(out, disj(1, terms(FieldText+suffixBigram, bi, boostText)...))
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
		qs = append(qs, phrase(f.name, ab.Expansion, f.boost), term(f.name+suffixFolded, short, f.boost*boostAbbrTerm))
	}
	return disj(1, qs...)
}

// build returns the full query: scoring part and filters.
func (q Query) build(main query.Query) query.Query {
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
		filters = append(filters, phrase(FieldIssuer, ExpandAbbreviations(s), filterBoost))
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
	if q.MaxSecrecy != nil {
		if *q.MaxSecrecy < 0 {
			return bleve.NewMatchNoneQuery()
		}
		var ls []query.Query
		for l := 0; l <= min(*q.MaxSecrecy, 3); l++ {
			ls = append(ls, term(FieldSecrecy, strconv.Itoa(l), filterBoost))
		}
		filters = append(filters, disj(filterBoost, ls...))
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

// Search runs q: first the "all words" plan (textPlan), then, when that
// finds less than the requested page, the "any word" query (TextQuery).
func (x *Index) Search(q Query) (*Result, error) {
	if q.Limit <= 0 {
		q.Limit = 10
	}
	if plan := textPlan(q.Text); plan != nil {
		res, err := x.run(q, q.build(plan))
		if err != nil || res.Total >= uint64(q.Offset+q.Limit) {
			return res, err
		}
	}
	return x.run(q, q.build(TextQuery(q.Text)))
}

func (x *Index) run(q Query, main query.Query) (*Result, error) {
	req := bleve.NewSearchRequestOptions(main, q.Limit, q.Offset, false)
	if q.SortDate {
		req.SortBy([]string{"-" + FieldIssuedDate, "-_score"})
	}
	if q.Highlight {
		req.Fields = []string{FieldSubject, FieldIssuer, FieldText}
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
	var marks map[string]bool
	if q.Highlight {
		marks = markWords(q.Text)
	}
	out := &Result{Total: res.Total, Hits: make([]Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		hit := Hit{ID: h.ID, Score: h.Score}
		if q.Highlight {
			hit.Highlights = highlight(h.Fields, marks)
		}
		out.Hits = append(out.Hits, hit)
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
