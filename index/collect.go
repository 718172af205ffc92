package index

import (
	"container/heap"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// This file runs a query in one pass over its matches: top-k by score (or
// by date), the total and the facets together. Bleve's own collector reads
// the facet fields' doc values for every matching record (a chunk lookup,
// decompression and term split per record and field, about a quarter of a
// search's CPU) and, as facets need an unscored second search, visits the
// matches twice. Here the facet values and the date of every record are
// read once per segment into an in-memory table (segments are immutable),
// so counting a match is an array lookup. Large indexes are searched by two
// goroutines over two halves of the document numbers, each with its own
// searcher on the same snapshot (same statistics, hence the same scores),
// and the halves merged.

// facetFields are the fields counted by facets, in table order.
var facetFields = [...]string{FieldDocType, FieldYear, FieldIssuerFacet, FieldOpenTasks}

// facetSizes is how many values each facet returns.
var facetSizes = map[string]int{FieldDocType: 25, FieldYear: 30, FieldIssuerFacet: 15, FieldOpenTasks: 2}

// facetNames are the names facets have in Result.
var facetNames = [...]string{FieldDocType, FieldYear, "issuer", FieldOpenTasks}

// facetTerms renames indexed facet values: has_open_tasks is a Bleve
// boolean field ("T"/"F"), shown as the filter's values "yes"/"no".
var facetTerms = map[string]map[string]string{FieldOpenTasks: {"T": "yes", "F": "no"}}

// noDate marks a record without issued_date (sorted last by date).
const noDate = math.MinInt64

// docInfo is what the collector needs of one record besides its score.
type docInfo struct {
	facet [len(facetFields)]uint32 // value ids in facetDicts, 0: none
	date  int64                    // issued_date, Unix ns; noDate when absent
}

// facetDict maps facet values to small ids; id 0 is "no value".
type facetDict struct {
	mu   sync.RWMutex
	ids  map[string]uint32
	vals []string
}

func (d *facetDict) id(v string) uint32 {
	d.mu.RLock()
	id, ok := d.ids[v]
	d.mu.RUnlock()
	if ok {
		return id
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if id, ok := d.ids[v]; ok {
		return id
	}
	if d.ids == nil {
		d.ids, d.vals = map[string]uint32{}, []string{""}
	}
	id = uint32(len(d.vals))
	d.ids[v] = id
	d.vals = append(d.vals, v)
	return id
}

func (d *facetDict) value(id uint32) string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.vals[id]
}

// segTable is the docInfo of every document number of one segment.
type segTable struct {
	once sync.Once
	docs []docInfo
	err  error
}

// tables caches the segment tables of an index.
type tables struct {
	dicts [len(facetFields)]facetDict
	mu    sync.Mutex
	segs  map[any]*segTable // by segment (immutable, shared by snapshots)
}

// forSnapshot returns the tables of snap's segments (building the missing
// ones) and their first global document numbers; tables of segments no
// longer in snap are dropped.
func (t *tables) forSnapshot(snap *scorch.IndexSnapshot) ([]*segTable, []uint64, error) {
	segs := snap.Segments()
	out := make([]*segTable, len(segs))
	offsets := segmentOffsets(snap)
	t.mu.Lock()
	if t.segs == nil {
		t.segs = map[any]*segTable{}
	}
	live := make(map[any]bool, len(segs))
	for i, ss := range segs {
		key := any(ss.Segment())
		live[key] = true
		st := t.segs[key]
		if st == nil {
			st = &segTable{}
			t.segs[key] = st
		}
		out[i] = st
	}
	if len(t.segs) > 2*len(segs)+8 {
		for k := range t.segs {
			if !live[k] {
				delete(t.segs, k)
			}
		}
	}
	t.mu.Unlock()
	fields := append([]string{FieldIssuedDate}, facetFields[:]...)
	for i, st := range out {
		st.once.Do(func() { st.docs, st.err = t.build(snap, offsets[i], offsets[i+1], fields) })
		if st.err != nil {
			return nil, nil, st.err
		}
	}
	return out, offsets, nil
}

// segmentOffsets returns the first global document number of each of
// snap's segments, and the end of the last.
func segmentOffsets(snap *scorch.IndexSnapshot) []uint64 {
	segs := snap.Segments()
	offsets := make([]uint64, len(segs)+1)
	for i, ss := range segs {
		offsets[i+1] = offsets[i] + ss.Segment().Count()
	}
	return offsets
}

// build reads the doc values of global document numbers [from, to).
func (t *tables) build(snap *scorch.IndexSnapshot, from, to uint64, fields []string) ([]docInfo, error) {
	dvr, err := snap.DocValueReader(fields)
	if err != nil {
		return nil, err
	}
	docs := make([]docInfo, to-from)
	id := make([]byte, 8)
	for n := from; n < to; n++ {
		d := &docs[n-from]
		d.date = noDate
		binary.BigEndian.PutUint64(id, n)
		err := dvr.VisitDocValues(id, func(field string, term []byte) {
			if field == FieldIssuedDate {
				pc := numeric.PrefixCoded(term)
				if shift, err := pc.Shift(); err == nil && shift == 0 {
					if v, err := pc.Int64(); err == nil {
						d.date = v
					}
				}
				return
			}
			for k, f := range facetFields {
				if f == field && d.facet[k] == 0 {
					d.facet[k] = t.dicts[k].id(string(term))
				}
			}
		})
		if err != nil {
			return nil, fmt.Errorf("doc values %d: %w", n, err)
		}
	}
	return docs, nil
}

// cand is a matching record: global document number, score and date.
type cand struct {
	num   uint64
	score float64
	date  int64
}

// better reports whether a ranks before b: by score, or by date then score
// when byDate; ties by document number, as Bleve's collector does.
func better(a, b cand, byDate bool) bool {
	if byDate && a.date != b.date {
		return a.date > b.date
	}
	if a.score != b.score {
		return a.score > b.score
	}
	return a.num < b.num
}

// topK keeps the k best candidates; the root is the worst of them.
type topK struct {
	c      []cand
	byDate bool
}

func (h *topK) Len() int           { return len(h.c) }
func (h *topK) Less(i, j int) bool { return better(h.c[j], h.c[i], h.byDate) }
func (h *topK) Swap(i, j int)      { h.c[i], h.c[j] = h.c[j], h.c[i] }
func (h *topK) Push(x any)         { h.c = append(h.c, x.(cand)) }
func (h *topK) Pop() any {
	x := h.c[len(h.c)-1]
	h.c = h.c[:len(h.c)-1]
	return x
}

func (h *topK) offer(c cand, k int) {
	switch {
	case k <= 0:
	case len(h.c) < k:
		heap.Push(h, c)
	case better(c, h.c[0], h.byDate):
		h.c[0] = c
		heap.Fix(h, 0)
	}
}

// partial is what one goroutine collected.
type partial struct {
	dates  *[2]int64 // collect's date range, nil for none
	total  uint64
	top    topK
	counts [len(facetFields)][]int // by value id
	err    error
}

// collected is the outcome of collect: the requested page, in order.
type collected struct {
	total  uint64
	page   []cand
	ids    []string
	fields []map[string]interface{} // stored fields of the page, when asked
	facets map[string][]FacetCount
}

// parallelMin is the size of index from which collect splits the work
// between two goroutines (below it a second searcher costs more than it
// saves).
var parallelMin uint64 = 20000

// useExec runs the queries compile accepts with exec.go instead of Bleve's
// searchers (tests and benchmarks compare both).
var useExec = true

// snapshot returns the index's current snapshot (every record Put so far);
// the caller closes it.
func (x *Index) snapshot() (*scorch.IndexSnapshot, error) {
	x.settle()
	ii, err := x.b.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := ii.Reader()
	if err != nil {
		return nil, err
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return nil, fmt.Errorf("unexpected index reader %T", r)
	}
	return snap, nil
}

// collect runs q and returns the page [from, from+size) in rank order, the
// total and, when facets, the facet counts over every match. dates, when
// not nil, keeps the matches issued within it (Unix ns, inclusive).
// fields names stored text fields to load for each hit of the page.
func (x *Index) collect(ctx context.Context, q query.Query, size, from int, byDate, facets bool, dates *[2]int64, fields []string) (*collected, error) {
	snap, err := x.snapshot()
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	var segs []*segTable
	var offsets []uint64
	if facets || byDate || dates != nil {
		if segs, offsets, err = x.tables.forSnapshot(snap); err != nil {
			return nil, err
		}
	} else {
		offsets = segmentOffsets(snap)
	}
	end := offsets[len(offsets)-1]
	k := from + size
	ranges := [][2]uint64{{0, end}}
	if end >= parallelMin && runtime.GOMAXPROCS(0) > 1 {
		ranges = [][2]uint64{{0, end / 2}, {end / 2, end}}
	}
	plan, ok := compile(q)
	if ok && useExec {
		if err := plan.prepare(snap); err != nil {
			return nil, err
		}
	} else {
		plan = nil
	}
	parts := make([]*partial, len(ranges))
	var wg sync.WaitGroup
	for i, rg := range ranges {
		p := &partial{top: topK{byDate: byDate}, dates: dates}
		parts[i] = p
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if v := recover(); v != nil {
					p.err = fmt.Errorf("search panic: %v", v)
				}
			}()
			if plan != nil {
				p.err = x.execute(ctx, plan, snap, segs, offsets, rg, k, facets, p)
			} else {
				p.err = x.scan(ctx, q, snap, segs, offsets, rg, k, facets, p)
			}
		}()
	}
	wg.Wait()
	out := &collected{}
	all := topK{byDate: byDate}
	var counts [len(facetFields)][]int
	for _, p := range parts {
		if p.err != nil {
			return nil, p.err
		}
		out.total += p.total
		for _, c := range p.top.c {
			all.offer(c, k)
		}
		for f := range counts {
			if len(p.counts[f]) > len(counts[f]) {
				counts[f] = append(counts[f], make([]int, len(p.counts[f])-len(counts[f]))...)
			}
			for id, n := range p.counts[f] {
				counts[f][id] += n
			}
		}
	}
	sort.Slice(all.c, func(i, j int) bool { return better(all.c[i], all.c[j], byDate) })
	if from < len(all.c) {
		out.page = all.c[from:]
	}
	id := make([]byte, 8)
	for _, c := range out.page {
		binary.BigEndian.PutUint64(id, c.num)
		ext, err := snap.ExternalID(bindex.IndexInternalID(id))
		if err != nil {
			return nil, err
		}
		out.ids = append(out.ids, ext)
		if len(fields) > 0 {
			m, err := storedText(snap, ext, fields)
			if err != nil {
				return nil, err
			}
			out.fields = append(out.fields, m)
		}
	}
	if facets {
		out.facets = map[string][]FacetCount{}
		for f, field := range facetFields {
			list := []FacetCount{}
			for id, n := range counts[f] {
				if id > 0 && n > 0 {
					term := x.tables.dicts[f].value(uint32(id))
					if t, ok := facetTerms[field][term]; ok {
						term = t
					}
					list = append(list, FacetCount{Term: term, Count: n})
				}
			}
			sort.Slice(list, func(i, j int) bool {
				if list[i].Count != list[j].Count {
					return list[i].Count > list[j].Count
				}
				return list[i].Term < list[j].Term
			})
			if n := facetSizes[field]; len(list) > n {
				list = list[:n]
			}
			out.facets[facetNames[f]] = list
		}
	}
	return out, nil
}

