package ingest

import (
	"fmt"
	"testing"
)

// The readers are called directly so that a panic fails the fuzzer instead
// of being turned into an error by Read.

func FuzzReadHTML(f *testing.F) {
	f.Add([]byte(`<html><body><h1>Tin</h1><p>10/04/2024 03:16 CH</p><table><tr><td>a</td><td>b</td></tr></table></body></html>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := readHTML(data)
		if err == nil && d == nil {
			t.Fatal("nil document without error")
		}
		Read("f.html", data)
	})
}

func FuzzReadDOCX(f *testing.F) {
	body := numPara(1, 0, "Mục") + "<w:tbl><w:tr>" + cell("A", "B") + cell("C") + "</w:tr></w:tbl>"
	f.Add(zipParts(f, map[string]string{"word/document.xml": fmt.Sprintf(wDoc, body), "word/numbering.xml": numberingXML}))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := readDOCX("f.docx", data)
		if err == nil && d == nil {
			t.Fatal("nil document without error")
		}
		Read("f.docx", data)
	})
}
