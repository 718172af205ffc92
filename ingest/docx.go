package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"vanthu/internal/textnorm"
)

// Limits against zip bombs in DOCX files.
const (
	maxDOCXEntries      = 5000
	maxDOCXUncompressed = 100 << 20
	maxDOCXPart         = 64 << 20
)

const mediaDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// The WordprocessingML namespace; element names are matched on it.
const nsW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

func readDOCX(name string, data []byte) (*Document, error) {
	corrupt := func(err error) error {
		return newError(CodeCorrupt, fmt.Sprintf("Tệp Word %q bị hỏng hoặc không đúng định dạng .docx.", name), err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, corrupt(err)
	}
	if len(zr.File) > maxDOCXEntries {
		return nil, newError(CodeTooLarge, fmt.Sprintf("Tệp Word %q có quá nhiều thành phần (%d).", name, len(zr.File)), nil)
	}
	var total uint64
	var docPart, numPart *zip.File
	for _, f := range zr.File {
		total += f.UncompressedSize64
		switch f.Name {
		case "word/document.xml":
			docPart = f
		case "word/numbering.xml":
			numPart = f
		}
	}
	if total > maxDOCXUncompressed {
		return nil, newError(CodeTooLarge, fmt.Sprintf("Tệp Word %q khi giải nén quá lớn (%d MB).", name, total>>20), nil)
	}
	if docPart == nil {
		if hasEntry(zr, "word/document2.xml") || hasEntry(zr, "[Content_Types].xml") {
			return nil, corrupt(errors.New("word/document.xml missing"))
		}
		return nil, newError(CodeCorrupt, fmt.Sprintf("Tệp %q không phải văn bản Word (.docx).", name), errors.New("no word/document.xml"))
	}
	d := &Document{MediaType: mediaDOCX, Pages: 1}
	var num *numbering
	if numPart != nil {
		b, err := readPart(numPart)
		if err == nil {
			num, err = parseNumbering(b)
		}
		if err != nil {
			d.warn(WarnSuspicious, "Không đọc được định dạng đánh số tự động; số thứ tự mục có thể bị thiếu.")
			num = nil
		}
	}
	b, err := readPart(docPart)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			return nil, e
		}
		return nil, corrupt(err)
	}
	blocks, err := parseDocumentXML(b)
	if err == errDTD {
		return nil, newError(CodeCorrupt, fmt.Sprintf("Tệp Word %q chứa khai báo DOCTYPE/ENTITY không được phép (có thể là tệp độc hại); không đọc.", name), err)
	}
	if err != nil {
		return nil, corrupt(err)
	}
	r := &docxRenderer{num: num, counters: map[string][]int{}}
	r.blocks(blocks)
	d.Text = textnorm.Clean(collapseBlank(r.lines))
	if strings.TrimSpace(d.Text) == "" {
		d.warn(WarnSuspicious, "Tệp Word không có nội dung văn bản.")
	}
	return d, nil
}

func hasEntry(zr *zip.Reader, name string) bool {
	for _, f := range zr.File {
		if f.Name == name {
			return true
		}
	}
	return false
}

// readPart decompresses one zip entry, refusing more than maxDOCXPart bytes
// whatever its header claims.
func readPart(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxDOCXPart+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxDOCXPart {
		return nil, newError(CodeTooLarge, "Nội dung tệp Word khi giải nén quá lớn.", nil)
	}
	return b, nil
}

// docxBlock is a paragraph or a table of a document body.
type docxBlock struct {
	para  *docxPara
	table [][][]docxBlock // rows, cells, cell content
}

type docxPara struct {
	text  string // "\n" for line breaks
	numID string
	ilvl  int
	extra []docxBlock // paragraphs of text boxes anchored in this one
}

func newDecoder(b []byte) *xml.Decoder {
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true // undefined entities are errors, never expanded
	dec.Entity = nil
	return dec
}

// errDTD refuses document type declarations in DOCX parts: Word never
// writes them, and they carry entity bombs and external entities.
var errDTD = errors.New("DOCTYPE declaration in a DOCX part")

