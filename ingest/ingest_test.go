package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func zipParts(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "word/numbering.xml", "word/document.xml"} {
		body, ok := parts[name]
		if !ok {
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const wDoc = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>%s</w:body></w:document>`

func numPara(num, lvl int, text string) string {
	return fmt.Sprintf(`<w:p><w:pPr><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr></w:pPr><w:r><w:t>%s</w:t></w:r></w:p>`, lvl, num, text)
}

const numberingXML = `<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>`

func TestDOCXNumbering(t *testing.T) {
	body := numPara(1, 0, "Mục tiêu") + numPara(1, 1, "Một") + numPara(1, 2, "ý a") + numPara(1, 2, "ý b") +
		numPara(1, 1, "Hai") + numPara(1, 0, "Nhiệm vụ") + numPara(1, 1, "Ba") + numPara(2, 0, "gạch") +
		`<w:p><w:r><w:t>Dòng một</w:t><w:br/><w:t xml:space="preserve">dòng  hai</w:t><w:tab/><w:t>tiếp</w:t></w:r></w:p>` +
		`<w:p><w:del><w:r><w:delText>đã xóa</w:delText></w:r></w:del><w:r><w:t>còn lại</w:t></w:r></w:p>`
	data := zipParts(t, map[string]string{"word/document.xml": fmt.Sprintf(wDoc, body), "word/numbering.xml": numberingXML})
	d, err := Read("n.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	want := "I. Mục tiêu\n1. Một\na) ý a\nb) ý b\n2. Hai\nII. Nhiệm vụ\n1. Ba\n- gạch\nDòng một\ndòng hai tiếp\ncòn lại\n"
	if d.Text != want {
		t.Errorf("Text =\n%s\nwant\n%s", d.Text, want)
	}
}

func cell(lines ...string) string {
	var b strings.Builder
	b.WriteString("<w:tc>")
	for _, l := range lines {
		fmt.Fprintf(&b, "<w:p><w:r><w:t>%s</w:t></w:r></w:p>", l)
	}
	b.WriteString("</w:tc>")
	return b.String()
}

func TestDOCXTables(t *testing.T) {
	// header laid out one line per row: still read column by column
	header := "<w:tbl>" +
		"<w:tr>" + cell("HUYỆN ỦY LẠC DƯƠNG") + cell("ĐẢNG CỘNG SẢN VIỆT NAM") + "</w:tr>" +
		"<w:tr>" + cell("*") + cell("") + "</w:tr>" +
		"<w:tr>" + cell("Số 10-CV/HU") + cell("Lạc Dương, ngày 2 tháng 3 năm 2023") + "</w:tr>" +
		"<w:tr>" + cell("V/v họp") + cell("") + "</w:tr>" +
		"<w:tr>" + cell("") + cell("") + "</w:tr></w:tbl>"
	data := "<w:tbl>" +
		"<w:tr>" + cell("TT") + cell("Đơn vị") + cell("Số đảng viên") + "</w:tr>" +
		"<w:tr>" + cell("1") + cell("Xã Lát") + cell("120") + "</w:tr></w:tbl>"
	d, err := Read("t.docx", zipParts(t, map[string]string{"word/document.xml": fmt.Sprintf(wDoc, header+data)}))
	if err != nil {
		t.Fatal(err)
	}
	want := "HUYỆN ỦY LẠC DƯƠNG\n*\nSố 10-CV/HU\nV/v họp\nĐẢNG CỘNG SẢN VIỆT NAM\nLạc Dương, ngày 2 tháng 3 năm 2023\nTT | Đơn vị | Số đảng viên\n1 | Xã Lát | 120\n"
	if d.Text != want {
		t.Errorf("Text =\n%s\nwant\n%s", d.Text, want)
	}
}

func errCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return fmt.Sprint(err)
}

func TestDOCXHostile(t *testing.T) {
	// entity definitions are not expanded
	bomb := `<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>`
	_, err := Read("e.docx", zipParts(t, map[string]string{"word/document.xml": bomb}))
	if errCode(err) != CodeCorrupt {
		t.Errorf("entity bomb: err = %v", err)
	}

	// too many entries
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := range maxDOCXEntries + 1 {
		zw.Create(fmt.Sprintf("x/%d", i))
	}
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(fmt.Sprintf(wDoc, "")))
	zw.Close()
	_, err = Read("many.docx", b.Bytes())
	if errCode(err) != CodeTooLarge {
		t.Errorf("many entries: err = %v", err)
	}

	// a highly compressible part larger than the limit
	b.Reset()
	zw = zip.NewWriter(&b)
	w, _ = zw.Create("word/document.xml")
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for range maxDOCXUncompressed>>20 + 1 {
		w.Write(chunk)
	}
	zw.Close()
	_, err = Read("big.docx", b.Bytes())
	if errCode(err) != CodeTooLarge {
		t.Errorf("zip bomb: err = %v", err)
	}

	// unterminated XML
	_, err = Read("cut.docx", zipParts(t, map[string]string{"word/document.xml": `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>x`}))
	if errCode(err) != CodeCorrupt {
		t.Errorf("cut xml: err = %v", err)
	}
}

func TestLayoutLines(t *testing.T) {
	segs := []segment{
		// header: issuer left, motto right; the date line is wider than the motto
		{top: 60, left: 100, size: 11, text: "ỦY BAN NHÂN DÂN"},
		{top: 60, left: 330, size: 11, text: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
		{top: 76, left: 105, size: 11, text: "HUYỆN BẢO LÂM"},
		{top: 76.5, left: 350, size: 11, text: "Độc lập - Tự do - Hạnh phúc"},
		{top: 92, left: 110, size: 11, text: "Số: 123/UBND-VX"},
		{top: 93, left: 318, size: 11, text: "Bảo Lâm, ngày 05 tháng 7 năm 2023"},
		{top: 108, left: 90, size: 11, text: "V/v triển khai"},
		// centred title
		{top: 150, left: 270, size: 13, text: "KẾ HOẠCH"},
		{top: 175, left: 74, size: 12, text: "Thực hiện chỉ đạo của cấp trên, Ủy ban nhân dân huyện ban hành kế hoạch như sau:"},
		{top: 192, left: 74, size: 12, text: "1. Rà soát."},
		// footer
		{top: 240, left: 74, size: 10, text: "Nơi nhận:"},
		{top: 239, left: 360, size: 12, text: "TM. ỦY BAN NHÂN DÂN"},
		{top: 254, left: 74, size: 9, text: "- Như trên;"},
		{top: 255, left: 380, size: 12, text: "CHỦ TỊCH"},
		{top: 269, left: 74, size: 9, text: "- Lưu: VT."},
		{top: 300, left: 375, size: 12, text: "Nguyễn Văn B"},
	}
	got := strings.Join(layoutLines(segs), "\n")
	want := strings.Join([]string{
		"ỦY BAN NHÂN DÂN", "HUYỆN BẢO LÂM", "Số: 123/UBND-VX", "V/v triển khai",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Bảo Lâm, ngày 05 tháng 7 năm 2023",
		"KẾ HOẠCH",
		"Thực hiện chỉ đạo của cấp trên, Ủy ban nhân dân huyện ban hành kế hoạch như sau:", "1. Rà soát.",
		"Nơi nhận:", "- Như trên;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
		"Nguyễn Văn B",
	}, "\n")
	if got != want {
		t.Errorf("layoutLines =\n%s\nwant\n%s", got, want)
	}
}

func TestSniff(t *testing.T) {
	for _, c := range []struct{ name, data, want string }{
		{"a.bin", "%PDF-1.7", "pdf"},
		{"a.txt", "<!DOCTYPE html><html>", "html"},
		{"a.htm", "xin chào", "html"},
		{"a", "\x89PNG\r\n\x1a\nxxxx", "png"},
		{"a.doc", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "doc"},
		{"a.zip", "PK\x03\x04....word/document.xml", "docx"},
		{"a.zip", "PK\x03\x04....", "zip"},
		{"a.md", "# tiêu đề", "text"},
	} {
		if got := sniff(c.name, []byte(c.data)); got != c.want {
			t.Errorf("sniff(%q, %q) = %q, want %q", c.name, c.data, got, c.want)
		}
	}
}
