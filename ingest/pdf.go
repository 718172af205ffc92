package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // image.DecodeConfig of scans
	_ "image/png"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"

	fitz "github.com/gen2brain/go-fitz"
	lpdf "github.com/ledongthuc/pdf"
	_ "golang.org/x/image/tiff" // image.DecodeConfig of scans
	"golang.org/x/net/html"

	"vanthu/ingest/legacy"
	"vanthu/internal/textnorm"
)

// PageText is the recognised text of one page; Low marks a page read with
// low confidence.
type PageText struct {
	Low        bool
	Text       string
	Confidence float64 // mean word confidence 0..1
}

// OCRPages, when set, recognises the text of the given 1-based pages of a
// scanned PDF or an image file (an image is one page). It is nil by default;
// without it, scans are reported with CodeNeedsOCR.
var OCRPages func(ctx context.Context, name string, data []byte, pages []int) (map[int]PageText, error)

// minPageRunes is the least number of letters and digits a page's text
// layer must hold to count as text rather than a scan.
const minPageRunes = 16

const msgNeedsOCR = "Tệp PDF là bản quét (không có lớp văn bản); cần nhận dạng ký tự (OCR)."

func readPDF(ctx context.Context, name string, data []byte) (*Document, error) {
	doc, err := fitz.NewFromMemory(data)
	if err != nil {
		if errors.Is(err, fitz.ErrNeedsPassword) {
			if doc != nil {
				doc.Close()
			}
			return nil, newError(CodeEncrypted, fmt.Sprintf("Tệp PDF %q được đặt mật khẩu (mã hóa) nên không đọc được; hãy gỡ mật khẩu rồi tải lên lại.", name), err)
		}
		if d := readPDFFallback(data); d != nil {
			return d, nil
		}
		return nil, newError(CodeCorrupt, fmt.Sprintf("Tệp PDF %q bị hỏng, không mở được.", name), err)
	}
	defer doc.Close()
	n := doc.NumPage()
	if n <= 0 {
		return nil, newError(CodeCorrupt, fmt.Sprintf("Tệp PDF %q bị hỏng hoặc không có trang nào.", name), nil)
	}
	if n > MaxPages {
		return nil, errTooManyPages(name, n)
	}
	d := &Document{MediaType: "application/pdf", Pages: n}
	texts := make([]string, n)
	failed := 0
	for i := range n {
		h, err := doc.HTML(i, false)
		if err != nil {
			failed++
			d.warn(WarnPageUnread, fmt.Sprintf("Không đọc được trang %d.", i+1))
			d.NeedsOCR = append(d.NeedsOCR, i+1)
			continue
		}
		lines := layoutLines(parseStextHTML(h))
		t := strings.Join(lines, "\n")
		if textnorm.CountAlnum(t) < minPageRunes {
			d.NeedsOCR = append(d.NeedsOCR, i+1)
			continue
		}
		texts[i] = t
	}
	if failed == n {
		return nil, newError(CodeCorrupt, fmt.Sprintf("Tệp PDF %q bị hỏng, không đọc được trang nào.", name), nil)
	}
	if len(d.NeedsOCR) > 0 {
		if err := applyOCR(ctx, name, data, d, texts); err != nil {
			return nil, err
		}
	}
	d.Text = textnorm.Clean(strings.Join(nonEmpty(texts), "\n\n") + "\n")
	return d, nil
}

// applyOCR fills the pages listed in d.NeedsOCR through OCRPages. Without
// the hook, a document with no text at all is an error and a partly scanned
// one gets a warning.
func applyOCR(ctx context.Context, name string, data []byte, d *Document, texts []string) error {
	all := len(d.NeedsOCR) == len(texts)
	if OCRPages == nil {
		if all {
			return newError(CodeNeedsOCR, msgNeedsOCR, nil)
		}
		d.warn(WarnSuspicious, fmt.Sprintf("Các trang %s không có lớp văn bản; cần nhận dạng ký tự (OCR).", joinInts(d.NeedsOCR)))
		return nil
	}
	res, err := OCRPages(ctx, name, data, d.NeedsOCR)
	if err != nil {
		if all {
			return newError(CodeNeedsOCR, "Không nhận dạng được ký tự (OCR) của tệp.", err)
		}
		d.warn(WarnSuspicious, "Nhận dạng ký tự (OCR) thất bại: "+err.Error())
		return nil
	}
	var sum float64
	var got int
	var missing []int
	for _, p := range d.NeedsOCR {
		pt, ok := res[p]
		if !ok || strings.TrimSpace(pt.Text) == "" {
			missing = append(missing, p)
			continue
		}
		if p >= 1 && p <= len(texts) {
			texts[p-1] = strings.TrimRight(pt.Text, "\n")
		}
		sum += pt.Confidence
		got++
		if pt.Low {
			d.warn(WarnLowConfidence, fmt.Sprintf("Trang %d nhận dạng ký tự với độ tin cậy thấp (%.0f%%); cần kiểm tra lại.", p, pt.Confidence*100))
		}
	}
	if got == 0 {
		if all {
			return newError(CodeNeedsOCR, "Không nhận dạng được ký tự (OCR) của tệp.", nil)
		}
		d.warn(WarnSuspicious, "Nhận dạng ký tự (OCR) không cho kết quả.")
		return nil
	}
	d.OCR = true
	c := sum / float64(got)
	d.OCRConfidence = &c
	if len(missing) > 0 {
		d.warn(WarnPageUnread, fmt.Sprintf("Không nhận dạng được các trang %s.", joinInts(missing)))
	}
	return nil
}

