package ocr

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"math/rand"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/tiff"
)

const fontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"

// Synthetic page at 150 dpi (A4 = 1240 x 1754 px).
const pageW, pageH = 1240, 1754

var (
	headerLeft  = []string{"ĐẢNG BỘ TỈNH LÂM ĐỒNG", "HUYỆN ỦY LẠC DƯƠNG", "Số 1006-CV/HU"}
	headerRight = []string{"ĐẢNG CỘNG SẢN VIỆT NAM", "Lạc Dương, ngày 26 tháng 6 năm 2023"}
	body        = []string{
		"Kính gửi: Các tổ chức cơ sở đảng trực thuộc Huyện ủy.",
		"Ban Thường vụ Huyện ủy yêu cầu các cấp ủy, tổ chức đảng",
		"tập trung thực hiện tốt một số nhiệm vụ sau đây:",
		"1. Tăng cường công tác quản lý, tạo nguồn phát triển",
		"đảng viên mới trong thanh niên và người lao động.",
		"2. Giao Ban Tổ chức Huyện ủy chủ trì, phối hợp với",
		"các cơ quan liên quan theo dõi, đôn đốc thực hiện.",
	}
	footerLeft  = []string{"Nơi nhận:", "- Như kính gửi,", "- Lưu Văn phòng Huyện ủy."}
	footerRight = []string{"T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Sử Thanh Hoài"}
)

// expectedText is the page in reading order.
func expectedText() string {
	var all []string
	for _, part := range [][]string{headerLeft, headerRight, body, footerLeft, footerRight} {
		all = append(all, part...)
	}
	return strings.Join(all, "\n")
}

var (
	faceOnce sync.Once
	face     font.Face
	faceErr  error
)

func loadFace(t testing.TB) font.Face {
	faceOnce.Do(func() {
		data, err := os.ReadFile(fontPath)
		if err != nil {
			faceErr = err
			return
		}
		f, err := opentype.Parse(data)
		if err != nil {
			faceErr = err
			return
		}
		face, faceErr = opentype.NewFace(f, &opentype.FaceOptions{Size: 12, DPI: 150, Hinting: font.HintingFull})
	})
	if faceErr != nil {
		t.Skipf("font %s unavailable: %v", fontPath, faceErr)
	}
	return face
}

// drawPage renders the synthetic document: two-column header, body,
// "Nơi nhận" beside the signature block with a red seal ring over it,
// rotated by skew degrees (lines slope down to the right when positive)
// and sprinkled with noise.
func drawPage(t testing.TB, skew float64) *image.RGBA {
	fc := loadFace(t)
	img := image.NewRGBA(image.Rect(0, 0, pageW, pageH))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	d := &font.Drawer{Dst: img, Src: image.Black, Face: fc}
	put := func(x, y int, s string) {
		d.Dot = fixed.P(x, y)
		d.DrawString(s)
	}
	lh := 44
	for i, s := range headerLeft {
		put(110, 150+i*lh*3/2, s) // left column spaced wider: rows interleave with the right
	}
	for i, s := range headerRight {
		put(640, 150+i*lh*2, s)
	}
	for i, s := range body {
		put(110, 480+i*lh, s)
	}
	for i, s := range footerLeft {
		put(110, 1000+i*lh, s)
	}
	for i, s := range footerRight {
		y := 1000 + i*lh
		if i == 2 {
			y += 3 * lh // room for the signature
		}
		put(700, y, s)
	}
	// Red seal ring over the signature block.
	red := color.RGBA{215, 30, 40, 255}
	cx, cy, r := 830.0, 1130.0, 120.0
	for y := int(cy - r - 10); y <= int(cy+r+10); y++ {
		for x := int(cx - r - 10); x <= int(cx+r+10); x++ {
			dist := math.Hypot(float64(x)-cx, float64(y)-cy)
			if math.Abs(dist-r) < 7 || math.Abs(dist-r*0.7) < 3 {
				// Seal ink multiplies with what is under it: black text stays black.
				c := img.RGBAAt(x, y)
				img.SetRGBA(x, y, color.RGBA{uint8(int(c.R) * int(red.R) / 255), uint8(int(c.G) * int(red.G) / 255), uint8(int(c.B) * int(red.B) / 255), 255})
			}
		}
	}
	out := img
	if skew != 0 {
		out = rotateRGBA(img, skew)
	}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 4000; i++ {
		x, y := rng.Intn(pageW), rng.Intn(pageH)
		v := uint8(rng.Intn(90))
		out.Set(x, y, color.RGBA{v, v, v, 255})
	}
	return out
}

