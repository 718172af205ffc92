// Package ingest reads document files (TXT, Markdown, HTML, DOCX, PDF) into
// plain text with its line structure preserved, ready for extraction.
package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"
)

// Document is the text of one input file and what is known about its source.
type Document struct {
	File          string    // base name of the input
	SHA256        string    // hex digest of the bytes
	MediaType     string    // e.g. text/plain, application/pdf
	Pages         int       // pages (1 for text formats)
	OCR           bool      // any page's text came from OCR
	OCRConfidence *float64  // mean word confidence 0..1 over OCR'd pages
	Encoding      string    // legacy encoding converted from, "" for Unicode
	Text          string    // NFC text, one line per printed line
	Article       bool      // a web article (news page), not an official document
	NeedsOCR      []int     // 1-based pages without a usable text layer
	Warnings      []Warning // problems met while reading
}

// Warning is a problem met while reading; Code matches the record's warning
// codes, Message is Vietnamese.
type Warning struct {
	Code    string
	Message string
}

// Warning codes.
const (
	WarnSuspicious    = "suspicious_text"
	WarnLowConfidence = "low_ocr_confidence"
	WarnPageUnread    = "page_unreadable"
)

func (d *Document) warn(code, msg string) {
	d.Warnings = append(d.Warnings, Warning{Code: code, Message: msg})
}

// Error codes of *Error.
const (
	CodeUnsupported = "unsupported_format"
	CodeEmpty       = "empty_file"
	CodeCorrupt     = "corrupt_file"
	CodeNeedsOCR    = "needs_ocr"
	CodeIO          = "io_error"
	CodeTooLarge    = "too_large"
	CodeEncrypted   = "encrypted"
)

// Error is a reading failure with a stable code and a Vietnamese message for users.
type Error struct {
	Code    string
	Message string // Vietnamese, for users
	Err     error  // underlying cause, for logs
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + " (" + e.Err.Error() + ")"
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

func newError(code, msg string, err error) *Error {
	return &Error{Code: code, Message: msg, Err: err}
}

// MaxFileSize bounds the size of an input file.
const MaxFileSize = 200 << 20

// MaxPages bounds the pages of a PDF or multi-page image; longer files are
// refused with CodeTooLarge rather than read for minutes. The sandboxed
// worker sets it from its limits.
var MaxPages = 2000

// MaxImagePixels bounds the declared size of a scanned image (width times
// height, per page); larger images are decompression bombs or need more
// memory than a page scan ever does.
const MaxImagePixels = 100_000_000

// ReadFile reads the file at path.
func ReadFile(path string) (*Document, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, newError(CodeIO, fmt.Sprintf("Không mở được tệp %q.", filepath.Base(path)), err)
	}
	if st.IsDir() {
		return nil, newError(CodeIO, fmt.Sprintf("%q là thư mục, không phải tệp.", filepath.Base(path)), nil)
	}
	if st.Size() > MaxFileSize {
		return nil, newError(CodeTooLarge, fmt.Sprintf("Tệp %q quá lớn (%d MB).", filepath.Base(path), st.Size()>>20), nil)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, newError(CodeIO, fmt.Sprintf("Không đọc được tệp %q.", filepath.Base(path)), err)
	}
	return Read(filepath.Base(path), data)
}

// Read reads a file's bytes; name is used for the format hint and the record.
// A reader's panic is turned into an error so that one broken file never
// takes the caller down.
func Read(name string, data []byte) (*Document, error) {
	return ReadContext(context.Background(), name, data)
}

// Stages reported to a progress function (see WithProgress).
const (
	StageReading = "reading"
	StageOCR     = "ocr"
)

type progressKey struct{}

// Progress receives a reader's progress: the stage and, for OCR, pages done
// out of total.
type Progress func(stage string, done, total int)

// WithProgress returns a context whose reads report progress to fn.
func WithProgress(ctx context.Context, fn Progress) context.Context {
	return context.WithValue(ctx, progressKey{}, fn)
}

func progressFrom(ctx context.Context) Progress {
	fn, _ := ctx.Value(progressKey{}).(Progress)
	return fn
}

// ProgressFrom returns the progress function set by WithProgress, or nil.
func ProgressFrom(ctx context.Context) Progress { return progressFrom(ctx) }

