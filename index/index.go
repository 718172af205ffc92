package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"

	"vanthu/internal/document"
	"vanthu/internal/textnorm"
)

// Field names of the index. Text properties are indexed three ways: exact
// (analyzer "vi"), folded ("vi_folded", suffix _f) and as folded syllable
// bigrams ("vi_bigram", suffix _bi).
const (
	FieldSubject      = "subject"
	FieldIssuer       = "issuer"
	FieldText         = "text"
	FieldNumber       = "number"
	FieldReferences   = "references"
	FieldDocType      = "doc_type"
	FieldYear         = "year"
	FieldIssuerFacet  = "issuer_facet"
	FieldOpenTasks    = "has_open_tasks"
	FieldSecrecy      = "secrecy"
	FieldIssuedDate   = "issued_date"
	suffixFolded      = "_f"
	suffixBigram      = "_bi"
	suffixExactBigram = "_xbi"
	propAll           = "all"    // document property feeding text_f
	propHead          = "head"   // document property feeding head_f
	fieldHead         = "head_f" // subject + issuer, folded: "title holds all words"
	mappingVersionKey = "vanthu_mapping_version"
)

// MappingVersion changes whenever NewMapping changes incompatibly; an index
// built with another version must be rebuilt with `vanthu reindex`.
const MappingVersion = "5"

// ErrStale is returned by Open for an index built with another mapping.
var ErrStale = errors.New("chỉ mục được tạo bởi phiên bản khác; hãy chạy \"vanthu reindex\"")

// NewMapping returns the explicit index mapping: every field names its
// analyzer, nothing is mapped dynamically and there is no _all field, so no
// query can silently fall back to Bleve's "standard" analyzer.
//
// Scale (see docs/search.md): no field keeps term vectors (highlights are
// computed from the stored subject, issuer and text, see highlight.go);
// stored values are kept once, on the base fields; doc values only where a
// facet or a sort reads them. The body is indexed folded ("text_f") and as
// body is indexed folded only ("text_f", over subject + issuer + text, so
// that one field answers "does the record contain this word anywhere"): a
// body bigram field doubled the indexing time (see docs/search.md).
func NewMapping() *mapping.IndexMappingImpl {
	text := func(name, analyzer string, index, store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Name = name
		f.Analyzer = analyzer
		f.Index = index
		f.Store = store
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	keyword := func(name, analyzer string, store, docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Name = name
		f.Analyzer = analyzer
		f.Store = store
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = docValues
		return f
	}
	dm := bleve.NewDocumentStaticMapping()
	for _, p := range []string{FieldSubject, FieldIssuer} {
		dm.AddFieldMappingsAt(p,
			text(p, AnalyzerExact, true, true),
			text(p+suffixFolded, AnalyzerFolded, true, false),
			text(p+suffixBigram, AnalyzerBigram, true, false),
			text(p+suffixExactBigram, AnalyzerBigramExact, true, false))
	}
	// The body is stored for highlighting only; text_f comes from the "all"
	// property (subject, issuer and body).
	dm.AddFieldMappingsAt(FieldText, text(FieldText, AnalyzerExact, false, true))
	dm.AddFieldMappingsAt(propAll, text(FieldText+suffixFolded, AnalyzerFolded, true, false))
	dm.AddFieldMappingsAt(propHead, text(fieldHead, AnalyzerFolded, true, false))
	dm.AddFieldMappingsAt(FieldIssuerFacet, keyword(FieldIssuerFacet, "keyword", false, true))
	dm.AddFieldMappingsAt(FieldNumber, keyword(FieldNumber, AnalyzerDocNum, false, false))
	dm.AddFieldMappingsAt(FieldReferences, keyword(FieldReferences, AnalyzerDocNum, false, false))
	dm.AddFieldMappingsAt(FieldDocType, keyword(FieldDocType, "keyword", false, true))
	dm.AddFieldMappingsAt(FieldYear, keyword(FieldYear, "keyword", false, true))
	dm.AddFieldMappingsAt(FieldSecrecy, keyword(FieldSecrecy, "keyword", false, false))
	b := bleve.NewBooleanFieldMapping()
	b.IncludeInAll = false
	b.DocValues = true // facet
	dm.AddFieldMappingsAt(FieldOpenTasks, b)
	dt := bleve.NewDateTimeFieldMapping()
	dt.IncludeInAll = false
	dm.AddFieldMappingsAt(FieldIssuedDate, dt) // doc values: sort by date

	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping()) // no composite _all field

	im := bleve.NewIndexMapping()
	im.DefaultMapping = dm
	im.DefaultAnalyzer = AnalyzerFolded
	im.DefaultField = FieldText + suffixFolded
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}

// Entry is one record to index.
type Entry struct {
	ID        string
	Doc       *document.Document
	OpenTasks bool // the record has tasks not marked done
}

