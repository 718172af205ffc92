package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"vanthu/internal/document"
)

// Task statuses.
const (
	TaskOpen       = "open"
	TaskInProgress = "in_progress"
	TaskDone       = "done"
)

// ValidTaskStatus reports whether s is a known task status.
func ValidTaskStatus(s string) bool { return s == TaskOpen || s == TaskInProgress || s == TaskDone }

// TaskState is the tracked state of a record's top-level task.
type TaskState struct {
	Task      int    `json:"task"`
	Status    string `json:"status"`
	Note      string `json:"note"`
	UpdatedBy string `json:"updated_by"`
	UpdatedAt string `json:"updated_at"`
}

// TaskStates returns the tracked states of a record's tasks by index;
// tasks never touched are absent (open).
func (s *Store) TaskStates(docID string) (map[int]TaskState, error) {
	rows, err := s.db.Query(`SELECT task, status, note, updated_by, updated_at FROM task_state WHERE doc_id = ?`, docID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]TaskState{}
	for rows.Next() {
		var t TaskState
		if err := rows.Scan(&t.Task, &t.Status, &t.Note, &t.UpdatedBy, &t.UpdatedAt); err != nil {
			return nil, err
		}
		out[t.Task] = t
	}
	return out, rows.Err()
}

// TaskStatuses returns the status of every task that has a recorded
// state, by record id and task index (one query, for listings over the
// whole archive).
func (s *Store) TaskStatuses() (map[string]map[int]string, error) {
	rows, err := s.db.Query(`SELECT doc_id, task, status FROM task_state`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[int]string{}
	for rows.Next() {
		var id, status string
		var task int
		if err := rows.Scan(&id, &task, &status); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = map[int]string{}
		}
		out[id][task] = status
	}
	return out, rows.Err()
}

// SetTaskState records a task's status and note.
func (s *Store) SetTaskState(docID string, task int, status, note, user string) error {
	if !ValidTaskStatus(status) {
		return fmt.Errorf("trạng thái nhiệm vụ không hợp lệ: %q", status)
	}
	_, err := s.db.Exec(`INSERT INTO task_state(doc_id, task, status, note, updated_by, updated_at) VALUES (?,?,?,?,?,?)
		ON CONFLICT(doc_id, task) DO UPDATE SET status = excluded.status, note = excluded.note,
		updated_by = excluded.updated_by, updated_at = excluded.updated_at`, docID, task, status, note, user, now())
	return err
}

// Correction is one field corrected by a person; it overrides extraction
// and is re-applied whenever the record is extracted again.
type Correction struct {
	Field string          `json:"field"`
	Value json.RawMessage `json:"value"`
	By    string          `json:"by"`
	At    string          `json:"at"`
}

// Corrections returns a record's corrections, oldest first.
func (s *Store) Corrections(docID string) ([]Correction, error) {
	rows, err := s.db.Query(`SELECT field, value, by_user, at FROM corrections WHERE doc_id = ? ORDER BY id`, docID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Correction{}
	for rows.Next() {
		var c Correction
		var v string
		if err := rows.Scan(&c.Field, &v, &c.By, &c.At); err != nil {
			return nil, err
		}
		c.Value = json.RawMessage(v)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Update replaces a record's current document (after corrections) and
// appends the corrections that produced it, in one transaction. extracted,
// when non-nil, also replaces the record as last extracted.
func (s *Store) Update(id string, d *document.Document, extracted *document.Document, add []Correction) error {
	d.Normalize()
	rec, err := json.Marshal(d)
	if err != nil {
		return err
	}
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.Exec(`UPDATE documents SET doc_type = ?, number = ?, number_norm = ?, issued_date = ?, issuer = ?,
		subject = ?, record = ?, secrecy = ? WHERE id = ?`, d.DocType, d.Number, nullable(NormNumber(document.Val(d.Number))),
		d.IssuedDate, d.Issuer.Name, d.Subject, string(rec), document.Secrecy(d), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	if extracted != nil {
		ex, err := json.Marshal(extracted)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE documents SET extracted = ? WHERE id = ?`, string(ex), id); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(`DELETE FROM doc_references WHERE doc_id = ?`, id); err != nil {
		return err
	}
	for _, r := range d.References {
		if n := NormNumber(r.Number); n != "" {
			if _, err := tx.Exec(`INSERT OR IGNORE INTO doc_references(doc_id, number_norm) VALUES (?, ?)`, id, n); err != nil {
				return err
			}
		}
	}
	for _, c := range add {
		at := c.At
		if at == "" {
			at = now()
		}
		if _, err := tx.Exec(`INSERT INTO corrections(doc_id, field, value, by_user, at) VALUES (?,?,?,?,?)`,
			id, c.Field, string(c.Value), c.By, at); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Extracted returns the record as extracted, before any correction.
func (s *Store) Extracted(id string) (*document.Document, error) {
	var rec sql.NullString
	err := s.db.QueryRow(`SELECT COALESCE(extracted, record) FROM documents WHERE id = ?`, id).Scan(&rec)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	d := document.New()
	if err := json.Unmarshal([]byte(rec.String), d); err != nil {
		return nil, fmt.Errorf("bản ghi %s hỏng: %w", id, err)
	}
	d.Normalize()
	return d, nil
}

// Recent returns the most recently ingested records a viewer cleared to
// maxSecrecy may see, newest first.
func (s *Store) Recent(limit, maxSecrecy int) ([]*Record, error) {
	if limit <= 0 {
		limit = 10
	}
	rows, err := s.db.Query(`SELECT id, sha256, file, size, ingested_at, record FROM documents WHERE secrecy <= ?
		ORDER BY ingested_at DESC, id LIMIT ?`, maxSecrecy, limit)
	if err != nil {
		return nil, err
	}
	return s.scan(rows)
}

// CitingRecords returns the records that cite the document number, by id.
func (s *Store) CitingRecords(number string) ([]*Record, error) {
	ids, err := s.Citing(number)
	if err != nil {
		return nil, err
	}
	m, err := s.GetMany(ids)
	if err != nil {
		return nil, err
	}
	out := make([]*Record, 0, len(ids))
	for _, id := range ids {
		if r, ok := m[id]; ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// ByNumber returns the ids of records whose own number is this one.
func (s *Store) ByNumber(number string) ([]string, error) {
	n := NormNumber(number)
	if n == "" {
		return nil, nil
	}
	return scanIDs(s.db.Query(`SELECT id FROM documents WHERE number_norm = ? ORDER BY issued_date DESC, id`, n))
}

// scanIDs reads a one-column result of ids (and closes it).
func scanIDs(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// Summary is a record's listing columns, read without decoding the record.
type Summary struct {
	ID, File, DocType                   string
	Number, IssuedDate, Issuer, Subject *string
}

// Summaries returns the listing columns of the records with these ids.
func (s *Store) Summaries(ids []string) (map[string]*Summary, error) {
	out := map[string]*Summary{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.db.Query(`SELECT id, file, doc_type, number, issued_date, issuer, subject FROM documents WHERE id IN (?`+
		strings.Repeat(",?", len(ids)-1)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var x Summary
		var num, date, iss, sub sql.NullString
		if err := rows.Scan(&x.ID, &x.File, &x.DocType, &num, &date, &iss, &sub); err != nil {
			return nil, err
		}
		x.Number, x.IssuedDate, x.Issuer, x.Subject = nullStr(num), nullStr(date), nullStr(iss), nullStr(sub)
		out[x.ID] = &x
	}
	return out, rows.Err()
}

func nullStr(v sql.NullString) *string {
	if !v.Valid {
		return nil
	}
	return &v.String
}