// ReadContext is Read with a context: cancelling it stops OCR, and a
// progress function set by WithProgress is told about each stage.
func ReadContext(ctx context.Context, name string, data []byte) (doc *Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, newError(CodeCorrupt, fmt.Sprintf("Tệp %q bị hỏng hoặc không đúng định dạng.", name), fmt.Errorf("panic: %v", r))
		}
	}()
	if len(data) == 0 {
		return nil, newError(CodeEmpty, fmt.Sprintf("Tệp %q rỗng.", name), nil)
	}
	if len(data) > MaxFileSize {
		return nil, newError(CodeTooLarge, fmt.Sprintf("Tệp %q quá lớn (%d MB, tối đa %d MB).", name, len(data)>>20, MaxFileSize>>20), nil)
	}
	if fn := progressFrom(ctx); fn != nil {
		fn(StageReading, 0, 0)
	}
	sum := sha256.Sum256(data)
	kind := sniff(name, data)
	var d *Document
	switch kind {
	case "text":
		d, err = readText(data)
		if err == errBinary {
			if len(bytes.Trim(data, "\x00")) == 0 {
				return nil, newError(CodeEmpty, fmt.Sprintf("Tệp %q không có nội dung (chỉ gồm byte 0).", name), nil)
			}
			return nil, newError(CodeUnsupported, fmt.Sprintf("Tệp %q không phải văn bản mà là dữ liệu nhị phân (tệp chương trình, tệp nén hoặc định dạng không hỗ trợ).", name), err)
		}
	case "html":
		d, err = readHTML(data)
	case "docx":
		d, err = readDOCX(name, data)
	case "pdf":
		d, err = readPDF(ctx, name, data)
	case "jpeg", "png", "tiff":
		d, err = readImage(ctx, name, "image/"+kind, data)
	case "image":
		return nil, newError(CodeCorrupt, fmt.Sprintf("Tệp ảnh %q bị hỏng hoặc không đúng định dạng.", name), nil)
	case "zip":
		return nil, newError(CodeCorrupt, fmt.Sprintf("Tệp %q là tệp nén nhưng không phải văn bản Word (.docx) hợp lệ.", name), nil)
	case "doc":
		return nil, newError(CodeUnsupported, fmt.Sprintf("Tệp %q là định dạng Word cũ (.doc); hãy lưu lại thành .docx hoặc PDF.", name), nil)
	default:
		return nil, newError(CodeUnsupported, fmt.Sprintf("Không hỗ trợ định dạng của tệp %q.", name), errors.New("unsupported: "+kind))
	}
	if err != nil {
		return nil, err
	}
	if !hasContent(d.Text) {
		return nil, newError(CodeEmpty, fmt.Sprintf("Tệp %q không có nội dung văn bản đọc được.", name), nil)
	}
	d.File = name
	d.SHA256 = hex.EncodeToString(sum[:])
	if d.Pages == 0 {
		d.Pages = 1
	}
	return d, nil
}

// sniff decides the format from content first, then the extension.
func sniff(name string, data []byte) string {
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "pdf"
	case bytes.HasPrefix(data, []byte("\xFF\xD8\xFF")):
		return "jpeg"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return "tiff"
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		return "doc"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		if ext == ".docx" || bytes.Contains(data, []byte("word/document.xml")) || bytes.Contains(data, []byte("[Content_Types].xml")) {
			return "docx"
		}
		return "zip"
	case looksHTML(data):
		return "html"
	}
	switch ext {
	case ".txt", ".md", ".text", "":
		return "text"
	case ".html", ".htm", ".xhtml":
		return "html"
	case ".pdf":
		return "pdf" // a PDF without its signature: let the reader report it
	case ".docx":
		return "docx"
	case ".jpg", ".jpeg", ".png", ".tif", ".tiff":
		return "image"
	}
	return ext
}

// looksHTML reports whether the start of data is HTML markup.
func looksHTML(data []byte) bool {
	head := data[:min(len(data), 1024)]
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	head = bytes.ToLower(bytes.TrimLeft(head, " \t\r\n"))
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<meta", "<!-- "} {
		if bytes.HasPrefix(head, []byte(p)) {
			if p == "<!-- " {
				return bytes.Contains(bytes.ToLower(data[:min(len(data), 4096)]), []byte("<html"))
			}
			return true
		}
	}
	return false
}

// hasContent reports whether text holds at least one letter or digit.
func hasContent(text string) bool {
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}
