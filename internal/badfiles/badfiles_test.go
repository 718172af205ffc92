package badfiles

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"vanthu/ingest"
	"vanthu/internal/archive"
	"vanthu/internal/sandbox"
	"vanthu/internal/sandbox/sandboxtest"
)

var workerExe string

func TestMain(m *testing.M) { os.Exit(sandboxtest.Main(m, &workerExe)) }

// vietnamese reports whether s holds a letter with a Vietnamese diacritic.
func vietnamese(s string) bool {
	for _, r := range s {
		if r == 'đ' || r == 'Đ' || r >= 0x1EA0 && r <= 0x1EF9 || r > 0x7f && unicode.IsLetter(r) && strings.ContainsRune("àáâãèéêìíòóôõùúýăơưÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂƠƯ", r) {
			return true
		}
	}
	return false
}

func safeName(s string) bool {
	return s != "" && !strings.ContainsAny(s, "/\\") && !strings.HasPrefix(s, ".") &&
		!strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) && len(s) <= ingest.MaxNameLen
}

func TestCorpus(t *testing.T) {
	cs := All()
	if len(cs) < 30 {
		t.Fatalf("only %d cases", len(cs))
	}
	kinds := map[string]bool{}
	for _, c := range cs {
		if kinds[c.Name] {
			t.Errorf("duplicate case %s", c.Name)
		}
		kinds[c.Name] = true
		if c.Why == "" {
			t.Errorf("%s: no Why", c.Name)
		}
	}
}

var limits = sandbox.Limits{Wall: 3 * time.Minute}

// TestSandbox sends every case through the real worker process.
func TestSandbox(t *testing.T) {
	s := sandbox.New(workerExe, limits)
	for _, c := range All() {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			doc, err := s.Read(context.Background(), c.File, c.Data, nil)
			if c.WantCode == "" {
				if err != nil {
					t.Fatalf("want a document, got %v", err)
				}
				if f := doc.Source.File; !safeName(f) || f != ingest.CleanName(c.File) {
					t.Errorf("record file name %q", f)
				}
				// Vietnamese content comes through intact (no mojibake)
				if (c.Name == "invalid-utf8" || strings.HasPrefix(c.Name, "utf16") || strings.HasPrefix(c.Name, "name-")) &&
					!strings.Contains(doc.Text, "Sở Thông tin và Truyền thông") {
					t.Errorf("text %.200q", doc.Text)
				}
				return
			}
			var e *ingest.Error
			if !errors.As(err, &e) {
				t.Fatalf("want *ingest.Error %s, got %v (%T)", c.WantCode, err, err)
			}
			if e.Code != c.WantCode {
				t.Errorf("code %s, want %s (%s; %v)", e.Code, c.WantCode, e.Message, e.Err)
			}
			if strings.TrimSpace(e.Message) == "" || !vietnamese(e.Message) {
				t.Errorf("message %q is not Vietnamese", e.Message)
			}
		})
	}
}

func countFiles(t *testing.T, dir string) int {
	n := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

// TestArchive adds every case to an archive whose reader is the sandbox
// (as the server does) and checks that failures leave nothing behind.
func TestArchive(t *testing.T) {
	a, err := archive.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	a.Reader = sandbox.New(workerExe, limits).Reader()
	x, err := a.Index()
	if err != nil {
		t.Fatal(err)
	}
	added := 0
	for _, c := range All() {
		before, _ := a.Store.Count()
		blobs := countFiles(t, a.Blobs.Dir)
		indexed, _ := x.Count()
		var stages []string
		name := ingest.CleanName(c.File) // the server's upload handler cleans names (ingest.CleanName)
		out := a.AddFile(context.Background(), name, c.Data, func(stage string, done, total int) { stages = append(stages, stage) })
		after, _ := a.Store.Count()
		indexedAfter, _ := x.Count()
		if c.WantCode == "" {
			if out.Status != archive.StatusAdded {
				t.Errorf("%s: %s %s %s", c.Name, out.Status, out.Code, out.Reason)
				continue
			}
			added++
			rec, err := a.Store.Get(out.ID)
			if err != nil {
				t.Errorf("%s: %v", c.Name, err)
				continue
			}
			if !safeName(rec.File) || !safeName(rec.Doc.Source.File) {
				t.Errorf("%s: stored as %q / %q", c.Name, rec.File, rec.Doc.Source.File)
			}
			if after != before+1 || indexedAfter != indexed+1 {
				t.Errorf("%s: records %d -> %d, index %d -> %d", c.Name, before, after, indexed, indexedAfter)
			}
			continue
		}
		if out.Status != archive.StatusFailed || out.Code != c.WantCode {
			t.Errorf("%s: %s %s %q, want failed %s", c.Name, out.Status, out.Code, out.Reason, c.WantCode)
		}
		if !vietnamese(out.Reason) {
			t.Errorf("%s: reason %q is not Vietnamese", c.Name, out.Reason)
		}
		if after != before || countFiles(t, a.Blobs.Dir) != blobs || indexedAfter != indexed {
			t.Errorf("%s: half-stored: records %d -> %d, originals %d -> %d, index %d -> %d",
				c.Name, before, after, blobs, countFiles(t, a.Blobs.Dir), indexed, indexedAfter)
		}
	}
	if added == 0 {
		t.Error("no case was stored")
	}
	// The archive still works after all that.
	out := a.AddFile(context.Background(), "cuoi.txt", []byte(vietText+"Văn bản cuối cùng.\n"), nil)
	if out.Status != archive.StatusAdded {
		t.Errorf("final good file: %+v", out)
	}
}
