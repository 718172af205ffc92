// Command gencorpus renders the layout sources of the test corpus
// (testdata/corpus/src/<id>.layout) into the formats each one lists:
//
//	go run ./internal/testgen/gencorpus [-dir testdata/corpus] [-check]
//
// A source may start with a line "#formats txt pdf docx tcvn3 vni viqr nfd"
// (default: txt). Outputs are <id>.txt, <id>.pdf, <id>.docx, <id>.tcvn3.txt,
// <id>.vni.txt, <id>.viqr.txt and <id>.nfd.txt next to <id>.gold.json; every
// rendering of an id is scored against the same gold file. With -check the
// command writes nothing and fails when a committed output is stale.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"

	"vanthu/ingest/legacy"
	"vanthu/internal/testgen"
)

func main() {
	dir := flag.String("dir", "testdata/corpus", "corpus directory")
	check := flag.Bool("check", false, "only verify that outputs are up to date")
	flag.Parse()
	srcs, err := filepath.Glob(filepath.Join(*dir, "src", "*.layout"))
	if err != nil {
		fail(err)
	}
	sort.Strings(srcs)
	stale := 0
	for _, src := range srcs {
		outs, err := render(src)
		if err != nil {
			fail(fmt.Errorf("%s: %w", src, err))
		}
		id := strings.TrimSuffix(filepath.Base(src), ".layout")
		for suffix, data := range outs {
			path := filepath.Join(*dir, id+suffix)
			old, _ := os.ReadFile(path)
			if bytes.Equal(old, data) {
				continue
			}
			if *check {
				fmt.Fprintf(os.Stderr, "lỗi thời: %s\n", path)
				stale++
				continue
			}
			if err := os.WriteFile(path, data, 0o644); err != nil {
				fail(err)
			}
			fmt.Println("đã ghi", path)
		}
	}
	if stale > 0 {
		fail(fmt.Errorf("%d tệp cần tạo lại: go run ./internal/testgen/gencorpus", stale))
	}
}

// render returns the requested renderings of one source, by file suffix.
func render(path string) (map[string][]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	src := string(b)
	formats := []string{"txt"}
	if first, rest, ok := strings.Cut(src, "\n"); ok && strings.HasPrefix(first, "#formats") {
		formats = strings.Fields(strings.TrimPrefix(first, "#formats"))
		src = rest
	}
	l, err := testgen.ParseLayout(src)
	if err != nil {
		return nil, err
	}
	text := l.Text()
	out := map[string][]byte{}
	for _, f := range formats {
		switch f {
		case "txt":
			out[".txt"] = []byte(text)
		case "pdf":
			if out[".pdf"], err = testgen.PDF(l); err != nil {
				return nil, err
			}
		case "docx":
			if out[".docx"], err = testgen.DOCX(l); err != nil {
				return nil, err
			}
		case "html":
			out[".html"] = []byte(testgen.HTML(l))
		case "tcvn3":
			out[".tcvn3.txt"] = legacy.EncodeTCVN3(text)
		case "vni":
			out[".vni.txt"] = legacy.EncodeVNI(text)
		case "viqr":
			out[".viqr.txt"] = []byte(legacy.EncodeVIQR(text))
		case "nfd":
			out[".nfd.txt"] = []byte(norm.NFD.String(text))
		default:
			return nil, fmt.Errorf("định dạng không hỗ trợ %q", f)
		}
	}
	return out, nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gencorpus:", err)
	os.Exit(1)
}
