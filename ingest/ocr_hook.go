package ingest

import (
	"bytes"
	"context"
	"os"
	"strconv"

	"vanthu/ingest/ocr"
)

// OCROptions configures the recognition of scanned pages; VANTHU_OCR_WORKERS
// and VANTHU_OCR_DPI override the defaults.
var OCROptions = ocr.Options{}

func init() {
	if n, err := strconv.Atoi(os.Getenv("VANTHU_OCR_WORKERS")); err == nil && n > 0 {
		OCROptions.Workers = n
	}
	if n, err := strconv.Atoi(os.Getenv("VANTHU_OCR_DPI")); err == nil && n >= 72 {
		OCROptions.DPI = n
	}
	OCRPages = recognizePages
}

// recognizePages runs Tesseract through package ocr on the given pages of a
// PDF, or on every page of an image file when pages is empty.
func recognizePages(ctx context.Context, name string, data []byte, pages []int) (map[int]PageText, error) {
	if err := ocr.Available(); err != nil {
		return nil, err
	}
	opt := OCROptions
	if fn := progressFrom(ctx); fn != nil {
		opt.Progress = func(done, total int) { fn(StageOCR, done, total) }
		total := len(pages)
		if total == 0 {
			total = imagePages("", data)
		}
		fn(StageOCR, 0, total) // recognition starts: show the stage before the first page ends
	}
	var res []ocr.Page
	var err error
	if bytes.HasPrefix(data, []byte("%PDF-")) {
		res, err = ocr.RecognizePDF(ctx, data, pages, opt)
	} else {
		res, err = ocr.RecognizeImage(ctx, data, opt)
	}
	if err != nil {
		return nil, err
	}
	out := make(map[int]PageText, len(res))
	for _, p := range res {
		if p.Err != nil {
			continue
		}
		out[p.N] = PageText{Text: p.Text, Confidence: p.Confidence, Low: p.Low}
	}
	return out, nil
}

// imagePages counts the pages of an image file (multi-page TIFF).
func imagePages(mediaType string, data []byte) int {
	n, err := ocr.ImagePages(data)
	if err != nil || n < 1 {
		return 1
	}
	return n
}
