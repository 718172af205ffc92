package archive

import (
	"context"

	"vanthu/ingest"
	"vanthu/internal/extract"
)

// Stages of one file on its way in, as reported to a progress function.
const (
	StageReading    = ingest.StageReading
	StageOCR        = ingest.StageOCR
	StageExtracting = "extracting"
	StageIndexing   = "indexing"
)

func progressOf(ctx context.Context) ingest.Progress {
	fn, _ := ctx.Value(progressCtxKey{}).(ingest.Progress)
	return fn
}

type progressCtxKey struct{}

// AddFile reads, extracts, stores and indexes one uploaded file. name is the
// file's original name. fn (may be nil) is told each stage: reading, ocr
// (pages done/total), extracting, indexing. The original and the record are
// stored before the index is touched: a failure to index leaves the
// document saved and the outcome says so.
func (a *Archive) AddFile(ctx context.Context, name string, data []byte, fn ingest.Progress) Outcome {
	if fn != nil {
		ctx = ingest.WithProgress(ctx, fn)
		ctx = context.WithValue(ctx, progressCtxKey{}, fn)
	}
	if int64(len(data)) > ingest.MaxFileSize {
		return Outcome{Path: name, Status: StatusFailed, Code: ingest.CodeTooLarge, Reason: "Tệp quá lớn."}
	}
	r := a.processBytes(ctx, name, data, extract.Extract)
	out := a.store(r)
	if out.Status != StatusAdded && out.Status != StatusDuplicate {
		return out
	}
	if fn != nil {
		fn(StageIndexing, 0, 0)
	}
	// duplicates are indexed again too: a crash between storing a record
	// and indexing it must not leave it unsearchable (re-indexing is harmless)
	rec, err := a.Store.Get(out.ID)
	if err == nil {
		err = a.reindexOne(rec)
	}
	if err != nil && out.Status == StatusAdded {
		out.Reason = "Đã lưu văn bản nhưng chưa cập nhật được chỉ mục tìm kiếm; hãy chạy \"vanthu reindex\"."
	}
	return out
}
