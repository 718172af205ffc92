package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"vanthu/internal/archive"
	"vanthu/internal/store"
)

// ErrCorrupt is wrapped by every error that means the backup file itself is
// damaged or incomplete.
var ErrCorrupt = errors.New("tệp sao lưu bị hỏng")

// ErrNotEmpty is returned when the target directory holds data and
// --force was not given.
var ErrNotEmpty = errors.New("thư mục đích không rỗng")

type corruptError struct{ msg string }

func (e *corruptError) Error() string { return e.msg }
func (e *corruptError) Unwrap() error { return ErrCorrupt }

func corruptf(format string, args ...any) error {
	return &corruptError{msg: "Tệp sao lưu bị hỏng: " + fmt.Sprintf(format, args...)}
}

func corrupt(err error) error {
	return corruptf("không giải nén được (%v); hãy dùng một bản sao lưu khác", err)
}

// RestoreResult says what Restore did.
type RestoreResult struct {
	Manifest  *Manifest
	MovedTo   string // where the old data directory went (--force), or ""
	Indexed   int    // records in the rebuilt index
	Relocated int    // pending jobs pointed at the new uploads folder
}

// Restore unpacks the backup file into dataDir, which must be missing or
// empty unless force is set: then the old directory is moved aside to
// dataDir.bak-<time>. Every original, staged upload and the database are
// checked against their checksums before anything replaces dataDir; then
// the search index is rebuilt.
func Restore(ctx context.Context, file, dataDir string, force bool, opt Options) (*RestoreResult, error) {
	target, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, err
	}
	target = filepath.Clean(target)
	exists, empty, err := dirState(target)
	if err != nil {
		return nil, err
	}
	if exists && !empty && !force {
		return nil, fmt.Errorf("%w: %s đã có dữ liệu; hãy chọn thư mục trống, hoặc dùng --force để chuyển thư mục cũ sang %s.bak-<thời điểm> rồi khôi phục",
			ErrNotEmpty, dataDir, dataDir)
	}
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("không tạo được thư mục %s: %w", parent, err)
	}
	work, err := os.MkdirTemp(parent, "."+filepath.Base(target)+".restore-*")
	if err != nil {
		return nil, fmt.Errorf("không tạo được thư mục tạm để khôi phục: %w", err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(work)
		}
	}()

	m, err := unpack(ctx, file, work)
	if err != nil {
		return nil, err
	}
	opt.logf("Đã giải nén và kiểm tra mã băm: %d văn bản, %d bản gốc, %d tệp chờ xử lý.",
		m.Counts.Documents, m.Counts.Originals, len(m.Uploads))

	// The database must be sound and refer only to originals present.
	db := filepath.Join(work, DatabaseName)
	if err := integrity(db); err != nil {
		return nil, corruptf("cơ sở dữ liệu trong bản sao lưu không toàn vẹn (%v)", err)
	}
	info, err := inspect(db)
	if err != nil {
		return nil, corruptf("không đọc được cơ sở dữ liệu trong bản sao lưu (%v)", err)
	}
	if info.counts != m.Counts {
		return nil, corruptf("số liệu trong cơ sở dữ liệu (%+v) khác với manifest.json (%+v)", info.counts, m.Counts)
	}
	blobs := archive.Blobs{Dir: filepath.Join(work, originalsDir)}
	for _, sha := range info.blobs {
		if !blobs.Has(sha) {
			return nil, corruptf("thiếu bản gốc %s", sha)
		}
	}

	// Open it once with the store: applies pending migrations (backup of an
	// older version) and points pending jobs at the new uploads folder.
	st, err := store.Open(db)
	if err != nil {
		return nil, fmt.Errorf("không mở được cơ sở dữ liệu đã khôi phục: %w", err)
	}
	res := &RestoreResult{Manifest: m}
	res.Relocated, err = st.RelocateStaged(filepath.Join(target, uploadsDir))
	if err == nil {
		err = st.Checkpoint()
	}
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("không cập nhật được cơ sở dữ liệu đã khôi phục: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(work, uploadsDir), 0o755); err != nil {
		return nil, err
	}
	if err := syncTree(work); err != nil {
		return nil, fmt.Errorf("không ghi được dữ liệu khôi phục xuống đĩa: %w", err)
	}

	// Swap it in.
	if exists {
		if empty {
			if err := os.Remove(target); err != nil {
				return nil, fmt.Errorf("không thay được thư mục %s: %w", dataDir, err)
			}
		} else {
			bak := fmt.Sprintf("%s.bak-%s", target, opt.now().Format("20060102-150405"))
			if err := os.Rename(target, bak); err != nil {
				return nil, fmt.Errorf("không chuyển được thư mục cũ sang %s: %w", bak, err)
			}
			res.MovedTo = bak
		}
	}
	if err := os.Rename(work, target); err != nil {
		return nil, fmt.Errorf("không đưa được dữ liệu khôi phục vào %s: %w", dataDir, err)
	}
	done = true
	archive.SyncDir(parent) // best effort

	a, err := archive.Open(target)
	if err != nil {
		return res, err
	}
	defer a.Close()
	res.Indexed, err = a.Reindex(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("đã khôi phục dữ liệu nhưng chưa xây dựng lại được chỉ mục (hãy chạy \"vanthu reindex\"): %w", err)
	}
	return res, nil
}

