package archive

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"vanthu/index"
	"vanthu/ingest"
	"vanthu/internal/document"
	"vanthu/internal/extract"
)

// Outcome statuses.
const (
	StatusAdded     = "added"
	StatusDuplicate = "duplicate"
	StatusFailed    = "failed"
)

// Outcome is what happened to one input file.
type Outcome struct {
	Path    string  `json:"path"`
	Status  string  `json:"status"`
	ID      string  `json:"id,omitempty"`
	Number  *string `json:"number,omitempty"`
	Subject *string `json:"subject,omitempty"`
	Code    string  `json:"code,omitempty"`   // failure code (ingest error codes, or io_error / internal_error)
	Reason  string  `json:"reason,omitempty"` // Vietnamese: why it failed, or which record it duplicates
}

// Summary is the result of a batch.
type Summary struct {
	Added      int       `json:"added"`
	Duplicates int       `json:"duplicates"`
	Failed     int       `json:"failed"`
	IndexError string    `json:"index_error,omitempty"` // records are saved but the index lags: run reindex
	Items      []Outcome `json:"items"`
}

// IngestOptions tune a batch.
type IngestOptions struct {
	Workers  int                                       // parallel readers/extractors; default GOMAXPROCS
	Progress func(done, total int)                     // called after each file (from one goroutine)
	Extract  func(*ingest.Document) *document.Document // default extract.Extract
}

// CollectFiles expands paths: files as given, folders recursively (hidden
// entries skipped) in lexical order. Paths that cannot be read come back as
// failed outcomes.
func CollectFiles(paths []string) ([]string, []Outcome) {
	var files []string
	var bad []Outcome
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			bad = append(bad, Outcome{Path: p, Status: StatusFailed, Code: ingest.CodeIO, Reason: "Không tìm thấy hoặc không mở được đường dẫn."})
			continue
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				bad = append(bad, Outcome{Path: path, Status: StatusFailed, Code: ingest.CodeIO, Reason: "Không đọc được thư mục hoặc tệp."})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if path != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			bad = append(bad, Outcome{Path: p, Status: StatusFailed, Code: ingest.CodeIO, Reason: "Không duyệt được thư mục."})
		}
	}
	return files, bad
}

type job struct {
	path string
}

type result struct {
	path string
	data []byte
	sha  string
	dup  string // id of the stored record with the same content
	doc  *document.Document
	fail *Outcome
}

