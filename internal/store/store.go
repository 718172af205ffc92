// Package store keeps the archive's records and all later state in SQLite
// (modernc.org/sqlite). It is the source of truth; the search index is
// rebuilt from it. Schema changes are versioned migrations applied in order
// and recorded in schema_migrations.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite"

	"vanthu/internal/document"
)

// migrations are applied in order; never edit one that has shipped, append.
var migrations = []struct {
	version int
	name    string
	sql     string
}{
	{1, "documents", `
CREATE TABLE documents (
	id          TEXT PRIMARY KEY,
	sha256      TEXT NOT NULL UNIQUE,
	file        TEXT NOT NULL,
	media_type  TEXT NOT NULL DEFAULT '',
	size        INTEGER NOT NULL DEFAULT 0,
	doc_type    TEXT NOT NULL,
	number      TEXT,
	number_norm TEXT,
	issued_date TEXT,
	issuer      TEXT,
	subject     TEXT,
	record      TEXT NOT NULL,
	ingested_at TEXT NOT NULL
);
CREATE INDEX documents_number ON documents(number_norm);
CREATE INDEX documents_issued ON documents(issued_date);
CREATE TABLE doc_references (
	doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	number_norm TEXT NOT NULL,
	PRIMARY KEY (doc_id, number_norm)
);
CREATE INDEX doc_references_number ON doc_references(number_norm);`},
	{2, "task_status", `
CREATE TABLE task_status (
	doc_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	task    INTEGER NOT NULL,
	done_at TEXT NOT NULL,
	PRIMARY KEY (doc_id, task)
);`},
	{3, "office", `
CREATE TABLE task_state (
	doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	task       INTEGER NOT NULL,
	status     TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done')),
	note       TEXT NOT NULL DEFAULT '',
	updated_by TEXT NOT NULL DEFAULT '',
	updated_at TEXT NOT NULL,
	PRIMARY KEY (doc_id, task)
);
INSERT INTO task_state(doc_id, task, status, updated_at) SELECT doc_id, task, 'done', done_at FROM task_status;
DROP TABLE task_status;
ALTER TABLE documents ADD COLUMN extracted TEXT;
CREATE INDEX documents_ingested ON documents(ingested_at);
CREATE TABLE corrections (
	id      INTEGER PRIMARY KEY AUTOINCREMENT,
	doc_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
	field   TEXT NOT NULL,
	value   TEXT NOT NULL,
	by_user TEXT NOT NULL,
	at      TEXT NOT NULL
);
CREATE INDEX corrections_doc ON corrections(doc_id, id);
CREATE TABLE register (
	year          INTEGER NOT NULL,
	number        INTEGER NOT NULL,
	doc_id        TEXT NOT NULL UNIQUE REFERENCES documents(id),
	received_date TEXT NOT NULL,
	author        TEXT NOT NULL DEFAULT '',
	symbol        TEXT NOT NULL DEFAULT '',
	doc_date      TEXT NOT NULL DEFAULT '',
	type_subject  TEXT NOT NULL DEFAULT '',
	recipient     TEXT NOT NULL DEFAULT '',
	transfer_date TEXT NOT NULL DEFAULT '',
	signed        TEXT NOT NULL DEFAULT '',
	note          TEXT NOT NULL DEFAULT '',
	dup_key       TEXT NOT NULL DEFAULT '',
	created_by    TEXT NOT NULL DEFAULT '',
	created_at    TEXT NOT NULL,
	PRIMARY KEY (year, number)
);
CREATE INDEX register_received ON register(received_date);
CREATE INDEX register_dup ON register(dup_key);
CREATE TABLE jobs (
	id          TEXT PRIMARY KEY,
	file        TEXT NOT NULL,
	staged      TEXT NOT NULL,
	size        INTEGER NOT NULL DEFAULT 0,
	status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'duplicate')),
	stage       TEXT NOT NULL DEFAULT 'uploaded',
	progress    REAL NOT NULL DEFAULT 0,
	detail      TEXT NOT NULL DEFAULT '',
	document_id TEXT NOT NULL DEFAULT '',
	error_code  TEXT NOT NULL DEFAULT '',
	error       TEXT NOT NULL DEFAULT '',
	created_by  TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL
);
CREATE INDEX jobs_status ON jobs(status, created_at);`},
	{4, "accounts", `
CREATE TABLE users (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
	role       TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'reader')),
	clearance  INTEGER NOT NULL DEFAULT 0 CHECK (clearance BETWEEN 0 AND 3),
	org        TEXT NOT NULL DEFAULT '',
	pw_hash    TEXT NOT NULL,
	disabled   INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE TABLE sessions (
	id_hash    TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	name       TEXT NOT NULL,
	hash       TEXT NOT NULL UNIQUE,
	user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	last_used  TEXT NOT NULL DEFAULT '',
	revoked    INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE audit (
	id      INTEGER PRIMARY KEY AUTOINCREMENT,
	at      TEXT NOT NULL,
	actor   TEXT NOT NULL,
	action  TEXT NOT NULL,
	target  TEXT NOT NULL DEFAULT '',
	detail  TEXT NOT NULL DEFAULT '',
	ip      TEXT NOT NULL DEFAULT '',
	ok      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX audit_at ON audit(at);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
ALTER TABLE documents ADD COLUMN secrecy INTEGER NOT NULL DEFAULT 0;
UPDATE documents SET secrecy = CASE
	WHEN json_extract(record, '$.classification') = 'Tuyệt mật' THEN 3
	WHEN json_extract(record, '$.classification') = 'Tối mật' THEN 2
	WHEN json_extract(record, '$.classification') = 'Mật' THEN 1
	ELSE 0 END;`},
}

