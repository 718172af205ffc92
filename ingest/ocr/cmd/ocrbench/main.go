// Command ocrbench measures the OCR stage against the degraded seed scans:
// character error rate of the plain Tesseract CLI versus the vanthu
// pipeline, per-page time, worker scaling and peak memory.
//
//	go run ./ingest/ocr/cmd/ocrbench -dir /work/shared/corpus/scans -ids seed-000,seed-002 -levels clean,office,poor
//	go run ./ingest/ocr/cmd/ocrbench -dir /work/shared/corpus/scans -scale seed-000,seed-001 -level office
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/gen2brain/go-fitz"
	"github.com/go-pdf/fpdf"

	"vanthu/ingest/ocr"
)

func main() {
	dir := flag.String("dir", "/work/shared/corpus/scans", "directory of <id>.<level>.pdf and .gt.txt")
	ids := flag.String("ids", "", "comma-separated ids for the CER/time table")
	levels := flag.String("levels", "clean,office,poor", "degradation levels")
	scale := flag.String("scale", "", "comma-separated ids whose pages are merged into one PDF to time 1 vs 2 workers")
	level := flag.String("level", "office", "level used by -scale")
	maxPages := flag.Int("maxpages", 6, "pages used by -scale")
	photo := flag.String("photo", "", "comma-separated photos (<id>.photo-p<N>.jpg) to recognise: confidence, time, CER")
	noCLI := flag.Bool("nocli", false, "skip the plain Tesseract CLI columns of the -ids table")
	photoText := flag.Bool("phototext", false, "print the text read from each -photo")
	flag.Parse()
	ctx := context.Background()
	if err := ocr.Available(); err != nil {
		log.Fatal(err)
	}
	if *ids != "" {
		fmt.Println("| document | level | pages | CER tesseract CLI | CER pipeline raw | CER pipeline corrected | s/page CLI | s/page pipeline |")
		fmt.Println("|---|---|---|---|---|---|---|---|")
		for _, id := range strings.Split(*ids, ",") {
			for _, lv := range strings.Split(*levels, ",") {
				cerRow(ctx, *dir, id, lv, !*noCLI)
			}
		}
	}
	if *scale != "" {
		scaling(ctx, *dir, strings.Split(*scale, ","), *level, *maxPages)
	}
	if *photo != "" {
		for _, f := range strings.Split(*photo, ",") {
			photoRow(ctx, *dir, f, *photoText)
		}
	}
	var self, kids syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
	fmt.Printf("\npeak RSS: ocrbench %d MB, largest tesseract child %d MB\n", self.Maxrss>>10, kids.Maxrss>>10)
}

func cerRow(ctx context.Context, dir, id, lv string, withCLI bool) {
	data, err := os.ReadFile(filepath.Join(dir, id+"."+lv+".pdf"))
	if err != nil {
		log.Fatal(err)
	}
	gt, err := os.ReadFile(filepath.Join(dir, id+"."+lv+".gt.txt"))
	if err != nil {
		log.Fatal(err)
	}
	// Plain CLI: render at 300 dpi, hand the raw RGB page to tesseract.
	doc, err := fitz.NewFromMemory(data)
	if err != nil {
		log.Fatal(err)
	}
	n := doc.NumPage()
	var cli []string
	var cliTime time.Duration
	for i := 0; i < n && withCLI; i++ {
		start := time.Now()
		img, err := doc.ImageDPI(i, 300)
		if err != nil {
			log.Fatal(err)
		}
		txt, err := plainTesseract(ctx, img)
		if err != nil {
			log.Fatal(err)
		}
		cliTime += time.Since(start)
		cli = append(cli, txt)
	}
	doc.Close()
	start := time.Now()
	pages, err := ocr.RecognizePDF(ctx, data, nil, ocr.Options{Workers: 1})
	if err != nil {
		log.Fatal(err)
	}
	pipeTime := time.Since(start)
	var raw, cor []string
	for _, p := range pages {
		if p.Err != nil {
			log.Printf("%s.%s page %d: %v", id, lv, p.N, p.Err)
		}
		raw = append(raw, p.RawText)
		cor = append(cor, p.Text)
	}
	ref := string(gt)
	cliCER, cliSec := "—", "—"
	if withCLI {
		cliCER = fmt.Sprintf("%.4f", ocr.CER(ref, strings.Join(cli, "\n")))
		cliSec = fmt.Sprintf("%.2f", cliTime.Seconds()/float64(n))
	}
	fmt.Printf("| %s | %s | %d | %s | %.4f | %.4f | %s | %.2f |\n", id, lv, n,
		cliCER, ocr.CER(ref, strings.Join(raw, "\n")), ocr.CER(ref, strings.Join(cor, "\n")),
		cliSec, pipeTime.Seconds()/float64(n))
	if os.Getenv("OCRBENCH_DUMP") != "" {
		os.WriteFile(filepath.Join(os.TempDir(), id+"."+lv+".cli.txt"), []byte(strings.Join(cli, "\n")), 0o644)
		os.WriteFile(filepath.Join(os.TempDir(), id+"."+lv+".raw.txt"), []byte(strings.Join(raw, "\n")), 0o644)
		os.WriteFile(filepath.Join(os.TempDir(), id+"."+lv+".txt"), []byte(strings.Join(cor, "\n")), 0o644)
	}
}

