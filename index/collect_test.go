package index

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"vanthu/internal/document"
	"vanthu/internal/testgen"
	"vanthu/internal/testgen/synth"
)

// bleveRun is the reference for collect: Bleve's own collector and facets.
func bleveRun(t *testing.T, x *Index, q Query) *Result {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q.build(TextQuery(q.Text)), q.Limit, q.Offset, false)
	if q.SortDate {
		req.SortBy([]string{"-" + FieldIssuedDate, "-_score"})
	}
	req.AddFacet(FieldDocType, bleve.NewFacetRequest(FieldDocType, 25))
	req.AddFacet(FieldYear, bleve.NewFacetRequest(FieldYear, 30))
	req.AddFacet("issuer", bleve.NewFacetRequest(FieldIssuerFacet, 15))
	req.AddFacet(FieldOpenTasks, bleve.NewFacetRequest(FieldOpenTasks, 2))
	res, err := x.b.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	out := &Result{Total: res.Total, Facets: map[string][]FacetCount{}}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, Hit{ID: h.ID, Score: h.Score})
	}
	for name, fr := range res.Facets {
		list := []FacetCount{}
		for _, tf := range fr.Terms.Terms() {
			term := tf.Term
			if name == FieldOpenTasks {
				term = map[string]string{"T": "yes", "F": "no"}[term]
			}
			list = append(list, FacetCount{Term: term, Count: tf.Count})
		}
		out.Facets[name] = list
	}
	return out
}

