// Package backup writes and restores a consistent snapshot of a vanthu data
// directory as one .tar.gz file.
//
// The archive holds, in this order:
//
//	manifest.json        format version, counts, checksums (Manifest)
//	vanthu.db            the database as of one commit (VACUUM INTO)
//	uploads/<job id>     staged bytes of every job still queued or running
//	originals/ab/<sha>   every original the database refers to
//
// The search index and the page cache are not saved: a restore rebuilds
// the index from the database. A backup can be taken while the server
// runs: the database copy is one read transaction, originals are immutable
// and written before the record that refers to them, and a staged upload
// removed meanwhile (its job finished after the snapshot) is taken from the
// original it became.
package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"time"

	_ "modernc.org/sqlite"

	"vanthu/index"
	"vanthu/internal/archive"
	"vanthu/internal/store"
)

// FormatVersion is the version of the backup layout written by Create.
const FormatVersion = 1

// Names inside the archive.
const (
	ManifestName = "manifest.json"
	DatabaseName = "vanthu.db"
	originalsDir = "originals"
	uploadsDir   = "uploads"
)

// Manifest describes a backup.
type Manifest struct {
	Format              int      `json:"format"`
	App                 string   `json:"app"`
	CreatedAt           string   `json:"created_at"`
	SchemaVersion       int      `json:"schema_version"`        // latest applied migration in the snapshot
	IndexMappingVersion string   `json:"index_mapping_version"` // index is rebuilt on restore; for information
	Database            FileSum  `json:"database"`
	Counts              Counts   `json:"counts"`
	Uploads             []Upload `json:"uploads"` // staged files of pending jobs
}

// FileSum names a file of the archive with its size and sha256.
type FileSum struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Upload is the staged file of a job that was queued or running.
type Upload struct {
	JobID string `json:"job_id"`
	FileSum
	// FromOriginal is set when the staged file was gone by the time it was
	// copied (the job finished after the snapshot) and the bytes were taken
	// from the stored original instead.
	FromOriginal bool `json:"from_original,omitempty"`
}

// Counts are row counts of the snapshot.
type Counts struct {
	Documents       int `json:"documents"`
	Originals       int `json:"originals"`
	RegisterEntries int `json:"register_entries"`
	Corrections     int `json:"corrections"`
	TaskStates      int `json:"task_states"`
	Jobs            int `json:"jobs"`
	PendingJobs     int `json:"pending_jobs"`
}

// Options tune Create and Restore.
type Options struct {
	// Log (may be nil) receives Vietnamese progress and warning lines.
	Log func(format string, args ...any)
	// Now is the clock (tests); default time.Now.
	Now func() time.Time
}

