package testgen

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"vanthu/ingest"
)

func loadLayout(t *testing.T, name string) *Layout {
	t.Helper()
	src, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	l, err := ParseLayout(string(src))
	if err != nil {
		t.Fatalf("ParseLayout(%s): %v", name, err)
	}
	return l
}

func TestParseLayout(t *testing.T) {
	l, err := ParseLayout("#left\nA\n\nB\n#right\nC\n#body\n\nx\n\n\ny\n\n#footer-left\nN\n#footer-right\nS\n#title\nT\n")
	if err != nil {
		t.Fatal(err)
	}
	want := &Layout{Left: []string{"A", "B"}, Right: []string{"C"}, Title: []string{"T"},
		Body: []string{"x", "", "y"}, FooterLeft: []string{"N"}, FooterRight: []string{"S"}}
	if fmt.Sprint(l) != fmt.Sprint(want) {
		t.Errorf("got %+v, want %+v", l, want)
	}
	if got, w := l.Text(), "A\nB\nC\nT\nx\n\ny\nS\nN\n"; got != w {
		t.Errorf("Text() = %q, want %q", got, w)
	}
}

func TestParseLayoutErrors(t *testing.T) {
	for _, src := range []string{
		"",
		"\n\n",
		"text before any section\n#body\nx",
		"#middle\nx",
		"#body\nx\n#body\ny",
		"#left\n\n#right\n",
	} {
		if l, err := ParseLayout(src); err == nil {
			t.Errorf("ParseLayout(%q) = %+v, want error", src, l)
		}
	}
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func indexOf(ls []string, want string) int {
	for i, l := range ls {
		if l == want {
			return i
		}
	}
	return -1
}

// checkOrder asserts that each group's lines appear as whole lines, in
// order, and that every group ends before the next begins.
func checkOrder(t *testing.T, text string, groups ...[]string) {
	t.Helper()
	if !norm.NFC.IsNormalString(text) {
		t.Error("text is not NFC")
	}
	ls := lines(text)
	prev := -1
	for gi, g := range groups {
		for _, want := range g {
			i := indexOf(ls, want)
			if i < 0 {
				t.Errorf("group %d: line %q missing in\n%s", gi, want, text)
				continue
			}
			if i <= prev {
				t.Errorf("group %d: line %q at %d, not after %d in\n%s", gi, want, i, prev, text)
			}
			prev = i
		}
	}
}

func TestPDFRoundTrip(t *testing.T) {
	for _, name := range []string{"chithi.layout", "congvan.layout"} {
		t.Run(name, func(t *testing.T) {
			l := loadLayout(t, name)
			b, err := PDF(l)
			if err != nil {
				t.Fatal(err)
			}
			d, err := ingest.Read("doc.pdf", b)
			if err != nil {
				t.Fatal(err)
			}
			if d.MediaType != "application/pdf" || d.Pages != 1 || len(d.NeedsOCR) != 0 || d.OCR {
				t.Errorf("doc = %+v", d)
			}
			checkOrder(t, d.Text, l.Left, l.Right, l.Title, []string{l.FooterLeft[0]})
			checkOrder(t, d.Text, l.FooterLeft)
			checkOrder(t, d.Text, l.FooterRight)
			if !strings.Contains(d.Text, l.FooterRight[len(l.FooterRight)-1]) {
				t.Errorf("signer missing")
			}
		})
	}
}

func TestPDFMultiPage(t *testing.T) {
	l := loadLayout(t, "chithi.layout")
	for i := range 60 {
		l.Body = append(l.Body, "", fmt.Sprintf("%d. Đoạn văn thứ %d nói về việc nâng cao chất lượng sinh hoạt chi bộ ở cơ sở.", i+3, i+3))
	}
	b, err := PDF(l)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ingest.Read("long.pdf", b)
	if err != nil {
		t.Fatal(err)
	}
	if d.Pages < 2 {
		t.Errorf("Pages = %d, want >= 2", d.Pages)
	}
	checkOrder(t, d.Text, l.Left, l.Right, []string{l.Body[len(l.Body)-1]}, l.FooterRight)
}

func TestDOCXRoundTrip(t *testing.T) {
	for _, name := range []string{"chithi.layout", "congvan.layout"} {
		t.Run(name, func(t *testing.T) {
			l := loadLayout(t, name)
			b, err := DOCX(l)
			if err != nil {
				t.Fatal(err)
			}
			d, err := ingest.Read("doc.docx", b)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(d.MediaType, "application/vnd.openxmlformats") {
				t.Errorf("MediaType = %q", d.MediaType)
			}
			ls := lines(d.Text)
			head := append(append([]string{}, l.Left...), l.Right...)
			if len(ls) < len(head) || strings.Join(ls[:len(head)], "\n") != strings.Join(head, "\n") {
				t.Errorf("header lines:\n%s\nwant:\n%s", strings.Join(ls[:min(len(ls), len(head))], "\n"), strings.Join(head, "\n"))
			}
			body := lines(strings.Join(l.Body, "\n"))
			checkOrder(t, d.Text, l.Left, l.Right, l.Title, body, l.FooterLeft, l.FooterRight)
		})
	}
}

func TestHTMLOfficial(t *testing.T) {
	l := loadLayout(t, "congvan.layout")
	d, err := ingest.Read("doc.html", []byte(HTML(l)))
	if err != nil {
		t.Fatal(err)
	}
	if d.Article {
		t.Error("official document read as a news article")
	}
	checkOrder(t, d.Text, l.Left, l.Right, lines(strings.Join(l.Body, "\n")), l.FooterLeft, l.FooterRight)
}

const newsPage = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta property="og:type" content="article"><meta property="og:title" content="Lạc Dương tổng kết công tác xây dựng Đảng">
<title>Lạc Dương tổng kết | Cổng thông tin</title><script>var x = "<p>script text</p>";</script><style>p{color:red}</style></head>
<body><a href="#main">Skip to main content</a>
<div class="top-menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/tin">Tin tức</a></li></ul></div>
<div id="breadcrumb">Trang chủ » Tin tức » Xây dựng Đảng</div>
<div class="main-content">
<h1 class="title">Lạc Dương tổng kết công tác xây dựng Đảng</h1>
<div class="meta">Th 6, 05/02/2021 | 09:29 SA</div>
<div class="tools">In trang</div><div>Xem với cỡ chữ</div>
<p>Ngày 4/2, Huyện ủy Lạc Dương tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2020.</p>
<p>Năm 2020, toàn huyện kết nạp mới 123 đảng viên, đạt 61,5% chỉ tiêu.</p>
<p>Hội nghị đã khen thưởng 12 tập thể và 25 cá nhân có thành tích xuất sắc.</p>
<p>Phóng viên: Nguyễn Văn A</p>
<div>Lượt xem: 1234</div><div class="share-buttons">Chia sẻ Facebook Zalo</div>
<h3>Các tin tức khác</h3><ul><li><a href="/1">Tin khác một</a></li></ul>
</div>
<div class="sidebar"><h3>Thống kê truy cập</h3><p>Đang online: 12</p></div>
<footer>Bản quyền thuộc Huyện ủy Lạc Dương</footer></body></html>`

func TestHTMLNews(t *testing.T) {
	d, err := ingest.Read("news.html", []byte(newsPage))
	if err != nil {
		t.Fatal(err)
	}
	if !d.Article || d.MediaType != "text/html" {
		t.Errorf("Article = %v, MediaType = %q", d.Article, d.MediaType)
	}
	ls := lines(d.Text)
	if len(ls) < 2 || ls[0] != "Lạc Dương tổng kết công tác xây dựng Đảng" || ls[1] != "Th 6, 05/02/2021 | 09:29 SA" {
		t.Errorf("headline and date not first:\n%s", d.Text)
	}
	for _, bad := range []string{"Skip to main content", "Trang chủ", "In trang", "Xem với cỡ chữ", "Lượt xem", "Chia sẻ",
		"Các tin tức khác", "Tin khác một", "Thống kê truy cập", "Đang online", "Bản quyền", "script text", "color:red", "Tin tức"} {
		if strings.Contains(d.Text, bad) {
			t.Errorf("chrome %q kept:\n%s", bad, d.Text)
		}
	}
	checkOrder(t, d.Text, []string{
		"Ngày 4/2, Huyện ủy Lạc Dương tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2020.",
		"Năm 2020, toàn huyện kết nạp mới 123 đảng viên, đạt 61,5% chỉ tiêu.",
		"Phóng viên: Nguyễn Văn A",
	})
	if strings.Count(d.Text, "Lạc Dương tổng kết công tác xây dựng Đảng") != 1 {
		t.Errorf("headline repeated:\n%s", d.Text)
	}
}

func TestHTMLLegacyCharset(t *testing.T) {
	// "Hà Nội" in windows-1258: H, a + combining grave (0xCC), space, N, ô (0xF4) + combining dot below (0xF2), i
	page := []byte("<html><head><meta charset=\"windows-1258\"></head><body><p>Ha\xCC N\xF4\xF2i</p></body></html>")
	d, err := ingest.Read("old.htm", page)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(d.Text) != "Hà Nội" || d.Encoding == "" {
		t.Errorf("Text = %q, Encoding = %q", d.Text, d.Encoding)
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var e *ingest.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("err = %v, want code %s", err, code)
	}
	if e.Message == "" || !norm.NFC.IsNormalString(e.Message) {
		t.Errorf("bad message %q", e.Message)
	}
}

func TestBrokenFiles(t *testing.T) {
	l := loadLayout(t, "chithi.layout")
	pdf, err := PDF(l)
	if err != nil {
		t.Fatal(err)
	}
	docx, err := DOCX(l)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ingest.Read("empty.pdf", nil)
	wantCode(t, err, ingest.CodeEmpty)

	corrupt := append([]byte{}, docx[:len(docx)/2]...)
	_, err = ingest.Read("broken.docx", corrupt)
	wantCode(t, err, ingest.CodeCorrupt)

	_, err = ingest.Read("junk.docx", []byte("PK\x03\x04 this is not a zip archive at all"))
	wantCode(t, err, ingest.CodeCorrupt)

	// a zip that is not a Word document
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	w, _ := zw.Create("hello.txt")
	w.Write([]byte("xin chào"))
	zw.Close()
	_, err = ingest.Read("other.docx", zb.Bytes())
	wantCode(t, err, ingest.CodeCorrupt)

	_, err = ingest.Read("cut.pdf", pdf[:200])
	wantCode(t, err, ingest.CodeCorrupt)

	_, err = ingest.Read("fake.pdf", []byte("%PDF-1.4\nnothing here\n"))
	wantCode(t, err, ingest.CodeCorrupt)
}

func scanImage() image.Image {
	img := image.NewGray(image.Rect(0, 0, 200, 280))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for x := 20; x < 180; x++ {
		for y := 40; y < 44; y++ {
			img.SetGray(x, y, color.Gray{})
		}
	}
	return img
}

func TestImageOnlyPDF(t *testing.T) {
	b, err := ImagePDF(scanImage(), scanImage())
	if err != nil {
		t.Fatal(err)
	}
	_, err = ingest.Read("scan.pdf", b)
	wantCode(t, err, ingest.CodeNeedsOCR)

	var gotPages []int
	ingest.OCRPages = func(_ context.Context, name string, data []byte, pages []int) (map[int]ingest.PageText, error) {
		gotPages = pages
		return map[int]ingest.PageText{1: {Text: "TRANG MỘT", Confidence: 0.8}, 2: {Text: "TRANG HAI", Confidence: 0.6}}, nil
	}
	defer func() { ingest.OCRPages = nil }()
	d, err := ingest.Read("scan.pdf", b)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(gotPages) != "[1 2]" || !d.OCR || d.OCRConfidence == nil || *d.OCRConfidence < 0.69 || *d.OCRConfidence > 0.71 {
		t.Errorf("pages %v, doc %+v", gotPages, d)
	}
	checkOrder(t, d.Text, []string{"TRANG MỘT", "TRANG HAI"})
}

func TestImageNeedsOCR(t *testing.T) {
	_, err := ingest.Read("photo.jpg", []byte("\xFF\xD8\xFF\xE0 not really a jpeg"))
	wantCode(t, err, ingest.CodeNeedsOCR)
	_, err = ingest.Read("photo.png", []byte("plain text named png"))
	wantCode(t, err, ingest.CodeCorrupt)
}