// hasDTD reports whether an XML part declares a document type (or entities).
func hasDTD(b []byte) bool {
	return bytes.Contains(b, []byte("<!DOCTYPE")) || bytes.Contains(b, []byte("<!ENTITY"))
}

func parseDocumentXML(b []byte) ([]docxBlock, error) {
	if hasDTD(b) {
		return nil, errDTD
	}
	dec := newDecoder(b)
	blocks, err := parseBlocks(dec, "")
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return blocks, nil
}

// parseBlocks reads paragraphs and tables until the end element end ("" for
// the end of the document). Container elements (body, sdt, customXml,
// ins ...) are entered; deleted and alternative content is skipped.
func parseBlocks(dec *xml.Decoder, end string) ([]docxBlock, error) {
	var out []docxBlock
	for {
		tok, err := dec.Token()
		if err != nil {
			if err == io.EOF && end == "" {
				return out, nil
			}
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return out, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != nsW {
				if t.Name.Local == "Fallback" {
					if err := dec.Skip(); err != nil {
						return out, err
					}
				}
				continue
			}
			switch t.Name.Local {
			case "p":
				p, err := parsePara(dec)
				if err != nil {
					return out, err
				}
				out = append(out, docxBlock{para: p})
			case "tbl":
				tb, err := parseTable(dec)
				if err != nil {
					return out, err
				}
				out = append(out, docxBlock{table: tb})
			case "del", "moveFrom", "sectPr", "tblPr", "tblGrid", "trPr", "tcPr", "sdtPr", "sdtEndPr", "rPr", "pPr":
				if err := dec.Skip(); err != nil {
					return out, err
				}
			}
		case xml.EndElement:
			if t.Name.Space == nsW && t.Name.Local == end {
				return out, nil
			}
		}
	}
}

func parseTable(dec *xml.Decoder) ([][][]docxBlock, error) {
	var rows [][][]docxBlock
	for {
		tok, err := dec.Token()
		if err != nil {
			return rows, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != nsW {
				if t.Name.Local == "Fallback" {
					if err := dec.Skip(); err != nil {
						return rows, err
					}
				}
				continue
			}
			switch t.Name.Local {
			case "tr":
				rows = append(rows, nil)
			case "tc":
				cell, err := parseBlocks(dec, "tc")
				if err != nil {
					return rows, err
				}
				if len(rows) == 0 {
					rows = append(rows, nil)
				}
				rows[len(rows)-1] = append(rows[len(rows)-1], cell)
			case "tblPr", "tblGrid", "trPr", "tblPrEx", "del":
				if err := dec.Skip(); err != nil {
					return rows, err
				}
			}
		case xml.EndElement:
			if t.Name.Space == nsW && t.Name.Local == "tbl" {
				return rows, nil
			}
		}
	}
}

func parsePara(dec *xml.Decoder) (*docxPara, error) {
	p := &docxPara{}
	var sb strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return p, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != nsW {
				if t.Name.Local == "Fallback" {
					if err := dec.Skip(); err != nil {
						return p, err
					}
				}
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab", "ptab":
				sb.WriteByte('\t')
			case "br", "cr":
				if attr(t, "type") != "page" {
					sb.WriteByte('\n')
				}
			case "noBreakHyphen":
				sb.WriteByte('-')
			case "sym":
				if c, err := strconv.ParseUint(attr(t, "char"), 16, 32); err == nil && c >= 0x20 && c < 0xF000 {
					sb.WriteRune(rune(c))
				}
			case "numPr":
				if err := parseNumPr(dec, p); err != nil {
					return p, err
				}
			case "txbxContent":
				inner, err := parseBlocks(dec, "txbxContent")
				if err != nil {
					return p, err
				}
				p.extra = append(p.extra, inner...)
			case "del", "delText", "instrText", "rPr", "footnoteReference", "commentReference":
				if err := dec.Skip(); err != nil {
					return p, err
				}
			}
		case xml.EndElement:
			if t.Name.Space == nsW {
				switch t.Name.Local {
				case "t":
					inText = false
				case "p":
					p.text = sb.String()
					return p, nil
				}
			}
		case xml.CharData:
			if inText {
				sb.Write(t)
			}
		}
	}
}