func (o Options) logf(format string, args ...any) {
	if o.Log != nil {
		o.Log(format, args...)
	}
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// afterSnapshot (tests) runs between the database snapshot and the copy of
// staged uploads.
var afterSnapshot func()

var (
	shaRe   = regexp.MustCompile(`^[0-9a-f]{64}$`)
	jobIDRe = regexp.MustCompile(`^[0-9A-Za-z_-][0-9A-Za-z._-]{0,127}$`)
)

// Create writes a backup of the data directory dataDir to out (a .tar.gz).
// The file appears complete or not at all (temporary file, fsync, rename).
func Create(ctx context.Context, dataDir, out string, opt Options) (*Manifest, error) {
	dbPath := filepath.Join(dataDir, DatabaseName)
	if _, err := os.Stat(dbPath); err != nil {
		return nil, fmt.Errorf("không tìm thấy cơ sở dữ liệu %s: thư mục %s không phải kho dữ liệu vanthu", dbPath, dataDir)
	}
	live, err := store.OpenExisting(dbPath)
	if err != nil {
		return nil, fmt.Errorf("không mở được cơ sở dữ liệu: %w", err)
	}
	defer live.Close()

	work, err := os.MkdirTemp("", "vanthu-backup-*")
	if err != nil {
		return nil, fmt.Errorf("không tạo được thư mục tạm: %w", err)
	}
	defer os.RemoveAll(work)

	snap := filepath.Join(work, DatabaseName)
	if err := live.Snapshot(snap); err != nil {
		return nil, err
	}
	if err := integrity(snap); err != nil {
		return nil, fmt.Errorf("cơ sở dữ liệu của kho không toàn vẹn (%v); hãy kiểm tra kho trước khi sao lưu", err)
	}
	if afterSnapshot != nil {
		afterSnapshot()
	}
	m := &Manifest{Format: FormatVersion, App: "vanthu", CreatedAt: opt.now().UTC().Format(time.RFC3339),
		IndexMappingVersion: index.MappingVersion, Uploads: []Upload{}}
	info, err := inspect(snap)
	if err != nil {
		return nil, err
	}
	m.SchemaVersion, m.Counts = info.schema, info.counts
	if m.Database, err = sumFile(snap, DatabaseName); err != nil {
		return nil, err
	}

	// Freeze the staged files of pending jobs in the work directory.
	blobs := archive.Blobs{Dir: filepath.Join(dataDir, originalsDir)}
	for _, j := range info.pending {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if !jobIDRe.MatchString(j.id) {
			return nil, fmt.Errorf("mã lượt tải lên %q không hợp lệ", j.id)
		}
		u := Upload{JobID: j.id}
		u.Name = uploadsDir + "/" + j.id
		dst := filepath.Join(work, uploadsDir, j.id)
		src := ""
		for _, p := range []string{filepath.Join(dataDir, uploadsDir, j.id), j.staged} {
			if p == "" {
				continue
			}
			if _, err := os.Stat(p); err == nil {
				src = p
				break
			}
		}
		if src == "" {
			// The job finished after the snapshot and its staged file was
			// removed; its bytes are the original of the document it made.
			if p := finishedOriginal(live, blobs, j.id); p != "" {
				src, u.FromOriginal = p, true
			}
		}
		if src == "" {
			opt.logf("Cảnh báo: không còn tệp tải lên của lượt %s (%s); lượt này sẽ báo lỗi sau khi khôi phục.", j.id, j.file)
			continue
		}
		if u.Size, u.SHA256, err = copyFile(src, dst); err != nil {
			if errors.Is(err, os.ErrNotExist) && !u.FromOriginal {
				// removed between Stat and open: same fallback
				if p := finishedOriginal(live, blobs, j.id); p != "" {
					u.FromOriginal = true
					u.Size, u.SHA256, err = copyFile(p, dst)
				}
			}
			if err != nil {
				return nil, fmt.Errorf("không sao chép được tệp tải lên của lượt %s: %w", j.id, err)
			}
		}
		m.Uploads = append(m.Uploads, u)
	}

	dir := filepath.Dir(out)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(out)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("không tạo được tệp sao lưu trong %s: %w", dir, err)
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	gz, _ := gzip.NewWriterLevel(tmp, gzip.BestSpeed)
	tw := tar.NewWriter(gz)
	mt := opt.now()
	mj, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := writeBytes(tw, ManifestName, mj, mt); err != nil {
		return nil, writeErr(err)
	}
	if err := addFile(tw, snap, DatabaseName, mt, nil); err != nil {
		return nil, writeErr(err)
	}
	for _, u := range m.Uploads {
		if err := addFile(tw, filepath.Join(work, uploadsDir, u.JobID), u.Name, mt, nil); err != nil {
			return nil, writeErr(err)
		}
	}
	for _, sha := range info.blobs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		name := originalsDir + "/" + sha[:2] + "/" + sha
		err := addFile(tw, blobs.Path(sha), name, mt, func(got string) error {
			if got != sha {
				return fmt.Errorf("bản gốc %s trong kho đã bị thay đổi (sai mã băm sha256); kiểm tra kho trước khi sao lưu", sha)
			}
			return nil
		})
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("kho thiếu bản gốc %s mà cơ sở dữ liệu có tham chiếu; không thể sao lưu đầy đủ", sha)
		}
		if err != nil {
			return nil, writeErr(err)
		}
	}
	if err := tw.Close(); err != nil {
		return nil, writeErr(err)
	}
	if err := gz.Close(); err != nil {
		return nil, writeErr(err)
	}
	if err := tmp.Sync(); err != nil {
		return nil, writeErr(err)
	}
	if err := tmp.Close(); err != nil {
		return nil, writeErr(err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return nil, writeErr(err)
	}
	ok = true
	archive.SyncDir(dir) // best effort
	return m, nil
}

func writeErr(err error) error {
	var ve verifyError
	if errors.As(err, &ve) {
		return ve.err
	}
	return fmt.Errorf("không ghi được tệp sao lưu: %w", err)
}

