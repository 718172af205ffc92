package ocr

import (
	"context"
	"image"
	"image/color"
	"image/draw"
	"math"
	"math/rand"
	"strings"
	"testing"
)

// camera projects the synthetic page (pixel coordinates, centred) through a
// pinhole camera after tilting it in 3D: an independent model of a phone
// photo, not built on the package's homography code.
type camera struct {
	r       [3][3]float64 // rotation
	tz, f   float64       // page distance, focal length (pixels)
	cx, cy  float64       // principal point (canvas centre)
	pw, ph  float64       // page size
	canvasW int
	canvasH int
}

func newCamera(pw, ph, cw, chh int, tiltX, tiltY, roll float64) camera {
	rad := math.Pi / 180
	ax, ay, az := tiltX*rad, tiltY*rad, roll*rad
	rx := [3][3]float64{{1, 0, 0}, {0, math.Cos(ax), -math.Sin(ax)}, {0, math.Sin(ax), math.Cos(ax)}}
	ry := [3][3]float64{{math.Cos(ay), 0, math.Sin(ay)}, {0, 1, 0}, {-math.Sin(ay), 0, math.Cos(ay)}}
	rz := [3][3]float64{{math.Cos(az), -math.Sin(az), 0}, {math.Sin(az), math.Cos(az), 0}, {0, 0, 1}}
	mul := func(a, b [3][3]float64) (c [3][3]float64) {
		for i := 0; i < 3; i++ {
			for j := 0; j < 3; j++ {
				for k := 0; k < 3; k++ {
					c[i][j] += a[i][k] * b[k][j]
				}
			}
		}
		return
	}
	return camera{r: mul(rz, mul(ry, rx)), tz: 2400, f: 2000, cx: float64(cw) / 2, cy: float64(chh) / 2,
		pw: float64(pw), ph: float64(ph), canvasW: cw, canvasH: chh}
}

// project maps a page pixel to the canvas.
func (c camera) project(x, y float64) (float64, float64) {
	X, Y := x-c.pw/2, y-c.ph/2
	px := c.r[0][0]*X + c.r[0][1]*Y
	py := c.r[1][0]*X + c.r[1][1]*Y
	pz := c.r[2][0]*X + c.r[2][1]*Y + c.tz
	return c.cx + c.f*px/pz, c.cy + c.f*py/pz
}

// unproject intersects the ray of canvas pixel (u, v) with the page plane:
// solves X*r0 + Y*r1 - s*d = -t by Cramer's rule.
func (c camera) unproject(u, v float64) (float64, float64) {
	d := [3]float64{(u - c.cx) / c.f, (v - c.cy) / c.f, 1}
	m := [3][3]float64{
		{c.r[0][0], c.r[0][1], -d[0]},
		{c.r[1][0], c.r[1][1], -d[1]},
		{c.r[2][0], c.r[2][1], -d[2]},
	}
	rhs := [3]float64{0, 0, -c.tz}
	det := func(a [3][3]float64) float64 {
		return a[0][0]*(a[1][1]*a[2][2]-a[1][2]*a[2][1]) - a[0][1]*(a[1][0]*a[2][2]-a[1][2]*a[2][0]) + a[0][2]*(a[1][0]*a[2][1]-a[1][1]*a[2][0])
	}
	D := det(m)
	col := func(k int) float64 {
		a := m
		for i := 0; i < 3; i++ {
			a[i][k] = rhs[i]
		}
		return det(a) / D
	}
	return col(0) + c.pw/2, col(1) + c.ph/2
}

// rules draws two full-width horizontal rules on the synthetic page, above
// the body and below the footer.
var ruleY = [2]int{415, 1640}

const ruleX0, ruleX1 = 110, 1130

// photoOf renders page through the camera onto a dark, uneven table.
func photoOf(page *image.RGBA, c camera) *image.RGBA {
	out := image.NewRGBA(image.Rect(0, 0, c.canvasW, c.canvasH))
	rng := rand.New(rand.NewSource(7))
	for v := 0; v < c.canvasH; v++ {
		for u := 0; u < c.canvasW; u++ {
			x, y := c.unproject(float64(u)+0.5, float64(v)+0.5)
			var col color.RGBA
			ix, iy := int(math.Floor(x)), int(math.Floor(y))
			if ix >= 0 && iy >= 0 && ix < page.Bounds().Dx() && iy < page.Bounds().Dy() {
				col = page.RGBAAt(ix, iy)
				// light falls off towards the bottom of the photo
				k := 1 - 0.15*float64(v)/float64(c.canvasH)
				col = color.RGBA{uint8(float64(col.R) * k), uint8(float64(col.G) * k), uint8(float64(col.B) * k), 255}
			} else {
				b := uint8(45 + 30*u/c.canvasW + rng.Intn(12)) // wooden table
				col = color.RGBA{b + 10, b, b - 10, 255}
			}
			out.SetRGBA(u, v, col)
		}
	}
	return out
}

