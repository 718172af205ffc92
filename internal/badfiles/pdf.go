package badfiles

import (
	"bytes"
	"fmt"
	"strings"
)

// pdfWriter assembles a PDF by hand: numbered objects, a cross-reference
// table with the right offsets and a trailer.
type pdfWriter struct {
	objs    []string // objs[i] is the body of object i+1
	trailer string   // extra trailer entries
	badXref bool     // write garbage offsets in the xref table
	noXref  bool     // write neither xref nor trailer (a truncated file)
}

func (w *pdfWriter) add(body string) int {
	w.objs = append(w.objs, body)
	return len(w.objs)
}

func (w *pdfWriter) bytes() []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")
	offs := make([]int, len(w.objs))
	for i, o := range w.objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	if w.noXref {
		return b.Bytes()
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(w.objs)+1)
	for i, off := range offs {
		if w.badXref {
			off = 999999 - i*7
		}
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n", len(w.objs)+1, w.trailer, xref)
	return b.Bytes()
}

// pdfText is the text layer of the generated PDFs: ASCII only (the standard
// Helvetica font has no Vietnamese letters), long enough to count as text.
var pdfText = []string{
	"UY BAN NHAN DAN TINH THU NGHIEM",
	"So: 12/KH-UBND",
	"KE HOACH",
	"Thuc hien kiem tra tep loi trong he thong van thu",
	"1. So Thong tin va Truyen thong chu tri thuc hien.",
}

func contentStream(lines []string) string {
	var s strings.Builder
	s.WriteString("BT /F1 12 Tf 72 760 Td 16 TL\n")
	for _, l := range lines {
		fmt.Fprintf(&s, "(%s) Tj T*\n", l)
	}
	s.WriteString("ET")
	return fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", s.Len(), s.String())
}

// textPDF builds a one-page PDF with a text layer; extra is added to the
// catalog dictionary, the page count and kids come from pages (nil: one page).
func textPDF(catalogExtra string, kids func(page int) (string, int)) *pdfWriter {
	w := &pdfWriter{}
	w.add("<< /Type /Catalog /Pages 2 0 R " + catalogExtra + ">>") // 1
	w.add("")                                                      // 2: pages, filled below
	page := w.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>")
	w.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>") // 4
	w.add(contentStream(pdfText))                                                              // 5
	k, n := fmt.Sprintf("[%d 0 R]", page), 1
	if kids != nil {
		k, n = kids(page)
	}
	w.objs[1] = fmt.Sprintf("<< /Type /Pages /Kids %s /Count %d >>", k, n)
	return w
}

// GoodPDF is a small valid PDF with a text layer.
func GoodPDF() []byte { return textPDF("", nil).bytes() }

func truncatedPDF() []byte {
	b := GoodPDF()
	return b[:len(b)*2/5]
}

func brokenXrefPDF() []byte {
	w := textPDF("", nil)
	w.badXref = true
	return w.bytes()
}

func noXrefPDF() []byte {
	w := textPDF("", nil)
	w.noXref = true
	return w.bytes()
}

// encryptedPDF declares standard security handler encryption (RC4 128) with
// an owner and user key that match no password, the empty one included.
func encryptedPDF() []byte {
	w := textPDF("", nil)
	enc := w.add("<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 " +
		"/O <7a2f3c1d9e8b4a6f5c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b> " +
		"/U <1f2e3d4c5b6a79881f2e3d4c5b6a798800000000000000000000000000000000> >>")
	w.trailer = fmt.Sprintf("/Encrypt %d 0 R /ID [<0123456789abcdef0123456789abcdef><0123456789abcdef0123456789abcdef>] ", enc)
	return w.bytes()
}

// javascriptPDF runs a script on opening (OpenAction) and names another in
// the document's JavaScript name tree. Readers must never execute either.
func javascriptPDF() []byte {
	w := textPDF("/OpenAction 6 0 R /Names << /JavaScript << /Names [(a) 7 0 R] >> >> ", nil)
	w.add("<< /Type /Action /S /JavaScript /JS (app.alert('x'); while(true){}) >>")
	w.add("<< /S /JavaScript /JS (this.exportDataObject({cName: 'x', nLaunch: 2});) >>")
	return w.bytes()
}

// manyPagesPDF lists the same page object n times in the page tree.
func manyPagesPDF(n int) []byte {
	return textPDF("", func(page int) (string, int) {
		var k strings.Builder
		k.WriteString("[")
		for i := range n {
			if i > 0 {
				k.WriteString(" ")
			}
			fmt.Fprintf(&k, "%d 0 R", page)
		}
		k.WriteString("]")
		return k.String(), n
	}).bytes()
}

// lyingCountPDF claims n pages in /Count but lists one.
func lyingCountPDF(n int) []byte {
	return textPDF("", func(page int) (string, int) { return fmt.Sprintf("[%d 0 R]", page), n }).bytes()
}

func zeroPagesPDF() []byte {
	return textPDF("", func(int) (string, int) { return "[]", 0 }).bytes()
}

// cyclicPagesPDF has a page tree node that lists itself as its own kid.
func cyclicPagesPDF() []byte {
	return textPDF("", func(int) (string, int) { return "[2 0 R]", 1 }).bytes()
}

// headerOnlyPDF is the PDF signature and nothing else.
func headerOnlyPDF() []byte { return []byte("%PDF-1.7\n%%EOF\n") }
