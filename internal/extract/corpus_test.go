package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vanthu/ingest"
	"vanthu/internal/document"
)

// corpusFiles lists the documents (not gold files) in dir.
func corpusFiles(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || strings.HasSuffix(n, ".gold.json") || strings.HasSuffix(n, ".gt.txt") || strings.HasSuffix(n, ".md") {
			continue
		}
		out = append(out, filepath.Join(dir, n))
	}
	return out
}

// TestCorpusOutputsFollowSchema extracts every document of our corpus and of
// the shared seeds and real documents (when present) and validates each
// record against the JSON Schema. Scores are gated by `vanthu eval` in the
// test command.
func TestCorpusOutputsFollowSchema(t *testing.T) {
	dirs := []string{"../../testdata/corpus", "../../../shared/corpus/seeds", "../../../shared/corpus/real"}
	n := 0
	for _, dir := range dirs {
		for _, f := range corpusFiles(t, dir) {
			in, err := ingest.ReadFile(f)
			if err != nil {
				t.Errorf("%s: %v", f, err)
				continue
			}
			d := Extract(in)
			b, err := d.MarshalLine()
			if err != nil {
				t.Fatal(err)
			}
			if err := document.Validate(b); err != nil {
				t.Errorf("%s: record does not follow the schema: %v", f, err)
			}
			n++
		}
	}
	if n == 0 {
		t.Skip("no corpus documents found")
	}
	t.Logf("%d records validated", n)
}