// readImage reads a scanned image (JPEG, PNG, TIFF) through OCRPages.
func readImage(ctx context.Context, name, mediaType string, data []byte) (*Document, error) {
	if OCRPages == nil {
		return nil, newError(CodeNeedsOCR, "Tệp ảnh cần nhận dạng ký tự (OCR) để lấy văn bản.", nil)
	}
	if w, h, ok := imageSize(data); ok && int64(w)*int64(h) > MaxImagePixels {
		return nil, newError(CodeTooLarge, fmt.Sprintf("Ảnh %q quá lớn (%d×%d điểm ảnh, tối đa %d triệu điểm ảnh); hãy quét lại ở độ phân giải thấp hơn.", name, w, h, MaxImagePixels/1_000_000), nil)
	}
	n := imagePages(mediaType, data)
	if n > MaxPages {
		return nil, errTooManyPages(name, n)
	}
	d := &Document{MediaType: mediaType, Pages: n}
	for p := 1; p <= n; p++ {
		d.NeedsOCR = append(d.NeedsOCR, p)
	}
	texts := make([]string, n)
	if err := applyOCR(ctx, name, data, d, texts); err != nil {
		return nil, err
	}
	d.Text = textnorm.Clean(strings.Join(nonEmpty(texts), "\n\f\n") + "\n")
	return d, nil
}

func errTooManyPages(name string, n int) error {
	return newError(CodeTooLarge, fmt.Sprintf("Tệp %q có quá nhiều trang (%d trang, tối đa %d); hãy tách thành các tệp nhỏ hơn.", name, n, MaxPages), nil)
}

// imageSize reads the declared pixel size of an image (the first page of a
// TIFF) from its header, without decoding the pixels; ok is false when the
// header cannot be read (the OCR step reports such files).
func imageSize(data []byte) (w, h int, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return 0, 0, false
	}
	return cfg.Width, cfg.Height, true
}

func nonEmpty(s []string) []string {
	var out []string
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			out = append(out, x)
		}
	}
	return out
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ", ")
}

// segment is one run of text on a line, as MuPDF's structured text gives it.
type segment struct {
	top, left, size float64
	text            string
}

func (s segment) right() float64 { return s.left + estWidth(s.text, s.size) }

// estWidth estimates the printed width of s in points from its font size:
// capitals and wide letters take more room than lower case.
func estWidth(s string, size float64) float64 {
	var w float64
	for _, r := range s {
		switch {
		case r == ' ' || r == '.' || r == ',' || r == ':' || r == ';' || r == 'i' || r == 'l':
			w += 0.3
		case unicode.IsUpper(r) || r == 'm' || r == 'w':
			w += 0.72
		default:
			w += 0.52
		}
	}
	return w * size
}

// parseStextHTML reads the positioned lines of MuPDF's HTML output:
// <p style="top:..pt;left:..pt;line-height:..pt"><span style="font-size:..pt">text</span></p>.
func parseStextHTML(h string) []segment {
	z := html.NewTokenizer(strings.NewReader(h))
	var segs []segment
	var cur *segment
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return segs
		case html.StartTagToken:
			tn, hasAttr := z.TagName()
			var style string
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "style" {
					style = string(v)
				}
			}
			switch string(tn) {
			case "p":
				segs = append(segs, segment{
					top:  cssPt(style, "top"),
					left: cssPt(style, "left"),
					size: cssPt(style, "line-height"),
				})
				cur = &segs[len(segs)-1]
			case "span":
				if cur != nil {
					if fs := cssPt(style, "font-size"); fs > 0 {
						cur.size = max(cur.size, fs)
					}
				}
			}
		case html.EndTagToken:
			if tn, _ := z.TagName(); string(tn) == "p" {
				cur = nil
			}
		case html.TextToken:
			if cur != nil {
				cur.text += string(z.Text())
			}
		}
	}
}

func cssPt(style, prop string) float64 {
	for _, decl := range strings.Split(style, ";") {
		k, v, ok := strings.Cut(decl, ":")
		if !ok || strings.TrimSpace(k) != prop {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), "pt"), 64)
		if err == nil {
			return f
		}
	}
	return 0
}

// row is a set of segments sharing a baseline.
type row struct {
	top  float64
	segs []segment
}