// Fields returns the Bleve document for e.
func (e Entry) Fields() map[string]interface{} {
	d := e.Doc
	m := map[string]interface{}{
		FieldDocType:   d.DocType,
		FieldOpenTasks: e.OpenTasks,
		FieldSecrecy:   strconv.Itoa(document.Secrecy(d)),
	}
	if s := document.Val(d.Subject); s != "" {
		m[FieldSubject] = textnorm.Clean(s)
	}
	if s := document.Val(d.Issuer.Name); s != "" {
		m[FieldIssuer] = textnorm.Clean(s)
		m[FieldIssuerFacet] = textnorm.CanonicalTones(textnorm.Clean(s)) // one facet value per spelling
	}
	if d.Text != "" {
		m[FieldText] = textnorm.Clean(d.Text)
	}
	var all []string
	for _, k := range []string{FieldSubject, FieldIssuer, FieldText} {
		if s, ok := m[k].(string); ok {
			all = append(all, s)
		}
		if k == FieldIssuer && len(all) > 0 {
			m[propHead] = strings.Join(all, "\n")
		}
	}
	if len(all) > 0 {
		m[propAll] = strings.Join(all, "\n")
	}
	if s := document.Val(d.Number); s != "" {
		m[FieldNumber] = s
	}
	var refs []string
	for _, r := range d.References {
		if r.Number != "" {
			refs = append(refs, r.Number)
		}
	}
	if len(refs) > 0 {
		m[FieldReferences] = refs
	}
	if s := document.Val(d.IssuedDate); len(s) >= 10 {
		m[FieldIssuedDate] = s[:10] + "T00:00:00Z"
		m[FieldYear] = s[:4]
	}
	return m
}

// Index is an on-disk Bleve index of the archive's records.
type Index struct {
	b bleve.Index
	// bulk: the index was created by Create and is being filled (each
	// record once). Batches are introduced without waiting for them to
	// reach the disk (scorch "unsafe_batch"), and Put returns once its
	// batch is handed to a goroutine: up to bulkBatches batches are
	// analysed and turned into segments at once (a segment is built by one
	// goroutine), while the caller prepares the next and earlier ones are
	// persisted and merged. Put waits while bulkBatches batches are being
	// built, or until at most bulkBatches+1 batches are not on disk yet.
	// Reads and deletes first
	// wait for the batches being built (settle); finish waits for all.
	bulk     bool
	merged   bool // finish has merged the bulk build
	mu       sync.Mutex
	pending  []chan error  // persisted signals of batches not yet waited for
	building chan struct{} // bulk: a slot per batch being built
	settling sync.Mutex
	tables   tables // per-segment facet values and dates (collect.go)
}

// settle waits until no batch is being built (bulk mode), so that every
// record Put so far is searchable.
func (x *Index) settle() {
	if !x.bulk {
		return
	}
	x.settling.Lock()
	defer x.settling.Unlock()
	for i := 0; i < bulkBatches; i++ {
		x.building <- struct{}{}
	}
	for i := 0; i < bulkBatches; i++ {
		<-x.building
	}
}

// bulkBatches is how many batches a bulk build builds at once.
const bulkBatches = 2

// bulkGC is the garbage collector's GOGC during bulk builds: building
// segments allocates much short-lived memory, and collecting a third as
// often gives 20-25% more records per second for about twice the memory
// (300 MB -> 600 MB at 30,000 records; docs/search.md). Not applied when the
// user set GOGC.
const bulkGC = 300

var (
	gcMu    sync.Mutex
	gcBulks int // bulk builds running
	gcPrev  int // GOGC before the first of them
)

// bulkGCStart raises GOGC for a bulk build; bulkGCEnd restores it after
// the last one.
func bulkGCStart() {
	if os.Getenv("GOGC") != "" {
		return
	}
	gcMu.Lock()
	defer gcMu.Unlock()
	if gcBulks++; gcBulks == 1 {
		gcPrev = debug.SetGCPercent(bulkGC)
	}
}

func bulkGCEnd() {
	if os.Getenv("GOGC") != "" {
		return
	}
	gcMu.Lock()
	defer gcMu.Unlock()
	if gcBulks--; gcBulks == 0 {
		debug.SetGCPercent(gcPrev)
	}
}

// scorchConfig is the runtime configuration of the index store.
func scorchConfig(bulk bool) map[string]interface{} {
	return map[string]interface{}{
		"unsafe_batch":       bulk,
		"numSnapshotsToKeep": 0,
		// another process (a running server) holds the index: fail fast
		// with ErrBusy instead of waiting forever for its file lock
		"bolt_timeout": "3s",
	}
}

