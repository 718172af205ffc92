// Package jobs is the background queue that takes uploaded files into the
// archive. A job is acknowledged only once its bytes are on disk (staged
// file, fsynced) and its row is committed; workers then read, OCR, extract,
// store and index it, recording stage and progress as they go. Jobs left
// running by a stopped process are queued again when the queue opens.
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"vanthu/ingest"
	"vanthu/internal/archive"
	"vanthu/internal/store"
)

// Job is one upload's state, as stored.
type Job = store.Job

// Stages a job goes through, in order.
const (
	StageUploaded   = "uploaded"
	StageReading    = archive.StageReading
	StageOCR        = archive.StageOCR
	StageExtracting = archive.StageExtracting
	StageIndexing   = archive.StageIndexing
	StageDone       = "done"
)

// StageLabel is the Vietnamese name of a stage.
func StageLabel(stage string) string {
	switch stage {
	case StageUploaded:
		return "Đã tải lên, đang chờ xử lý"
	case StageReading:
		return "Đang đọc tệp"
	case StageOCR:
		return "Đang nhận dạng ký tự (OCR)"
	case StageExtracting:
		return "Đang trích xuất thông tin"
	case StageIndexing:
		return "Đang lập chỉ mục tìm kiếm"
	case StageDone:
		return "Hoàn thành"
	}
	return stage
}

// Queue runs jobs on a fixed number of workers.
type Queue struct {
	arch    *archive.Archive
	dir     string // staged uploads
	log     *slog.Logger
	workers int
	kick    chan struct{}
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	mu      sync.Mutex
	waiters map[string][]chan struct{}
}

// Open prepares the queue of an archive and queues again the jobs a
// stopped process left running. Call Start to run workers.
func Open(a *archive.Archive, workers int, log *slog.Logger) (*Queue, error) {
	if workers <= 0 {
		workers = 1
	}
	if log == nil {
		log = slog.Default()
	}
	dir := filepath.Join(a.Dir, "uploads")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("không tạo được thư mục tải lên: %w", err)
	}
	n, err := a.Store.RequeueRunning()
	if err != nil {
		return nil, err
	}
	if err := cleanStaging(a.Store, dir); err != nil {
		log.Warn("cleaning staged uploads", "err", err)
	}
	if n > 0 {
		log.Info("requeued interrupted jobs", "count", n)
	}
	return &Queue{arch: a, dir: dir, log: log, workers: workers, kick: make(chan struct{}, 1),
		waiters: map[string][]chan struct{}{}}, nil
}

// Start runs the workers until ctx ends or Close is called.
func (q *Queue) Start(ctx context.Context) {
	ctx, q.cancel = context.WithCancel(ctx)
	for range q.workers {
		q.wg.Add(1)
		go q.work(ctx)
	}
	q.poke()
}

// Close stops the workers and waits for them. A job interrupted midway
// stays "running" in the database and is queued again on the next Open.
func (q *Queue) Close() {
	if q.cancel != nil {
		q.cancel()
	}
	q.wg.Wait()
}

func (q *Queue) poke() {
	select {
	case q.kick <- struct{}{}:
	default:
	}
}

func newID() string {
	var b [8]byte
	rand.Read(b[:])
	return time.Now().UTC().Format("20060102150405.000000")[:21] + "-" + hex.EncodeToString(b[:6])
}

// Submit stages an uploaded file and queues it. When it returns without
// error the upload is durable: a crash from here on loses nothing.
func (q *Queue) Submit(file string, data []byte, user string) (*Job, error) {
	name := ingest.CleanName(file)
	if len(data) == 0 {
		return nil, &ingest.Error{Code: ingest.CodeEmpty, Message: fmt.Sprintf("Tệp %q rỗng.", name)}
	}
	if int64(len(data)) > ingest.MaxFileSize {
		return nil, &ingest.Error{Code: ingest.CodeTooLarge, Message: fmt.Sprintf("Tệp %q quá lớn (tối đa %d MB).", name, ingest.MaxFileSize>>20)}
	}
	id := newID()
	staged := filepath.Join(q.dir, id)
	if err := writeSynced(staged, data); err != nil {
		return nil, fmt.Errorf("không lưu được tệp tải lên: %w", err)
	}
	j := &Job{ID: id, File: name, Staged: staged, Size: int64(len(data)), Status: store.JobQueued, Stage: StageUploaded,
		Progress: 0.05, CreatedBy: user}
	if err := q.arch.Store.AddJob(j); err != nil {
		os.Remove(staged)
		return nil, fmt.Errorf("không ghi được lượt tải lên: %w", err)
	}
	q.poke()
	return j, nil
}

// writeSynced writes data to path through a temporary file, fsynced and
// renamed, so a crash leaves either nothing or the whole file.
func writeSynced(path string, data []byte) error {
	tmp := path + ".part"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return archive.SyncDir(filepath.Dir(path))
}

