package index

import (
	"context"
	"fmt"
	"math"
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
// first runs the narrower queries of textPlans and falls back to this one
// only when they find less than the requested page.
func TextQuery(q string) query.Query {
	p := Parse(q)
	should := append(numberClauses(p), abbreviationClauses(p, false)...)
	words := queryWords(p.Text)
	should = append(should, textClauses(p.Text, words, false)...)
	if len(words) > 0 {
		should = append(should, disj(1, terms(FieldText+suffixFolded, words, boostText)...))
	}
	if len(should) == 0 {
		return nil
	}
	return disj(1, should...)
}

// textPlans are the queries Search tries before TextQuery, narrowest
// first; the first that fills the requested page answers. With a document
// number in the query: records with that number or citing it. Otherwise:
// records whose subject or issuer holds every word of the free text
// ("title match"), then records holding every word anywhere. Each is
// ranked by the clauses of TextQuery (should; in the title plan without
// the ones a title match makes redundant). Scoring only the records that
// hold every word keeps the cost proportional to those matches instead of
// to the posting lists of the query's most frequent words, which at
// 100,000 records cover most of the archive (docs/search.md).
func textPlans(q string) []query.Query {
	p := Parse(q)
	words := queryWords(p.Text)
	plan := func(must query.Query, should ...query.Query) query.Query {
		b := bleve.NewBooleanQuery()
		b.AddMust(must)
		if len(should) > 0 {
			b.AddShould(should...)
		}
		return b
	}
	if nums := numberClauses(p); len(nums) > 0 {
		should := append(abbreviationClauses(p, false), textClauses(p.Text, words, false)...)
		if len(words) > 0 {
			should = append(should, disj(1, terms(FieldText+suffixFolded, words, boostText)...))
		}
		return []query.Query{plan(disj(1, nums...), should...)}
	}
	if len(words) == 0 {
		return nil
	}
	return []query.Query{
		plan(conj(1, terms(fieldHead, words, boostText)...),
			append(abbreviationClauses(p, true), textClauses(p.Text, words, true)...)...),
		plan(conj(1, terms(FieldText+suffixFolded, words, boostText)...),
			append(abbreviationClauses(p, false), textClauses(p.Text, words, false)...)...),
	}
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

func abbreviationClauses(p Parsed, title bool) []query.Query {
	var should []query.Query
	for _, ab := range p.Abbreviations {
		should = append(should, abbreviationQuery(ab, title))
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
// keep no positions, so adjacent pairs stand for the phrase; the body has
// no bigram field and matches all the words instead.
func phrase(base, text string, boost float64) query.Query {
	ws := analyzeFolded(text)
	switch {
	case len(ws) == 0:
		return bleve.NewMatchNoneQuery()
	case len(ws) == 1:
		return term(base+suffixFolded, ws[0], boost)
	case base == FieldText:
		return conj(1, terms(base+suffixFolded, queryWords(text), boost)...)
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
// twice as much) and syllable bigrams (phrase ranking). The body's folded
// words are scored by the caller. With title (every word is known to be in
// subject or issuer) fewer clauses do, as every clause costs a posting read
// per candidate: exact bigrams when the query has diacritics, else folded
// bigrams; a single word: its exact form.
func textClauses(text string, words []string, title bool) []query.Query {
	if len(words) == 0 {
		return nil
	}
	diacritics := HasDiacritics(text)
	var exact []string
	if diacritics {
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
	if title && len(bi) > 0 {
		// one flat disjunction: every clause costs an advance per candidate
		var leaves []query.Query
		if diacritics {
			xb := bigrams(analyzeExact(text))
			leaves = append(terms(FieldSubject+suffixExactBigram, xb, 2*boostSubject), terms(FieldIssuer+suffixExactBigram, xb, 2*boostIssuer)...)
		} else {
			leaves = append(terms(FieldSubject+suffixBigram, bi, boostSubject), terms(FieldIssuer+suffixBigram, bi, boostIssuer)...)
		}
		return []query.Query{disj(1, leaves...)}
	}
	var out []query.Query
	for _, f := range []struct {
		name  string
		boost float64
	}{{FieldSubject, boostSubject}, {FieldIssuer, boostIssuer}} {
		switch {
		case title && len(bi) > 0 && diacritics:
			out = append(out, disj(1, terms(f.name+suffixExactBigram, bigrams(analyzeExact(text)), 2*f.boost)...))
		case title && len(bi) > 0:
			out = append(out, disj(1, terms(f.name+suffixBigram, bi, f.boost)...))
		case title:
			if len(exact) > 0 {
				out = append(out, disj(1, terms(f.name, exact, f.boost)...))
			}
		default:
			out = append(out, disj(1, terms(f.name+suffixFolded, words, f.boost)...))
			if len(exact) > 0 {
				out = append(out, disj(1, terms(f.name, exact, f.boost)...))
			}
			if len(bi) > 0 {
				out = append(out, disj(1, terms(f.name+suffixBigram, bi, f.boost)...))
			}
		}
	}
	return out
}

// analyzeExact is the vi analyzer as a function.
func analyzeExact(text string) []string {
	var out []string
	for _, tok := range (syllableTokenizer{}).Tokenize([]byte(text)) {
		if w := NormalizeTerm(string(tok.Term)); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// abbreviationQuery matches the expansion as a phrase (folded) or the short
// form itself, on subject, issuer and (unless title) body.
func abbreviationQuery(ab Abbreviation, title bool) query.Query {
	var qs []query.Query
	short := textnorm.FoldKey(ab.Short)
	fields := []struct {
		name  string
		boost float64
	}{{FieldSubject, boostSubject}, {FieldIssuer, boostIssuer}, {FieldText, boostText}}
	if title {
		fields = fields[:2]
	}
	for _, f := range fields {
		qs = append(qs, phrase(f.name, ab.Expansion, f.boost), term(f.name+suffixFolded, short, f.boost*boostAbbrTerm))
	}
	return disj(1, qs...)
}

// dates returns the issued_date range of q (Unix ns, inclusive) and
// whether q has one. The range is applied by the collector from the
// segment tables (collect.go), not by the query: records without a date
// never match it.
func (q Query) dates() ([2]int64, bool) {
	if q.From == "" && q.To == "" {
		return [2]int64{}, false
	}
	r := [2]int64{noDate + 1, math.MaxInt64}
	if t, err := time.Parse("2006-01-02", q.From); err == nil {
		r[0] = t.UnixNano()
	}
	if t, err := time.Parse("2006-01-02", q.To); err == nil {
		r[1] = t.UnixNano()
	}
	return r, true
}

// build returns the full query: scoring part and filters (but the date
// range: see dates).
func (q Query) build(main query.Query) query.Query {
	var filters []query.Query
	if len(q.Types) > 0 {
		var ts []query.Query
		for _, t := range q.Types {
			ts = append(ts, term(FieldDocType, t, 1))
		}
		filters = append(filters, disj(1, ts...))
	}
	if q.Year > 0 {
		filters = append(filters, term(FieldYear, fmt.Sprint(q.Year), 1))
	}
	if s := strings.TrimSpace(q.Issuer); s != "" {
		filters = append(filters, phrase(FieldIssuer, ExpandAbbreviations(s), 1))
	}
	if q.OpenTasks != nil {
		b := bleve.NewBoolFieldQuery(*q.OpenTasks)
		b.SetField(FieldOpenTasks)
		filters = append(filters, b)
	}
	if q.Citing != "" {
		filters = append(filters, term(FieldReferences, NormalizeNumber(q.Citing), 1))
	}
	if q.MaxSecrecy != nil {
		if *q.MaxSecrecy < 0 {
			return bleve.NewMatchNoneQuery()
		}
		var ls []query.Query
		for l := 0; l <= min(*q.MaxSecrecy, 3); l++ {
			ls = append(ls, term(FieldSecrecy, strconv.Itoa(l), 1))
		}
		filters = append(filters, disj(1, ls...))
	}
	if main == nil {
		if _, ok := q.dates(); len(filters) == 0 && !ok {
			return bleve.NewMatchNoneQuery()
		}
		main = bleve.NewMatchAllQuery()
	}
	if len(filters) == 0 && len(q.Exclude) == 0 {
		return main
	}
	// filters restrict without scoring: the ranking of a search does not
	// change with them
	b := bleve.NewBooleanQuery()
	b.AddMust(main)
	if len(filters) > 0 {
		b.AddFilter(conj(1, filters...))
	}
	if len(q.Exclude) > 0 {
		b.AddMustNot(bleve.NewDocIDQuery(q.Exclude))
	}
	return b
}

// Search runs q: the plans of textPlans in turn ("title holds all words",
// "record holds all words"), then, when none fills the requested page, the
// "any word" query (TextQuery). Total counts the records of the plan that
// answered.
func (x *Index) Search(q Query) (*Result, error) {
	if q.Limit <= 0 {
		q.Limit = 10
	}
	for _, plan := range textPlans(q.Text) {
		res, err := x.run(q, plan)
		if err != nil || res.Total >= uint64(q.Offset+q.Limit) {
			return res, err
		}
	}
	return x.run(q, TextQuery(q.Text))
}

// run runs the scoring query main (nil: none) with q's filters: one pass
// over the matches gives the page, the total and the facets (collect.go).
func (x *Index) run(q Query, main query.Query) (*Result, error) {
	var fields []string
	if q.Highlight {
		fields = []string{FieldSubject, FieldIssuer, FieldText}
	}
	var dates *[2]int64
	if r, ok := q.dates(); ok {
		dates = &r
	}
	c, err := x.collect(context.Background(), q.build(main), q.Limit, q.Offset, q.SortDate, q.Facets, dates, fields)
	if err != nil {
		return nil, fmt.Errorf("tìm kiếm: %w", err)
	}
	var marks map[string]bool
	if q.Highlight {
		marks = markWords(q.Text)
	}
	out := &Result{Total: c.total, Hits: make([]Hit, 0, len(c.page)), Facets: c.facets}
	for i, cd := range c.page {
		hit := Hit{ID: c.ids[i], Score: cd.score}
		if q.Highlight {
			hit.Highlights = highlight(c.fields[i], marks)
		}
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

// mltWords is how many body words "more like this" looks for.
const mltWords = 25

// telling returns the body words that best tell what a record is about:
// frequent in it (counts), rare in the archive (tf × idf, as Lucene's
// MoreLikeThis). Words of no other record, and words of more than half of
// an archive of 50 records or more, are left out: they find nothing, or
// nearly everything at the cost of scoring it.
func (x *Index) telling(counts map[string]int) ([]string, error) {
	r, err := x.snapshot()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	total, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	weight := map[string]float64{}
	for w, n := range counts {
		tfr, err := r.TermFieldReader(context.Background(), []byte(w), FieldText+suffixFolded, false, false, false)
		if err != nil {
			return nil, err
		}
		df := tfr.Count()
		tfr.Close()
		if df <= 1 || total >= 50 && df > total/2 {
			continue
		}
		weight[w] = float64(n) * (1 + math.Log(float64(total)/float64(df+1)))
	}
	words := make([]string, 0, len(weight))
	for w := range weight {
		words = append(words, w)
	}
	sort.Slice(words, func(i, j int) bool {
		if weight[words[i]] != weight[words[j]] {
			return weight[words[i]] > weight[words[j]]
		}
		return words[i] < words[j]
	})
	return words[:min(len(words), mltWords)], nil
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
	if ws := analyzeFolded(document.Val(d.Subject)); len(ws) > 0 {
		// as a match query on subject_f: any of its words
		m := bleve.NewDisjunctionQuery(terms(FieldSubject+suffixFolded, ws, boostSubject)...)
		m.SetMin(1)
		should = append(should, m)
	}
	counts := map[string]int{}
	for _, tok := range (syllableTokenizer{}).Tokenize([]byte(d.Text)) {
		w := FoldTerm(string(tok.Term))
		if len(w) < 2 || mltStop[w] || tok.Type == analysis.Numeric {
			continue
		}
		counts[w]++
	}
	words, err := x.telling(counts)
	if err != nil {
		return nil, fmt.Errorf("tìm văn bản tương tự: %w", err)
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
	// q's filters apply as to any search (a reader never sees records
	// above their clearance among the similar ones)
	q.Text = ""
	q.Exclude = append(q.Exclude, id)
	if q.Limit <= 0 {
		q.Limit = 10
	}
	return x.run(q, disj(1, should...))
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
