package ingest

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"strings"
	"testing"
	"unicode/utf16"
)

// Tests of the defences against hostile files; the full corpus of bad
// files lives in internal/badfiles and runs through the sandbox.

func wantErr(t *testing.T, err error, code, fragment string) {
	t.Helper()
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("want *Error %s, got %v", code, err)
	}
	if e.Code != code || !strings.Contains(e.Message, fragment) {
		t.Errorf("got %s %q, want %s containing %q", e.Code, e.Message, code, fragment)
	}
}

func TestTextWithoutContent(t *testing.T) {
	_, err := Read("a.txt", []byte(" \n\t \u00a0\n"))
	wantErr(t, err, CodeEmpty, "không có nội dung")
	_, err = Read("a.txt", make([]byte, 100))
	wantErr(t, err, CodeEmpty, "byte 0")
	_, err = Read("a.html", []byte("<html><body><script>x()</script></body></html>"))
	wantErr(t, err, CodeEmpty, "không có nội dung")
}

func TestBinaryAsText(t *testing.T) {
	b := make([]byte, 4096)
	for i := range b {
		b[i] = byte(i*7 + i/3)
	}
	_, err := Read("a.txt", b)
	wantErr(t, err, CodeUnsupported, "nhị phân")
	// a few stray control characters are still text
	d, err := Read("a.txt", []byte("Số: 12/KH-UBND\x07\nKẾ HOẠCH thực hiện nhiệm vụ năm 2024\n"))
	if err != nil || !strings.Contains(d.Text, "KẾ HOẠCH") {
		t.Fatal(d, err)
	}
}

func TestUTF16WithoutBOM(t *testing.T) {
	const s = "ỦY BAN NHÂN DÂN TỈNH\nSố: 12/KH-UBND\nKẾ HOẠCH kiểm tra\n"
	for _, big := range []bool{false, true} {
		var b []byte
		for _, u := range utf16.Encode([]rune(s)) {
			if big {
				b = binary.BigEndian.AppendUint16(b, u)
			} else {
				b = binary.LittleEndian.AppendUint16(b, u)
			}
		}
		d, err := Read("a.txt", b)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(d.Text, "KẾ HOẠCH kiểm tra") || !strings.HasPrefix(d.Encoding, "UTF-16") {
			t.Errorf("big=%v: %q %q", big, d.Encoding, d.Text)
		}
	}
}

func TestInvalidUTF8Text(t *testing.T) {
	d, err := Read("a.txt", []byte("Số: 12/KH-UBND\nKẾ HOẠCH \xff\xfe kiểm tra \xc3\x28 hệ thống văn thư của Ủy ban nhân dân tỉnh\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.Text, "Số: 12/KH-UBND") {
		t.Errorf("text %q", d.Text)
	}
}

func TestOversizeBytes(t *testing.T) {
	_, err := Read("a.txt", make([]byte, MaxFileSize+1)) // never touched
	wantErr(t, err, CodeTooLarge, "quá lớn")
}

func TestDOCXDoctype(t *testing.T) {
	doc := `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>` + fmt.Sprintf(wDoc[len(`<?xml version="1.0" encoding="UTF-8"?>`):], "<w:p><w:r><w:t>&b;</w:t></w:r></w:p>")
	_, err := Read("x.docx", zipParts(t, map[string]string{"word/document.xml": doc}))
	wantErr(t, err, CodeCorrupt, "DOCTYPE")
	// in numbering.xml the part is ignored with a warning
	good := fmt.Sprintf(wDoc, "<w:p><w:r><w:t>Xin chào</w:t></w:r></w:p>")
	d, err := Read("x.docx", zipParts(t, map[string]string{"word/document.xml": good, "word/numbering.xml": `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><w:numbering/>`}))
	if err != nil || len(d.Warnings) == 0 {
		t.Fatal(d, err)
	}
}

// handPDF writes a PDF whose page tree lists one text page n times;
// trailer adds entries to the trailer and extra objects follow.
func handPDF(n int, trailer string, extra ...string) []byte {
	kids := strings.TrimSpace(strings.Repeat("3 0 R ", n))
	content := "BT /F1 12 Tf 72 760 Td (UBND TINH THU NGHIEM So 12/KH-UBND KE HOACH) Tj ET"
	objs := append([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids, n),
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	}, extra...)
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailer, x)
	return b.Bytes()
}

func TestPDFPageLimit(t *testing.T) {
	if _, err := Read("a.pdf", handPDF(3, "")); err != nil {
		t.Fatal(err)
	}
	defer func(n int) { MaxPages = n }(MaxPages)
	MaxPages = 2
	_, err := Read("a.pdf", handPDF(3, ""))
	wantErr(t, err, CodeTooLarge, "quá nhiều trang")
}

func TestEncryptedPDF(t *testing.T) {
	enc := "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <7a2f3c1d9e8b4a6f5c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b> /U <1f2e3d4c5b6a79881f2e3d4c5b6a798800000000000000000000000000000000> >>"
	_, err := Read("a.pdf", handPDF(1, "/Encrypt 6 0 R /ID [<0123456789abcdef0123456789abcdef><0123456789abcdef0123456789abcdef>] ", enc))
	wantErr(t, err, CodeEncrypted, "mật khẩu")
}

func TestImageBomb(t *testing.T) {
	defer func(f func(context.Context, string, []byte, []int) (map[int]PageText, error)) { OCRPages = f }(OCRPages)
	called := false
	OCRPages = func(context.Context, string, []byte, []int) (map[int]PageText, error) {
		called = true
		return map[int]PageText{1: {Text: "Xin chào", Confidence: 0.9}}, nil
	}
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 8, 8)))
	if _, err := Read("a.png", b.Bytes()); err != nil || !called {
		t.Fatal(err, called)
	}
	called = false
	p := b.Bytes()
	binary.BigEndian.PutUint32(p[16:], 20000)
	binary.BigEndian.PutUint32(p[20:], 20000)
	binary.BigEndian.PutUint32(p[29:], crc32.ChecksumIEEE(p[12:29]))
	_, err := Read("a.png", p)
	wantErr(t, err, CodeTooLarge, "quá lớn")
	if called {
		t.Error("OCR ran on a decompression bomb")
	}
}

func TestProgressFrom(t *testing.T) {
	if ProgressFrom(context.Background()) != nil {
		t.Error("progress without WithProgress")
	}
	n := 0
	ctx := WithProgress(context.Background(), func(string, int, int) { n++ })
	ProgressFrom(ctx)("x", 0, 0)
	if n != 1 {
		t.Error("ProgressFrom lost the function")
	}
}