func parseNumPr(dec *xml.Decoder, p *docxPara) error {
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "numId":
				p.numID = attr(t, "val")
			case "ilvl":
				p.ilvl, _ = strconv.Atoi(attr(t, "val"))
				p.ilvl = max(0, min(p.ilvl, 8))
			}
		case xml.EndElement:
			if t.Name.Local == "numPr" {
				return nil
			}
		}
	}
}

// attr returns the value of the attribute local (any namespace).
func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// numbering holds the list definitions of word/numbering.xml.
type numbering struct {
	abstract map[string]map[int]numLevel // abstractNumId -> level
	nums     map[string]string           // numId -> abstractNumId
	starts   map[string]map[int]int      // numId -> level -> start override
}

type numLevel struct {
	format string // decimal, lowerLetter, upperRoman, bullet ...
	text   string // e.g. "%1." or "%1.%2."
	start  int
}

func parseNumbering(b []byte) (*numbering, error) {
	if hasDTD(b) {
		return nil, errDTD
	}
	n := &numbering{abstract: map[string]map[int]numLevel{}, nums: map[string]string{}, starts: map[string]map[int]int{}}
	dec := newDecoder(b)
	var absID, numID string
	lvl, overrideLvl := -1, -1
	var cur numLevel
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "abstractNum":
				absID = attr(t, "abstractNumId")
				if n.abstract[absID] == nil {
					n.abstract[absID] = map[int]numLevel{}
				}
			case "lvl":
				if numID == "" {
					lvl, _ = strconv.Atoi(attr(t, "ilvl"))
					cur = numLevel{format: "decimal", start: 1}
				}
			case "numFmt":
				if lvl >= 0 {
					cur.format = attr(t, "val")
				}
			case "lvlText":
				if lvl >= 0 {
					cur.text = attr(t, "val")
				}
			case "start":
				if lvl >= 0 {
					cur.start, _ = strconv.Atoi(attr(t, "val"))
				}
			case "num":
				numID = attr(t, "numId")
			case "abstractNumId":
				if numID != "" {
					n.nums[numID] = attr(t, "val")
				}
			case "lvlOverride":
				overrideLvl, _ = strconv.Atoi(attr(t, "ilvl"))
			case "startOverride":
				if numID != "" && overrideLvl >= 0 {
					if n.starts[numID] == nil {
						n.starts[numID] = map[int]int{}
					}
					n.starts[numID][overrideLvl], _ = strconv.Atoi(attr(t, "val"))
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "lvl":
				if lvl >= 0 && absID != "" && numID == "" {
					n.abstract[absID][lvl] = cur
				}
				lvl = -1
			case "abstractNum":
				absID = ""
			case "num":
				numID = ""
			case "lvlOverride":
				overrideLvl = -1
			}
		}
	}
}

// docxRenderer turns blocks into lines in reading order.
type docxRenderer struct {
	num      *numbering
	counters map[string][]int // numId -> counter per level
	lines    []string
}

func (r *docxRenderer) blocks(bs []docxBlock) {
	for _, b := range bs {
		switch {
		case b.para != nil:
			r.para(b.para)
		case b.table != nil:
			r.table(b.table)
		}
	}
}

func (r *docxRenderer) para(p *docxPara) {
	text := strings.ReplaceAll(p.text, "\t", " ")
	if label := r.label(p); label != "" && strings.TrimSpace(text) != "" {
		text = label + " " + strings.TrimLeft(text, " ")
	}
	for _, l := range strings.Split(text, "\n") {
		r.lines = append(r.lines, strings.TrimSpace(collapseSpaces(l)))
	}
	r.blocks(p.extra)
}