// Ingest reads, extracts and stores every file under paths. Workers read
// and extract in parallel; one writer stores originals (temp file +
// rename), records (one transaction each) and then indexes them in
// batches after commit. One bad file never stops the batch.
func (a *Archive) Ingest(ctx context.Context, paths []string, opt IngestOptions) (*Summary, error) {
	x, err := a.Index()
	if err != nil {
		return nil, err
	}
	files, bad := CollectFiles(paths)
	sum := &Summary{Items: append([]Outcome{}, bad...)}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	extractFn := opt.Extract
	if extractFn == nil {
		extractFn = extract.Extract
	}
	jobs := make(chan job)
	results := make(chan result)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- a.process(j.path, extractFn)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, f := range files {
			select {
			case jobs <- job{path: f}:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	var pending []index.Entry
	flush := func() {
		if len(pending) == 0 {
			return
		}
		if err := x.Put(pending...); err != nil && sum.IndexError == "" {
			sum.IndexError = fmt.Sprintf("Chưa cập nhật được chỉ mục tìm kiếm (%v); dữ liệu đã lưu, hãy chạy \"vanthu reindex\".", err)
		}
		pending = pending[:0]
	}
	done := 0
	for r := range results {
		out := a.store(r)
		if out.Status == StatusAdded {
			rec, err := a.Store.Get(out.ID)
			if err == nil {
				pending = append(pending, entry(rec))
			}
			if len(pending) >= 64 {
				flush()
			}
		}
		sum.Items = append(sum.Items, out)
		done++
		if opt.Progress != nil {
			opt.Progress(done, len(files))
		}
	}
	flush()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sort.SliceStable(sum.Items, func(i, j int) bool { return sum.Items[i].Path < sum.Items[j].Path })
	for _, it := range sum.Items {
		switch it.Status {
		case StatusAdded:
			sum.Added++
		case StatusDuplicate:
			sum.Duplicates++
		default:
			sum.Failed++
		}
	}
	return sum, nil
}

// process reads and extracts one file (worker side).
func (a *Archive) process(path string, extractFn func(*ingest.Document) *document.Document) result {
	// parser panics are recovered by processBytes
	fail := func(code, reason string) result {
		return result{path: path, fail: &Outcome{Path: path, Status: StatusFailed, Code: code, Reason: reason}}
	}
	st, err := os.Stat(path)
	if err != nil {
		return fail(ingest.CodeIO, "Không mở được tệp.")
	}
	if st.Size() > ingest.MaxFileSize {
		return fail(ingest.CodeTooLarge, fmt.Sprintf("Tệp quá lớn (%d MB).", st.Size()>>20))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fail(ingest.CodeIO, "Không đọc được tệp.")
	}
	return a.processBytes(context.Background(), path, data, extractFn)
}

// processBytes dedupes, reads and extracts one file's bytes; path is shown
// in outcomes and its base name becomes the record's file name.
func (a *Archive) processBytes(ctx context.Context, path string, data []byte, extractFn func(*ingest.Document) *document.Document) (res result) {
	res.path = path
	fail := func(code, reason string) result {
		res.fail = &Outcome{Path: path, Status: StatusFailed, Code: code, Reason: reason}
		return res
	}
	defer func() {
		if r := recover(); r != nil {
			res = fail("internal_error", fmt.Sprintf("Lỗi nội bộ khi xử lý tệp: %v", r))
		}
	}()
	res.data = data
	res.sha = Sum(data)
	if id, ok, err := a.Store.HasSHA(res.sha); err == nil && ok {
		res.dup = id
		return res
	}
	if a.Reader != nil { // isolated reader (a sandboxed worker process)
		d, err := a.Reader(ctx, filepath.Base(path), data)
		if err != nil {
			var e *ingest.Error
			if errors.As(err, &e) {
				return fail(e.Code, e.Message)
			}
			return fail("internal_error", "Không xử lý được tệp.")
		}
		res.doc = d
		return res
	}
	in, err := ingest.ReadContext(ctx, filepath.Base(path), data)
	if err != nil {
		if e, ok := err.(*ingest.Error); ok {
			return fail(e.Code, e.Message)
		}
		if ctx.Err() != nil {
			return fail("cancelled", "Việc xử lý tệp bị dừng giữa chừng.")
		}
		return fail(ingest.CodeCorrupt, "Không đọc được nội dung tệp.")
	}
	if fn := progressOf(ctx); fn != nil {
		fn(StageExtracting, 0, 0)
	}
	res.doc = extractFn(in)
	if res.doc == nil {
		return fail("internal_error", "Không trích xuất được thông tin từ tệp.")
	}
	return res
}

// store saves one processed file (writer side).
func (a *Archive) store(r result) Outcome {
	if r.fail != nil {
		return *r.fail
	}
	if r.dup != "" {
		return a.duplicate(r.path, r.dup)
	}
	if _, _, err := a.Blobs.Put(r.data); err != nil {
		return Outcome{Path: r.path, Status: StatusFailed, Code: ingest.CodeIO, Reason: err.Error()}
	}
	id, added, err := a.Store.Insert(r.sha, filepath.Base(r.path), int64(len(r.data)), r.doc)
	if err == nil {
		a.changedDoc(id)
	} else {
		a.changed()
	}
	if err != nil {
		return Outcome{Path: r.path, Status: StatusFailed, Code: ingest.CodeIO, Reason: err.Error()}
	}
	if !added {
		return a.duplicate(r.path, id)
	}
	return Outcome{Path: r.path, Status: StatusAdded, ID: id, Number: r.doc.Number, Subject: r.doc.Subject}
}

func (a *Archive) duplicate(path, id string) Outcome {
	o := Outcome{Path: path, Status: StatusDuplicate, ID: id}
	if rec, err := a.Store.Get(id); err == nil {
		o.Number, o.Subject = rec.Doc.Number, rec.Doc.Subject
		o.Reason = fmt.Sprintf("Đã có trong kho (trùng nội dung với tệp %q, mã %s); bỏ qua.", rec.File, id)
	} else {
		o.Reason = fmt.Sprintf("Đã có trong kho (mã %s); bỏ qua.", id)
	}
	return o
}