// ErrBusy is returned when another process has the index open.
var ErrBusy = errors.New("chỉ mục tìm kiếm đang được một tiến trình vanthu khác sử dụng (máy chủ đang chạy?); " +
	"hãy dùng giao diện web hoặc API, hoặc dừng máy chủ rồi chạy lại lệnh")

// Open opens the index in dir, creating it when missing.
func Open(dir string) (*Index, error) {
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); errors.Is(err, os.ErrNotExist) {
		// a new index is created in bulk mode (writes not yet durable when
		// Put returns); close it and reopen it for normal, durable use
		x, err := Create(dir)
		if err != nil {
			return nil, err
		}
		if err := x.Close(); err != nil {
			return nil, err
		}
	}
	b, err := bleve.OpenUsing(dir, scorchConfig(false))
	if err != nil && strings.Contains(err.Error(), "timeout") {
		return nil, ErrBusy
	}
	if err != nil {
		return nil, fmt.Errorf("mở chỉ mục %s: %w", dir, err)
	}
	v, err := b.GetInternal([]byte(mappingVersionKey))
	if err != nil || string(v) != MappingVersion {
		b.Close()
		return nil, ErrStale
	}
	return &Index{b: b}, nil
}

// Create creates a new, empty index in dir (which must not hold one).
func Create(dir string) (*Index, error) {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, err
	}
	b, err := bleve.NewUsing(dir, NewMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, scorchConfig(true))
	if err != nil {
		return nil, fmt.Errorf("tạo chỉ mục %s: %w", dir, err)
	}
	x := &Index{b: b, bulk: true, building: make(chan struct{}, bulkBatches)}
	bulkGCStart()
	batch := b.NewBatch()
	batch.SetInternal([]byte(mappingVersionKey), []byte(MappingVersion))
	if err := x.apply(batch); err != nil {
		bulkGCEnd()
		b.Close()
		return nil, err
	}
	return x, nil
}

// Close waits for pending batches to be persisted (and, after a bulk
// build, for the segments to be merged: see finish) and closes the index.
func (x *Index) Close() error {
	err := x.finish()
	if cerr := x.b.Close(); err == nil {
		err = cerr
	}
	return err
}

// finish ends a bulk build: it waits for every batch to be on disk and
// merges the segments into one, so that a query reads each posting list
// from one segment (about a sixth less CPU per query at 20,000 records).
func (x *Index) finish() error {
	x.settle()
	err := x.wait(0)
	if !x.bulk || x.merged {
		return err
	}
	x.merged = true
	defer bulkGCEnd()
	if err != nil {
		return err
	}
	ii, err := x.b.Advanced()
	if err != nil {
		return err
	}
	if s, ok := ii.(*scorch.Scorch); ok {
		return s.ForceMerge(context.Background(), &mergeplan.SingleSegmentMergePlanOptions)
	}
	return nil
}

// apply runs a batch. In bulk mode it returns once the batch is being
// built (see Index.bulk); an error of a batch is returned by a later apply
// or by finish.
func (x *Index) apply(batch *bleve.Batch) error {
	if !x.bulk {
		return x.b.Batch(batch)
	}
	ch := make(chan error, 2) // the persisted callback's, or Batch's error
	batch.SetPersistedCallback(func(err error) { ch <- err })
	x.building <- struct{}{}
	go func() {
		defer func() {
			if v := recover(); v != nil {
				ch <- fmt.Errorf("index batch panic: %v", v)
			}
			<-x.building
		}()
		if err := x.b.Batch(batch); err != nil {
			ch <- err
		}
	}()
	x.mu.Lock()
	x.pending = append(x.pending, ch)
	x.mu.Unlock()
	return x.wait(bulkBatches + 1)
}

// wait waits until at most keep batches are unpersisted.
func (x *Index) wait(keep int) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	var err error
	for len(x.pending) > keep {
		if e := <-x.pending[0]; e != nil && err == nil {
			err = e
		}
		x.pending = x.pending[1:]
	}
	return err
}

// Put indexes (or re-indexes) entries in one batch.
func (x *Index) Put(entries ...Entry) error {
	if len(entries) == 0 {
		return nil
	}
	batch := x.b.NewBatch()
	for _, e := range entries {
		if err := batch.Index(e.ID, e.Fields()); err != nil {
			return fmt.Errorf("chỉ mục %s: %w", e.ID, err)
		}
	}
	return x.apply(batch)
}

// Delete removes a record from the index.
func (x *Index) Delete(id string) error {
	x.settle()
	return x.b.Delete(id)
}

// Count returns the number of indexed records.
func (x *Index) Count() (uint64, error) {
	x.settle()
	return x.b.DocCount()
}

// Bleve exposes the underlying index (for evaluation and diagnostics).
func (x *Index) Bleve() bleve.Index {
	x.settle()
	return x.b
}
