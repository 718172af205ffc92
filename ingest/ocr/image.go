package ocr

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // register decoders for RecognizeImage
	_ "image/png"
	"io"

	"github.com/gen2brain/go-fitz"
	"golang.org/x/image/tiff"
)

// pageSource yields page images one at a time so that a worker never holds
// more than the page it is working on.
type pageSource interface {
	// Image returns page n (1-based).
	Image(n int) (image.Image, error)
	Close()
}

// pdfSource renders PDF pages with MuPDF. go-fitz serialises calls on one
// document, so every worker opens its own.
type pdfSource struct {
	doc *fitz.Document
	dpi float64
}

func openPDF(data []byte, dpi int) (*pdfSource, error) {
	doc, err := fitz.NewFromMemory(data)
	if err != nil {
		return nil, err
	}
	return &pdfSource{doc: doc, dpi: float64(dpi)}, nil
}

func (s *pdfSource) Image(n int) (image.Image, error) {
	return s.doc.ImageDPI(n-1, s.dpi)
}

func (s *pdfSource) Close() { s.doc.Close() }

// pdfPageCount returns the number of pages of a PDF.
func pdfPageCount(data []byte) (int, error) {
	doc, err := fitz.NewFromMemory(data)
	if err != nil {
		return 0, err
	}
	defer doc.Close()
	return doc.NumPage(), nil
}

// imageSource serves a decoded raster file: one page, or the pages of a
// multi-page TIFF (decoded lazily, one IFD at a time).
type imageSource struct {
	data []byte
	ifds []uint32 // TIFF directory offsets; nil for single images
}

func openImage(data []byte) (*imageSource, int, error) {
	if isTIFF(data) {
		ifds, err := tiffDirectories(data)
		if err != nil {
			return nil, 0, err
		}
		return &imageSource{data: data, ifds: ifds}, len(ifds), nil
	}
	if _, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil {
		return nil, 0, err
	}
	return &imageSource{data: data}, 1, nil
}

func (s *imageSource) Image(n int) (image.Image, error) {
	if s.ifds == nil {
		if n != 1 {
			return nil, fmt.Errorf("page %d out of range", n)
		}
		img, _, err := image.Decode(bytes.NewReader(s.data))
		return img, err
	}
	if n < 1 || n > len(s.ifds) {
		return nil, fmt.Errorf("page %d out of range", n)
	}
	return decodeTIFFPage(s.data, s.ifds[n-1])
}

func (s *imageSource) Close() {}

func isTIFF(b []byte) bool {
	return len(b) >= 8 && (bytes.HasPrefix(b, []byte("II*\x00")) || bytes.HasPrefix(b, []byte("MM\x00*")))
}

func tiffOrder(b []byte) binary.ByteOrder {
	if b[0] == 'I' {
		return binary.LittleEndian
	}
	return binary.BigEndian
}

// tiffDirectories walks the IFD chain of a classic TIFF file.
func tiffDirectories(b []byte) ([]uint32, error) {
	bo := tiffOrder(b)
	off := bo.Uint32(b[4:8])
	var out []uint32
	seen := map[uint32]bool{}
	for off != 0 {
		if seen[off] || int(off)+2 > len(b) || len(out) > 10000 {
			return nil, errors.New("corrupt TIFF directory chain")
		}
		seen[off] = true
		out = append(out, off)
		n := int(bo.Uint16(b[off : off+2]))
		next := int(off) + 2 + 12*n
		if next+4 > len(b) {
			return nil, errors.New("truncated TIFF directory")
		}
		off = bo.Uint32(b[next : next+4])
	}
	if len(out) == 0 {
		return nil, errors.New("TIFF without images")
	}
	return out, nil
}

// decodeTIFFPage decodes the image of one IFD. x/image/tiff only reads the
// first directory, so it is handed a view of the file whose header points at
// the wanted directory; all other offsets are absolute and stay valid.
func decodeTIFFPage(b []byte, ifd uint32) (image.Image, error) {
	hdr := make([]byte, 8)
	copy(hdr, b[:8])
	tiffOrder(b).PutUint32(hdr[4:8], ifd)
	return tiff.Decode(&patchedReader{head: hdr, rest: b})
}

// patchedReader is b with its first bytes replaced by head.
type patchedReader struct {
	head, rest []byte
	pos        int64
}

func (r *patchedReader) ReadAt(p []byte, off int64) (int, error) {
	if off >= int64(len(r.rest)) {
		return 0, io.EOF
	}
	n := copy(p, r.rest[off:])
	for i := 0; i < n; i++ {
		if o := off + int64(i); o < int64(len(r.head)) {
			p[i] = r.head[o]
		} else {
			break
		}
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (r *patchedReader) Read(p []byte) (int, error) {
	n, err := r.ReadAt(p, r.pos)
	r.pos += int64(n)
	return n, err
}

// PageImage returns page n (1-based) of a PDF rendered at dpi, or of an
// image file (JPEG, PNG, multi-page TIFF) as stored, and the page count.
func PageImage(data []byte, n, dpi int) (image.Image, int, error) {
	var src pageSource
	var pages int
	if bytes.HasPrefix(data, []byte("%PDF-")) {
		s, err := openPDF(data, dpi)
		if err != nil {
			return nil, 0, err
		}
		src, pages = s, s.doc.NumPage()
	} else {
		s, np, err := openImage(data)
		if err != nil {
			return nil, 0, err
		}
		src, pages = s, np
	}
	defer src.Close()
	if n < 1 || n > pages {
		return nil, pages, fmt.Errorf("page %d out of range 1..%d", n, pages)
	}
	img, err := src.Image(n)
	return img, pages, err
}

// PageCount returns the number of pages of a PDF or image file.
func PageCount(data []byte) (int, error) {
	if bytes.HasPrefix(data, []byte("%PDF-")) {
		return pdfPageCount(data)
	}
	_, n, err := openImage(data)
	return n, err
}
