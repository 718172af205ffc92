package ingest

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzNames are the file names FuzzRead pairs the bytes with: the
// extension is a format hint only, so every kind of content meets every
// kind of name.
var fuzzNames = []string{"f.txt", "f.html", "f.docx", "f.pdf", "f.png", "f.jpg", "f.tif", "f", "f.doc"}

// FuzzRead reads any bytes under any name. ReadContext turns a reader's
// panic into an error; here such an error fails the fuzzer.
func FuzzRead(f *testing.F) {
	f.Add([]byte("Số: 12/KH-UBND\nKẾ HOẠCH\n"), uint8(0))
	f.Add([]byte("<html><body><p>Xin chào</p></body></html>"), uint8(1))
	f.Add([]byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n"), uint8(3))
	f.Add([]byte("\x89PNG\r\n\x1a\n"), uint8(4))
	f.Add([]byte("PK\x03\x04"), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		name := fuzzNames[int(kind)%len(fuzzNames)]
		ocr := OCRPages
		OCRPages = nil // never start tesseract from the fuzzer
		defer func() { OCRPages = ocr }()
		d, err := ReadContext(context.Background(), name, data)
		if err != nil {
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("error %v is not *Error", err)
			}
			if e.Err != nil && strings.HasPrefix(e.Err.Error(), "panic:") {
				t.Fatalf("reader panicked: %v", e.Err)
			}
			if e.Code == "" || e.Message == "" {
				t.Fatalf("error without code or message: %#v", e)
			}
			return
		}
		if d == nil {
			t.Fatal("nil document without error")
		}
		if !utf8.ValidString(d.Text) {
			t.Fatal("text is not valid UTF-8")
		}
		if !hasContent(d.Text) {
			t.Fatal("document without content")
		}
	})
}

// FuzzReadText feeds the plain-text reader (UTF-16 and binary sniffing,
// legacy decoding) directly.
func FuzzReadText(f *testing.F) {
	f.Add([]byte("Số: 12/KH-UBND\n"))
	f.Add([]byte("S\x00\xd1\x1e:\x00"))
	f.Add([]byte("\xff\xfeS\x00"))
	f.Add([]byte("\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := readText(data)
		if err != nil {
			if err != errBinary {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if !utf8.ValidString(d.Text) {
			t.Fatal("text is not valid UTF-8")
		}
	})
}

// FuzzPDFLayout feeds the parser of MuPDF's positioned HTML and the
// reading-order layout with arbitrary markup.
func FuzzPDFLayout(f *testing.F) {
	f.Add(`<p style="top:10pt;left:20pt;line-height:12pt"><span style="font-size:12pt">UBND</span></p>` +
		`<p style="top:10pt;left:300pt;line-height:12pt"><span style="font-size:12pt">CỘNG HÒA</span></p>` +
		`<p style="top:40pt;left:20pt;line-height:12pt"><span style="font-size:12pt">Số: 1/KH</span></p>`)
	f.Add(`<p style="top:-1e308pt;left:NaNpt;line-height:0pt">x</p><p style="top:1e308pt;left:Infpt">y</p>`)
	f.Fuzz(func(t *testing.T, h string) {
		lines := layoutLines(parseStextHTML(h))
		for _, l := range lines {
			if l == "" {
				t.Fatal("empty line")
			}
		}
	})
}

// FuzzImageSize checks that reading image headers never panics.
func FuzzImageSize(f *testing.F) {
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x08\x00\x00\x00\x08\x08\x00\x00\x00\x00"))
	f.Add([]byte("II*\x00\x08\x00\x00\x00"))
	f.Add([]byte("\xFF\xD8\xFF\xC0\x00\x11\x08\xFD\xE8\xFD\xE8"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if w, h, ok := imageSize(data); ok && (w < 0 || h < 0) {
			t.Fatalf("negative size %dx%d", w, h)
		}
	})
}