// Get returns a job.
func (q *Queue) Get(id string) (*Job, error) { return q.arch.Store.GetJob(id) }

// Recent returns the latest jobs, newest first; only by's unless by is "".
func (q *Queue) Recent(limit int, by string) ([]*Job, error) {
	return q.arch.Store.RecentJobs(limit, by)
}

// Wait blocks until the job has finished (done, failed or duplicate) or
// ctx ends, and returns its final state.
func (q *Queue) Wait(ctx context.Context, id string) (*Job, error) {
	for {
		ch := make(chan struct{})
		q.mu.Lock()
		q.waiters[id] = append(q.waiters[id], ch)
		q.mu.Unlock()
		j, err := q.Get(id)
		if err != nil {
			return nil, err
		}
		if Finished(j.Status) {
			return j, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return j, ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
}

// Finished reports whether a status is final.
func Finished(status string) bool {
	return status == store.JobDone || status == store.JobFailed || status == store.JobDuplicate
}

func (q *Queue) notify(id string) {
	q.mu.Lock()
	ws := q.waiters[id]
	delete(q.waiters, id)
	q.mu.Unlock()
	for _, ch := range ws {
		close(ch)
	}
}

func (q *Queue) work(ctx context.Context) {
	defer q.wg.Done()
	for {
		j, err := q.arch.Store.ClaimJob()
		if err != nil {
			q.log.Error("claim job", "err", err)
		}
		if j == nil {
			select {
			case <-ctx.Done():
				return
			case <-q.kick:
				continue
			case <-time.After(5 * time.Second):
				continue
			}
		}
		q.poke() // another worker may take the next one
		q.run(ctx, j)
		if ctx.Err() != nil {
			return
		}
	}
}

// run processes one claimed job; a panic marks the job failed and the
// worker goes on.
func (q *Queue) run(ctx context.Context, j *Job) {
	defer q.notify(j.ID)
	defer func() {
		if r := recover(); r != nil {
			q.log.Error("job panicked", "job", j.ID, "file", j.File, "panic", r)
			j.Status, j.ErrorCode, j.Error = store.JobFailed, "internal_error", "Lỗi nội bộ khi xử lý tệp; tệp chưa được lưu vào kho."
			q.save(j)
		}
	}()
	resumed := j.Detail == "resumed"
	data, err := os.ReadFile(j.Staged)
	if err != nil {
		j.Status, j.ErrorCode, j.Error = store.JobFailed, ingest.CodeIO, "Không đọc lại được tệp đã tải lên."
		q.save(j)
		return
	}
	progress := func(stage string, done, total int) {
		j.Stage, j.Detail = stage, ""
		switch stage {
		case StageReading:
			j.Progress = 0.15
		case StageOCR:
			j.Progress = 0.15
			if total > 0 {
				j.Progress += 0.6 * float64(done) / float64(total)
				j.Detail = fmt.Sprintf("đang đọc trang %d/%d", min(done+1, total), total)
				if done == total {
					j.Detail = fmt.Sprintf("đã đọc %d/%d trang", done, total)
				}
			}
		case StageExtracting:
			j.Progress = 0.8
		case StageIndexing:
			j.Progress = 0.9
		}
		q.save(j)
	}
	out := q.arch.AddFile(ctx, j.File, data, progress)
	if ctx.Err() != nil {
		return // stopping: the job stays running and is requeued on restart
	}
	j.Stage, j.Progress, j.Detail = StageDone, 1, ""
	switch out.Status {
	case archive.StatusAdded:
		j.Status, j.DocumentID, j.Error = store.JobDone, out.ID, out.Reason
	case archive.StatusDuplicate:
		j.Status, j.DocumentID, j.Error = store.JobDuplicate, out.ID, out.Reason
		if rec, err := q.arch.Store.Get(out.ID); resumed && err == nil && rec.IngestedAt >= j.CreatedAt {
			// stored by an earlier run of this same job, cut short by a restart
			j.Status, j.Error = store.JobDone, ""
		}
	default:
		j.Status, j.ErrorCode, j.Error = store.JobFailed, out.Code, out.Reason
	}
	if err := q.save(j); err == nil {
		os.Remove(j.Staged)
	}
}

func (q *Queue) save(j *Job) error {
	err := q.arch.Store.SaveJob(j)
	if err != nil && !errors.Is(err, context.Canceled) {
		q.log.Error("save job", "job", j.ID, "err", err)
	}
	return err
}

// cleanStaging removes files in the staging folder that no pending job
// needs: uploads cut before they were acknowledged (*.part) and files of
// jobs that ended.
func cleanStaging(st *store.Store, dir string) error {
	pending, err := st.PendingJobs()
	if err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, j := range pending {
		keep[filepath.Base(j.Staged)] = true // by name: older rows may hold a relative path
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || keep[e.Name()] {
			continue
		}
		os.Remove(filepath.Join(dir, e.Name()))
	}
	return nil
}