func syntheticPhoto(t testing.TB) (*image.RGBA, camera) {
	page := drawPage(t, 0)
	for _, y := range ruleY {
		draw.Draw(page, image.Rect(ruleX0, y, ruleX1, y+3), image.Black, image.Point{}, draw.Src)
	}
	c := newCamera(pageW, pageH, 1500, 1900, 14, -9, 2.5)
	return photoOf(page, c), c
}

func TestHomographyMapsCorners(t *testing.T) {
	src := [4]pt{{0, 0}, {100, 0}, {100, 140}, {0, 140}}
	dst := [4]pt{{12, 7}, {230, 30}, {205, 300}, {-4, 260}}
	hm, ok := homography(src, dst)
	if !ok {
		t.Fatal("no homography")
	}
	for k := range src {
		if p := apply(hm, src[k]); math.Hypot(p.X-dst[k].X, p.Y-dst[k].Y) > 1e-6 {
			t.Errorf("corner %d -> %v, want %v", k, p, dst[k])
		}
	}
	// A projective map keeps points on a line collinear.
	a, b, m := apply(hm, pt{0, 70}), apply(hm, pt{100, 70}), apply(hm, pt{37, 70})
	if cr := (b.X-a.X)*(m.Y-a.Y) - (b.Y-a.Y)*(m.X-a.X); math.Abs(cr) > 1e-6*math.Hypot(b.X-a.X, b.Y-a.Y)*100 {
		t.Errorf("midline not straight: cross %g", cr)
	}
}

func TestPageQuadFindsCorners(t *testing.T) {
	img, c := syntheticPhoto(t)
	g, _ := toGray(img)
	q, ok := pageQuad(g)
	if !ok {
		t.Fatal("page outline not found")
	}
	want := [4][2]float64{{0, 0}, {pageW, 0}, {pageW, pageH}, {0, pageH}}
	for k, w := range want {
		x, y := c.project(w[0], w[1])
		if d := math.Hypot(q[k].X-x, q[k].Y-y); d > 20 {
			t.Errorf("corner %d at (%.0f,%.0f), want (%.0f,%.0f): off by %.1f px", k, q[k].X, q[k].Y, x, y, d)
		}
	}
	// A flat scan (no background) is left alone.
	scan, _ := toGray(drawPage(t, 0))
	if _, ok := pageQuad(scan); ok {
		t.Error("outline found on a scan without background")
	}
}

// ruleRows returns, for the long horizontal rules of the binarised page,
// the centre row of each rule at sampled columns.
func findRules(g *gray) [][]float64 {
	// rows with a long dark run are rule candidates
	var rules [][]float64
	for y := 0; y < g.H; y++ {
		run, best, end := 0, 0, 0
		for x := 0; x < g.W; x++ {
			if g.Pix[y*g.W+x] == 0 {
				run++
				if run > best {
					best, end = run, x
				}
			} else {
				run = 0
			}
		}
		if best < g.W/2 {
			continue
		}
		start := end - best + 1
		// centre of the dark band at 15 columns across the run
		var ys []float64
		for k := 1; k <= 15; k++ {
			x := start + best*k/16
			s, n := 0.0, 0.0
			for yy := max(y-15, 0); yy < min(y+25, g.H); yy++ {
				if g.Pix[yy*g.W+x] == 0 {
					s += float64(yy)
					n++
				}
			}
			ys = append(ys, s/n)
		}
		rules = append(rules, append(ys, float64(best)))
		y += 25
	}
	return rules
}