// finishedOriginal returns the path of the original stored by job id in the
// live database, or "" when it has none.
func finishedOriginal(live *store.Store, blobs archive.Blobs, id string) string {
	j, err := live.GetJob(id)
	if err != nil || j.DocumentID == "" {
		return ""
	}
	rec, err := live.Get(j.DocumentID)
	if err != nil {
		return ""
	}
	p := blobs.Path(rec.SHA256)
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

type pendingJob struct{ id, file, staged string }

type snapInfo struct {
	schema  int
	counts  Counts
	blobs   []string // sorted sha256 of referenced originals
	pending []pendingJob
}

// openRO opens a database file read-only (no journal mode change, no
// migrations).
func openRO(path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// inspect reads counts, referenced originals and pending jobs of a
// snapshot.
func inspect(path string) (*snapInfo, error) {
	db, err := openRO(path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	in := &snapInfo{}
	if err := db.QueryRow(`SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&in.schema); err != nil {
		return nil, fmt.Errorf("đọc phiên bản cơ sở dữ liệu: %w", err)
	}
	c := &in.counts
	for _, q := range []struct {
		sql string
		dst *int
	}{
		{`SELECT count(*) FROM documents`, &c.Documents},
		{`SELECT count(DISTINCT sha256) FROM documents`, &c.Originals},
		{`SELECT count(*) FROM register`, &c.RegisterEntries},
		{`SELECT count(*) FROM corrections`, &c.Corrections},
		{`SELECT count(*) FROM task_state`, &c.TaskStates},
		{`SELECT count(*) FROM jobs`, &c.Jobs},
		{`SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')`, &c.PendingJobs},
	} {
		if err := db.QueryRow(q.sql).Scan(q.dst); err != nil {
			return nil, fmt.Errorf("đọc cơ sở dữ liệu: %w", err)
		}
	}
	rows, err := db.Query(`SELECT DISTINCT sha256 FROM documents ORDER BY sha256`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var sha string
		if err := rows.Scan(&sha); err != nil {
			rows.Close()
			return nil, err
		}
		if !shaRe.MatchString(sha) {
			rows.Close()
			return nil, fmt.Errorf("mã băm bản gốc %q trong cơ sở dữ liệu không hợp lệ", sha)
		}
		in.blobs = append(in.blobs, sha)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.Query(`SELECT id, file, staged FROM jobs WHERE status IN ('queued', 'running') ORDER BY created_at, id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var j pendingJob
		if err := rows.Scan(&j.id, &j.file, &j.staged); err != nil {
			rows.Close()
			return nil, err
		}
		in.pending = append(in.pending, j)
	}
	rows.Close()
	return in, rows.Err()
}

// integrity runs PRAGMA integrity_check on a database file.
func integrity(path string) error {
	db, err := openRO(path)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.Query(`PRAGMA integrity_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		msgs = append(msgs, s)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(msgs) != 1 || msgs[0] != "ok" {
		return fmt.Errorf("%v", msgs)
	}
	return nil
}

func sumFile(path, name string) (FileSum, error) {
	f, err := os.Open(path)
	if err != nil {
		return FileSum{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return FileSum{}, err
	}
	return FileSum{Name: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// copyFile copies src to dst (creating dst's folder) and returns the size
// and sha256 of what it copied.
func copyFile(src, dst string) (int64, string, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, "", err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return 0, "", err
	}
	out, err := os.Create(dst)
	if err != nil {
		return 0, "", err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return n, hex.EncodeToString(h.Sum(nil)), err
}

func writeBytes(tw *tar.Writer, name string, data []byte, mt time.Time) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), ModTime: mt,
		Typeflag: tar.TypeReg, Format: tar.FormatPAX}); err != nil {
		return err
	}
	_, err := tw.Write(data)
	return err
}

// verifyError is a checksum failure while adding a file (reported as is).
type verifyError struct{ err error }

func (e verifyError) Error() string { return e.err.Error() }

// addFile copies the file at path into the archive as name; check (may be
// nil) is given the sha256 of the bytes copied.
func addFile(tw *tar.Writer, path, name string, mt time.Time, check func(sha string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: st.Size(), ModTime: mt,
		Typeflag: tar.TypeReg, Format: tar.FormatPAX}); err != nil {
		return err
	}
	var h hash.Hash = sha256.New()
	n, err := io.Copy(io.MultiWriter(tw, h), io.LimitReader(f, st.Size()))
	if err != nil {
		return err
	}
	if n != st.Size() {
		return fmt.Errorf("%s thay đổi kích thước khi đang sao lưu", path)
	}
	if check != nil {
		if err := check(hex.EncodeToString(h.Sum(nil))); err != nil {
			return verifyError{err}
		}
	}
	return nil
}

// ReadManifest reads the manifest of a backup file without restoring it.
func ReadManifest(file string) (*Manifest, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("không mở được tệp sao lưu: %w", err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, corrupt(err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil, errors.New("tệp sao lưu không có manifest.json")
		}
		if err != nil {
			return nil, corrupt(err)
		}
		if h.Name == ManifestName {
			return decodeManifest(tr)
		}
	}
}

func decodeManifest(r io.Reader) (*Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(io.LimitReader(r, 64<<20))
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("manifest.json của tệp sao lưu không đọc được: %w", err)
	}
	return &m, nil
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
