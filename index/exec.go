package index

import (
	"context"
	"math"
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// This file runs the query shapes Search builds (terms combined by
// conjunctions, disjunctions and boolean queries) without Bleve's searcher
// tree. Bleve visits the matches one record at a time through a tree of
// searchers, allocating and comparing a DocumentMatch per clause per
// record (about 4 µs per match of a text plan at 100,000 records). Here,
// segment by segment, the matching records are first found with bitmap
// operations on the posting lists, then each term's postings are read for
// those records only and the scores combined per node over arrays. The
// scores are Bleve's own (TF-IDF, query norm, coordination of
// disjunctions; TestExecMatchesBleve): term score sqrt(freq) × norm × idf ×
// boost × idf × queryNorm, conjunctions sum, disjunctions sum × matched /
// clauses; match all and document ids score a constant; a prefix is the
// disjunction of the dictionary's terms that start with it. Other query
// types are left to Bleve (compile reports false); Search builds none.

// opKind is the kind of a query node.
type opKind uint8

const (
	opNone opKind = iota // matches nothing
	opTerm
	opConj
	opDisj
	opBool
	opAll    // every record, constant score
	opIDs    // the records named by ids, constant score
	opPrefix // terms starting with term: becomes opTerm or opDisj in lookup
)

// qnode is a compiled query node.
type qnode struct {
	op    opKind
	field string
	term  []byte
	ids   []string // opIDs
	boost float64
	idf   float64
	qw    float64 // term: boost × idf × query norm
	count uint64  // Bleve's Searcher.Count: postings of a term, summed above
	kids  []*qnode
	min   int // disjunction: least matching clauses
	// boolean parts; nil when absent. filter restricts without scoring.
	must, should, not, filter *qnode
	pls                       []segment.PostingsList // term: by snapshot segment
}

// compile returns the executable tree of q, or false when q holds a query
// the executor does not run. It mirrors the searchers Bleve's queries
// build, including their shortcuts (a boolean query with only a must part
// is its must part, MatchNone parts of a boolean query are dropped).
func compile(q query.Query) (*qnode, bool) {
	switch q := q.(type) {
	case *query.TermQuery:
		if q.FieldVal == "" {
			return nil, false
		}
		return &qnode{op: opTerm, field: q.FieldVal, term: []byte(q.Term), boost: q.BoostVal.Value()}, true
	case *query.BoolFieldQuery:
		if q.FieldVal == "" {
			return nil, false
		}
		t := "F"
		if q.Bool {
			t = "T"
		}
		return &qnode{op: opTerm, field: q.FieldVal, term: []byte(t), boost: q.BoostVal.Value()}, true
	case *query.MatchNoneQuery:
		return &qnode{op: opNone}, true
	case *query.PrefixQuery:
		if q.FieldVal == "" {
			return nil, false
		}
		return &qnode{op: opPrefix, field: q.FieldVal, term: []byte(q.Prefix), boost: q.BoostVal.Value()}, true
	case *query.MatchAllQuery:
		return &qnode{op: opAll, boost: q.BoostVal.Value()}, true
	case *query.DocIDQuery:
		return &qnode{op: opIDs, ids: q.IDs, boost: q.BoostVal.Value()}, true
	case *query.ConjunctionQuery:
		return compileList(opConj, q.Conjuncts, 0)
	case *query.DisjunctionQuery:
		if q.Min > 1 {
			return nil, false
		}
		return compileList(opDisj, q.Disjuncts, int(q.Min))
	case *query.BooleanQuery:
		n := &qnode{op: opBool}
		for _, part := range []struct {
			q   query.Query
			dst **qnode
		}{{q.Must, &n.must}, {q.Should, &n.should}, {q.MustNot, &n.not}, {q.Filter, &n.filter}} {
			if part.q == nil {
				continue
			}
			k, ok := compile(part.q)
			if !ok {
				return nil, false
			}
			if k.op != opNone || part.dst == &n.filter {
				*part.dst = k
			}
		}
		if n.filter != nil { // Bleve: a filtering searcher over the rest
			if n.must == nil && n.should == nil { // over match all
				n.must = &qnode{op: opAll, boost: 1}
			}
			return n, true
		}
		switch {
		case n.must == nil && n.should == nil && n.not == nil:
			return &qnode{op: opNone}, true
		case n.must == nil && n.should == nil: // Bleve: match all but these
			n.must = &qnode{op: opAll, boost: 1}
		case n.should == nil && n.not == nil:
			return n.must, true
		case n.must == nil && n.not == nil:
			return n.should, true
		}
		return n, true
	}
	return nil, false
}

func compileList(op opKind, qs []query.Query, min int) (*qnode, bool) {
	if len(qs) == 0 {
		return &qnode{op: opNone}, true
	}
	n := &qnode{op: op, min: min}
	for _, c := range qs {
		k, ok := compile(c)
		if !ok {
			return nil, false
		}
		n.kids = append(n.kids, k)
	}
	return n, true
}

// prepare looks up the posting lists of every term in snap's segments and
// computes the statistics scoring needs: idf, counts, the conjunctions'
// clause order (Bleve's: fewest postings first) and the query norm.
func (n *qnode) prepare(snap *scorch.IndexSnapshot) error {
	docTotal, err := snap.DocCount()
	if err != nil {
		return err
	}
	dicts := map[string][]segment.TermDictionary{}
	if err := n.lookup(snap, docTotal, dicts); err != nil {
		return err
	}
	if n.op == opTerm || n.op == opAll || n.op == opIDs { // a lone searcher keeps query weight 1
		n.qw = 1
		return nil
	}
	n.setNorm(1 / math.Sqrt(n.weight()))
	return nil
}

func (n *qnode) lookup(snap *scorch.IndexSnapshot, docTotal uint64, dicts map[string][]segment.TermDictionary) error {
	switch n.op {
	case opNone:
		n.count = 0
		return nil
	case opAll:
		n.count = docTotal
		return nil
	case opIDs:
		n.count = uint64(len(n.ids))
		return nil
	case opPrefix:
		// as Bleve's NewTermPrefixSearcher: the dictionary's terms with
		// the prefix, each a term clause of a disjunction; none, or only
		// the prefix itself: a term query on the prefix
		d, err := snap.FieldDictPrefix(n.field, n.term)
		if err != nil {
			return err
		}
		var kids []*qnode
		for e, err := d.Next(); e != nil; e, err = d.Next() {
			if err != nil {
				d.Close()
				return err
			}
			kids = append(kids, &qnode{op: opTerm, field: n.field, term: []byte(e.Term), boost: n.boost})
		}
		if err := d.Close(); err != nil {
			return err
		}
		if len(kids) == 0 || len(kids) == 1 && string(kids[0].term) == string(n.term) {
			n.op = opTerm
		} else {
			n.op, n.kids = opDisj, kids
		}
		return n.lookup(snap, docTotal, dicts)
	case opTerm:
		segs := snap.Segments()
		ds := dicts[n.field]
		if ds == nil {
			ds = make([]segment.TermDictionary, len(segs))
			for i, ss := range segs {
				d, err := ss.Segment().Dictionary(n.field)
				if err != nil {
					return err
				}
				ds[i] = d
			}
			dicts[n.field] = ds
		}
		n.pls = make([]segment.PostingsList, len(segs))
		n.count = 0
		for i, ss := range segs {
			pl, err := ds[i].PostingsList(n.term, ss.Deleted(), nil)
			if err != nil {
				return err
			}
			n.pls[i] = pl
			n.count += pl.Count()
		}
		n.idf = 1.0 + math.Log(float64(docTotal)/float64(n.count+1))
		return nil
	case opBool:
		n.count = 0
		for _, k := range n.boolParts() {
			if k != nil {
				if err := k.lookup(snap, docTotal, dicts); err != nil {
					return err
				}
			}
		}
		if n.must != nil {
			n.count += n.must.count
		}
		if n.should != nil {
			n.count += n.should.count
		}
		return nil
	}
	n.count = 0
	for _, k := range n.kids {
		if err := k.lookup(snap, docTotal, dicts); err != nil {
			return err
		}
		n.count += k.count
	}
	if n.op == opConj {
		sort.Sort(byCount(n.kids))
	}
	return nil
}

// boolParts returns a boolean node's must, should, must-not and filter
// parts (nil where absent).
func (n *qnode) boolParts() [4]*qnode { return [4]*qnode{n.must, n.should, n.not, n.filter} }

// byCount orders conjunction clauses as Bleve's OrderedSearcherList does.
type byCount []*qnode

func (b byCount) Len() int           { return len(b) }
func (b byCount) Less(i, j int) bool { return b[i].count < b[j].count }
func (b byCount) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

// weight is Bleve's Searcher.Weight: the sum of squared term weights.
func (n *qnode) weight() float64 {
	switch n.op {
	case opTerm:
		w := n.boost * n.idf
		return w * w
	case opAll, opIDs:
		return n.boost * n.boost
	case opBool:
		var w float64
		if n.must != nil {
			w += n.must.weight()
		}
		if n.should != nil {
			w += n.should.weight()
		}
		return w
	}
	var w float64
	for _, k := range n.kids {
		w += k.weight()
	}
	return w
}

func (n *qnode) setNorm(qnorm float64) {
	switch n.op {
	case opTerm:
		n.qw = n.boost * n.idf * qnorm
	case opAll, opIDs:
		n.qw = n.boost * qnorm
	case opBool:
		for _, k := range []*qnode{n.must, n.should, n.not} {
			if k != nil {
				k.setNorm(qnorm)
			}
		}
	default:
		for _, k := range n.kids {
			k.setNorm(qnorm)
		}
	}
}

// segRun runs a prepared tree over one segment.
type segRun struct {
	seg  int
	ss   *scorch.SegmentSnapshot
	its  map[*qnode]segment.PostingsIterator
	bms  map[*qnode]*roaring.Bitmap // term postings (live records)
	free []*vec
	n    int
	err  error // of match
}

// vec holds a node's score and match flag for each candidate record.
type vec struct {
	score []float64
	ok    []bool
}

func (r *segRun) get() *vec {
	if k := len(r.free); k > 0 {
		v := r.free[k-1]
		r.free = r.free[:k-1]
		clear(v.ok)
		return v
	}
	return &vec{score: make([]float64, r.n), ok: make([]bool, r.n)}
}

func (r *segRun) put(v *vec) { r.free = append(r.free, v) }

// postings returns the live postings of term node n in the segment.
func (r *segRun) postings(n *qnode) *roaring.Bitmap {
	if bm, ok := r.bms[n]; ok {
		return bm
	}
	it := n.pls[r.seg].Iterator(true, true, false, nil)
	r.its[n] = it
	var bm *roaring.Bitmap
	if o, ok := it.(segment.OptimizablePostingsIterator); ok {
		bm = o.ActualBitmap()
	}
	if bm == nil {
		bm = roaring.New()
		if h, ok := it.(interface{ DocNum1Hit() (uint64, bool) }); ok {
			if d, ok := h.DocNum1Hit(); ok {
				bm.Add(uint32(d))
			}
		}
	}
	r.bms[n] = bm
	return bm
}

// match returns the records of scope that n matches (never scope itself
// modified; the result may be shared and must not be modified).
func (r *segRun) match(n *qnode, scope *roaring.Bitmap) *roaring.Bitmap {
	switch n.op {
	case opNone:
		return roaring.New()
	case opTerm:
		return roaring.And(r.postings(n), scope)
	case opAll:
		if del := r.ss.Deleted(); del != nil {
			return roaring.AndNot(scope, del)
		}
		return scope
	case opIDs:
		bm, err := r.ss.Segment().DocNumbers(n.ids)
		if err != nil {
			r.err = err
			return roaring.New()
		}
		bm.And(scope)
		if del := r.ss.Deleted(); del != nil {
			bm.AndNot(del)
		}
		return bm
	case opConj:
		cur := scope
		for _, k := range n.kids {
			if cur = r.match(k, cur); cur.IsEmpty() {
				break
			}
		}
		return cur
	case opDisj:
		bms := make([]*roaring.Bitmap, 0, len(n.kids))
		for _, k := range n.kids {
			bms = append(bms, r.match(k, scope))
		}
		return roaring.FastOr(bms...)
	}
	if n.filter != nil {
		scope = r.match(n.filter, scope)
	}
	m := scope
	if n.must != nil {
		m = r.match(n.must, scope)
	}
	if n.should != nil && (n.must == nil || n.should.min > 0) {
		m = r.match(n.should, m)
	}
	if n.not != nil && !m.IsEmpty() {
		m = roaring.AndNot(m, r.match(n.not, m))
	}
	return m
}

// eval scores n at the candidate records docs (sorted; cands holds the
// same records as a bitmap).
func (r *segRun) eval(n *qnode, docs []uint32, cands *roaring.Bitmap) (*vec, error) {
	v := r.get()
	switch n.op {
	case opNone:
	case opAll, opIDs:
		// Bleve's ConstantScorer: 1 × query weight. Every candidate is a
		// live record (match all holds); ids are matched again.
		m := cands
		if n.op == opIDs {
			m = r.match(n, cands)
		}
		for p, d := range docs {
			if n.op == opAll || m.Contains(d) {
				v.score[p], v.ok[p] = n.qw, true
			}
		}
	case opTerm:
		bm := r.postings(n)
		it := r.its[n]
		if o, ok := it.(segment.OptimizablePostingsIterator); ok && o.ActualBitmap() != nil {
			o.ReplaceActual(roaring.And(bm, cands))
		}
		p := 0
		for {
			post, err := it.Next()
			if err != nil {
				return nil, err
			}
			if post == nil {
				break
			}
			d := uint32(post.Number())
			for p < len(docs) && docs[p] < d {
				p++
			}
			if p == len(docs) {
				break
			}
			if docs[p] != d {
				continue
			}
			v.score[p] = termScore(n, post)
			v.ok[p] = true
		}
	case opConj:
		for i, k := range n.kids {
			kv, err := r.eval(k, docs, cands)
			if err != nil {
				return nil, err
			}
			if i == 0 {
				v, kv = kv, v
			} else {
				for p := range v.ok {
					if v.ok[p] && kv.ok[p] {
						v.score[p] += kv.score[p]
					} else {
						v.ok[p] = false
					}
				}
			}
			r.put(kv)
		}
	case opDisj:
		cnt := make([]int32, len(docs))
		clear(v.score)
		for _, k := range n.kids {
			kv, err := r.eval(k, docs, cands)
			if err != nil {
				return nil, err
			}
			for p, ok := range kv.ok {
				if ok {
					v.score[p] += kv.score[p]
					cnt[p]++
				}
			}
			r.put(kv)
		}
		least := int32(max(n.min, 1))
		total := float64(len(n.kids))
		for p, c := range cnt {
			if c >= least {
				v.score[p] *= float64(c) / total
				v.ok[p] = true
			}
		}
	case opBool:
		var parts [4]*vec // of n.boolParts, nil where absent
		for i, k := range n.boolParts() {
			if k != nil {
				kv, err := r.eval(k, docs, cands)
				if err != nil {
					return nil, err
				}
				parts[i] = kv
			}
		}
		mv, sv, nv, fv := parts[0], parts[1], parts[2], parts[3]
		for p := range v.ok {
			switch {
			case nv != nil && nv.ok[p], fv != nil && !fv.ok[p]:
			case mv == nil:
				v.ok[p], v.score[p] = sv.ok[p], sv.score[p]
			case !mv.ok[p]:
			case sv != nil && sv.ok[p]:
				v.ok[p], v.score[p] = true, mv.score[p]+sv.score[p]
			case n.should == nil || n.should.min == 0:
				v.ok[p], v.score[p] = true, mv.score[p]
			}
		}
		for _, x := range parts {
			if x != nil {
				r.put(x)
			}
		}
	}
	return v, nil
}

// termScore is Bleve's TermQueryScorer score (TF-IDF model).
func termScore(n *qnode, post segment.Posting) float64 {
	tf := math.Sqrt(float64(post.Frequency()))
	s := tf * post.Norm() * n.idf
	if n.qw != 1.0 {
		s *= n.qw
	}
	return s
}

// execute collects the matches of the prepared tree n whose global
// document numbers lie in rg.
func (x *Index) execute(ctx context.Context, n *qnode, snap *scorch.IndexSnapshot, segs []*segTable,
	offsets []uint64, rg [2]uint64, k int, facets bool, p *partial) error {
	p.initCounts(x, facets)
	for i, ss := range snap.Segments() {
		lo, hi := max(rg[0], offsets[i]), min(rg[1], offsets[i+1])
		if lo >= hi {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		scope := roaring.New()
		scope.AddRange(lo-offsets[i], hi-offsets[i])
		r := &segRun{seg: i, ss: ss, its: map[*qnode]segment.PostingsIterator{}, bms: map[*qnode]*roaring.Bitmap{}}
		cands := r.match(n, scope)
		if r.err != nil {
			return r.err
		}
		if cands.IsEmpty() {
			continue
		}
		docs := cands.ToArray()
		r.n = len(docs)
		v, err := r.eval(n, docs, cands)
		if err != nil {
			return err
		}
		var table []docInfo
		if segs != nil {
			table = segs[i].docs
		}
		for j, d := range docs {
			if !v.ok[j] {
				continue
			}
			var info *docInfo
			if table != nil {
				info = &table[d]
			}
			p.add(offsets[i]+uint64(d), v.score[j], info, k, facets)
		}
	}
	return nil
}