// plainTesseract runs `tesseract stdin stdout -l vie` on the rendered page
// (binary PPM, no preprocessing) with one OpenMP thread.
func plainTesseract(ctx context.Context, img *image.RGBA) (string, error) {
	b := img.Bounds()
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "P6\n%d %d\n255\n", b.Dx(), b.Dy())
	px := make([]byte, 0, b.Dx()*b.Dy()*3)
	for y := 0; y < b.Dy(); y++ {
		row := img.Pix[y*img.Stride:]
		for x := 0; x < b.Dx(); x++ {
			px = append(px, row[4*x], row[4*x+1], row[4*x+2])
		}
	}
	buf.Write(px)
	cmd := exec.CommandContext(ctx, "tesseract", "stdin", "stdout", "-l", "vie", "--dpi", "300")
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	cmd.Stdin = &buf
	out, err := cmd.Output()
	return string(out), err
}

// scaling merges pages of several PDFs into one PDF and times 1 vs 2 workers.
func scaling(ctx context.Context, dir string, ids []string, lv string, maxPages int) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	count := 0
	var gts []string
	whole := true // every page of every document is in the merged PDF
	for _, id := range ids {
		if gt, err := os.ReadFile(filepath.Join(dir, id+"."+lv+".gt.txt")); err == nil {
			gts = append(gts, string(gt))
		} else {
			whole = false
		}
		data, err := os.ReadFile(filepath.Join(dir, id+"."+lv+".pdf"))
		if err != nil {
			log.Fatal(err)
		}
		doc, err := fitz.NewFromMemory(data)
		if err != nil {
			log.Fatal(err)
		}
		added := 0
		for i := 0; i < doc.NumPage() && count < maxPages; i++ {
			img, err := doc.ImageDPI(i, 300)
			if err != nil {
				log.Fatal(err)
			}
			var jb bytes.Buffer
			if err := jpeg.Encode(&jb, img, &jpeg.Options{Quality: 92}); err != nil {
				log.Fatal(err)
			}
			name := fmt.Sprintf("p%d", count)
			pdf.AddPage()
			pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "JPG"}, &jb)
			pdf.ImageOptions(name, 0, 0, 210, 297, false, fpdf.ImageOptions{ImageType: "JPG"}, 0, "")
			count++
			added++
		}
		if added < doc.NumPage() {
			whole = false
		}
		doc.Close()
	}
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		log.Fatal(err)
	}
	data := out.Bytes()
	var t [3]time.Duration
	for _, w := range []int{1, 2} {
		start := time.Now()
		pages, err := ocr.RecognizePDF(ctx, data, nil, ocr.Options{Workers: w})
		if err != nil {
			log.Fatal(err)
		}
		t[w] = time.Since(start)
		var txt []string
		for _, p := range pages {
			if p.Err != nil {
				log.Printf("page %d: %v", p.N, p.Err)
			}
			txt = append(txt, p.Text)
		}
		if os.Getenv("OCRBENCH_DUMP") != "" {
			os.WriteFile(filepath.Join(os.TempDir(), fmt.Sprintf("scale.w%d.txt", w)), []byte(strings.Join(txt, "\n")), 0o644)
		}
		cer := ""
		if whole {
			cer = fmt.Sprintf(", CER %.4f", ocr.CER(strings.Join(gts, "\n"), strings.Join(txt, "\n")))
		}
		fmt.Printf("%d pages, %d worker(s): %.1fs (%.2f s/page%s)\n", count, w, t[w].Seconds(), t[w].Seconds()/float64(count), cer)
	}
	fmt.Printf("speed-up 2 workers vs 1: %.2fx\n", t[1].Seconds()/t[2].Seconds())
}

// photoRow recognises a phone photo of page N of document <id> and scores
// it against the first lines of <id>.clean.gt.txt: as many lines as the
// pipeline reads from page N of the clean PDF (the gold text has no page
// breaks). The reference is only as good as that line count, so compare
// runs with each other rather than with the PDF levels.
func photoRow(ctx context.Context, dir, file string, printText bool) {
	data, err := os.ReadFile(file)
	if err != nil {
		log.Fatal(err)
	}
	start := time.Now()
	pages, err := ocr.RecognizeImage(ctx, data, ocr.Options{Workers: 1})
	if err != nil {
		log.Fatal(err)
	}
	el := time.Since(start)
	p := pages[0]
	cer := "n/a"
	base := filepath.Base(file)
	if id, rest, ok := strings.Cut(base, ".photo-p"); ok {
		var n int
		fmt.Sscanf(rest, "%d", &n)
		pdf, err1 := os.ReadFile(filepath.Join(dir, id+".clean.pdf"))
		gt, err2 := os.ReadFile(filepath.Join(dir, id+".clean.gt.txt"))
		if err1 == nil && err2 == nil && n > 0 {
			cp, err := ocr.RecognizePDF(ctx, pdf, []int{n}, ocr.Options{Workers: 1})
			if err == nil && len(cp) == 1 {
				k := 0
				for _, l := range strings.Split(cp[0].Text, "\n") {
					if strings.TrimSpace(l) != "" {
						k++
					}
				}
				var ref []string
				for _, l := range strings.Split(string(gt), "\n") {
					if len(ref) < k && strings.TrimSpace(l) != "" {
						ref = append(ref, l)
					}
				}
				cer = fmt.Sprintf("%.4f", ocr.CER(strings.Join(ref, "\n"), p.Text))
			}
		}
	}
	fmt.Printf("photo %s: conf %.2f skew %.2f rot %d err %v, %.1fs, CER %s\n", base, p.Confidence, p.Skew, p.Rotation, p.Err, el.Seconds(), cer)
	if printText {
		fmt.Println(p.Text)
	}
}
