package archive

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"vanthu/index"
	"vanthu/internal/store"
)

const letterHU = `ĐẢNG BỘ TỈNH LÂM ĐỒNG
HUYỆN ỦY LẠC DƯƠNG
*
Số 1006-CV/HU
V/v tăng cường công tác quản lý đảng viên đi làm ăn xa

ĐẢNG CỘNG SẢN VIỆT NAM
Lạc Dương, ngày 26 tháng 6 năm 2023

Kính gửi: Các tổ chức cơ sở đảng trực thuộc Huyện uỷ

Thực hiện Chỉ thị số 28-CT/TW ngày 21/9/2018 của Ban Bí thư, Ban Thường vụ Huyện uỷ yêu cầu:
1. Các chi bộ rà soát danh sách đảng viên đi làm ăn xa, báo cáo trước ngày 30/7/2023.
2. Ban Tổ chức Huyện uỷ theo dõi, tổng hợp.

Nơi nhận:
- Như kính gửi,
- Lưu VPHU.
T/M BAN THƯỜNG VỤ
BÍ THƯ
Sử Thanh Hoài
`

const letterUBND = `ỦY BAN NHÂN DÂN
HUYỆN ĐỨC TRỌNG
Số: 381/UBND-VX
V/v tăng cường phòng, chống dịch sốt xuất huyết

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Đức Trọng, ngày 02 tháng 3 năm 2021

Kính gửi: Ủy ban nhân dân các xã, thị trấn

Ủy ban nhân dân huyện đề nghị các xã, thị trấn tăng cường phòng, chống dịch sốt xuất huyết.

Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn An
`

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func openTemp(t *testing.T) (*Archive, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	a, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a, dir
}

func hitIDs(t *testing.T, a *Archive, q index.Query) []string {
	t.Helper()
	r, err := a.Search(q)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	return out
}

