package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"vanthu/internal/archive"
	"vanthu/internal/jobs"
	"vanthu/internal/store"
)

// letter is a small official letter with its own number n.
func letter(n int) []byte {
	return []byte(fmt.Sprintf(`HUYỆN ỦY LẠC DƯƠNG
Số %d-CV/HU
Lạc Dương, ngày %02d tháng %02d năm 2025
V/v báo cáo kết quả thực hiện nhiệm vụ đợt %d
Kính gửi: Các chi bộ trực thuộc.
Đề nghị các chi bộ báo cáo kết quả về Văn phòng Huyện ủy trước ngày 30/6/2025.
Nơi nhận:
- Như trên;
- Lưu VP.
`, n, 1+n%28, 1+n%12, n))
}

func number(n int) string { return fmt.Sprintf("%d-CV/HU", n) }

// addDoc stores letter n and enters it in the register.
func addDoc(t testing.TB, a *archive.Archive, n int) string {
	t.Helper()
	out := a.AddFile(context.Background(), fmt.Sprintf("cv-%d.txt", n), letter(n), nil)
	if out.Status != archive.StatusAdded {
		t.Errorf("add %d: %+v", n, out)
		return ""
	}
	if _, _, err := a.Register(out.ID, archive.RegisterInput{ReceivedDate: fmt.Sprintf("%d-03-%02d", 2024+n%2, 1+n%28)}, "vanthu"); err != nil {
		t.Errorf("register %d: %v", n, err)
	}
	return out.ID
}

