// Package ocr turns scanned or photographed pages of Vietnamese official
// documents into text: it renders PDF pages (MuPDF) or decodes images,
// cleans them (grayscale, background flattening, red seal removal, deskew,
// orientation, binarisation, page crop for photos), recognises them with the
// Tesseract CLI (`vie`, one thread per worker, pages in parallel), rebuilds
// the reading order of the two-column blocks and corrects invalid
// Vietnamese syllables.
package ocr

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options control recognition. Zero values select the defaults.
type Options struct {
	DPI         int           // PDF render resolution; default 300
	Workers     int           // pages recognised at once; default runtime.NumCPU()
	PageTimeout time.Duration // per page, Tesseract is killed after it; default 3 min
	Lang        string        // Tesseract language; default "vie"
	// NoCorrect disables Vietnamese post-correction (Text == RawText).
	NoCorrect bool
	// Progress, when set, is called after each page with the number of
	// pages finished and the total (from the workers; must be safe for
	// concurrent use).
	Progress func(done, total int)
}

func (o Options) withDefaults() Options {
	if o.DPI <= 0 {
		o.DPI = 300
	}
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.PageTimeout <= 0 {
		o.PageTimeout = 3 * time.Minute
	}
	if o.Lang == "" {
		o.Lang = "vie"
	}
	return o
}

// LowConfidence is the page confidence below which a page is flagged.
const LowConfidence = 0.6

// Page is the recognition result of one page.
type Page struct {
	N          int     // 1-based page number
	Text       string  // corrected text, one printed line per line, in reading order
	RawText    string  // the same before post-correction
	Confidence float64 // mean word confidence, 0..1
	Low        bool    // Confidence < LowConfidence: text is unreliable
	Words      []Word  // boxes refer to the preprocessed (rotated, deskewed, cropped) image
	Rotation   int     // clockwise quarter-turn correction applied: 0, 90, 180, 270
	Skew       float64 // measured text-line slope in degrees (positive: down to the right), undone before OCR
	RedPixels  int     // pixels dropped as red seal/signature ink
	Err        error   // page-level failure; other pages are still returned
}

// RecognizePDF renders and recognises the given 1-based pages of a PDF
// (all pages when pages is empty). Pages are processed in parallel by
// opt.Workers workers, each holding at most one rendered page.
func RecognizePDF(ctx context.Context, data []byte, pages []int, opt Options) ([]Page, error) {
	opt = opt.withDefaults()
	if err := Available(); err != nil {
		return nil, err
	}
	n, err := pdfPageCount(data)
	if err != nil {
		return nil, fmt.Errorf("không mở được tệp PDF: %w", err)
	}
	pages, err = selectPages(pages, n)
	if err != nil {
		return nil, err
	}
	open := func() (pageSource, error) { return openPDF(data, opt.DPI) }
	return recognize(ctx, open, pages, opt, opt.DPI)
}

// RecognizeImage recognises a JPEG, PNG or (multi-page) TIFF image.
func RecognizeImage(ctx context.Context, data []byte, opt Options) ([]Page, error) {
	opt = opt.withDefaults()
	if err := Available(); err != nil {
		return nil, err
	}
	src, n, err := openImage(data)
	if err != nil {
		return nil, fmt.Errorf("không đọc được tệp ảnh: %w", err)
	}
	pages, _ := selectPages(nil, n)
	open := func() (pageSource, error) { return src, nil }
	return recognize(ctx, open, pages, opt, 0)
}

func selectPages(pages []int, n int) ([]int, error) {
	if len(pages) == 0 {
		out := make([]int, n)
		for i := range out {
			out[i] = i + 1
		}
		return out, nil
	}
	for _, p := range pages {
		if p < 1 || p > n {
			return nil, fmt.Errorf("trang %d không tồn tại (tài liệu có %d trang)", p, n)
		}
	}
	return pages, nil
}

// recognize runs the worker pool. dpi is the known resolution, 0 when it
// must be guessed from the image size (photos).
// reopenEvery is how many pages a worker renders before reopening its document.
const reopenEvery = 25

func recognize(ctx context.Context, open func() (pageSource, error), pages []int, opt Options, dpi int) ([]Page, error) {
	out := make([]Page, len(pages))
	jobs := make(chan int)
	var wg sync.WaitGroup
	workers := min(opt.Workers, len(pages))
	var openErr error
	var openOnce sync.Once
	var finished atomic.Int64
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src, err := open()
			if err != nil {
				openOnce.Do(func() { openErr = err })
				for range jobs {
				}
				return
			}
			defer func() { src.Close() }()
			done := 0
			for i := range jobs {
				out[i] = processPage(ctx, src, pages[i], opt, dpi)
				if opt.Progress != nil {
					opt.Progress(int(finished.Add(1)), len(pages))
				}
				// MuPDF keeps per-document caches (fonts, images, display
				// lists); reopening the document now and then keeps memory
				// flat on long scans
				if done++; done%reopenEvery == 0 {
					if fresh, err := open(); err == nil {
						src.Close()
						src = fresh
					}
				}
			}
		}()
	}
feed:
	for i := range pages {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if openErr != nil {
		return nil, openErr
	}
	if err := ctx.Err(); err != nil {
		return out, err
	}
	return out, nil
}

