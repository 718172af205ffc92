package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/blevesearch/bleve/v2"
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
	FieldIssuedDate   = "issued_date"
	suffixFolded      = "_f"
	suffixBigram      = "_bi"
	mappingVersionKey = "vanthu_mapping_version"
)

// MappingVersion changes whenever NewMapping changes incompatibly; an index
// built with another version must be rebuilt with `vanthu reindex`.
const MappingVersion = "2"

// ErrStale is returned by Open for an index built with another mapping.
var ErrStale = errors.New("chỉ mục được tạo bởi phiên bản khác; hãy chạy \"vanthu reindex\"")

// NewMapping returns the explicit index mapping: every field names its
// analyzer, nothing is mapped dynamically and there is no _all field, so no
// query can silently fall back to Bleve's "standard" analyzer.
func NewMapping() *mapping.IndexMappingImpl {
	text := func(name, analyzer string, store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Name = name
		f.Analyzer = analyzer
		f.Store = store
		f.IncludeTermVectors = store
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	keyword := func(name, analyzer string, store bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Name = name
		f.Analyzer = analyzer
		f.Store = store
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = true
		return f
	}
	dm := bleve.NewDocumentStaticMapping()
	for _, p := range []string{FieldSubject, FieldIssuer, FieldText} {
		dm.AddFieldMappingsAt(p,
			text(p, AnalyzerExact, true),
			text(p+suffixFolded, AnalyzerFolded, true),
			text(p+suffixBigram, AnalyzerBigram, false))
	}
	dm.AddFieldMappingsAt(FieldIssuerFacet, keyword(FieldIssuerFacet, "keyword", false))
	dm.AddFieldMappingsAt(FieldNumber, keyword(FieldNumber, AnalyzerDocNum, true))
	dm.AddFieldMappingsAt(FieldReferences, keyword(FieldReferences, AnalyzerDocNum, false))
	dm.AddFieldMappingsAt(FieldDocType, keyword(FieldDocType, "keyword", false))
	dm.AddFieldMappingsAt(FieldYear, keyword(FieldYear, "keyword", false))
	b := bleve.NewBooleanFieldMapping()
	b.IncludeInAll = false
	dm.AddFieldMappingsAt(FieldOpenTasks, b)
	dt := bleve.NewDateTimeFieldMapping()
	dt.IncludeInAll = false
	dm.AddFieldMappingsAt(FieldIssuedDate, dt)

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
}

// Open opens the index in dir, creating it when missing.
func Open(dir string) (*Index, error) {
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); errors.Is(err, os.ErrNotExist) {
		return Create(dir)
	}
	b, err := bleve.Open(dir)
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
	b, err := bleve.New(dir, NewMapping())
	if err != nil {
		return nil, fmt.Errorf("tạo chỉ mục %s: %w", dir, err)
	}
	if err := b.SetInternal([]byte(mappingVersionKey), []byte(MappingVersion)); err != nil {
		b.Close()
		return nil, err
	}
	return &Index{b: b}, nil
}

// Close closes the index.
func (x *Index) Close() error { return x.b.Close() }

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
	return x.b.Batch(batch)
}

// Delete removes a record from the index.
func (x *Index) Delete(id string) error { return x.b.Delete(id) }

// Count returns the number of indexed records.
func (x *Index) Count() (uint64, error) { return x.b.DocCount() }

// Bleve exposes the underlying index (for evaluation and diagnostics).
func (x *Index) Bleve() bleve.Index { return x.b }

// baseField strips the _f / _bi suffix of a field name.
func baseField(f string) string {
	return strings.TrimSuffix(strings.TrimSuffix(f, suffixFolded), suffixBigram)
}