func TestIngestSearchReindex(t *testing.T) {
	a, dir := openTemp(t)
	in := t.TempDir()
	write(t, in, "hu/1006.txt", letterHU)
	write(t, in, "ubnd/381.txt", letterUBND)
	write(t, in, "hu/empty.txt", "")
	write(t, in, "hu/broken.docx", "PK\x03\x04 not really a zip")
	write(t, in, "hu/.hidden.txt", letterUBND+"x")
	sum, err := a.Ingest(context.Background(), []string{in, filepath.Join(in, "missing.txt")}, IngestOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 2 || sum.Duplicates != 0 || sum.Failed != 3 {
		t.Fatalf("summary %+v", sum)
	}
	for _, it := range sum.Items {
		if it.Status == StatusFailed && (it.Reason == "" || it.Code == "") {
			t.Errorf("failure without reason: %+v", it)
		}
	}
	// Originals are content-addressed and intact.
	for _, it := range sum.Items {
		if it.Status != StatusAdded {
			continue
		}
		rec, err := a.Get(it.ID)
		if err != nil {
			t.Fatal(err)
		}
		data, err := a.Blobs.Get(rec.SHA256)
		if err != nil {
			t.Fatalf("original of %s: %v", it.Path, err)
		}
		orig, _ := os.ReadFile(it.Path)
		if string(data) != string(orig) {
			t.Errorf("stored original of %s differs", it.Path)
		}
	}

	// Re-ingesting is a no-op that says so.
	again, err := a.Ingest(context.Background(), []string{filepath.Join(in, "hu", "1006.txt"), filepath.Join(in, "ubnd")}, IngestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if again.Added != 0 || again.Duplicates != 2 || again.Items[0].Reason == "" {
		t.Fatalf("second ingest %+v", again)
	}
	if n, _ := a.Store.Count(); n != 2 {
		t.Fatalf("records after duplicate ingest: %d", n)
	}

	find := func(q index.Query) []string { return hitIDs(t, a, q) }
	id := func(name string) string {
		for _, it := range sum.Items {
			if filepath.Base(it.Path) == name {
				return it.ID
			}
		}
		t.Fatalf("no item %s", name)
		return ""
	}
	hu, ub := id("1006.txt"), id("381.txt")
	first := func(q index.Query, want string) {
		t.Helper()
		got := find(q)
		if len(got) == 0 || got[0] != want {
			t.Errorf("%q: got %v, want %s first", q.Text, got, want)
		}
	}
	first(index.Query{Text: "dang vien di lam an xa"}, hu)
	first(index.Query{Text: "Huyện ủy Lạc Dương"}, hu)
	first(index.Query{Text: "Huyện uỷ Lạc Dương"}, hu)
	first(index.Query{Text: "1006 - cv/hu"}, hu)
	first(index.Query{Text: "UBND Đức Trọng"}, ub)
	first(index.Query{Text: "sot xuat huyet"}, ub)

	r, err := a.Search(index.Query{Text: "sốt xuất huyết", Highlight: true, Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) == 0 || r.Hits[0].File != "381.txt" || len(r.Hits[0].Highlights) == 0 {
		t.Fatalf("joined hit: %+v", r.Hits)
	}

	// Reindex reproduces the results, also after the index is deleted.
	queries := []index.Query{{Text: "dang vien"}, {Text: "UBND"}, {Text: "tăng cường"}, {Text: "1006-CV/HU"}}
	var before [][]string
	for _, q := range queries {
		before = append(before, find(q))
	}
	if n, err := a.Reindex(context.Background(), nil); err != nil || n != 2 {
		t.Fatalf("reindex: %d %v", n, err)
	}
	for i, q := range queries {
		if got := find(q); !reflect.DeepEqual(got, before[i]) {
			t.Errorf("after reindex %q: %v, before %v", q.Text, got, before[i])
		}
	}
	a.Close()
	if err := os.RemoveAll(filepath.Join(dir, "index")); err != nil {
		t.Fatal(err)
	}
	b, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for i, q := range queries {
		if got := hitIDs(t, b, q); !reflect.DeepEqual(got, before[i]) {
			t.Errorf("rebuilt index %q: %v, before %v", q.Text, got, before[i])
		}
	}
}

func TestDuplicateWithinBatch(t *testing.T) {
	a, _ := openTemp(t)
	in := t.TempDir()
	p1 := write(t, in, "a.txt", letterUBND)
	p2 := write(t, in, "b.txt", letterUBND)
	sum, err := a.Ingest(context.Background(), []string{p1, p2}, IngestOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 1 || sum.Duplicates != 1 {
		t.Fatalf("%+v", sum)
	}
	if got := hitIDs(t, a, index.Query{Text: "UBND"}); len(got) != 1 {
		t.Errorf("index holds %v", got)
	}
}

func TestOpenTasksFlag(t *testing.T) {
	a, _ := openTemp(t)
	in := t.TempDir()
	sum, err := a.Ingest(context.Background(), []string{write(t, in, "hu.txt", letterHU)}, IngestOptions{})
	if err != nil || sum.Added != 1 {
		t.Fatalf("%+v %v", sum, err)
	}
	rec, err := a.Get(sum.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Doc.Tasks) == 0 {
		t.Skip("extraction found no tasks in the sample")
	}
	yes, no := true, false
	if got := hitIDs(t, a, index.Query{OpenTasks: &yes}); len(got) != 1 {
		t.Fatalf("open tasks before: %v", got)
	}
	for i := range rec.Doc.Tasks {
		if err := a.SetTaskDone(rec.ID, i, true); err != nil {
			t.Fatal(err)
		}
	}
	if got := hitIDs(t, a, index.Query{OpenTasks: &yes}); len(got) != 0 {
		t.Errorf("open tasks after all done: %v", got)
	}
	if got := hitIDs(t, a, index.Query{OpenTasks: &no}); len(got) != 1 {
		t.Errorf("closed: %v", got)
	}
}

func TestMigrationsIdempotent(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.db")
	s, err := store.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = store.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v, err := s.Versions()
	if err != nil {
		t.Fatal(err)
	}
	want := []int{}
	for i := 1; i <= store.LatestVersion(); i++ {
		want = append(want, i)
	}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("versions %v, want %v", v, want)
	}
}

func TestBlobsPut(t *testing.T) {
	b := Blobs{Dir: t.TempDir()}
	sha, existed, err := b.Put([]byte("xin chào"))
	if err != nil || existed {
		t.Fatal(existed, err)
	}
	if _, existed, _ := b.Put([]byte("xin chào")); !existed {
		t.Error("second put not reported as existing")
	}
	if got, err := b.Get(sha); err != nil || string(got) != "xin chào" {
		t.Errorf("get: %q %v", got, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(b.Path(sha)))
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

// TestStaleIndexRebuilt: an index built by another mapping version is
// rebuilt from the database when the archive opens it, reporting progress,
// and searches find the records again.
func TestStaleIndexRebuilt(t *testing.T) {
	a, dir := openTemp(t)
	in := t.TempDir()
	write(t, in, "1006.txt", letterHU)
	write(t, in, "381.txt", letterUBND)
	if sum, err := a.Ingest(context.Background(), []string{in}, IngestOptions{Workers: 1}); err != nil || sum.Added != 2 {
		t.Fatalf("ingest: %+v %v", sum, err)
	}
	a.Close()
	// durable batches (the index's stored config asks for unsafe ones)
	b, err := bleve.OpenUsing(filepath.Join(dir, "index"), map[string]interface{}{"unsafe_batch": false})
	if err != nil {
		t.Fatal(err)
	}
	// An internal-only batch is not persisted by scorch: add a document.
	batch := b.NewBatch()
	batch.SetInternal([]byte("vanthu_mapping_version"), []byte("0"))
	if err := batch.Index("stale-only", map[string]any{"subject": "chỉ có trong chỉ mục cũ"}); err != nil {
		t.Fatal(err)
	}
	if err := b.Batch(batch); err != nil {
		t.Fatal(err)
	}
	b.Close()
	a, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	calls := 0
	a.Rebuilding = func(done int) { calls++ }
	res, err := a.Search(index.Query{Text: "1006-CV/HU"})
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 {
		t.Error("stale index rebuilt without progress")
	}
	if len(res.Hits) == 0 || res.Hits[0].Number == nil || *res.Hits[0].Number != "1006-CV/HU" {
		t.Errorf("after the rebuild: %+v", res.Hits)
	}
	if n, _ := a.idx.Count(); n != 2 {
		t.Errorf("rebuilt index holds %d records, want the 2 of the database", n)
	}
}

// TestOpenTasksIncremental checks that the open-task cache, refreshed for
// the changed records only (a new record, a task marked in progress or
// done, a correction), always equals a cache built from scratch.
func TestOpenTasksIncremental(t *testing.T) {
	a, _ := openTemp(t)
	in := t.TempDir()
	ingest := func(name, text string) string {
		sum, err := a.Ingest(context.Background(), []string{write(t, in, name, text)}, IngestOptions{})
		if err != nil || sum.Added != 1 {
			t.Fatalf("%+v %v", sum, err)
		}
		return sum.Items[0].ID
	}
	same := func(step string) []TaskRef {
		t.Helper()
		got, docs, err := a.OpenTasks()
		if err != nil {
			t.Fatal(err)
		}
		a.changed() // from scratch
		want, wantDocs, err := a.OpenTasks()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) || docs != wantDocs {
			t.Fatalf("%s: incremental %d tasks %v, from scratch %d tasks %v", step, len(got), docs, len(want), wantDocs)
		}
		return got
	}
	id := ingest("hu.txt", letterHU)
	first := same("first record")
	if len(first) == 0 {
		t.Skip("extraction found no tasks in the sample")
	}
	id2 := ingest("hu2.txt", strings.Replace(letterHU, "1006", "1007", -1)+"\n")
	if n := len(same("second record")); n != 2*len(first) {
		t.Errorf("two records: %d open tasks, want %d", n, 2*len(first))
	}
	if err := a.SetTaskState(id, 0, store.TaskInProgress, "đang làm", "vanthu"); err != nil {
		t.Fatal(err)
	}
	same("task in progress")
	if err := a.SetTaskDone(id2, 0, true); err != nil {
		t.Fatal(err)
	}
	if n := len(same("task done")); n != 2*len(first)-1 {
		t.Errorf("after one done: %d open tasks, want %d", n, 2*len(first)-1)
	}
}

// TestDashboardFreshArchive asks for the dashboard of an archive opened
// without any change since (version 0), twice.
func TestDashboardFreshArchive(t *testing.T) {
	a, dir := openTemp(t)
	in := t.TempDir()
	if _, err := a.Ingest(context.Background(), []string{write(t, in, "hu.txt", letterHU)}, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	a.Close()
	b, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for i := 0; i < 2; i++ {
		d, err := b.Dashboard(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), 0)
		if err != nil || d.Docs != 1 {
			t.Fatalf("dashboard %d: %+v %v", i, d, err)
		}
	}
}