func openArchive(t testing.TB, dir string) *archive.Archive {
	t.Helper()
	a, err := archive.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// checkRestored verifies a restored data directory: database integrity,
// every document's original present and intact, gap-free register numbers,
// counts as in the manifest, and searchable documents.
func checkRestored(t *testing.T, dir string, m *Manifest) *archive.Archive {
	t.Helper()
	a := openArchive(t, dir)
	if err := a.Store.IntegrityCheck(); err != nil {
		t.Errorf("restored database: %v", err)
	}
	n, err := a.Store.Count()
	if err != nil || n != m.Counts.Documents {
		t.Errorf("restored %d documents (%v), manifest says %d", n, err, m.Counts.Documents)
	}
	shas, err := a.Store.ReferencedBlobs()
	if err != nil {
		t.Fatal(err)
	}
	for _, sha := range shas {
		if _, err := a.Blobs.Get(sha); err != nil {
			t.Errorf("original %s: %v", sha, err)
		}
	}
	es, err := a.Store.RegisterEntries("", "", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != m.Counts.RegisterEntries {
		t.Errorf("restored %d register entries, manifest says %d", len(es), m.Counts.RegisterEntries)
	}
	next := map[int]int{}
	for _, e := range es {
		next[e.Year]++
		if e.Number != next[e.Year] {
			t.Errorf("register %d: number %d where %d was expected", e.Year, e.Number, next[e.Year])
			next[e.Year] = e.Number
		}
		if _, err := a.Store.Get(e.DocID); err != nil {
			t.Errorf("register %d/%d: document %s: %v", e.Number, e.Year, e.DocID, err)
		}
	}
	return a
}

func search(t *testing.T, a *archive.Archive, q string) []string {
	t.Helper()
	iq, err := archive.SearchParams{Q: q, Limit: 20}.Query()
	if err != nil {
		t.Fatal(err)
	}
	res, err := a.Search(iq)
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func tarNames(t *testing.T, file string) []string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var out []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, h.Name)
	}
}

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	src := filepath.Join(root, "src")
	a := openArchive(t, src)
	ids := map[int]string{}
	for n := 1; n <= 12; n++ {
		ids[n] = addDoc(t, a, n)
	}
	if _, err := a.Correct(ids[3], map[string]any{"subject": "V/v trích yếu đã sửa tay"}, "vanthu"); err != nil {
		t.Fatal(err)
	}
	// Two acknowledged uploads still queued (no worker runs), and one
	// finished job whose staged file was left behind.
	q, err := jobs.Open(a, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	var pending []*store.Job
	for n := 100; n < 102; n++ {
		j, err := q.Submit(fmt.Sprintf("cho-%d.txt", n), letter(n), "vanthu")
		if err != nil {
			t.Fatal(err)
		}
		pending = append(pending, j)
	}
	os.WriteFile(filepath.Join(src, "uploads", "20250101000000.000000-abcdef012345"), []byte("finished long ago"), 0o644)
	os.MkdirAll(filepath.Join(src, "cache", "pages"), 0o755)
	os.WriteFile(filepath.Join(src, "cache", "pages", "x.png"), []byte("png"), 0o644)
	wantReg, err := a.Store.RegisterEntries("", "", 3)
	if err != nil {
		t.Fatal(err)
	}
	wantDoc3, err := a.Get(ids[3])
	if err != nil {
		t.Fatal(err)
	}
	// The server keeps running: no Close before the backup.
	file := filepath.Join(root, "sao-luu.tar.gz")
	m, err := Create(ctx, src, file, Options{})
	if err != nil {
		t.Fatal(err)
	}
	q.Close()
	a.Close()
	if m.Counts.Documents != 12 || m.Counts.RegisterEntries != 12 || m.Counts.Corrections != 1 || m.Counts.PendingJobs != 2 || len(m.Uploads) != 2 {
		t.Errorf("manifest counts %+v, %d uploads", m.Counts, len(m.Uploads))
	}
	if m.SchemaVersion != store.LatestVersion() || m.Format != FormatVersion || m.IndexMappingVersion == "" || m.Database.SHA256 == "" {
		t.Errorf("manifest %+v", m)
	}
	names := tarNames(t, file)
	if names[0] != ManifestName || names[1] != DatabaseName {
		t.Errorf("archive starts with %v", names[:2])
	}
	originals := 0
	for _, n := range names {
		switch {
		case strings.HasPrefix(n, "originals/"):
			originals++
		case strings.HasPrefix(n, "uploads/"):
			if n != "uploads/"+pending[0].ID && n != "uploads/"+pending[1].ID {
				t.Errorf("archive holds %s, not a pending job's upload", n)
			}
		case n == ManifestName || n == DatabaseName:
		default:
			t.Errorf("archive holds %s", n)
		}
	}
	if originals != 12 {
		t.Errorf("%d originals in the archive, want 12", originals)
	}

	dst := filepath.Join(root, "khoi-phuc")
	res, err := Restore(ctx, file, dst, false, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Indexed != 12 || res.Relocated != 2 || res.MovedTo != "" {
		t.Errorf("restore result %+v", res)
	}
	b := checkRestored(t, dst, m)
	gotReg, err := b.Store.RegisterEntries("", "", 3)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotReg, wantReg) {
		t.Errorf("register differs after restore:\n got %+v\nwant %+v", gotReg, wantReg)
	}
	if got, err := b.Get(ids[3]); err != nil || !reflect.DeepEqual(got.Doc, wantDoc3.Doc) {
		t.Errorf("corrected document differs after restore: %v", err)
	}
	for n, id := range ids {
		if hits := search(t, b, number(n)); !contains(hits, id) {
			t.Errorf("search %s after restore: %v, want %s", number(n), hits, id)
		}
	}
	if hits := search(t, b, "trích yếu đã sửa tay"); !contains(hits, ids[3]) {
		t.Errorf("search for the corrected subject: %v", hits)
	}
	if _, err := os.Stat(filepath.Join(dst, "cache")); err == nil {
		t.Errorf("cache restored")
	}
	// The acknowledged uploads survive: the restored queue finishes them.
	q2, err := jobs.Open(b, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	q2.Start(ctx)
	for i, p := range pending {
		wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		j, err := q2.Wait(wctx, p.ID)
		cancel()
		if err != nil || j.Status != store.JobDone {
			t.Fatalf("pending job %s after restore: %+v %v", p.ID, j, err)
		}
		if hits := search(t, b, number(100+i)); !contains(hits, j.DocumentID) {
			t.Errorf("search %s: %v, want %s", number(100+i), hits, j.DocumentID)
		}
	}
	q2.Close()
	b.Close()
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	src := filepath.Join(root, "src")
	a := openArchive(t, src)
	defer a.Close()
	for n := 1; n <= 10; n++ {
		addDoc(t, a, n)
	}
	q, err := jobs.Open(a, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	q.Start(ctx)
	defer q.Close()

	// Writers: documents stored and registered directly, and uploads
	// through the queue (whose staged files come and go).
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var written atomic.Int64
	wg.Add(2)
	go func() {
		defer wg.Done()
		for n := 1000; ; n++ {
			select {
			case <-stop:
				return
			default:
			}
			addDoc(t, a, n)
			written.Add(1)
		}
	}()
	go func() {
		defer wg.Done()
		for n := 5000; ; n++ {
			select {
			case <-stop:
				return
			case <-time.After(3 * time.Millisecond):
			}
			if _, err := q.Submit(fmt.Sprintf("tai-len-%d.txt", n), letter(n), "vanthu"); err != nil {
				t.Error(err)
				return
			}
		}
	}()

	var files []string
	var manifests []*Manifest
	for i := range 3 {
		time.Sleep(150 * time.Millisecond)
		file := filepath.Join(root, fmt.Sprintf("b%d.tar.gz", i))
		m, err := Create(ctx, src, file, Options{Log: t.Logf})
		if err != nil {
			t.Fatal(err)
		}
		files, manifests = append(files, file), append(manifests, m)
	}
	close(stop)
	wg.Wait()
	if written.Load() == 0 {
		t.Fatal("no concurrent writes happened")
	}
	for i, file := range files {
		m := manifests[i]
		t.Logf("backup %d: %+v, %d staged uploads", i, m.Counts, len(m.Uploads))
		if len(m.Uploads) != m.Counts.PendingJobs {
			t.Errorf("backup %d: %d staged uploads for %d pending jobs", i, len(m.Uploads), m.Counts.PendingJobs)
		}
		dst := filepath.Join(root, fmt.Sprintf("r%d", i))
		if _, err := Restore(ctx, file, dst, false, Options{}); err != nil {
			t.Fatalf("restore %d: %v", i, err)
		}
		b := checkRestored(t, dst, m)
		if i > 0 && m.Counts.Documents <= manifests[i-1].Counts.Documents {
			t.Errorf("backup %d has %d documents, not more than the one before", i, m.Counts.Documents)
		}
		b.Close()
	}
}

func TestCorruptedArchive(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	src := filepath.Join(root, "src")
	a := openArchive(t, src)
	for n := 1; n <= 5; n++ {
		addDoc(t, a, n)
	}
	a.Close()
	file := filepath.Join(root, "b.tar.gz")
	if _, err := Create(ctx, src, file, Options{}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}

	restoreBad := func(name string, bad []byte, want string) {
		t.Helper()
		p := filepath.Join(root, name+".tar.gz")
		os.WriteFile(p, bad, 0o644)
		dst := filepath.Join(root, "dst-"+name)
		_, err := Restore(ctx, p, dst, false, Options{})
		if err == nil {
			t.Errorf("%s: restore succeeded", name)
			return
		}
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "Tệp sao lưu bị hỏng") || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %q, want ErrCorrupt mentioning %q", name, err, want)
		}
		t.Logf("%s: %v", name, err)
		if _, err := os.Stat(dst); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: target directory created by a failed restore", name)
		}
		if left, _ := filepath.Glob(filepath.Join(root, ".dst-"+name+".restore-*")); len(left) > 0 {
			t.Errorf("%s: temporary directory left: %v", name, left)
		}
	}

	// A flipped byte anywhere in the compressed stream.
	for _, pos := range []int{len(data) / 3, len(data) / 2, len(data) - 12} {
		bad := bytes.Clone(data)
		bad[pos] ^= 0x20
		restoreBad(fmt.Sprintf("flip-%d", pos), bad, "")
	}
	// Truncated.
	restoreBad("truncated", data[:len(data)*2/3], "")

	// Well-formed gzip and tar, but a changed original, database or
	// manifest: caught by the checksums.
	rewrite := func(change func(name string, body []byte) []byte) []byte {
		gz, _ := gzip.NewReader(bytes.NewReader(data))
		tr := tar.NewReader(gz)
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		tw := tar.NewWriter(zw)
		for {
			h, err := tr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(tr)
			if body = change(h.Name, body); body == nil {
				continue
			}
			h.Size = int64(len(body))
			tw.WriteHeader(h)
			tw.Write(body)
		}
		tw.Close()
		zw.Close()
		return buf.Bytes()
	}
	flipOnce := func(prefix string) []byte {
		done := false
		return rewrite(func(name string, body []byte) []byte {
			if !done && strings.HasPrefix(name, prefix) {
				done = true
				body = bytes.Clone(body)
				body[len(body)/2] ^= 0x01
			}
			return body
		})
	}
	restoreBad("original", flipOnce("originals/"), "mã băm sha256 sai")
	restoreBad("database", flipOnce(DatabaseName), "cơ sở dữ liệu có mã băm sha256 sai")
	dropped := false
	restoreBad("missing-original", rewrite(func(name string, body []byte) []byte {
		if !dropped && strings.HasPrefix(name, "originals/") {
			dropped = true
			return nil
		}
		return body
	}), "có 4 bản gốc, manifest.json ghi 5")

	// The good file still restores.
	if _, err := Restore(ctx, file, filepath.Join(root, "ok"), false, Options{}); err != nil {
		t.Fatalf("good backup: %v", err)
	}
}