func processPage(ctx context.Context, src pageSource, n int, opt Options, dpi int) (p Page) {
	p.N = n
	ctx, cancel := context.WithTimeout(ctx, opt.PageTimeout)
	defer cancel()
	defer func() {
		if r := recover(); r != nil {
			p.Err = fmt.Errorf("trang %d: lỗi xử lý ảnh: %v", n, r)
		}
	}()
	img, err := src.Image(n)
	if err != nil {
		p.Err = fmt.Errorf("trang %d: không đọc được ảnh trang: %w", n, err)
		return p
	}
	g, prep := preprocess(img, dpi)
	img = nil
	p.RedPixels, p.Skew = prep.red, prep.skew
	if dpi == 0 {
		dpi = prep.dpi
	}
	words, err := recognizeTSV(ctx, g, opt.Lang, dpi)
	if err == nil && needsOrientationCheck(words) {
		if deg, ok := orientation(ctx, g, opt.Lang, dpi); ok && deg != 0 {
			g2 := rotateQuarter(g, deg/90)
			skew := estimateSkew(g2)
			if math.Abs(skew) > 0.05 {
				g2 = rotate(g2, skew)
			}
			if w2, err2 := recognizeTSV(ctx, g2, opt.Lang, dpi); err2 == nil && meanConf(w2) > meanConf(words) {
				words, p.Rotation, p.Skew = w2, deg, skew
			}
		}
	}
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			p.Err = fmt.Errorf("trang %d: nhận dạng quá thời gian cho phép (%s)", n, opt.PageTimeout)
		} else {
			p.Err = fmt.Errorf("trang %d: nhận dạng thất bại: %w", n, err)
		}
		return p
	}
	p.Words = words
	p.Confidence = meanConf(words)
	p.Low = p.Confidence < LowConfidence
	p.RawText = strings.Join(readingOrder(words), "\n")
	p.Text = p.RawText
	if !opt.NoCorrect {
		p.Text = Correct(p.RawText)
	}
	return p
}

type prepInfo struct {
	red  int
	skew float64
	dpi  int // estimated resolution of the cleaned page
}

// preprocess turns a page image into the clean binary image given to
// Tesseract. dpi 0 means unknown (photos): the page is cropped and its
// resolution estimated from the A4 width.
func preprocess(img image.Image, dpi int) (*gray, prepInfo) {
	var info prepInfo
	g, red := toGray(img)
	info.red = red
	if r, ok := cropToPage(g); ok {
		g = crop(g, r)
	}
	info.dpi = dpi
	if dpi == 0 {
		info.dpi = min(max(int(float64(min(g.W, g.H))/8.27), 70), 600)
	}
	normalizeBackground(g, max(info.dpi/5, 16))
	info.skew = estimateSkew(g)
	if math.Abs(info.skew) > 0.05 {
		g = rotate(g, info.skew)
	}
	binarize(g)
	return g, info
}

func meanConf(ws []Word) float64 {
	if len(ws) == 0 {
		return 0
	}
	s := 0.0
	for _, w := range ws {
		s += w.Conf
	}
	return s / float64(len(ws))
}

// needsOrientationCheck: a page read the right way up yields plenty of
// confident words; an upside-down or sideways page does not.
func needsOrientationCheck(ws []Word) bool {
	return len(ws) < 10 || meanConf(ws) < LowConfidence
}

// orientation returns the clockwise correction in degrees: Tesseract OSD
// when its data is installed, else a comparison of row and column
// projection profiles (text lines make rows sharper than columns) followed
// by OCR confidence to tell opposite directions apart.
func orientation(ctx context.Context, g *gray, lang string, dpi int) (int, bool) {
	if deg, ok := detectOrientation(ctx, g); ok {
		return deg, true
	}
	cands := []int{180}
	if sideways(g) {
		cands = []int{90, 270}
	}
	best, bestConf := 0, -1.0
	for _, d := range cands {
		ws, err := recognizeTSV(ctx, rotateQuarter(g, d/90), lang, dpi)
		if err != nil {
			return 0, false
		}
		if c := meanConf(ws); c > bestConf {
			best, bestConf = d, c
		}
	}
	return best, true
}

// sideways reports whether text lines look vertical: the column profile of
// the ink is more peaked than the row profile.
func sideways(g *gray) bool {
	rows := make([]float64, g.H)
	cols := make([]float64, g.W)
	for y := 0; y < g.H; y += 2 {
		for x := 0; x < g.W; x += 2 {
			if g.Pix[y*g.W+x] < 128 {
				rows[y]++
				cols[x]++
			}
		}
	}
	cv := func(v []float64) float64 {
		s, s2, n := 0.0, 0.0, 0.0
		for i := 0; i < len(v); i += 2 {
			s += v[i]
			s2 += v[i] * v[i]
			n++
		}
		if s == 0 {
			return 0
		}
		m := s / n
		return math.Sqrt(s2/n-m*m) / m
	}
	return cv(cols) > cv(rows)*1.2
}

// ImagePages returns the number of pages of an image file (frames of a
// multi-page TIFF; 1 for JPEG and PNG).
func ImagePages(data []byte) (int, error) {
	_, n, err := openImage(data)
	return n, err
}
