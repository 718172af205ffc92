// Command gencorpus renders the sources of the test corpus into the formats
// each one lists. A source is either a layout (testdata/corpus/src/<id>.layout,
// read by testgen.ParseLayout) or a hand-written flattened text
// (testdata/corpus/src/<id>.txt, kept byte for byte: its breakage is the
// point):
//
//	go run ./internal/testgen/gencorpus [-dir testdata/corpus] [-check] [-synth N] [-only GLOB]
//
// With -synth N it first (re)writes N composed documents syn-01..syn-N
// (layout source and gold file each) from package synth.
//
// A source may start with a line "#formats txt pdf docx tcvn3 vni viqr nfd"
// (default: txt); a text source accepts only the text formats (txt, tcvn3,
// vni, viqr, nfd, broken). Outputs are <id>.txt, <id>.pdf, <id>.docx, <id>.tcvn3.txt,
// <id>.vni.txt, <id>.viqr.txt and <id>.nfd.txt next to <id>.gold.json; every
// rendering of an id is scored against the same gold file. With -check the
// command writes nothing and fails when a committed output is stale.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"hash/crc32"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"

	"vanthu/ingest/legacy"
	"vanthu/internal/testgen"
	"vanthu/internal/testgen/synth"
)

func main() {
	dir := flag.String("dir", "testdata/corpus", "corpus directory")
	check := flag.Bool("check", false, "only verify that outputs are up to date")
	force := flag.Bool("force", false, "rewrite existing PDFs too")
	nsynth := flag.Int("synth", 0, "write this many composed documents (syn-NN) first")
	only := flag.String("only", "", "only sources whose id matches this glob (e.g. 'party-*')")
	flag.Parse()
	if *nsynth > 0 && !*check {
		if err := writeSynth(*dir, *nsynth); err != nil {
			fail(err)
		}
	}
	srcs, err := filepath.Glob(filepath.Join(*dir, "src", "*.layout"))
	if err != nil {
		fail(err)
	}
	texts, err := filepath.Glob(filepath.Join(*dir, "src", "*.txt"))
	if err != nil {
		fail(err)
	}
	srcs = append(srcs, texts...)
	sort.Strings(srcs)
	if *only != "" {
		kept := srcs[:0]
		for _, src := range srcs {
			ok, err := filepath.Match(*only, sourceID(src))
			if err != nil {
				fail(err)
			}
			if ok {
				kept = append(kept, src)
			}
		}
		srcs = kept
	}
	ids := map[string]string{}
	for _, src := range srcs {
		id := sourceID(src)
		if prev, ok := ids[id]; ok {
			fail(fmt.Errorf("hai nguồn cho cùng mã %s: %s, %s", id, prev, src))
		}
		ids[id] = src
	}
	stale := 0
	for _, src := range srcs {
		outs, err := render(src)
		if err != nil {
			fail(fmt.Errorf("%s: %w", src, err))
		}
		id := sourceID(src)
		suffixes := make([]string, 0, len(outs))
		for suffix := range outs {
			suffixes = append(suffixes, suffix)
		}
		sort.Strings(suffixes)
		for _, suffix := range suffixes {
			data := outs[suffix]
			path := filepath.Join(*dir, id+suffix)
			old, err := os.ReadFile(path)
			if bytes.Equal(old, data) || err == nil && strings.HasSuffix(suffix, ".pdf") && !*force {
				// PDF bytes vary with the font subsetter's map order: an
				// existing PDF is kept (and accepted by -check) unless -force
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
	var l *testgen.Layout
	text := src
	if strings.HasSuffix(path, ".layout") {
		if l, err = testgen.ParseLayout(src); err != nil {
			return nil, err
		}
		text = l.Text()
	}
	out := map[string][]byte{}
	for _, f := range formats {
		if l == nil && (f == "pdf" || f == "docx" || f == "html") {
			return nil, fmt.Errorf("định dạng %q cần nguồn bố cục (.layout)", f)
		}
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
		case "broken":
			seed := int64(crc32.ChecksumIEEE([]byte(path)))
			out[".broken.txt"] = []byte(synth.Broken(text, rand.New(rand.NewSource(seed))))
		default:
			return nil, fmt.Errorf("định dạng không hỗ trợ %q", f)
		}
	}
	return out, nil
}

// sourceID is the corpus id of a source file: its name without the
// extension.
func sourceID(path string) string {
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}

// writeSynth writes n composed documents: layout sources with their
// renderings listed, and gold files.
func writeSynth(dir string, n int) error {
	r := rand.New(rand.NewSource(20251122))
	formats := [][]string{{"pdf"}, {"docx"}, {"tcvn3"}, {"vni"}, {"viqr"}, {"nfd"}, {"pdf", "docx", "html"}}
	for i := 1; i <= n; i++ {
		id := fmt.Sprintf("syn-%02d", i)
		docType := synth.Types[(i-1)%len(synth.Types)]
		d := synth.Compose(id, r, i%2 == 1, docType)
		f := append([]string{"txt"}, formats[(i-1)%len(formats)]...)
		if i%2 == 0 {
			f = append(f, "broken")
		}
		src := "#formats " + strings.Join(f, " ") + "\n" + d.Layout()
		if err := os.WriteFile(filepath.Join(dir, "src", id+".layout"), []byte(src), 0o644); err != nil {
			return err
		}
		if err := writeGold(filepath.Join(dir, id+".gold.json"), d.Gold); err != nil {
			return err
		}
	}
	for i := 1; i <= (n+7)/8; i++ {
		id := fmt.Sprintf("news-%02d", i)
		page, g := synth.News(id, r)
		if err := os.WriteFile(filepath.Join(dir, id+".html"), []byte(page), 0o644); err != nil {
			return err
		}
		if err := writeGold(filepath.Join(dir, id+".gold.json"), g); err != nil {
			return err
		}
	}
	return nil
}

func writeGold(path string, g synth.Gold) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(g); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gencorpus:", err)
	os.Exit(1)
}