func TestRestoreRefusesNonEmptyTarget(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	src := filepath.Join(root, "src")
	a := openArchive(t, src)
	id := addDoc(t, a, 7)
	a.Close()
	file := filepath.Join(root, "b.tar.gz")
	m, err := Create(ctx, src, file, Options{})
	if err != nil {
		t.Fatal(err)
	}

	dst := filepath.Join(root, "dst")
	os.MkdirAll(dst, 0o755)
	mine := filepath.Join(dst, "ghi-chu.txt")
	os.WriteFile(mine, []byte("dữ liệu của người dùng"), 0o644)
	_, err = Restore(ctx, file, dst, false, Options{})
	if !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("restore into a non-empty directory: %v", err)
	}
	if b, err := os.ReadFile(mine); err != nil || string(b) != "dữ liệu của người dùng" {
		t.Fatalf("existing file touched: %q %v", b, err)
	}
	if ents, _ := os.ReadDir(dst); len(ents) != 1 {
		t.Errorf("target changed by a refused restore: %v", ents)
	}

	// An empty directory is fine.
	empty := filepath.Join(root, "empty")
	os.MkdirAll(empty, 0o755)
	if _, err := Restore(ctx, file, empty, false, Options{}); err != nil {
		t.Fatalf("restore into an empty directory: %v", err)
	}

	// --force moves the old directory aside.
	now := time.Date(2025, 5, 6, 7, 8, 9, 0, time.Local)
	res, err := Restore(ctx, file, dst, true, Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if want := dst + ".bak-20250506-070809"; res.MovedTo != want {
		t.Errorf("moved to %q, want %q", res.MovedTo, want)
	}
	if b, err := os.ReadFile(filepath.Join(res.MovedTo, "ghi-chu.txt")); err != nil || string(b) != "dữ liệu của người dùng" {
		t.Errorf("old data not kept in %s: %v", res.MovedTo, err)
	}
	b := checkRestored(t, dst, m)
	defer b.Close()
	if hits := search(t, b, number(7)); !contains(hits, id) {
		t.Errorf("search after forced restore: %v", hits)
	}
}

