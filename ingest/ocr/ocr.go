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
	"unicode/utf8"

	"vanthu/internal/textnorm"
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
	RedPixels  int     // pixels dropped as red seal/signature or blue ballpoint ink
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
//
// Work units are pages, except at the tail: each of the last pages (fewer
// left to start than there are workers) is cut at a wide blank band near
// the middle of its ink into two parts recognised independently (see
// splitRow), so that a worker that would otherwise sit idle while the last
// pages are read takes a lower part. The parts' words are merged back with
// their offset before layout.
func recognize(ctx context.Context, open func() (pageSource, error), pages []int, opt Options, dpi int) ([]Page, error) {
	out := make([]Page, len(pages))
	// A page is cut into at most two parts, so up to two workers per page
	// are useful (a one-page letter is read by two Tesseract processes).
	workers := min(opt.Workers, 2*len(pages))
	s := &scheduler{total: len(pages), workers: workers, split: workers > 1}
	s.cond = sync.NewCond(&s.mu)
	var wg sync.WaitGroup
	var openErr error
	var openOnce sync.Once
	var finished atomic.Int64
	finish := func(j *pageJob) {
		out[j.i] = j.finish(opt)
		if opt.Progress != nil {
			opt.Progress(int(finished.Add(1)), len(pages))
		}
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var src pageSource
			defer func() {
				if src != nil {
					src.Close()
				}
			}()
			done := 0
			for {
				i, part, tail, ok := s.take(ctx)
				if !ok {
					return
				}
				if part != nil {
					if part.run() {
						finish(part.job)
					}
					continue
				}
				if src == nil {
					var err error
					if src, err = open(); err != nil {
						openOnce.Do(func() { openErr = err })
						s.abort()
						return
					}
				}
				j := preparePage(ctx, src, i, pages[i], opt, dpi, tail && s.split)
				// The lower parts go to the shared queue; this worker reads
				// the first part itself.
				s.push(j.parts[1:])
				if j.parts[0].run() {
					finish(j)
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
	wg.Wait()
	if openErr != nil {
		return nil, openErr
	}
	if err := ctx.Err(); err != nil {
		return out, err
	}
	return out, nil
}

// reopenEvery is how many pages a worker renders before reopening its document.
const reopenEvery = 25

// scheduler hands out pages in order and, at the tail, parts of split
// pages. A worker with nothing to start waits while a page is still being
// prepared, since that page may yield a part for it.
type scheduler struct {
	mu        sync.Mutex
	cond      *sync.Cond
	total     int
	workers   int
	next      int         // next page index to start
	preparing int         // pages taken whose parts are not queued yet
	queue     []*partTask // parts waiting for a worker
	stopped   bool
	split     bool // more than one worker: tail pages may be split
}

// take returns either a page index to prepare (tail: one of the last
// pages, to be split) or a queued part; ok is false when all work is handed
// out.
func (s *scheduler) take(ctx context.Context) (i int, part *partTask, tail, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if len(s.queue) > 0 {
			part = s.queue[0]
			s.queue = s.queue[1:]
			return 0, part, false, true
		}
		if !s.stopped && s.next < s.total && ctx.Err() == nil {
			i = s.next
			s.next++
			s.preparing++
			// tail: fewer pages left to start than workers, so some
			// worker will run out of pages while this one is read
			return i, nil, s.total-s.next < s.workers, true
		}
		if s.preparing == 0 {
			return 0, nil, false, false
		}
		s.cond.Wait()
	}
}

// push queues the extra parts of a prepared page and wakes idle workers.
func (s *scheduler) push(parts []*partTask) {
	s.mu.Lock()
	s.queue = append(s.queue, parts...)
	s.preparing--
	s.mu.Unlock()
	s.cond.Broadcast()
}

// abort stops handing out pages (a worker could not open the document).
func (s *scheduler) abort() {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	s.cond.Broadcast()
}

// pageJob is one page between preprocessing and layout.
type pageJob struct {
	i      int // index into the result slice
	p      Page
	g      *gray // cleaned page, kept for the orientation check
	dpi    int
	lang   string
	ctx    context.Context
	cancel context.CancelFunc
	parts  []*partTask
	left   atomic.Int32 // parts not finished yet
}

// partTask is a horizontal band of a page, rows [y0, y1).
type partTask struct {
	job    *pageJob
	y0, y1 int
	words  []Word
	err    error
}

// run recognises the band and reports whether it was the page's last
// unfinished part (the caller then finishes the page).
func (t *partTask) run() bool {
	j := t.job
	if j.p.Err == nil {
		band := &gray{W: j.g.W, H: t.y1 - t.y0, Pix: j.g.Pix[t.y0*j.g.W : t.y1*j.g.W]}
		t.words, t.err = recognizeTSV(j.ctx, band, j.lang, j.dpi)
		if t.y0 > 0 {
			for k := range t.words {
				t.words[k].Box = t.words[k].Box.Add(image.Pt(0, t.y0))
				t.words[k].Block += partBlockOffset
			}
		}
	}
	return j.left.Add(-1) == 0
}

// partBlockOffset keeps Tesseract's block ids of a lower part distinct from
// those of the upper part.
const partBlockOffset = 10000

// preparePage renders and cleans page n and cuts it into parts: one, or two
// when split is set and a blank band near the middle of the ink exists.
func preparePage(ctx context.Context, src pageSource, i, n int, opt Options, dpi int, split bool) (j *pageJob) {
	j = &pageJob{i: i, lang: opt.Lang}
	j.p.N = n
	j.ctx, j.cancel = context.WithTimeout(ctx, opt.PageTimeout)
	one := func() *pageJob {
		h := 0
		if j.g != nil {
			h = j.g.H
		}
		j.parts = []*partTask{{job: j, y0: 0, y1: h}}
		j.left.Store(1)
		return j
	}
	defer func() {
		if r := recover(); r != nil {
			j.p.Err = fmt.Errorf("trang %d: lỗi xử lý ảnh: %v", n, r)
			j.g = nil
			one()
		}
	}()
	img, err := src.Image(n)
	if err != nil {
		j.p.Err = fmt.Errorf("trang %d: không đọc được ảnh trang: %w", n, err)
		return one()
	}
	g, prep := preprocess(img, dpi)
	img = nil
	j.g = g
	j.p.RedPixels, j.p.Skew = prep.red, prep.skew
	j.dpi = dpi
	if j.dpi == 0 {
		j.dpi = prep.dpi
	}
	if !split {
		return one()
	}
	cut, ok := splitRow(g)
	if !ok {
		return one()
	}
	j.parts = []*partTask{{job: j, y0: 0, y1: cut}, {job: j, y0: cut, y1: g.H}}
	j.left.Store(2)
	return j
}

// finish merges the parts' words, checks the orientation when the page
// reads badly and rebuilds the text.
func (j *pageJob) finish(opt Options) Page {
	defer j.cancel()
	p := j.p
	n := p.N
	defer func() {
		if r := recover(); r != nil {
			p.Err = fmt.Errorf("trang %d: lỗi xử lý ảnh: %v", n, r)
		}
	}()
	if p.Err != nil {
		return p
	}
	var words []Word
	var err error
	for _, t := range j.parts {
		if t.err != nil && err == nil {
			err = t.err
		}
		words = append(words, t.words...)
	}
	ctx, g, dpi := j.ctx, j.g, j.dpi
	j.g = nil
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
	p.Confidence = meanConf(words)
	p.Low = p.Confidence < LowConfidence
	p.Words = dropJunk(mergeDetachedMarks(words))
	p.RawText = strings.Join(readingOrder(p.Words), "\n")
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
	// warped: a photo whose page outline was mapped onto a rectangle
	warped bool
}

// preprocess turns a page image into the clean binary image given to
// Tesseract. dpi 0 means unknown (photos): the page is cropped and its
// resolution estimated from the A4 width.
func preprocess(img image.Image, dpi int) (*gray, prepInfo) {
	var info prepInfo
	g, red, ink := toGrayInk(img)
	// The page outline is found before blue ink is dropped: a bluish table
	// under a photographed page is background, not ink.
	if q, ok := pageQuad(g); ok {
		red += dropInk(g, ink)
		if s, ok := straightenQuad(g, q); ok {
			g, info.warped = s, true
		}
	} else if r, ok := cropToPage(g); ok {
		red += dropInk(g, ink)
		g = crop(g, r)
	} else {
		red += dropInk(g, ink)
	}
	info.red = red
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

// splitRow finds where a binarised page can be cut into two parts that are
// recognised separately: the middle of the widest blank band (rows without
// ink) near the row that halves the page's ink. The band must lie below the
// top quarter (the two-column header) and be at least minSplitGap of the
// page height, so that no text line, accent or descender is cut. ok is
// false for pages without such a band.
func splitRow(g *gray) (int, bool) {
	if g.H < 200 {
		return 0, false
	}
	ink := make([]int, g.H)
	total := 0
	for y := 0; y < g.H; y++ {
		c := 0
		for _, v := range g.Pix[y*g.W : (y+1)*g.W] {
			if v < 128 {
				c++
			}
		}
		ink[y] = c
		total += c
	}
	if total == 0 {
		return 0, false
	}
	half, acc, mid := total/2, 0, 0
	for y, c := range ink {
		if acc += c; acc >= half {
			mid = y
			break
		}
	}
	blank := max(g.W/200, 1) // specks and dust still count as blank
	lo := max(g.H/4, mid-g.H/6)
	hi := min(g.H*7/8, mid+g.H/6)
	minGap := max(int(minSplitGap*float64(g.H)), 4)
	best, bestScore := 0, 0.0
	for y := lo; y < hi; {
		if ink[y] > blank {
			y++
			continue
		}
		e := y
		for e < hi && ink[e] <= blank {
			e++
		}
		if gap := e - y; gap >= minGap {
			c := (y + e) / 2
			// wide bands first, then closeness to the ink midpoint
			score := float64(gap) - math.Abs(float64(c-mid))*0.05
			if score > bestScore {
				best, bestScore = c, score
			}
		}
		y = e
	}
	return best, best > 0
}

// minSplitGap is the narrowest blank band (fraction of the page height) a
// page may be cut at: about half a line of 13-pt text.
const minSplitGap = 0.004

// dropJunk removes what Tesseract makes of specks, seal and signature
// remnants: unsure "words" without letters or digits, very unsure single
// characters, and very unsure words of at most two letters or digits on a
// line without any confident word. Such words would also join unrelated
// lines when the layout is rebuilt. A garbled word beside confident ones
// ("VX%" for "V/v" before the subject) stays: extraction recognises it.
//
// Seal and signature remnants that survive the colour drop are specks, and
// Tesseract reads some of them as text: a "word" with letters or digits in
// a box less than a quarter of the median word height high (no letter is
// that flat; "XƯA" 9 px high among 45-px words) unless read with
// confidence, and stray quote-like marks ("`", "„", "¬") with no fairly
// sure word with letters or digits near them on their line.
func dropJunk(ws []Word) []Word {
	type key struct{ b, p, l int }
	best := map[key]float64{}
	var textBoxes = map[key][]image.Rectangle{}
	for _, w := range ws {
		k := key{w.Block, w.Par, w.Line}
		best[k] = max(best[k], w.Conf)
		if textnorm.CountAlnum(w.Text) > 0 && w.Conf >= 0.5 {
			textBoxes[k] = append(textBoxes[k], w.Box)
		}
	}
	mh := medianHeight(ws)
	// near: a fairly sure word with letters or digits on the same line
	// within three median heights (the layout's wide gap)
	near := func(w Word) bool {
		for _, b := range textBoxes[key{w.Block, w.Par, w.Line}] {
			if b.Min.X-w.Box.Max.X <= 3*mh && w.Box.Min.X-b.Max.X <= 3*mh {
				return true
			}
		}
		return false
	}
	out := ws[:0:0]
	for _, w := range ws {
		alnum := textnorm.CountAlnum(w.Text)
		unsure := w.Conf < 0.3
		switch {
		case alnum == 0 && w.Conf < 0.5,
			unsure && utf8.RuneCountInString(w.Text) == 1,
			unsure && alnum <= 2 && best[key{w.Block, w.Par, w.Line}] < 0.5,
			alnum > 0 && w.Box.Dy()*4 < mh && w.Conf < 0.9,
			alnum == 0 && strings.Trim(w.Text, strayMarks) == "" && !near(w):
			continue
		}
		out = append(out, w)
	}
	return out
}

// strayMarks are the characters Tesseract makes of specks; printed text
// never has them standing alone.
const strayMarks = "`'\"„”“‘’‚¬|_^~¸¨´"
