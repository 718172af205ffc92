package archive

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"vanthu/index"
)

// A cached search result never outlives a change: after a correction the
// same query sees the corrected record.
func TestSearchCacheInvalidation(t *testing.T) {
	dir := t.TempDir()
	a, err := Open(filepath.Join(dir, "data"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	p := filepath.Join(dir, "cv.txt")
	os.WriteFile(p, []byte("HUYỆN ỦY LẠC DƯƠNG\nSố 5-CV/HU\nV/v kiểm tra công tác phòng cháy\nLạc Dương, ngày 2 tháng 3 năm 2025\n\n1. Giao Văn phòng Huyện ủy chủ trì kiểm tra.\n"), 0o644)
	if _, err := a.Ingest(context.Background(), []string{p}, IngestOptions{Workers: 1}); err != nil {
		t.Fatal(err)
	}
	q := index.Query{Text: "phong chay", Facets: true, Highlight: true}
	r1, err := a.Search(q)
	if err != nil || r1.Total != 1 {
		t.Fatalf("first search: %+v %v", r1, err)
	}
	r2, _ := a.Search(q)
	if r2 != r1 {
		t.Error("repeated search not served from the cache")
	}
	page2 := q
	page2.Offset = 10
	r3, _ := a.Search(page2)
	if len(r3.Hits) != 0 || r3.Facets["doc_type"] == nil || r3.Facets["doc_type"][0].Count != 1 {
		t.Errorf("second page: hits %d, facets %v", len(r3.Hits), r3.Facets)
	}
	if _, err := a.Correct(r1.Hits[0].ID, map[string]any{"subject": "V/v diễn tập chữa cháy rừng"}, "test"); err != nil {
		t.Fatal(err)
	}
	r4, _ := a.Search(index.Query{Text: "dien tap chua chay rung"})
	if r4.Total != 1 {
		t.Errorf("corrected subject not found: %d", r4.Total)
	}
	r5, _ := a.Search(q)
	if r5 == r1 || r5.Hits[0].Subject == nil || *r5.Hits[0].Subject != "V/v diễn tập chữa cháy rừng" {
		t.Errorf("stale cached result after a correction: %v", r5.Hits[0].Subject)
	}
}