func TestPerspectivePhotoStraightLines(t *testing.T) {
	img, _ := syntheticPhoto(t)
	g, info := preprocess(img, 0)
	if !info.warped {
		t.Fatal("photo not rectified")
	}
	if r := float64(g.H) / float64(g.W); math.Abs(r-a4Ratio) > 0.03 {
		t.Errorf("page ratio %.3f, want A4 %.3f", r, a4Ratio)
	}
	rules := findRules(g)
	if len(rules) != 2 {
		t.Fatalf("found %d rules, want 2", len(rules))
	}
	var lens [2]float64
	for i, r := range rules {
		ys, n := r[:len(r)-1], r[len(r)-1]
		lo, hi := ys[0], ys[0]
		for _, y := range ys {
			lo, hi = math.Min(lo, y), math.Max(hi, y)
		}
		if hi-lo > 2.5 {
			t.Errorf("rule %d not straight: rows %.1f..%.1f", i, lo, hi)
		}
		lens[i] = n
		// length relative to the page width as drawn
		if want := float64(ruleX1-ruleX0) / pageW; math.Abs(n/float64(g.W)-want) > 0.03 {
			t.Errorf("rule %d spans %.3f of the width, want %.3f", i, n/float64(g.W), want)
		}
	}
	// Keystone removed: the top and bottom rules have the same length.
	if d := math.Abs(lens[0]-lens[1]) / lens[0]; d > 0.02 {
		t.Errorf("rule lengths %.0f and %.0f differ by %.1f%%", lens[0], lens[1], 100*d)
	}
}

func TestPerspectivePhotoText(t *testing.T) {
	needOCR(t)
	img, _ := syntheticPhoto(t)
	pages, err := RecognizeImage(context.Background(), encodePNG(t, img), Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	p := pages[0]
	if p.Err != nil {
		t.Fatal(p.Err)
	}
	// The rules may come out as a line of dashes: leave them out.
	var lines []string
	for _, l := range strings.Split(p.Text, "\n") {
		if strings.Trim(l, "-—_=~ .") != "" {
			lines = append(lines, l)
		}
	}
	got := strings.Join(lines, "\n")
	c := CER(expectedText(), got)
	t.Logf("conf %.2f skew %.2f CER %.4f\n%s", p.Confidence, p.Skew, c, got)
	if c > maxSyntheticCER {
		t.Errorf("CER %.3f > %.3f", c, maxSyntheticCER)
	}
}

// A blue ballpoint signature is dropped like the red seal, black text under
// and beside it stays, and a page whose black print has a bluish cast is not
// mistaken for blue ink.
func TestBlueSignatureDropped(t *testing.T) {
	img := drawPage(t, 0)
	blue := color.RGBA{40, 60, 170, 255}
	pale := color.RGBA{150, 165, 215, 255} // the rim of the stroke
	for x := 700; x < 1000; x++ {
		y := 1110 + int(40*math.Sin(float64(x)/25))
		for dy := -4; dy <= 4; dy++ {
			c := blue
			if dy == -4 || dy == 4 {
				c = pale
			}
			img.SetRGBA(x, y+dy, c)
		}
	}
	g, _ := toGray(img)
	left := 0
	for x := 700; x < 1000; x++ {
		y := 1110 + int(40*math.Sin(float64(x)/25))
		for dy := -4; dy <= 4; dy++ {
			if g.at(x, y+dy) < 200 && img.RGBAAt(x, y+dy) == blue {
				left++
			}
		}
	}
	if left > 0 {
		t.Errorf("%d blue signature pixels left dark", left)
	}
	textDark := 0
	for y := 980; y < 1010; y++ {
		for x := 700; x < 1000; x++ {
			if g.at(x, y) < 100 {
				textDark++
			}
		}
	}
	if textDark < 300 {
		t.Errorf("signature-block text lost: %d dark pixels", textDark)
	}
	// Bluish cast over the whole page: black print (B-max(R,G) about 45,
	// blue enough to be dropped without the cast measurement) stays.
	cast := drawPage(t, 0)
	for i := 0; i < len(cast.Pix); i += 4 {
		if p := cast.Pix[i : i+3]; p[0] < 128 && p[1] < 128 {
			p[0], p[1], p[2] = p[0]+20, p[1]+20, min(p[2]+65, 255)
		}
	}
	g2, _ := toGray(cast)
	dark := 0
	for y := 480 - 30; y < 480+10; y++ {
		for x := 110; x < 1100; x++ {
			if g2.at(x, y) < 100 {
				dark++
			}
		}
	}
	if dark < 2000 {
		t.Errorf("tinted black text dropped as blue ink: %d dark pixels left in the first body line", dark)
	}
}
