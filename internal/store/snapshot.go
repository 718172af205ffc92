package store

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
)

// OpenExisting opens an existing database without creating it and without
// applying migrations (for backups: a newer or older server may own it).
func OpenExisting(path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db: db}, nil
}

// Snapshot writes a consistent copy of the whole database to path (which
// must not exist) with VACUUM INTO. It runs in one read transaction, so
// writers in this or other processes may go on meanwhile: the copy is the
// database as of one commit, already compacted and without a WAL file.
func (s *Store) Snapshot(path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("tệp %s đã tồn tại", path)
	}
	if _, err := s.db.Exec(`VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("chụp cơ sở dữ liệu: %w", err)
	}
	return nil
}

// ReferencedBlobs returns the sha256 of every stored original, sorted.
func (s *Store) ReferencedBlobs() ([]string, error) {
	rows, err := s.db.Query(`SELECT sha256 FROM documents ORDER BY sha256`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var sha string
		if err := rows.Scan(&sha); err != nil {
			return nil, err
		}
		out = append(out, sha)
	}
	return out, rows.Err()
}

// IntegrityCheck runs PRAGMA integrity_check and returns an error listing
// the problems it reports.
func (s *Store) IntegrityCheck() error {
	rows, err := s.db.Query(`PRAGMA integrity_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return err
		}
		msgs = append(msgs, m)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(msgs) == 1 && msgs[0] == "ok" {
		return nil
	}
	if len(msgs) == 0 {
		return errors.New("integrity_check không trả về kết quả")
	}
	return fmt.Errorf("cơ sở dữ liệu bị hỏng: %s", strings.Join(msgs, "; "))
}

// RelocateStaged points the staged file of every queued or running job at
// dir/<job id> (after a restore into another data directory); it returns
// how many jobs it changed.
func (s *Store) RelocateStaged(dir string) (int, error) {
	res, err := s.db.Exec(`UPDATE jobs SET staged = ? || id WHERE status IN ('queued', 'running')`,
		strings.TrimRight(dir, string(os.PathSeparator))+string(os.PathSeparator))
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// Checkpoint copies the WAL into the main database file and truncates it.
func (s *Store) Checkpoint() error {
	_, err := s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}