// layoutLines puts a page's segments in reading order. Lines are grouped
// into rows by height; a region of rows holding text in both a left and a
// right column (the two-column header, the recipients beside the signature)
// is emitted column by column, left first; the rest top to bottom.
func layoutLines(segs []segment) []string {
	var clean []segment
	for _, s := range segs {
		s.text = strings.Join(strings.Fields(s.text), " ")
		if s.text != "" {
			if s.size <= 0 {
				s.size = 10
			}
			clean = append(clean, s)
		}
	}
	if len(clean) == 0 {
		return nil
	}
	sort.SliceStable(clean, func(i, j int) bool {
		if math.Abs(clean[i].top-clean[j].top) > 0.5 {
			return clean[i].top < clean[j].top
		}
		return clean[i].left < clean[j].left
	})
	var rows []row
	for _, s := range clean {
		if n := len(rows); n > 0 {
			r := &rows[n-1]
			if math.Abs(s.top-r.top) <= 0.6*min(s.size, r.segs[0].size) {
				r.segs = append(r.segs, s)
				continue
			}
		}
		rows = append(rows, row{top: s.top, segs: []segment{s}})
	}
	for i := range rows {
		sort.SliceStable(rows[i].segs, func(a, b int) bool { return rows[i].segs[a].left < rows[i].segs[b].left })
		rows[i].segs = mergeClose(rows[i].segs)
	}

	var out []string
	for i := 0; i < len(rows); {
		if len(rows[i].segs) < 2 {
			out = append(out, rows[i].segs[0].text)
			i++
			continue
		}
		hi, left, right := twoColumnRegion(rows, i)
		out = append(out, left...)
		out = append(out, right...)
		i = hi
	}
	return out
}

// mergeClose joins segments of a row separated by an ordinary word gap.
func mergeClose(segs []segment) []segment {
	out := segs[:1]
	for _, s := range segs[1:] {
		p := &out[len(out)-1]
		if s.left-p.right() < 1.5*s.size {
			p.text += " " + s.text
			continue
		}
		out = append(out, s)
	}
	return out
}

// twoColumnRegion reads the rows from the multi-segment row i on that form
// one two-column region and returns where it ends and the texts of its
// left and right columns, each top to bottom. The region ends at a large
// vertical gap or at a line spanning both columns (a centred title, a body
// line).
func twoColumnRegion(rows []row, i int) (hi int, left, right []string) {
	split := math.Inf(1)
	minLeft := rows[i].segs[0].left
	for _, s := range rows[i].segs[1:] {
		split = min(split, s.left-2)
	}
	for hi = i; hi < len(rows); hi++ {
		r := rows[hi]
		if hi > i {
			prev := rows[hi-1]
			if r.top-prev.top > 2.2*max(r.segs[0].size, prev.segs[0].size) {
				break
			}
		}
		var l, rt []string
		spans := false
		for k, s := range r.segs {
			switch {
			case hi == i && k == 0 || s.right() <= split+0.5*s.size && s.left < split:
				l = append(l, s.text)
			case s.left >= split || k > 0:
				rt = append(rt, s.text)
			case s.left >= (minLeft+split)/2 && s.left+estWidth(s.text, s.size)/2 > split:
				rt = append(rt, s.text) // a right-column line wider than the rows above
			default:
				spans = true
			}
		}
		if spans {
			break
		}
		left = append(left, l...)
		right = append(right, rt...)
	}
	return hi, left, right
}

// readPDFFallback reads the text layer with ledongthuc/pdf when MuPDF cannot
// open a file (some damaged cross-reference tables open in one reader and
// not the other). Reading order is the content stream's; nil when nothing
// readable comes out.
func readPDFFallback(data []byte) (d *Document) {
	defer func() {
		if recover() != nil {
			d = nil
		}
	}()
	r, err := lpdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil
	}
	if r.NumPage() > MaxPages {
		return nil
	}
	var pages []string
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		rows, err := p.GetTextByRow()
		if err != nil {
			continue
		}
		var lines []string
		for _, row := range rows {
			var b strings.Builder
			for _, w := range row.Content {
				b.WriteString(w.S)
			}
			if t := strings.TrimSpace(b.String()); t != "" {
				lines = append(lines, t)
			}
		}
		pages = append(pages, strings.Join(lines, "\n"))
	}
	text := strings.Join(nonEmpty(pages), "\n\f\n")
	if textnorm.CountAlnum(text) < minPageRunes {
		return nil
	}
	// Old PDFs set in legacy Vietnamese fonts come out in TCVN3/VNI codes;
	// subset CID fonts without a usable ToUnicode map come out as garbage,
	// which is refused rather than passed on.
	text, _ = legacy.Decode([]byte(text))
	if textnorm.SyllableRatio(text) < 0.6 {
		return nil
	}
	d = &Document{MediaType: "application/pdf", Pages: r.NumPage(), Text: textnorm.Clean(text + "\n")}
	d.warn(WarnSuspicious, "Tệp PDF có lỗi cấu trúc; văn bản được đọc bằng bộ đọc dự phòng, thứ tự dòng có thể sai.")
	return d
}
