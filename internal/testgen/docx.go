package testgen

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"html"
	"strings"
)

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`

const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`

// DOCX renders the layout as a minimal Word document: the header and the
// footer as borderless two-column tables, the title and body as paragraphs.
func DOCX(l *Layout) ([]byte, error) {
	var doc strings.Builder
	doc.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	doc.WriteString(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	if len(l.Left)+len(l.Right) > 0 {
		writeTable(&doc, l.Left, l.Right, true)
	}
	for _, s := range l.Title {
		writePara(&doc, s, "center", true, 28)
	}
	for _, s := range l.Body {
		writePara(&doc, s, "both", false, 28)
	}
	if len(l.FooterLeft)+len(l.FooterRight) > 0 {
		writeTable(&doc, l.FooterLeft, l.FooterRight, false)
	}
	doc.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="0" w:footer="0" w:gutter="0"/></w:sectPr>`)
	doc.WriteString(`</w:body></w:document>`)

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, part := range []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"word/document.xml", doc.String()},
	} {
		w, err := zw.Create(part.name)
		if err != nil {
			return nil, fmt.Errorf("testgen: tạo DOCX: %w", err)
		}
		if _, err := w.Write([]byte(part.body)); err != nil {
			return nil, fmt.Errorf("testgen: tạo DOCX: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("testgen: tạo DOCX: %w", err)
	}
	return buf.Bytes(), nil
}

func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// writePara writes one paragraph; size is in half-points.
func writePara(b *strings.Builder, s, align string, bold bool, size int) {
	fmt.Fprintf(b, `<w:p><w:pPr><w:jc w:val="%s"/></w:pPr>`, align)
	if s != "" {
		b.WriteString(`<w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>`)
		if bold {
			b.WriteString(`<w:b/>`)
		}
		fmt.Fprintf(b, `<w:sz w:val="%d"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r>`, size, xmlText(s))
	}
	b.WriteString(`</w:p>`)
}

// writeTable writes a borderless one-row, two-column table; header tables
// centre both columns, footer tables put the recipients left-aligned.
func writeTable(b *strings.Builder, left, right []string, header bool) {
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="9356" w:type="dxa"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(b, `<w:%s w:val="nil"/>`, side)
	}
	b.WriteString(`</w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w="4111"/><w:gridCol w:w="5245"/></w:tblGrid><w:tr>`)
	cell := func(lines []string, w int, align string, size int) {
		fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>`, w)
		if len(lines) == 0 {
			b.WriteString(`<w:p/>`)
		}
		for i, s := range lines {
			bold := header && !strings.HasPrefix(s, "Số") && !strings.HasPrefix(s, "V/v") && !strings.Contains(s, ", ngày") || !header && (align == "center" || i == 0)
			writePara(b, s, align, bold, size)
		}
		b.WriteString(`</w:tc>`)
	}
	if header {
		cell(left, 4111, "center", 26)
		cell(right, 5245, "center", 26)
	} else {
		cell(left, 4111, "left", 22)
		cell(right, 5245, "center", 28)
	}
	b.WriteString(`</w:tr></w:tbl>`)
}

// HTML renders the layout as a simple HTML page of an official document,
// the header and footer in two-column tables.
func HTML(l *Layout) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>")
	if len(l.Title) > 0 {
		b.WriteString(html.EscapeString(strings.Join(l.Title, " ")))
	}
	b.WriteString("</title></head><body>\n")
	table := func(left, right []string) {
		b.WriteString("<table><tr><td>")
		for _, s := range left {
			fmt.Fprintf(&b, "<p>%s</p>", html.EscapeString(s))
		}
		b.WriteString("</td><td>")
		for _, s := range right {
			fmt.Fprintf(&b, "<p>%s</p>", html.EscapeString(s))
		}
		b.WriteString("</td></tr></table>\n")
	}
	if len(l.Left)+len(l.Right) > 0 {
		table(l.Left, l.Right)
	}
	for _, s := range l.Title {
		fmt.Fprintf(&b, "<p style=\"text-align:center\"><b>%s</b></p>\n", html.EscapeString(s))
	}
	for _, s := range l.Body {
		if s == "" {
			continue
		}
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(s))
	}
	if len(l.FooterLeft)+len(l.FooterRight) > 0 {
		table(l.FooterLeft, l.FooterRight)
	}
	b.WriteString("</body></html>\n")
	return b.String()
}