func TestBackupOfMissingDirectory(t *testing.T) {
	root := t.TempDir()
	_, err := Create(context.Background(), filepath.Join(root, "khong-co"), filepath.Join(root, "b.tar.gz"), Options{})
	if err == nil || !strings.Contains(err.Error(), "không tìm thấy cơ sở dữ liệu") {
		t.Fatalf("backup of a missing directory: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "khong-co")); err == nil {
		t.Errorf("backup created the data directory")
	}
}

// A job queued at the snapshot that finishes before its staged file is
// copied: the backup takes the bytes from the original it became, and the
// restored queue (where the job is still queued) stores it again.
func TestPendingJobFinishingDuringBackup(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	src := filepath.Join(root, "src")
	a := openArchive(t, src)
	defer a.Close()
	q, err := jobs.Open(a, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	j, err := q.Submit("cho.txt", letter(42), "vanthu")
	if err != nil {
		t.Fatal(err)
	}
	afterSnapshot = func() {
		q.Start(ctx)
		wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if done, err := q.Wait(wctx, j.ID); err != nil || done.Status != store.JobDone {
			t.Errorf("job: %+v %v", done, err)
		}
		if _, err := os.Stat(j.Staged); err == nil {
			t.Errorf("staged file still there")
		}
	}
	defer func() { afterSnapshot = nil }()
	file := filepath.Join(root, "b.tar.gz")
	m, err := Create(ctx, src, file, Options{Log: t.Logf})
	q.Close()
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts.Documents != 0 || m.Counts.PendingJobs != 1 || len(m.Uploads) != 1 || !m.Uploads[0].FromOriginal {
		t.Fatalf("manifest %+v %+v", m.Counts, m.Uploads)
	}
	dst := filepath.Join(root, "dst")
	if _, err := Restore(ctx, file, dst, false, Options{}); err != nil {
		t.Fatal(err)
	}
	b := checkRestored(t, dst, m)
	defer b.Close()
	q2, err := jobs.Open(b, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	q2.Start(ctx)
	defer q2.Close()
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	done, err := q2.Wait(wctx, j.ID)
	if err != nil || done.Status != store.JobDone {
		t.Fatalf("restored job: %+v %v", done, err)
	}
	if hits := search(t, b, number(42)); !contains(hits, done.DocumentID) {
		t.Errorf("search after restore: %v", hits)
	}
}
