package testgen

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/go-pdf/fpdf"
)

// FontDir is where the DejaVu Serif fonts used by PDF are read from.
var FontDir = "/usr/share/fonts/truetype/dejavu"

var fonts struct {
	once          sync.Once
	regular, bold []byte
	err           error
}

func loadFonts() ([]byte, []byte, error) {
	fonts.once.Do(func() {
		fonts.regular, fonts.err = os.ReadFile(filepath.Join(FontDir, "DejaVuSerif.ttf"))
		if fonts.err == nil {
			fonts.bold, fonts.err = os.ReadFile(filepath.Join(FontDir, "DejaVuSerif-Bold.ttf"))
		}
	})
	return fonts.regular, fonts.bold, fonts.err
}

// Page geometry in millimetres (A4, margins after Nghị định 30/2020/NĐ-CP).
const (
	pageW       = 210.0
	marginLeft  = 25.0
	marginRight = 15.0
	marginTop   = 20.0
	contentW    = pageW - marginLeft - marginRight
	leftColW    = contentW * 0.45
	colGap      = 4.0
	rightColX   = marginLeft + leftColW + colGap
	rightColW   = pageW - marginRight - rightColX
	lineH       = 6.0
)

// fixedDate is the creation date written into generated PDFs.
var fixedDate = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// PDF renders the layout as an A4 PDF with a text layer: the header in two
// columns (issuer left, motto right), a centred bold title, a justified body
// and the recipients list beside the signature block at the end.
func PDF(l *Layout) ([]byte, error) {
	regular, bold, err := loadFonts()
	if err != nil {
		return nil, fmt.Errorf("testgen: phông chữ: %w", err)
	}
	p := fpdf.New("P", "mm", "A4", "")
	// fixed dates keep generated files byte-for-byte reproducible
	p.SetCreationDate(fixedDate)
	p.SetModificationDate(fixedDate)
	p.SetMargins(marginLeft, marginTop, marginRight)
	p.SetAutoPageBreak(true, 20)
	p.AddUTF8FontFromBytes("serif", "", regular)
	p.AddUTF8FontFromBytes("serif", "B", bold)
	p.AddPage()

	// Header: two independent columns starting at the same height.
	top := p.GetY()
	yl := column(p, l.Left, marginLeft, leftColW, top, true)
	yr := column(p, l.Right, rightColX, rightColW, top, false)
	p.SetXY(marginLeft, max(yl, yr)+lineH)

	p.SetFont("serif", "B", 13)
	for _, s := range l.Title {
		p.SetX(marginLeft)
		p.MultiCell(contentW, lineH+0.5, s, "", "C", false)
	}
	if len(l.Title) > 0 {
		p.Ln(lineH / 2)
	}

	p.SetFont("serif", "", 12)
	for _, s := range l.Body {
		p.SetX(marginLeft)
		if s == "" {
			p.Ln(lineH / 2)
			continue
		}
		p.MultiCell(contentW, lineH, s, "", "J", false)
	}

	// Footer: recipients left, signature right, side by side on one page.
	if len(l.FooterLeft)+len(l.FooterRight) > 0 {
		need := float64(max(len(l.FooterLeft), len(l.FooterRight))+1) * lineH
		_, ph := p.GetPageSize()
		_, _, _, bottom := p.GetMargins()
		if p.GetY()+need > ph-bottom-20 {
			p.AddPage()
		}
		top := p.GetY() + lineH
		yr := footerColumn(p, l.FooterRight, rightColX, rightColW, top, false)
		yl := footerColumn(p, l.FooterLeft, marginLeft, leftColW, top, true)
		p.SetXY(marginLeft, max(yl, yr))
	}
	if err := p.Error(); err != nil {
		return nil, fmt.Errorf("testgen: tạo PDF: %w", err)
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return nil, fmt.Errorf("testgen: ghi PDF: %w", err)
	}
	return buf.Bytes(), nil
}

// column prints header lines centred in a column and returns the y below them.
func column(p *fpdf.Fpdf, lines []string, x, w, y float64, left bool) float64 {
	for i, s := range lines {
		style, size := "B", 11.0
		switch {
		case left && i == 0 && len(lines) > 1 && !isMark(lines[1]):
			style = "" // parent body above the issuer
		case left && (strings.HasPrefix(s, "Số") || strings.HasPrefix(s, "V/v") || strings.HasPrefix(s, "Về")):
			style, size = "", 11
		case !left && strings.Contains(s, ", ngày"):
			style, size = "", 11
		case !left && i > 0 && strings.Contains(s, "Độc lập"):
			size = 12
		}
		p.SetFont("serif", style, size)
		for size > 8 && p.GetStringWidth(s) > w-2 {
			size -= 0.5 // a printed header line never wraps: shrink it instead
			p.SetFont("serif", style, size)
		}
		p.SetXY(x, y)
		p.MultiCell(w, lineH, s, "", "C", false)
		y = p.GetY()
	}
	return y
}

// footerColumn prints the recipients (left, small) or signature (right,
// centred bold) and returns the y below them.
func footerColumn(p *fpdf.Fpdf, lines []string, x, w, y float64, left bool) float64 {
	for i, s := range lines {
		align := "C"
		if left {
			align = "L"
			if i == 0 {
				p.SetFont("serif", "B", 10)
			} else {
				p.SetFont("serif", "", 9)
			}
		} else {
			p.SetFont("serif", "B", 12)
		}
		p.SetXY(x, y)
		p.MultiCell(w, lineH-0.5, s, "", align, false)
		y = p.GetY()
	}
	return y
}

func isMark(s string) bool {
	s = strings.TrimSpace(s)
	return s == "*" || strings.Trim(s, "-–—_") == ""
}

// ImagePDF returns an A4 PDF with one page per image and no text layer,
// as a scanner would produce.
func ImagePDF(pages ...image.Image) ([]byte, error) {
	if len(pages) == 0 {
		return nil, fmt.Errorf("testgen: không có trang nào")
	}
	p := fpdf.New("P", "mm", "A4", "")
	// fixed dates keep generated files byte-for-byte reproducible
	p.SetCreationDate(fixedDate)
	p.SetModificationDate(fixedDate)
	for i, img := range pages {
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			return nil, fmt.Errorf("testgen: mã hóa ảnh: %w", err)
		}
		name := fmt.Sprintf("page%d", i+1)
		p.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, &b)
		p.AddPage()
		p.ImageOptions(name, 0, 0, pageW, 297, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return nil, fmt.Errorf("testgen: ghi PDF: %w", err)
	}
	return buf.Bytes(), nil
}
