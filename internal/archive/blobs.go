package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Blobs stores original files content-addressed by sha256:
// DIR/ab/abcdef... (the first two hex digits name a fan-out folder).
type Blobs struct {
	Dir string
}

// Sum returns the hex sha256 of data.
func Sum(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// Path returns where the blob with this sha256 lives.
func (b Blobs) Path(sha string) string {
	if len(sha) < 3 {
		return filepath.Join(b.Dir, sha)
	}
	return filepath.Join(b.Dir, sha[:2], sha)
}

// Has reports whether the blob exists.
func (b Blobs) Has(sha string) bool {
	_, err := os.Stat(b.Path(sha))
	return err == nil
}

// Put writes data under its sha256 atomically (temporary file, fsync,
// rename). It returns the digest and whether the blob already existed.
func (b Blobs) Put(data []byte) (sha string, existed bool, err error) {
	sha = Sum(data)
	p := b.Path(sha)
	if _, err := os.Stat(p); err == nil {
		return sha, true, nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return "", false, fmt.Errorf("tạo thư mục lưu bản gốc: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return "", false, fmt.Errorf("lưu bản gốc: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", false, fmt.Errorf("lưu bản gốc: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", false, fmt.Errorf("lưu bản gốc: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", false, fmt.Errorf("lưu bản gốc: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o444); err != nil {
		return "", false, err
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return "", false, fmt.Errorf("lưu bản gốc: %w", err)
	}
	if err := SyncDir(filepath.Dir(p)); err != nil {
		return "", false, fmt.Errorf("lưu bản gốc: %w", err)
	}
	return sha, false, nil
}

// SyncDir fsyncs a directory so that a rename into it survives power loss.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Get reads the blob with this sha256 and checks its digest.
func (b Blobs) Get(sha string) ([]byte, error) {
	data, err := os.ReadFile(b.Path(sha))
	if err != nil {
		return nil, err
	}
	if Sum(data) != sha {
		return nil, errors.New("bản gốc đã bị thay đổi (sai mã băm sha256)")
	}
	return data, nil
}