// LatestVersion is the schema version this code expects.
func LatestVersion() int { return migrations[len(migrations)-1].version }

// Store is an open database.
type Store struct {
	db *sql.DB
	// tokenSeen is when each API token's last_used was last written
	// (token id -> time.Time): written at most once a minute, not at
	// every request (each write is a synchronous transaction).
	tokenSeen sync.Map
}

// Open opens (creating if needed) the database at path and applies pending
// migrations.
func Open(path string) (*Store, error) {
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	s := &Store{db: db}
	if err := s.Migrate(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Migrate applies every migration not yet recorded; running it again is a
// no-op.
func (s *Store) Migrate() error {
	if _, err := s.db.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("tạo bảng schema_migrations: %w", err)
	}
	for _, m := range migrations {
		tx, err := s.db.Begin()
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n); err != nil {
			tx.Rollback()
			return err
		}
		if n > 0 {
			tx.Rollback()
			continue
		}
		if _, err := tx.Exec(m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("nâng cấp cơ sở dữ liệu lên phiên bản %d (%s): %w", m.version, m.name, err)
		}
		if _, err := tx.Exec(`INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)`,
			m.version, m.name, now()); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// Versions returns the applied migration versions in order.
func (s *Store) Versions() ([]int, error) {
	rows, err := s.db.Query(`SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func now() string { return time.Now().UTC().Format(time.RFC3339) }

// Record is a stored document.
type Record struct {
	ID         string             `json:"id"`
	SHA256     string             `json:"sha256"`
	File       string             `json:"file"`
	Size       int64              `json:"size"`
	IngestedAt string             `json:"ingested_at"`
	Doc        *document.Document `json:"record"`
	DoneTasks  []int              `json:"done_tasks"` // indexes of top-level tasks marked done
}

// OpenTasks reports whether the record has top-level tasks not marked done.
func (r *Record) OpenTasks() bool { return len(r.Doc.Tasks) > len(r.DoneTasks) }

// IDFor returns the record id of content with the given sha256: its first
// 16 hex digits.
func IDFor(sha string) string {
	if len(sha) > 16 {
		return sha[:16]
	}
	return sha
}

// ErrNotFound is returned for unknown ids.
var ErrNotFound = errors.New("không tìm thấy văn bản")

// ErrAmbiguous is returned for an id prefix that matches several records.
var ErrAmbiguous = errors.New("mã văn bản khớp nhiều hơn một văn bản; hãy nhập đầy đủ hơn")

// NormNumber is the stored lookup form of a document number: no spaces,
// upper case ("28 - ct/tw" -> "28-CT/TW").
func NormNumber(s string) string { return strings.ToUpper(strings.Join(strings.Fields(s), "")) }

// Insert stores a new record in one transaction. It returns added=false and
// the existing id when content with the same sha256 is already stored.
func (s *Store) Insert(sha, file string, size int64, d *document.Document) (id string, added bool, err error) {
	d.Normalize()
	rec, err := json.Marshal(d)
	if err != nil {
		return "", false, err
	}
	tx, err := s.db.Begin()
	if err != nil {
		return "", false, err
	}
	defer tx.Rollback()
	if err := tx.QueryRow(`SELECT id FROM documents WHERE sha256 = ?`, sha).Scan(&id); err == nil {
		return id, false, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return "", false, err
	}
	id = IDFor(sha)
	_, err = tx.Exec(`INSERT INTO documents(id, sha256, file, media_type, size, doc_type, number, number_norm,
		issued_date, issuer, subject, record, extracted, ingested_at, secrecy) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		id, sha, file, d.Source.MediaType, size, d.DocType, d.Number, nullable(NormNumber(document.Val(d.Number))),
		d.IssuedDate, d.Issuer.Name, d.Subject, string(rec), string(rec), now(), document.Secrecy(d))
	if err != nil {
		return "", false, fmt.Errorf("lưu văn bản: %w", err)
	}
	for _, r := range d.References {
		if n := NormNumber(r.Number); n != "" {
			if _, err := tx.Exec(`INSERT OR IGNORE INTO doc_references(doc_id, number_norm) VALUES (?, ?)`, id, n); err != nil {
				return "", false, err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return "", false, err
	}
	return id, true, nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// HasSHA returns the id of the record with this content, if any.
func (s *Store) HasSHA(sha string) (string, bool, error) {
	var id string
	err := s.db.QueryRow(`SELECT id FROM documents WHERE sha256 = ?`, sha).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return id, err == nil, err
}

// Get returns the record with this id or unique id prefix.
func (s *Store) Get(id string) (*Record, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	if id == "" {
		return nil, ErrNotFound
	}
	rows, err := s.db.Query(`SELECT id, sha256, file, size, ingested_at, record FROM documents WHERE id >= ? AND id < ? LIMIT 2`, id, id+"\xff")
	if err != nil {
		return nil, err
	}
	recs, err := s.scan(rows)
	if err != nil {
		return nil, err
	}
	switch len(recs) {
	case 0:
		return nil, ErrNotFound
	case 1:
		return recs[0], nil
	}
	for _, r := range recs {
		if r.ID == id {
			return r, nil
		}
	}
	return nil, ErrAmbiguous
}

// GetMany returns the records with these exact ids, keyed by id.
func (s *Store) GetMany(ids []string) (map[string]*Record, error) {
	out := map[string]*Record{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.db.Query(`SELECT id, sha256, file, size, ingested_at, record FROM documents WHERE id IN (?`+
		strings.Repeat(",?", len(ids)-1)+`)`, args...)
	if err != nil {
		return nil, err
	}
	recs, err := s.scan(rows)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		out[r.ID] = r
	}
	return out, nil
}

// Each calls fn for every record in id order.
func (s *Store) Each(ctx context.Context, fn func(*Record) error) error {
	last := ""
	for {
		rows, err := s.db.QueryContext(ctx, `SELECT id, sha256, file, size, ingested_at, record FROM documents WHERE id > ? ORDER BY id LIMIT 200`, last)
		if err != nil {
			return err
		}
		recs, err := s.scan(rows)
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return nil
		}
		for _, r := range recs {
			if err := fn(r); err != nil {
				return err
			}
			last = r.ID
		}
	}
}

// EachTasks calls fn for every record in id order with only the fields
// task listings need decoded (number, subject, classification, tasks):
// cheaper than Each over the whole archive.
func (s *Store) EachTasks(ctx context.Context, fn func(id string, d *document.Document) error) error {
	type item struct {
		id string
		d  *document.Document
	}
	last := ""
	for {
		rows, err := s.db.QueryContext(ctx, `SELECT id, record FROM documents WHERE id > ? ORDER BY id LIMIT 500`, last)
		if err != nil {
			return err
		}
		var items []item
		for rows.Next() {
			var id, rec string
			if err := rows.Scan(&id, &rec); err != nil {
				rows.Close()
				return err
			}
			d, err := decodeTaskDoc(id, rec)
			if err != nil {
				rows.Close()
				return err
			}
			items = append(items, item{id, d})
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(items) == 0 {
			return nil
		}
		for _, it := range items {
			if err := fn(it.id, it.d); err != nil {
				return err
			}
			last = it.id
		}
	}
}

// TaskDoc returns record id with only the fields of EachTasks decoded.
func (s *Store) TaskDoc(id string) (*document.Document, error) {
	var rec string
	err := s.db.QueryRow(`SELECT record FROM documents WHERE id = ?`, id).Scan(&rec)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return decodeTaskDoc(id, rec)
}

// decodeTaskDoc decodes number, subject, classification and tasks of a
// record's JSON.
func decodeTaskDoc(id, rec string) (*document.Document, error) {
	var part struct {
		Number         *string         `json:"number"`
		Subject        *string         `json:"subject"`
		Classification *string         `json:"classification"`
		Tasks          []document.Task `json:"tasks"`
	}
	if err := json.Unmarshal([]byte(rec), &part); err != nil {
		return nil, fmt.Errorf("bản ghi %s hỏng: %w", id, err)
	}
	d := document.New()
	d.Number, d.Subject, d.Classification, d.Tasks = part.Number, part.Subject, part.Classification, part.Tasks
	d.Normalize()
	return d, nil
}

// Count returns the number of records.
func (s *Store) Count() (int, error) {
	var n int
	err := s.db.QueryRow(`SELECT count(*) FROM documents`).Scan(&n)
	return n, err
}

// Citing returns the ids of records that cite the document number.
func (s *Store) Citing(number string) ([]string, error) {
	return scanIDs(s.db.Query(`SELECT doc_id FROM doc_references WHERE number_norm = ? ORDER BY doc_id`, NormNumber(number)))
}

// SetTaskDone marks top-level task i (0-based) of a record done or open.
func (s *Store) SetTaskDone(id string, task int, done bool) error {
	st := TaskOpen
	if done {
		st = TaskDone
	}
	return s.SetTaskState(id, task, st, "", "")
}

// scan reads full records from rows (and closes them), then loads their
// task states.
func (s *Store) scan(rows *sql.Rows) ([]*Record, error) {
	var out []*Record
	for rows.Next() {
		r := &Record{}
		var rec string
		if err := rows.Scan(&r.ID, &r.SHA256, &r.File, &r.Size, &r.IngestedAt, &rec); err != nil {
			rows.Close()
			return nil, err
		}
		r.Doc = document.New()
		if err := json.Unmarshal([]byte(rec), r.Doc); err != nil {
			rows.Close()
			return nil, fmt.Errorf("bản ghi %s hỏng: %w", r.ID, err)
		}
		r.Doc.Normalize()
		r.DoneTasks = []int{}
		out = append(out, r)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, r := range out {
		trs, err := s.db.Query(`SELECT task FROM task_state WHERE doc_id = ? AND status = 'done' ORDER BY task`, r.ID)
		if err != nil {
			return nil, err
		}
		for trs.Next() {
			var t int
			if err := trs.Scan(&t); err != nil {
				trs.Close()
				return nil, err
			}
			if t >= 0 && t < len(r.Doc.Tasks) {
				r.DoneTasks = append(r.DoneTasks, t)
			}
		}
		trs.Close()
	}
	return out, nil
}