// rotateRGBA turns the content by deg around the centre (nearest
// neighbour), independent of the package's own rotate.
func rotateRGBA(src *image.RGBA, deg float64) *image.RGBA {
	b := src.Bounds()
	out := image.NewRGBA(b)
	draw.Draw(out, b, image.White, image.Point{}, draw.Src)
	th := -deg * math.Pi / 180 // inverse mapping
	c, s := math.Cos(th), math.Sin(th)
	cx, cy := float64(b.Dx())/2, float64(b.Dy())/2
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			dx, dy := float64(x)-cx, float64(y)-cy
			sx := int(math.Round(cx + dx*c - dy*s))
			sy := int(math.Round(cy + dx*s + dy*c))
			if sx >= 0 && sy >= 0 && sx < b.Dx() && sy < b.Dy() {
				copy(out.Pix[y*out.Stride+4*x:y*out.Stride+4*x+4], src.Pix[sy*src.Stride+4*sx:sy*src.Stride+4*sx+4])
			}
		}
	}
	return out
}

func encodePNG(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func needOCR(t testing.TB) {
	if err := Available(); err != nil {
		t.Skipf("tesseract with Vietnamese data is not installed (apt-get install tesseract-ocr tesseract-ocr-vie): %v", err)
	}
}

func TestDeskewRecoversAngle(t *testing.T) {
	for _, want := range []float64{1.5, -1.0, 0.6} {
		g, _ := toGray(drawPage(t, want))
		normalizeBackground(g, 30)
		got := estimateSkew(g)
		if math.Abs(got-want) > 0.3 {
			t.Errorf("skew %.2f°: measured %.2f°", want, got)
		}
		// After correction the page must measure (nearly) straight.
		if rest := estimateSkew(rotate(g, got)); math.Abs(rest) > 0.3 {
			t.Errorf("skew %.2f°: %.2f° left after deskew", want, rest)
		}
	}
}

func TestRedSealRemoved(t *testing.T) {
	img := drawPage(t, 0)
	g, dropped := toGray(img)
	if dropped < 5000 {
		t.Fatalf("only %d red pixels dropped", dropped)
	}
	// Every pixel of the ring outside the text must be white now, while the
	// black text under it stays dark.
	ringDark, textDark := 0, 0
	for y := 0; y < pageH; y++ {
		for x := 0; x < pageW; x++ {
			c := img.RGBAAt(x, y)
			v := g.at(x, y)
			if c.R > 150 && c.G < 80 && v < 200 {
				ringDark++
			}
			if c.R < 40 && c.G < 40 && c.B < 40 && y > 950 && v < 100 {
				textDark++
			}
		}
	}
	if ringDark != 0 {
		t.Errorf("%d red pixels left dark", ringDark)
	}
	if textDark < 1000 {
		t.Errorf("signature-block text lost: %d dark pixels", textDark)
	}
}

func TestBinarizeAndBackground(t *testing.T) {
	// Dark text on a shaded background (light on the left, grey on the
	// right): after normalisation and Otsu, the background is white
	// everywhere and the text black everywhere.
	g := newGray(400, 100)
	for y := 0; y < 100; y++ {
		for x := 0; x < 400; x++ {
			bg := 240 - x/4 // 240 .. 140
			v := bg
			if y >= 40 && y < 60 && x%40 < 6 {
				v = bg / 3
			}
			g.Pix[y*400+x] = uint8(v)
		}
	}
	normalizeBackground(g, 16)
	binarize(g)
	for _, p := range []image.Point{{10, 10}, {390, 10}, {390, 90}} {
		if g.at(p.X, p.Y) != 255 {
			t.Errorf("background at %v not white", p)
		}
	}
	for _, p := range []image.Point{{2, 50}, {362, 50}} {
		if g.at(p.X, p.Y) != 0 {
			t.Errorf("text at %v not black", p)
		}
	}
}

func TestRotateQuarterRoundTrip(t *testing.T) {
	g := newGray(3, 2)
	copy(g.Pix, []uint8{1, 2, 3, 4, 5, 6})
	r := rotateQuarter(g, 1)
	if r.W != 2 || r.H != 3 || r.at(1, 0) != 1 || r.at(0, 0) != 4 {
		t.Fatalf("clockwise rotation wrong: %v", r.Pix)
	}
	back := rotateQuarter(rotateQuarter(rotateQuarter(r, 1), 1), 1)
	if !bytes.Equal(back.Pix, g.Pix) {
		t.Fatalf("four quarter turns changed the image: %v", back.Pix)
	}
}

// word builds a synthetic word box.
func word(text string, x, y, w int, line int) Word {
	return Word{Text: text, Box: image.Rect(x, y, x+w, y+30), Conf: 0.9, Block: line, Line: 1}
}

func TestReadingOrderTwoColumns(t *testing.T) {
	// Header rows interleave vertically: left col lines at y=100,150,200,
	// right col at y=100,175; then a full-width body line; then the footer.
	words := []Word{
		word("ĐẢNG", 100, 100, 80, 1), word("BỘ", 190, 100, 40, 1),
		word("ĐẢNG", 700, 102, 80, 2), word("CỘNG", 790, 102, 80, 2), word("SẢN", 880, 102, 60, 2),
		word("HUYỆN", 100, 150, 90, 3), word("ỦY", 200, 150, 40, 3),
		word("Lạc", 650, 175, 50, 4), word("Dương,", 710, 175, 90, 4), word("ngày", 810, 175, 70, 4),
		word("Số", 100, 200, 40, 5), word("1006-CV/HU", 150, 200, 160, 5),
		word("Kính", 100, 300, 70, 6), word("gửi:", 180, 300, 60, 6), word("các", 250, 300, 50, 6), word("tổ", 310, 300, 30, 6), word("chức", 350, 300, 400, 6), word("đảng", 760, 300, 200, 6),
		word("Nơi", 100, 400, 60, 7), word("nhận:", 170, 400, 80, 7),
		word("T/M", 700, 405, 60, 7), word("BAN", 770, 405, 60, 7),
		word("-", 100, 450, 10, 8), word("Lưu", 120, 450, 60, 8),
		word("BÍ", 740, 450, 30, 9), word("THƯ", 780, 450, 60, 9),
		word("Sử", 720, 540, 40, 10), word("Hoài", 770, 540, 70, 10),
	}
	got := strings.Join(readingOrder(words), "\n")
	want := strings.Join([]string{
		"ĐẢNG BỘ", "HUYỆN ỦY", "Số 1006-CV/HU", "ĐẢNG CỘNG SẢN", "Lạc Dương, ngày",
		"Kính gửi: các tổ chức đảng",
		"Nơi nhận:", "- Lưu", "T/M BAN", "BÍ THƯ", "Sử Hoài",
	}, "\n")
	if got != want {
		t.Errorf("reading order:\n%s\nwant:\n%s", got, want)
	}
}

func TestCorrect(t *testing.T) {
	fixes := map[string]string{
		"ĐĂNG BỘ TỈNH LÂM ĐỒNG":         "ĐẢNG BỘ TỈNH LÂM ĐỒNG",
		"Kính gửi: Các Tố chức cơ sở":   "Kính gửi: Các Tổ chức cơ sở",
		"công tác quản lỷ đảng viên":    "công tác quản lý đảng viên",
		"Số 1OO6-CV/HU ngày 2O tháng 6": "Số 1006-CV/HU ngày 20 tháng 6",
		"tồ chức thực hiện":             "tổ chức thực hiện",
		"báo cáo kết quá thực hiện":     "báo cáo kết quả thực hiện",
		"Ban Thường vu Huyện ủy":        "Ban Thường vụ Huyện ủy",
		"đẩm bảo chất lượng":            "đảm bảo chất lượng",
		"phát triền đảng viên":          "phát triển đảng viên",
		"Văn phòng Huyện uy":            "Văn phòng Huyện ủy",
		"Số 1006-CV/HỦ":                 "Số 1006-CV/HU",
		"theo 45-KH/ĐUÝ":                "theo 45-KH/ĐUY",
		"Số 1006 -CV/HỦ":                "Số 1006 -CV/HU",
		"Kế hoạch số 109-KH/HÚŨ":        "Kế hoạch số 109-KH/HU",
		"Chỉ thị số 28-CT/IW, ngày":     "Chỉ thị số 28-CT/TW, ngày",
	}
	for in, want := range fixes {
		if got := Correct(in); got != want {
			t.Errorf("Correct(%q) = %q, want %q", in, got, want)
		}
	}
	// Valid text, abbreviations, names and line structure stay untouched.
	keep := []string{
		"Ban Thường vụ Huyện ủy yêu cầu các cấp ủy, tổ chức đảng",
		"UBND HĐND BTCTU VPTW 30/2020/NĐ-CP K' Linh", "Số 12-QĐ/ĐU", "Số 7-TB/VPTTU",
		"Nơi nhận:\n- Như kính gửi,\n- Lưu Văn phòng Huyện ủy.",
		"Sử Thanh Hoài", "Hà Nội, ngày 15/02/2021", "Thông tin về bão số 3",
	}
	for _, s := range keep {
		if got := Correct(s); got != s {
			t.Errorf("Correct changed valid text %q into %q", s, got)
		}
	}
}

func TestValidSyllable(t *testing.T) {
	for _, s := range strings.Fields("người nghiệp khuyến quốc giữ gìn gia ủy thủy yêu huyện toàn Đảng CỘNG kỷ ghi cũng việc") {
		if !validSyllable(s) {
			t.Errorf("%q should be valid", s)
		}
	}
	for _, s := range strings.Fields("ce nge ghá tổt quá1 đăngg rnột cườrng xyz") {
		if validSyllable(s) {
			t.Errorf("%q should be invalid", s)
		}
	}
}

func TestImageSources(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 20, 10))
	var tb bytes.Buffer
	if err := tiff.Encode(&tb, img, nil); err != nil {
		t.Fatal(err)
	}
	src, n, err := openImage(tb.Bytes())
	if err != nil || n != 1 {
		t.Fatalf("tiff: n=%d err=%v", n, err)
	}
	got, err := src.Image(1)
	if err != nil || got.Bounds().Dx() != 20 {
		t.Fatalf("tiff page: %v %v", got, err)
	}
	if _, err := src.Image(2); err == nil {
		t.Fatal("page 2 of a one-page TIFF must fail")
	}
	if _, _, err := openImage([]byte("not an image")); err == nil {
		t.Fatal("garbage accepted as an image")
	}
}