// dirState reports whether dir exists and whether it is empty.
func dirState(dir string) (exists, empty bool, err error) {
	st, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return false, true, nil
	}
	if err != nil {
		return false, false, err
	}
	if !st.IsDir() {
		return true, false, fmt.Errorf("%s không phải là thư mục", dir)
	}
	f, err := os.Open(dir)
	if err != nil {
		return true, false, err
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	if err != nil && err != io.EOF {
		return true, false, err
	}
	return true, len(names) == 0, nil
}

// entryKind classifies a name inside the archive; it returns "" for names
// a backup never contains.
func entryKind(name string) string {
	switch {
	case name == ManifestName:
		return "manifest"
	case name == DatabaseName:
		return "db"
	}
	parts := strings.Split(name, "/")
	switch {
	case len(parts) == 3 && parts[0] == originalsDir && shaRe.MatchString(parts[2]) && parts[1] == parts[2][:2]:
		return "original"
	case len(parts) == 2 && parts[0] == uploadsDir && jobIDRe.MatchString(parts[1]):
		return "upload"
	}
	return ""
}

// unpack extracts file into dir, checking every checksum, and returns the
// manifest.
func unpack(ctx context.Context, file, dir string) (*Manifest, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("không mở được tệp sao lưu: %w", err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, corruptf("không phải tệp .tar.gz hợp lệ (%v)", err)
	}
	tr := tar.NewReader(gz)
	var m *Manifest
	sums := map[string]FileSum{} // db and uploads, by name
	seen := map[string]bool{}
	originals := 0
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, corrupt(err)
		}
		kind := entryKind(h.Name)
		if kind == "" || h.Typeflag != tar.TypeReg {
			return nil, corruptf("mục lạ %q trong tệp sao lưu", h.Name)
		}
		if seen[h.Name] {
			return nil, corruptf("mục %q xuất hiện hai lần", h.Name)
		}
		seen[h.Name] = true
		if kind == "manifest" {
			if m, err = decodeManifest(tr); err != nil {
				return nil, corruptf("%v", err)
			}
			continue
		}
		dst := filepath.Join(dir, filepath.FromSlash(h.Name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return nil, err
		}
		out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err != nil {
			return nil, err
		}
		hs := sha256.New()
		n, err := io.Copy(io.MultiWriter(out, hs), tr)
		if cerr := out.Close(); err == nil && cerr != nil {
			return nil, cerr
		}
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) || isReadErr(err) {
				return nil, corrupt(err)
			}
			return nil, fmt.Errorf("không ghi được %s: %w", dst, err)
		}
		sum := hex.EncodeToString(hs.Sum(nil))
		if kind == "original" {
			sha := h.Name[len(h.Name)-64:]
			if sum != sha {
				return nil, corruptf("bản gốc %s có mã băm sha256 sai (nội dung đã bị thay đổi)", sha)
			}
			if err := os.Chmod(dst, 0o444); err != nil {
				return nil, err
			}
			originals++
			continue
		}
		sums[h.Name] = FileSum{Name: h.Name, Size: n, SHA256: sum}
	}
	// Read the gzip stream to its end so its CRC-32 and length are checked.
	if _, err := io.Copy(io.Discard, gz); err != nil {
		return nil, corrupt(err)
	}
	if err := gz.Close(); err != nil {
		return nil, corrupt(err)
	}
	if m == nil {
		return nil, corruptf("thiếu manifest.json")
	}
	if m.App != "vanthu" || m.Format < 1 {
		return nil, corruptf("manifest.json không phải của bản sao lưu vanthu")
	}
	if m.Format > FormatVersion {
		return nil, fmt.Errorf("bản sao lưu có định dạng phiên bản %d, mới hơn phiên bản chương trình này đọc được (%d); hãy cập nhật vanthu", m.Format, FormatVersion)
	}
	if m.SchemaVersion > store.LatestVersion() {
		return nil, fmt.Errorf("bản sao lưu có cơ sở dữ liệu phiên bản %d, mới hơn phiên bản chương trình này hỗ trợ (%d); hãy cập nhật vanthu", m.SchemaVersion, store.LatestVersion())
	}
	got, ok := sums[DatabaseName]
	if !ok {
		return nil, corruptf("thiếu cơ sở dữ liệu %s", DatabaseName)
	}
	if got.SHA256 != m.Database.SHA256 || got.Size != m.Database.Size {
		return nil, corruptf("cơ sở dữ liệu có mã băm sha256 sai (nội dung đã bị thay đổi)")
	}
	delete(sums, DatabaseName)
	for _, u := range m.Uploads {
		got, ok := sums[u.Name]
		if !ok || u.Name != uploadsDir+"/"+u.JobID {
			return nil, corruptf("thiếu tệp tải lên %s của lượt %s", u.Name, u.JobID)
		}
		if got.SHA256 != u.SHA256 || got.Size != u.Size {
			return nil, corruptf("tệp tải lên của lượt %s có mã băm sha256 sai", u.JobID)
		}
		delete(sums, u.Name)
	}
	if len(sums) > 0 {
		return nil, corruptf("có tệp không ghi trong manifest.json: %s", strings.Join(sortedKeys(sums), ", "))
	}
	if originals != m.Counts.Originals {
		return nil, corruptf("có %d bản gốc, manifest.json ghi %d", originals, m.Counts.Originals)
	}
	return m, nil
}

// isReadErr reports whether err comes from decoding the archive (as
// opposed to writing the extracted file).
func isReadErr(err error) bool {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return false
	}
	return true
}

// syncTree fsyncs every file and folder under dir.
func syncTree(dir string) error {
	return filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		err = f.Sync()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	})
}
