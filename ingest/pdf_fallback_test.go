package ingest

import (
	"testing"

	"vanthu/internal/testgen"
)

// The fallback reader refuses what it cannot decode: fpdf's subset CID
// fonts come out of ledongthuc/pdf as glyph codes, not Vietnamese.
func TestPDFFallbackRefusesGarbage(t *testing.T) {
	l, err := testgen.ParseLayout("#left\nỦY BAN NHÂN DÂN\nTỈNH HÀ LAM\nSố: 12/UBND-VX\n#body\nGiao Sở Y tế chủ trì triển khai thực hiện kế hoạch phòng, chống thiên tai năm nay.\n")
	if err != nil {
		t.Fatal(err)
	}
	b, err := testgen.PDF(l)
	if err != nil {
		t.Skipf("no fonts to build a PDF: %v", err)
	}
	if d := readPDFFallback(b); d != nil {
		t.Fatalf("fallback returned undecodable text: %q", d.Text)
	}
	if readPDFFallback([]byte("%PDF-1.4 garbage")) != nil {
		t.Error("garbage accepted")
	}
}