func TestAvailableMessage(t *testing.T) {
	old := tesseractBin
	tesseractBin = "/nonexistent/tesseract"
	defer func() { tesseractBin = old }()
	err := Available()
	if err == nil || !strings.Contains(err.Error(), "tesseract-ocr-vie") {
		t.Fatalf("Available() = %v, want a hint to install tesseract-ocr-vie", err)
	}
}

// maxSyntheticCER: measured 0.00-0.01 on the synthetic page; the bound
// leaves room for Tesseract version differences.
const maxSyntheticCER = 0.05

func TestRecognizeImageSynthetic(t *testing.T) {
	needOCR(t)
	pages, err := RecognizeImage(context.Background(), encodePNG(t, drawPage(t, 1.5)), Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 1 || pages[0].Err != nil {
		t.Fatalf("pages: %+v", pages)
	}
	p := pages[0]
	t.Logf("conf %.2f skew %.2f red %d\n%s", p.Confidence, p.Skew, p.RedPixels, p.Text)
	if math.Abs(p.Skew-1.5) > 0.3 {
		t.Errorf("skew measured %.2f, want 1.5", p.Skew)
	}
	if p.Low || p.Confidence < LowConfidence {
		t.Errorf("clean synthetic page flagged low confidence %.2f", p.Confidence)
	}
	if c := CER(expectedText(), p.Text); c > maxSyntheticCER {
		t.Errorf("CER %.3f > %.3f", c, maxSyntheticCER)
	}
	lines := strings.Split(p.Text, "\n")
	idx := func(s string) int {
		for i, l := range lines {
			if strings.Contains(l, s) {
				return i
			}
		}
		t.Errorf("line containing %q not found", s)
		return -1
	}
	// Columns come out whole: all left-column lines before the right ones.
	if a, b, c := idx("1006-CV/HU"), idx("CỘNG SẢN"), idx("Lạc Dương"); !(a < b && b < c) {
		t.Errorf("header columns interleaved: number %d, motto %d, date %d", a, b, c)
	}
	if a, b, c := idx("Lưu Văn phòng"), idx("T/M BAN"), idx("Thanh Hoài"); !(a < b && b < c) {
		t.Errorf("footer columns interleaved: %d %d %d", a, b, c)
	}
	for _, w := range []string{"Kính gửi", "Huyện ủy", "phát triển", "đôn đốc"} {
		if !strings.Contains(p.Text, w) {
			t.Errorf("text lacks %q", w)
		}
	}
}

func TestRecognizePDFParallelAndTimeout(t *testing.T) {
	needOCR(t)
	pdf := fpdf.New("P", "mm", "A4", "")
	for i, skew := range []float64{-0.8, 1.2} {
		pdf.AddPage()
		name := string(rune('a' + i))
		opt := fpdf.ImageOptions{ImageType: "PNG"}
		pdf.RegisterImageOptionsReader(name, opt, bytes.NewReader(encodePNG(t, drawPage(t, skew))))
		pdf.ImageOptions(name, 0, 0, 210, 297, false, opt, 0, "")
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	pages, err := RecognizePDF(context.Background(), buf.Bytes(), nil, Options{Workers: 2, DPI: 150})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 {
		t.Fatalf("%d pages", len(pages))
	}
	for i, p := range pages {
		if p.N != i+1 || p.Err != nil || !strings.Contains(p.Text, "Huyện ủy") {
			t.Errorf("page %d: N=%d err=%v text=%q", i+1, p.N, p.Err, p.Text)
		}
		if p.RawText == "" {
			t.Errorf("page %d: raw text missing", i+1)
		}
	}
	if _, err := RecognizePDF(context.Background(), buf.Bytes(), []int{3}, Options{}); err == nil {
		t.Error("page 3 of a 2-page PDF accepted")
	}
	// A per-page timeout too short for Tesseract fails the page, not the call.
	pages, err = RecognizePDF(context.Background(), buf.Bytes(), []int{2}, Options{PageTimeout: time.Nanosecond, DPI: 150})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 1 || pages[0].Err == nil || !strings.Contains(pages[0].Err.Error(), "quá thời gian") {
		t.Errorf("timeout not reported: %+v", pages[0].Err)
	}
}

func BenchmarkPage(b *testing.B) {
	needOCR(b)
	data := encodePNG(b, drawPage(b, 1.5))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := RecognizeImage(context.Background(), data, Options{Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
