package store

import (
	"database/sql"
	"errors"
)

// Job statuses.
const (
	JobQueued    = "queued"
	JobRunning   = "running"
	JobDone      = "done"
	JobFailed    = "failed"
	JobDuplicate = "duplicate"
)

// Job is one uploaded file on its way into the archive.
type Job struct {
	ID         string  `json:"id"`
	File       string  `json:"file"`
	Staged     string  `json:"-"` // path of the uploaded bytes until the job ends
	Size       int64   `json:"size"`
	Status     string  `json:"status"`
	Stage      string  `json:"stage"`
	Progress   float64 `json:"progress"`
	Detail     string  `json:"detail"`
	DocumentID string  `json:"document_id"`
	ErrorCode  string  `json:"error_code,omitempty"`
	Error      string  `json:"error"`
	CreatedBy  string  `json:"created_by"`
	CreatedAt  string  `json:"created_at"`
	UpdatedAt  string  `json:"updated_at"`
}

const jobCols = `id, file, staged, size, status, stage, progress, detail, document_id, error_code, error, created_by, created_at, updated_at`

func scanJobs(rows *sql.Rows) ([]*Job, error) {
	defer rows.Close()
	out := []*Job{}
	for rows.Next() {
		j := &Job{}
		if err := rows.Scan(&j.ID, &j.File, &j.Staged, &j.Size, &j.Status, &j.Stage, &j.Progress, &j.Detail,
			&j.DocumentID, &j.ErrorCode, &j.Error, &j.CreatedBy, &j.CreatedAt, &j.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// AddJob stores a new queued job.
func (s *Store) AddJob(j *Job) error {
	t := now()
	j.CreatedAt, j.UpdatedAt = t, t
	if j.Status == "" {
		j.Status = JobQueued
	}
	if j.Stage == "" {
		j.Stage = "uploaded"
	}
	_, err := s.db.Exec(`INSERT INTO jobs(`+jobCols+`) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, j.ID, j.File, j.Staged, j.Size,
		j.Status, j.Stage, j.Progress, j.Detail, j.DocumentID, j.ErrorCode, j.Error, j.CreatedBy, j.CreatedAt, j.UpdatedAt)
	return err
}

// SaveJob writes a job's status, stage, progress and outcome.
func (s *Store) SaveJob(j *Job) error {
	j.UpdatedAt = now()
	res, err := s.db.Exec(`UPDATE jobs SET status = ?, stage = ?, progress = ?, detail = ?, document_id = ?, error_code = ?,
		error = ?, updated_at = ? WHERE id = ?`, j.Status, j.Stage, j.Progress, j.Detail, j.DocumentID, j.ErrorCode, j.Error,
		j.UpdatedAt, j.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrJobNotFound
	}
	return nil
}

// ErrJobNotFound is returned for unknown job ids.
var ErrJobNotFound = errors.New("không tìm thấy lượt tải lên")

// GetJob returns one job.
func (s *Store) GetJob(id string) (*Job, error) {
	rows, err := s.db.Query(`SELECT `+jobCols+` FROM jobs WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	js, err := scanJobs(rows)
	if err != nil {
		return nil, err
	}
	if len(js) == 0 {
		return nil, ErrJobNotFound
	}
	return js[0], nil
}

// RecentJobs returns the latest jobs, newest first; only those created by
// by unless by is "".
func (s *Store) RecentJobs(limit int, by string) ([]*Job, error) {
	if limit <= 0 {
		limit = 20
	}
	rows, err := s.db.Query(`SELECT `+jobCols+` FROM jobs WHERE (? = '' OR created_by = ?) ORDER BY created_at DESC, id DESC LIMIT ?`,
		by, by, limit)
	if err != nil {
		return nil, err
	}
	return scanJobs(rows)
}

// PendingJobs returns queued and interrupted (running) jobs, oldest first:
// the work to resume after a restart.
func (s *Store) PendingJobs() ([]*Job, error) {
	rows, err := s.db.Query(`SELECT ` + jobCols + ` FROM jobs WHERE status IN ('queued', 'running') ORDER BY created_at, id`)
	if err != nil {
		return nil, err
	}
	return scanJobs(rows)
}

// ClaimJob marks the oldest queued job running and returns it; nil when
// none is queued.
func (s *Store) ClaimJob() (*Job, error) {
	rows, err := s.db.Query(`UPDATE jobs SET status = 'running', updated_at = ? WHERE id = (
		SELECT id FROM jobs WHERE status = 'queued' ORDER BY created_at, id LIMIT 1) RETURNING `+jobCols, now())
	if err != nil {
		return nil, err
	}
	js, err := scanJobs(rows)
	if err != nil || len(js) == 0 {
		return nil, err
	}
	return js[0], nil
}

// RequeueRunning puts jobs left running by a stopped process back in the
// queue, marked with detail "resumed"; it returns how many.
func (s *Store) RequeueRunning() (int, error) {
	res, err := s.db.Exec(`UPDATE jobs SET status = 'queued', stage = 'uploaded', progress = 0, detail = 'resumed', updated_at = ?
		WHERE status = 'running'`, now())
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