// initCounts sizes the facet counters (when facets) to the known values.
func (p *partial) initCounts(x *Index, facets bool) {
	if !facets {
		return
	}
	for f := range p.counts {
		x.tables.dicts[f].mu.RLock()
		p.counts[f] = make([]int, len(x.tables.dicts[f].vals))
		x.tables.dicts[f].mu.RUnlock()
	}
}

// add collects the match num (a global document number) scored score;
// info is its table row, nil when no table was read.
func (p *partial) add(num uint64, score float64, info *docInfo, k int, facets bool) {
	if p.dates != nil && (info.date < p.dates[0] || info.date > p.dates[1]) {
		return
	}
	p.total++
	if info == nil {
		p.top.offer(cand{num: num, score: score}, k)
		return
	}
	p.top.offer(cand{num: num, score: score, date: info.date}, k)
	if facets {
		for f, v := range info.facet {
			if int(v) >= len(p.counts[f]) {
				p.counts[f] = append(p.counts[f], make([]int, int(v)+1-len(p.counts[f]))...)
			}
			p.counts[f][v]++
		}
	}
}

// scan collects the matches of q whose global document numbers lie in rg.
func (x *Index) scan(ctx context.Context, q query.Query, snap *scorch.IndexSnapshot, segs []*segTable,
	offsets []uint64, rg [2]uint64, k int, facets bool, p *partial) error {
	s, err := q.Searcher(ctx, snap, x.b.Mapping(), search.SearcherOptions{})
	if err != nil {
		return err
	}
	defer s.Close()
	sctx := &search.SearchContext{
		DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0),
		IndexReader:       snap,
	}
	p.initCounts(x, facets)
	var dm *search.DocumentMatch
	if rg[0] > 0 {
		id := make([]byte, 8)
		binary.BigEndian.PutUint64(id, rg[0])
		dm, err = s.Advance(sctx, bindex.IndexInternalID(id))
	} else {
		dm, err = s.Next(sctx)
	}
	seg := 0
	for n := 0; err == nil && dm != nil; n++ {
		if n&1023 == 1023 && ctx.Err() != nil {
			return ctx.Err()
		}
		num := binary.BigEndian.Uint64(dm.IndexInternalID)
		if num >= rg[1] {
			sctx.DocumentMatchPool.Put(dm)
			break
		}
		var info *docInfo
		if segs != nil {
			for num >= offsets[seg+1] {
				seg++
			}
			info = &segs[seg].docs[num-offsets[seg]]
		}
		p.add(num, dm.Score, info, k, facets)
		sctx.DocumentMatchPool.Put(dm)
		dm, err = s.Next(sctx)
	}
	return err
}

// storedText returns the stored text fields of record id among fields.
func storedText(snap *scorch.IndexSnapshot, id string, fields []string) (map[string]interface{}, error) {
	doc, err := snap.Document(id)
	if err != nil || doc == nil {
		return nil, err
	}
	m := map[string]interface{}{}
	doc.VisitFields(func(f bindex.Field) {
		tf, ok := f.(bindex.TextField)
		if !ok {
			return
		}
		for _, name := range fields {
			if f.Name() == name {
				m[name] = tf.Text()
			}
		}
	})
	return m, nil
}
