package archive

import (
	"container/list"
	"encoding/json"
	"sync"

	"vanthu/index"
)

// lru is a small least-recently-used cache whose entries are valid for one
// archive version: any change to the archive (a.changed) empties it.
type lru struct {
	mu      sync.Mutex
	cap     int
	version int64
	ll      *list.List
	m       map[string]*list.Element
}

type lruEntry struct {
	key string
	val any
}

func newLRU(n int) *lru { return &lru{cap: n, ll: list.New(), m: map[string]*list.Element{}} }

func (c *lru) get(version int64, key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return nil, false
	}
	e, ok := c.m[key]
	if !ok {
		return nil, false
	}
	c.ll.MoveToFront(e)
	return e.Value.(*lruEntry).val, true
}

func (c *lru) put(version int64, key string, val any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version < c.version {
		return // computed before a change: stale
	}
	if version != c.version {
		c.version, c.ll, c.m = version, list.New(), map[string]*list.Element{}
	}
	if e, ok := c.m[key]; ok {
		e.Value.(*lruEntry).val = val
		c.ll.MoveToFront(e)
		return
	}
	c.m[key] = c.ll.PushFront(&lruEntry{key, val})
	for c.ll.Len() > c.cap {
		old := c.ll.Back()
		c.ll.Remove(old)
		delete(c.m, old.Value.(*lruEntry).key)
	}
}

// queryKey identifies a query for the caches (all fields, filters and the
// viewer's clearance included).
func queryKey(q index.Query) string {
	b, _ := json.Marshal(q)
	return string(b)
}

// facetKey identifies the facets of a query: they do not depend on the
// page, the sort order or highlighting, so paging through results reuses them.
func facetKey(q index.Query) string {
	q.Offset, q.Limit, q.SortDate, q.Highlight, q.Facets = 0, 0, false, false, true
	return queryKey(q)
}

// Search runs q and joins hits with their records. Results and facets are
// cached until the archive next changes: a repeated search (another cadre,
// the next page, the browser's back button) costs no index work.
func (a *Archive) Search(q index.Query) (*Result, error) {
	v := a.version.Load()
	key := queryKey(q)
	if r, ok := a.results.get(v, key); ok {
		return r.(*Result), nil
	}
	x, err := a.Index()
	if err != nil {
		return nil, err
	}
	wantFacets := q.Facets
	var facets map[string][]index.FacetCount
	if wantFacets {
		if f, ok := a.facets.get(v, facetKey(q)); ok {
			facets, q.Facets = f.(map[string][]index.FacetCount), false
		}
	}
	r, err := x.Search(q)
	if err != nil {
		return nil, err
	}
	res, err := a.join(r)
	if err != nil {
		return nil, err
	}
	if facets != nil {
		res.Facets = facets
	} else if wantFacets {
		a.facets.put(v, facetKey(q), res.Facets)
	}
	a.results.put(v, key, res)
	return res, nil
}