// openSynth opens an empty index (closed when the test ends) and a seeded
// source for composing its records.
func openSynth(t *testing.T, seed int64) (*Index, *rand.Rand) {
	t.Helper()
	x, err := Open(filepath.Join(t.TempDir(), "ix"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x, rand.New(rand.NewSource(seed))
}

// synthRecord composes a synthetic document and returns its record.
func synthRecord(t *testing.T, r *rand.Rand, id string, party bool, docType string) *document.Document {
	t.Helper()
	d := synth.Compose(id, r, party, docType)
	l, err := testgen.ParseLayout(d.Layout())
	if err != nil {
		t.Fatal(err)
	}
	return recordFromGold(d.Gold, l.Text())
}

// TestCollectMatchesBleve checks that the one-pass collector (single and
// split in two halves) returns exactly what Bleve's collector and facet
// builder return: hits in the same order with the same scores, totals,
// facets, sorting by date; over several segments with deleted records.
func TestCollectMatchesBleve(t *testing.T) {
	x, r := openSynth(t, 3)
	var subjects []string
	for b := 0; b < 4; b++ { // four batches: four segments at least
		var batch []Entry
		for i := 0; i < 60; i++ {
			id := fmt.Sprintf("d%d-%02d", b, i)
			rec := synthRecord(t, r, id, i%2 == 0, synth.Types[(b*60+i)%len(synth.Types)])
			if i%7 == 3 {
				rec.IssuedDate = nil // records without a date sort last
			}
			batch = append(batch, Entry{ID: id, Doc: rec, OpenTasks: i%3 == 0})
			if i%20 == 0 {
				subjects = append(subjects, document.Val(rec.Subject))
			}
		}
		if err := x.Put(batch...); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"d0-05", "d1-10", "d2-30", "d3-59"} {
		if err := x.Delete(id); err != nil {
			t.Fatal(err)
		}
	}
	queries := []Query{{Text: "kế hoạch"}, {Text: "dang vien"}, {Text: "UBND"}, {Text: "tổ chức", SortDate: true},
		{Types: []string{"cong_van"}}, {Text: "thực hiện", Offset: 10, Limit: 10}, {Text: "zzzz không có"}}
	for _, s := range subjects {
		queries = append(queries, Query{Text: s, Limit: 20}, Query{Text: FoldTerm(s), SortDate: true, Limit: 30})
	}
	defer func(v uint64) { parallelMin = v }(parallelMin)
	for _, split := range []uint64{1 << 62, 1} {
		parallelMin = split
		for i, q := range queries {
			withFacets := i%2 == 0 // without facets nor date sort, no table is read
			if q.Limit == 0 {
				q.Limit = 10
			}
			q.Facets = true
			want := bleveRun(t, x, q)
			c, err := x.collect(context.Background(), q.build(TextQuery(q.Text)), q.Limit, q.Offset, q.SortDate, withFacets, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if c.total != want.Total {
				t.Errorf("split=%v %+v: total %d, Bleve %d", split == 1, q, c.total, want.Total)
			}
			// A searcher started by Advance may add a record's clause
			// scores in another order: equal up to the last bits.
			same := len(c.page) == len(want.Hits)
			for i := 0; same && i < len(c.page); i++ {
				same = c.ids[i] == want.Hits[i].ID && math.Abs(c.page[i].score-want.Hits[i].Score) <= 1e-12*want.Hits[i].Score
			}
			if !same {
				t.Errorf("split=%v %+v:\n got %v %v\nwant %v", split == 1, q, c.ids, c.page, want.Hits)
			}
			if withFacets && !reflect.DeepEqual(c.facets, want.Facets) {
				t.Errorf("split=%v %+v: facets\n got %v\nwant %v", split == 1, q, c.facets, want.Facets)
			}
		}
	}
}

// TestCollectConcurrent searches with facets and date sort from several
// goroutines while records are added (new segments, new facet values),
// through Bleve's searchers and through exec.go:
// totals never go down and each facet sums to the total. Run with -race.
func TestCollectConcurrent(t *testing.T) {
	x, r := openSynth(t, 5)
	entries := func(from, n int) []Entry {
		var out []Entry
		for i := from; i < from+n; i++ {
			id := fmt.Sprintf("c%03d", i)
			out = append(out, Entry{ID: id, Doc: synthRecord(t, r, id, i%2 == 0, synth.Types[i%len(synth.Types)]), OpenTasks: i%2 == 0})
		}
		return out
	}
	if err := x.Put(entries(0, 40)...); err != nil {
		t.Fatal(err)
	}
	defer func(v uint64) { parallelMin = v }(parallelMin)
	parallelMin = 30 // split as well
	done := make(chan struct{})
	errs := make(chan error, 8)
	for g := 0; g < 6; g++ {
		go func(g int) {
			var last uint64
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				q := Query{Types: synth.Types, Facets: true, SortDate: g%2 == 0}
				var res *Result
				var err error
				if g%3 == 0 { // the "any word" query (run by exec.go)
					q.Text = "thực hiện"
					res, err = x.run(q, TextQuery(q.Text))
				} else {
					res, err = x.Search(q)
				}
				if err != nil {
					errs <- err
					return
				}
				if res.Total < last {
					errs <- fmt.Errorf("total went down: %d after %d", res.Total, last)
					return
				}
				last = res.Total
				for name, fs := range res.Facets {
					sum := 0
					for _, f := range fs {
						sum += f.Count
					}
					if name == FieldOpenTasks && uint64(sum) != res.Total {
						errs <- fmt.Errorf("facet %s sums to %d, total %d", name, sum, res.Total)
						return
					}
				}
			}
		}(g)
	}
	for b := 0; b < 5; b++ {
		if err := x.Put(entries(40+b*10, 10)...); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	for g := 0; g < 6; g++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	res, err := x.Search(Query{Types: synth.Types, Facets: true})
	if err != nil || res.Total != 90 {
		t.Fatalf("after the writes: %v, total %d, want 90", err, res.Total)
	}
}

// TestExecMatchesBleve checks that exec.go finds the same records with the
// same scores as Bleve's searchers for the plans Search builds: text plans
// and the "any word" query, with filters, over several segments with
// deleted records, ranking every match.
func TestExecMatchesBleve(t *testing.T) {
	x, r := openSynth(t, 7)
	var texts []string
	for b := 0; b < 3; b++ {
		var batch []Entry
		for i := 0; i < 70; i++ {
			id := fmt.Sprintf("e%d-%02d", b, i)
			rec := synthRecord(t, r, id, i%2 == 1, synth.Types[(b*70+i)%len(synth.Types)])
			batch = append(batch, Entry{ID: id, Doc: rec, OpenTasks: i%4 == 0})
			if i%14 == 0 {
				s := document.Val(rec.Subject)
				texts = append(texts, s, FoldTerm(s), document.Val(rec.Number), "UBND "+s)
				if n := document.Val(rec.Number); n != "" { // "<type> <number>": number prefixes
					digits := strings.FieldsFunc(n, func(r rune) bool { return r < '0' || r > '9' })
					texts = append(texts, document.DocTypeLabels[rec.DocType]+" "+digits[0], "so "+digits[0][:1])
				}
			}
		}
		if err := x.Put(batch...); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"e0-07", "e1-33", "e2-69"} {
		if err := x.Delete(id); err != nil {
			t.Fatal(err)
		}
	}
	texts = append(texts, "kế hoạch", "ke hoach", "Huyện uỷ", "BTV", "đảng viên mới", "zzzz không có", "chỉ thị 28")
	yes, top := true, 1
	filters := []Query{{}, {Types: []string{"cong_van", "ke_hoach"}}, {Year: 2023}, {Issuer: "Huyện ủy"},
		{OpenTasks: &yes}, {Citing: "28-CT/TW"}, {MaxSecrecy: &top}, {Exclude: []string{"e0-01", "e1-02", "e2-14"}},
		{From: "2024-01-01", To: "2024-12-31"}, {To: "2023-06-30", Types: []string{"cong_van"}}}
	defer func(v bool, m uint64) { useExec, parallelMin = v, m }(useExec, parallelMin)
	compiled := 0
	type run struct {
		f    Query
		main query.Query
	}
	var runs []run
	for i, text := range texts {
		f := filters[i%len(filters)]
		f.Text = text
		for _, main := range append(textPlans(text), TextQuery(text)) {
			runs = append(runs, run{f, main})
		}
	}
	for _, f := range filters[1:] { // filters only: every record but those filtered out
		runs = append(runs, run{f, nil})
	}
	for _, rn := range runs {
		f, text := rn.f, rn.f.Text
		{
			q := f.build(rn.main)
			if _, ok := compile(q); !ok {
				t.Errorf("%q %+v: not run by exec.go", text, f)
				continue
			}
			compiled++
			for _, split := range []uint64{1 << 62, 1} {
				parallelMin = split
				var got [2]*collected
				for j, exec := range []bool{true, false} {
					useExec = exec
					var dates *[2]int64
					if r, ok := f.dates(); ok {
						dates = &r
					}
					c, err := x.collect(context.Background(), q, 1000, 0, false, true, dates, nil)
					if err != nil {
						t.Fatal(err)
					}
					got[j] = c
				}
				// Records are compared by id (a background merge may renumber
				// them between the two runs) and scores up to the last bits:
				// Bleve adds the clauses of a record in an order that depends
				// on how its searchers advanced, so equal scores may differ
				// in the last bit and ties change places.
				e, b := got[0], got[1]
				same := e.total == b.total && len(e.ids) == len(b.ids) && reflect.DeepEqual(e.facets, b.facets)
				want := map[string]float64{}
				for k, id := range b.ids {
					want[id] = b.page[k].score
				}
				for k, id := range e.ids {
					w, ok := want[id]
					same = same && ok && math.Abs(e.page[k].score-w) <= 1e-12*w
				}
				if !same {
					t.Errorf("%q %+v split=%v: exec total %d %v %v, Bleve total %d %v %v", text, f, split == 1, e.total, e.ids, e.page, b.total, b.ids, b.page)
				}
			}
		}
	}
	if compiled != len(runs) {
		t.Errorf("only %d of the %d queries compared", compiled, len(runs))
	}
}

// TestFiltersDoNotScore checks that a filter only removes records: each
// record of a filtered search has the score it has without the filter, by
// exec.go and by Bleve's searchers alike. (Filters used to be low-boost
// clauses of a conjunction with the text query, where Bleve's boolean
// searcher, advanced by the conjunction, lost matching should clauses.)
func TestFiltersDoNotScore(t *testing.T) {
	defer func(v bool) { useExec = v }(useExec)
	x, r := openSynth(t, 11)
	var batch []Entry
	var texts []string
	for i := 0; i < 120; i++ {
		id := fmt.Sprintf("f%03d", i)
		rec := synthRecord(t, r, id, i%2 == 0, synth.Types[i%len(synth.Types)])
		batch = append(batch, Entry{ID: id, Doc: rec, OpenTasks: i%3 == 0})
		if i%15 == 0 {
			texts = append(texts, FoldTerm(document.Val(rec.Subject)), "so 2", "UBND "+document.Val(rec.Issuer.Name))
		}
	}
	if err := x.Put(batch...); err != nil {
		t.Fatal(err)
	}
	yes := true
	for i, text := range texts {
		useExec = i%2 == 0
		all, err := x.run(Query{Text: text, Limit: 1000}, TextQuery(text))
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]float64{}
		for _, h := range all.Hits {
			want[h.ID] = h.Score
		}
		for _, f := range []Query{{Types: []string{"cong_van", "ke_hoach"}}, {OpenTasks: &yes}, {Year: 2024}} {
			f.Text, f.Limit = text, 1000
			res, err := x.run(f, TextQuery(text))
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				if w, ok := want[h.ID]; !ok || math.Abs(h.Score-w) > 1e-12*w {
					t.Errorf("%q %+v: %s scores %v, %v without the filter", text, f, h.ID, h.Score, w)
				}
			}
		}
	}
}