// label returns the automatic number of a list paragraph, or "".
func (r *docxRenderer) label(p *docxPara) string {
	if p.numID == "" || p.numID == "0" || r.num == nil {
		return ""
	}
	abs, ok := r.num.abstract[r.num.nums[p.numID]]
	if !ok {
		return ""
	}
	lv, ok := abs[p.ilvl]
	if !ok {
		return ""
	}
	if lv.format == "bullet" {
		return "-"
	}
	if lv.format == "none" {
		return ""
	}
	c := r.counters[p.numID]
	if c == nil {
		c = make([]int, 9)
		for i := range c {
			c[i] = -1
		}
		r.counters[p.numID] = c
	}
	if c[p.ilvl] < 0 {
		start := lv.start
		if s, ok := r.num.starts[p.numID][p.ilvl]; ok {
			start = s
		}
		c[p.ilvl] = start
	} else {
		c[p.ilvl]++
	}
	for i := p.ilvl + 1; i < len(c); i++ {
		c[i] = -1
	}
	text := lv.text
	if text == "" {
		text = "%" + strconv.Itoa(p.ilvl+1) + "."
	}
	for i := 0; i <= p.ilvl; i++ {
		ph := "%" + strconv.Itoa(i+1)
		if !strings.Contains(text, ph) {
			continue
		}
		v := c[i]
		li := abs[i]
		if v < 0 {
			v = max(li.start, 1)
		}
		text = strings.ReplaceAll(text, ph, formatNum(v, li.format))
	}
	return strings.TrimSpace(text)
}

func formatNum(v int, format string) string {
	switch format {
	case "lowerLetter", "upperLetter":
		s := ""
		for n := v; n > 0; n = (n - 1) / 26 {
			s = string(rune('a'+(n-1)%26)) + s
		}
		if format == "upperLetter" {
			s = strings.ToUpper(s)
		}
		return s
	case "lowerRoman":
		return strings.ToLower(roman(v))
	case "upperRoman":
		return roman(v)
	case "decimalZero":
		if v < 10 {
			return "0" + strconv.Itoa(v)
		}
	}
	return strconv.Itoa(v)
}

func roman(v int) string {
	if v <= 0 || v >= 4000 {
		return strconv.Itoa(v)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var sb strings.Builder
	for i, n := range vals {
		for v >= n {
			sb.WriteString(syms[i])
			v -= n
		}
	}
	return sb.String()
}

// table renders a layout table (the two-column header or the recipients
// beside the signature, or any small table) column by column, and a data
// table row by row with cells joined by " | ".
func (r *docxRenderer) table(rows [][][]docxBlock) {
	ncols := 0
	for _, row := range rows {
		ncols = max(ncols, len(row))
	}
	if ncols == 0 {
		return
	}
	if ncols <= 2 && (len(rows) <= 4 || len(rows) <= 12 && r.layoutTable(rows)) {
		for c := range ncols {
			for _, row := range rows {
				if c < len(row) {
					r.lines = append(r.lines, r.cellLines(row[c])...)
				}
			}
		}
		return
	}
	for _, row := range rows {
		cells := make([]string, 0, len(row))
		for _, cell := range row {
			cells = append(cells, strings.Join(r.cellLines(cell), " "))
		}
		r.lines = append(r.lines, strings.Join(cells, " | "))
	}
}

// cellLines renders a table cell's content without its empty lines.
func (r *docxRenderer) cellLines(cell []docxBlock) []string {
	sub := &docxRenderer{num: r.num, counters: r.counters}
	sub.blocks(cell)
	var out []string
	for _, l := range sub.lines {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// layoutTable reports whether a table holds parts of the official layout.
func (r *docxRenderer) layoutTable(rows [][][]docxBlock) bool {
	sub := &docxRenderer{num: r.num, counters: map[string][]int{}}
	for _, row := range rows {
		for _, cell := range row {
			sub.blocks(cell)
		}
	}
	s := strings.ToUpper(strings.Join(sub.lines, "\n"))
	for _, k := range []string{"CỘNG HÒA", "CỘNG HOÀ", "ĐẢNG CỘNG SẢN", "NƠI NHẬN", "SỐ:", "SỐ ", "T/M", "TM.", "KT.", "K/T", ", NGÀY"} {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}

func collapseSpaces(s string) string {
	if !strings.Contains(s, "  ") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// collapseBlank joins lines, keeping at most one empty line in a row and
// none at the ends.
func collapseBlank(lines []string) string {
	var sb strings.Builder
	blank := false
	started := false
	for _, l := range lines {
		if l == "" {
			blank = started
			continue
		}
		if blank {
			sb.WriteByte('\n')
		}
		sb.WriteString(l)
		sb.WriteByte('\n')
		blank, started = false, true
	}
	return sb.String()
}
