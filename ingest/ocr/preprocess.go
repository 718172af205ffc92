package ocr

import (
	"image"
	"image/color"
	"math"
	"sort"
)

// gray is an 8-bit grayscale raster (0 black, 255 white), stride == W.
type gray struct {
	W, H int
	Pix  []uint8
}

func newGray(w, h int) *gray { return &gray{W: w, H: h, Pix: make([]uint8, w*h)} }

func (g *gray) at(x, y int) uint8 { return g.Pix[y*g.W+x] }

// redThreshold is how much the red channel must exceed both others for a
// pixel to count as seal/signature ink and be dropped to white.
const redThreshold = 40

// blueThreshold is the same for blue ink, counted from the blue tint of the
// page's dark pixels (scanners and paper shift black text a little):
// official documents are printed in black, and blue is the ballpoint
// signature, which Tesseract reads as junk that also disturbs the layout
// of the "Nơi nhận" block beside it. Measured on the seed scans: black
// text B-max(R,G) within -10..10, blue signatures 20..90.
const blueThreshold = 20

// blueTint is the median B-max(R,G) of the dark pixels in the central half
// of img (the text, also on a photo whose dark background surrounds the
// page), on a sparse grid: the colour cast of black print.
func blueTint(img image.Image) int {
	b := img.Bounds()
	var hist [511]int
	n := 0
	sample := func(r image.Rectangle) {
		for y := r.Min.Y; y < r.Max.Y; y += 5 {
			for x := r.Min.X; x < r.Max.X; x += 5 {
				r, g, bl, _ := img.At(x, y).RGBA()
				r, g, bl = r>>8, g>>8, bl>>8
				if (r*299+g*587+bl*114)/1000 < 110 {
					hist[int(bl)-int(max(r, g))+255]++
					n++
				}
			}
		}
	}
	sample(image.Rect(b.Min.X+b.Dx()/4, b.Min.Y+b.Dy()/4, b.Max.X-b.Dx()/4, b.Max.Y-b.Dy()/4))
	if n < 200 { // a short last page: no text in the middle
		hist, n = [511]int{}, 0
		sample(b)
	}
	if n < 50 {
		return 0
	}
	acc := 0
	for d, c := range hist {
		if acc += c; acc*2 >= n {
			return max(min(d-255, 30), -30)
		}
	}
	return 0
}

// toGray converts img to grayscale, turning strongly red pixels (seals, red
// signatures) and strongly blue ones (ballpoint signatures) into paper. It
// returns the image and the number of pixels dropped.
func toGray(img image.Image) (*gray, int) {
	g, red, ink := toGrayInk(img)
	return g, red + dropInk(g, ink)
}

// Marks of the ink mask returned by toGrayInk.
const (
	inkBluish  = 1 // pale blue: dropped when connected to blue
	inkBlue    = 2 // blue: dropped unless the print itself is blue
	inkReddish = 3 // pale red (the rim of a seal stroke): dropped when connected to red
	inkDropped = 4 // already white, to be filled with the paper level
)

// toGrayInk is toGray without the blue ink dropped: ink marks the red
// pixels already whitened (inkDropped), the reddish ones and the blue and
// bluish ones; nil when there are none. The caller drops them with dropInk
// once the page outline of a photo is known (a bluish dark table would
// otherwise be whitened and the page edge lost).
func toGrayInk(img image.Image) (*gray, int, []uint8) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	g := newGray(w, h)
	dropped := 0
	tint := int32(blueTint(img))
	blueCut, blueWeak := blueThreshold+tint, blueThreshold/2+tint
	var ink []uint8
	mark := func(i int, v uint8) {
		if ink == nil {
			ink = make([]uint8, w*h)
		}
		ink[i] = v
	}
	put := func(i int, r, gr, bl int32) {
		mx := gr
		if bl > mx {
			mx = bl
		}
		if r-mx > redThreshold && r > 90 {
			g.Pix[i] = 255
			dropped++
			mark(i, inkDropped)
			return
		}
		g.Pix[i] = uint8((r*299 + gr*587 + bl*114 + 500) / 1000)
		if r-mx > redThreshold/2 && r > 90 {
			mark(i, inkReddish)
			return
		}
		// blue ballpoint (signatures, handwritten notes): never print
		// purple: blue ballpoint over the red seal
		d := bl - max(r, gr)
		if p := min(r, bl) - gr; p > d {
			d = p
		}
		if d > blueWeak && bl > 50 {
			if d > blueCut {
				mark(i, inkBlue)
			} else {
				mark(i, inkBluish)
			}
		}
	}
	switch m := img.(type) {
	case *image.RGBA:
		for y := 0; y < h; y++ {
			row := m.Pix[(y)*m.Stride:]
			for x := 0; x < w; x++ {
				p := row[x*4 : x*4+3]
				put(y*w+x, int32(p[0]), int32(p[1]), int32(p[2]))
			}
		}
	case *image.NRGBA:
		for y := 0; y < h; y++ {
			row := m.Pix[(y)*m.Stride:]
			for x := 0; x < w; x++ {
				p := row[x*4 : x*4+3]
				put(y*w+x, int32(p[0]), int32(p[1]), int32(p[2]))
			}
		}
	case *image.Gray:
		for y := 0; y < h; y++ {
			copy(g.Pix[y*w:(y+1)*w], m.Pix[y*m.Stride:y*m.Stride+w])
		}
	case *image.YCbCr:
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				yi := m.YOffset(x+b.Min.X, y+b.Min.Y)
				ci := m.COffset(x+b.Min.X, y+b.Min.Y)
				r, gr, bl := color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
				put(y*w+x, int32(r), int32(gr), int32(bl))
			}
		}
	default:
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				r, gr, bl, _ := img.At(x+b.Min.X, y+b.Min.Y).RGBA()
				put(y*w+x, int32(r>>8), int32(gr>>8), int32(bl>>8))
			}
		}
	}
	return g, dropped, ink
}

// dropInk whitens the blue pixels of g (unless much of the ink is blue),
// the bluish ones connected to them and the reddish ones connected to
// dropped red ink, then fills every dropped pixel with the paper level
// around it (fillDropped). It returns how many pixels it dropped besides
// those toGrayInk had dropped already.
func dropInk(g *gray, ink []uint8) int {
	if ink == nil {
		return 0
	}
	w, h := g.W, g.H
	// A signature is a small part of the ink. When much of the ink is
	// blue, the print itself is blue (or tinted): keep everything.
	nblue, dark := 0, 0
	for i, v := range g.Pix {
		if v < 128 {
			dark++
			if ink[i] == inkBlue {
				nblue++
			}
		}
	}
	dropBlue := nblue*5 <= dark
	dropped := 0
	var stack []int
	for i, v := range ink {
		switch {
		case v == inkBlue && dropBlue:
			ink[i] = inkDropped
			dropped++
			stack = append(stack, i)
		case v == inkDropped:
			stack = append(stack, i)
		}
	}
	// The pale rim of a blue or red stroke is only bluish or reddish: drop
	// the pixels of that kind connected to dropped ones, so the signature
	// and the seal leave no fragments.
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		x, y := i%w, i/w
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				xx, yy := x+dx, y+dy
				if xx < 0 || yy < 0 || xx >= w || yy >= h {
					continue
				}
				j := yy*w + xx
				if ink[j] == inkReddish || ink[j] == inkBluish && dropBlue {
					ink[j] = inkDropped
					dropped++
					stack = append(stack, j)
				}
			}
		}
	}
	fillDropped(g, ink)
	return dropped
}

// fillDropped paints the dropped pixels (ink[i] == inkDropped) with the
// paper brightness around them: the 90th percentile of the other pixels of
// their 32-px block, or of the nearest blocks with enough of them. Pure
// white would stand out on grey or noisy paper: the background estimate
// would be pulled up around a seal or signature, the paper there would
// come out darker than elsewhere, and its grain would clump into marks.
func fillDropped(g *gray, ink []uint8) {
	const block = 32
	gw, gh := (g.W+block-1)/block, (g.H+block-1)/block
	level := make([]int, gw*gh) // -1: too few paper pixels
	var hist [256]int
	found := false
	for by := 0; by < gh; by++ {
		for bx := 0; bx < gw; bx++ {
			x0, y0 := bx*block, by*block
			x1, y1 := min(x0+block, g.W), min(y0+block, g.H)
			hist = [256]int{}
			n := 0
			for y := y0; y < y1; y++ {
				for x := x0; x < x1; x++ {
					i := y*g.W + x
					if ink[i] == inkDropped {
						found = true
						continue
					}
					hist[g.Pix[i]]++
					n++
				}
			}
			level[by*gw+bx] = -1
			if n*4 < (x1-x0)*(y1-y0) {
				continue
			}
			acc, v := 0, 255
			for ; v > 0; v-- {
				if acc += hist[v]; acc*10 > n {
					break
				}
			}
			level[by*gw+bx] = v
		}
	}
	if !found {
		return
	}
	// Blocks mostly covered by ink take the mean level of their measured
	// neighbours, grown ring by ring.
	for changed := true; changed; {
		changed = false
		next := append([]int(nil), level...)
		for by := 0; by < gh; by++ {
			for bx := 0; bx < gw; bx++ {
				if level[by*gw+bx] >= 0 {
					continue
				}
				s, c := 0, 0
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						x, y := bx+dx, by+dy
						if x >= 0 && y >= 0 && x < gw && y < gh && level[y*gw+x] >= 0 {
							s += level[y*gw+x]
							c++
						}
					}
				}
				if c > 0 {
					next[by*gw+bx] = s / c
					changed = true
				}
			}
		}
		level = next
	}
	for i, v := range ink {
		if v != inkDropped {
			continue
		}
		l := level[(i/g.W/block)*gw+(i%g.W)/block]
		if l < 0 {
			l = 255
		}
		g.Pix[i] = uint8(l)
	}
}

// normalizeBackground divides out an estimate of the paper brightness so that
// shadows, yellowed paper and uneven scanner light become a flat white. The
// background is the 90th percentile of each block, smoothed and
// interpolated bilinearly.
func normalizeBackground(g *gray, block int) {
	if block < 8 {
		block = 8
	}
	gw := (g.W + block - 1) / block
	gh := (g.H + block - 1) / block
	bg := make([]float64, gw*gh)
	var hist [256]int
	for by := 0; by < gh; by++ {
		for bx := 0; bx < gw; bx++ {
			hist = [256]int{}
			x0, y0 := bx*block, by*block
			x1, y1 := min(x0+block, g.W), min(y0+block, g.H)
			n := 0
			for y := y0; y < y1; y++ {
				row := g.Pix[y*g.W+x0 : y*g.W+x1]
				for _, v := range row {
					hist[v]++
				}
				n += len(row)
			}
			want := n * 10 / 100 // pixels brighter than the percentile
			acc, v := 0, 255
			for ; v > 0; v-- {
				acc += hist[v]
				if acc > want {
					break
				}
			}
			bg[by*gw+bx] = float64(v)
		}
	}
	// Smooth with a 3x3 mean so single dark blocks (a photo, a thick rule)
	// do not punch holes into the estimate.
	sm := make([]float64, len(bg))
	for by := 0; by < gh; by++ {
		for bx := 0; bx < gw; bx++ {
			s, c := 0.0, 0.0
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					x, y := bx+dx, by+dy
					if x >= 0 && y >= 0 && x < gw && y < gh {
						s += bg[y*gw+x]
						c++
					}
				}
			}
			v := s / c
			if v < 40 {
				v = 40
			}
			sm[by*gw+bx] = v
		}
	}
	// Bilinear interpolation between block centres.
	xi := make([]int, g.W)
	xf := make([]float64, g.W)
	for x := 0; x < g.W; x++ {
		fx := (float64(x)+0.5)/float64(block) - 0.5
		if fx < 0 {
			fx = 0
		}
		if fx > float64(gw-1) {
			fx = float64(gw - 1)
		}
		i := int(fx)
		if i >= gw-1 {
			i = max(gw-2, 0)
		}
		xi[x], xf[x] = i, fx-float64(i)
	}
	for y := 0; y < g.H; y++ {
		fy := (float64(y)+0.5)/float64(block) - 0.5
		if fy < 0 {
			fy = 0
		}
		if fy > float64(gh-1) {
			fy = float64(gh - 1)
		}
		j := int(fy)
		if j >= gh-1 {
			j = max(gh-2, 0)
		}
		ty := fy - float64(j)
		j1 := min(j+1, gh-1)
		row := g.Pix[y*g.W : (y+1)*g.W]
		for x := range row {
			i := xi[x]
			i1 := min(i+1, gw-1)
			tx := xf[x]
			top := sm[j*gw+i]*(1-tx) + sm[j*gw+i1]*tx
			bot := sm[j1*gw+i]*(1-tx) + sm[j1*gw+i1]*tx
			b := top*(1-ty) + bot*ty
			v := float64(row[x]) * 255 / b
			if v > 255 {
				v = 255
			}
			row[x] = uint8(v)
		}
	}
}

// darkPoints samples the dark pixels of g on a grid of step px.
func darkPoints(g *gray, step int, thr uint8) (xs, ys []float64) {
	for y := 0; y < g.H; y += step {
		for x := 0; x < g.W; x += step {
			if g.Pix[y*g.W+x] < thr {
				xs = append(xs, float64(x))
				ys = append(ys, float64(y))
			}
		}
	}
	return
}

// profileScore is the sum of squared bin counts of the projection of the
// points onto the axis perpendicular to lines of slope tan(deg). It peaks
// when the bins line up with the text lines.
func profileScore(xs, ys []float64, deg float64, binSize float64, bins []int) float64 {
	t := math.Tan(deg * math.Pi / 180)
	for i := range bins {
		bins[i] = 0
	}
	off := float64(len(bins)) / 2
	for i := range xs {
		b := int((ys[i]-xs[i]*t)/binSize + off)
		if b >= 0 && b < len(bins) {
			bins[b]++
		}
	}
	s := 0.0
	for _, c := range bins {
		s += float64(c) * float64(c)
	}
	return s
}

// maxSkew bounds the skew search (degrees).
const maxSkew = 6.0

// estimateSkew returns the slope angle of the text lines in degrees:
// positive when lines run down to the right (image y grows downwards).
func estimateSkew(g *gray) float64 {
	step := 2
	xs, ys := darkPoints(g, step, 128)
	if len(xs) < 200 {
		return 0
	}
	binSize := float64(step)
	bins := make([]int, int(float64(g.H+g.W)/binSize)*2+8)
	search := func(xs, ys []float64, binSize, lo, hi, st float64) float64 {
		best, bestS := 0.0, -1.0
		for a := lo; a <= hi+1e-9; a += st {
			if s := profileScore(xs, ys, a, binSize, bins); s > bestS {
				best, bestS = a, s
			}
		}
		return best
	}
	// The coarse search (61 angles) only has to find the right 0.2° step:
	// a quarter of the points, on a 4-pixel grid, is plenty for that.
	// The bins match the grid: finer bins than the grid spacing would favour
	// 0° by aliasing.
	cx, cy, cbin := xs, ys, binSize
	if len(xs) > 20000 {
		cbin = 2 * binSize
		cx, cy = nil, nil
		for i := range xs {
			if int(xs[i])%(2*step) == 0 && int(ys[i])%(2*step) == 0 {
				cx, cy = append(cx, xs[i]), append(cy, ys[i])
			}
		}
	}
	a := search(cx, cy, cbin, -maxSkew, maxSkew, 0.2)
	return search(xs, ys, binSize, a-0.2, a+0.2, 0.02)
}

// sample returns the bilinear interpolation of g at (fx, fy); white
// outside the image.
func (g *gray) sample(fx, fy float64) uint8 {
	ix, iy := int(math.Floor(fx)), int(math.Floor(fy))
	if ix < 0 || iy < 0 || ix >= g.W-1 || iy >= g.H-1 {
		return 255
	}
	tx, ty := fx-float64(ix), fy-float64(iy)
	p := iy*g.W + ix
	top := float64(g.Pix[p])*(1-tx) + float64(g.Pix[p+1])*tx
	bot := float64(g.Pix[p+g.W])*(1-tx) + float64(g.Pix[p+g.W+1])*tx
	return uint8(top*(1-ty) + bot*ty + 0.5)
}

// rotate returns g rotated so that lines of slope angle deg become
// horizontal; uncovered area is white. Bilinear sampling.
func rotate(g *gray, deg float64) *gray {
	out := newGray(g.W, g.H)
	th := deg * math.Pi / 180
	c, s := math.Cos(th), math.Sin(th)
	cx, cy := float64(g.W)/2, float64(g.H)/2
	for y := 0; y < g.H; y++ {
		dy := float64(y) - cy
		sx := cx - dy*s - cx*c // source for x = 0, advanced by (c, s) per pixel
		sy := cy + dy*c - cx*s
		row := out.Pix[y*g.W : (y+1)*g.W]
		for x := range row {
			row[x] = g.sample(sx+float64(x)*c, sy+float64(x)*s)
		}
	}
	return out
}

// rotateQuarter rotates g clockwise by q*90 degrees.
func rotateQuarter(g *gray, q int) *gray {
	q = ((q % 4) + 4) % 4
	if q == 0 {
		return g
	}
	var out *gray
	if q == 2 {
		out = newGray(g.W, g.H)
		n := len(g.Pix)
		for i, v := range g.Pix {
			out.Pix[n-1-i] = v
		}
		return out
	}
	out = newGray(g.H, g.W)
	for y := 0; y < g.H; y++ {
		for x := 0; x < g.W; x++ {
			v := g.Pix[y*g.W+x]
			if q == 1 { // clockwise: (x,y) -> (H-1-y, x)
				out.Pix[x*out.W+(g.H-1-y)] = v
			} else { // counter-clockwise: (x,y) -> (y, W-1-x)
				out.Pix[(g.W-1-x)*out.W+y] = v
			}
		}
	}
	return out
}

// otsu returns the global Otsu threshold of g.
func otsu(g *gray) uint8 {
	var hist [256]float64
	for _, v := range g.Pix {
		hist[v]++
	}
	total := float64(len(g.Pix))
	sum := 0.0
	for i, c := range hist {
		sum += float64(i) * c
	}
	sumB, wB, best, thr := 0.0, 0.0, -1.0, 128
	for t := 0; t < 256; t++ {
		wB += hist[t]
		if wB == 0 {
			continue
		}
		wF := total - wB
		if wF == 0 {
			break
		}
		sumB += float64(t) * hist[t]
		mB, mF := sumB/wB, (sum-sumB)/wF
		if v := wB * wF * (mB - mF) * (mB - mF); v > best {
			best, thr = v, t
		}
	}
	return uint8(thr)
}

// binarize thresholds g in place (0 or 255) and clears isolated dark
// pixels, the salt noise of cheap scanners.
func binarize(g *gray) {
	t := otsu(g)
	thr := componentThresholds(g, t)
	for i, v := range g.Pix {
		if v <= t || v <= thr(i) {
			g.Pix[i] = 0
		} else {
			g.Pix[i] = 255
		}
	}
	w := g.W
	for y := 1; y < g.H-1; y++ {
		for x := 1; x < w-1; x++ {
			p := y*w + x
			if g.Pix[p] != 0 {
				continue
			}
			if g.Pix[p-w-1]&g.Pix[p-w]&g.Pix[p-w+1]&g.Pix[p-1]&g.Pix[p+1]&g.Pix[p+w-1]&g.Pix[p+w]&g.Pix[p+w+1] == 255 {
				g.Pix[p] = 255
			}
		}
	}
}

// cropToPage handles photos taken against a darker background: the dark
// area connected to the image border (found on an 8x downsampled copy) is
// painted white and the page's bounding box returned. ok is false when no
// such background is visible (scans), in which case nothing changes.
func cropToPage(g *gray) (image.Rectangle, bool) {
	const step = 8
	w, h := g.W/step, g.H/step
	if w < 20 || h < 20 {
		return image.Rectangle{}, false
	}
	small := make([]uint8, w*h)
	all := make([]int, 0, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := g.Pix[(y*step)*g.W+x*step]
			small[y*w+x] = v
			all = append(all, int(v))
		}
	}
	sort.Ints(all)
	paper := all[len(all)*85/100] // most of a photo is paper
	thr := uint8(paper * 3 / 5)
	bg := borderRegion(small, w, h, thr)
	n := 0
	x0, y0, x1, y1 := w, h, -1, -1
	for i, b := range bg {
		if b {
			n++
			continue
		}
		x, y := i%w, i/w
		x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
	}
	// A few dark specks on the border of a scan are not a background.
	if n < w*h/50 || x1-x0 < w/3 || y1-y0 < h/3 {
		return image.Rectangle{}, false
	}
	for i, b := range bg {
		if !b {
			continue
		}
		x, y := (i%w)*step, (i/w)*step
		for yy := y; yy < min(y+step, g.H); yy++ {
			row := g.Pix[yy*g.W : (yy+1)*g.W]
			for xx := x; xx < min(x+step, g.W); xx++ {
				row[xx] = 255
			}
		}
	}
	// Dilate by one block so the blurred page edge is not kept.
	return image.Rect(x0*step, y0*step, min((x1+1)*step, g.W), min((y1+1)*step, g.H)), true
}

// crop copies the rectangle r of g.
func crop(g *gray, r image.Rectangle) *gray {
	out := newGray(r.Dx(), r.Dy())
	for y := 0; y < r.Dy(); y++ {
		copy(out.Pix[y*out.W:(y+1)*out.W], g.Pix[(y+r.Min.Y)*g.W+r.Min.X:(y+r.Min.Y)*g.W+r.Max.X])
	}
	return out
}

// componentThresholds lets faint marks keep their shape. Numbers and dates
// are often filled in later with a lighter ribbon or stamp, and a global
// threshold tuned to the black body text breaks their thin strokes. Every
// connected mark (8-connected pixels darker than a lenient level between t
// and white) that reaches below t is thresholded relative to its own
// darkest pixel m: at m + (t-d)(255-m)/(255-d), where d is the darkness of
// ordinary text, so a mark as dark as the text keeps exactly t and a fainter
// one gets a proportionally higher threshold. Marks that never reach t
// (paper grain, show-through) stay white, and so do small marks. The result maps a pixel index to
// its extra threshold (0 when none applies).
func componentThresholds(g *gray, t uint8) func(i int) uint8 {
	none := func(int) uint8 { return 0 }
	if t >= 230 || t < 40 {
		return none
	}
	lenient := uint8(int(t) + (255-int(t))*3/5)
	// d: the 10th percentile of the pixels at or below t
	var hist [256]int
	n := 0
	for _, v := range g.Pix {
		if v <= t {
			hist[v]++
			n++
		}
	}
	if n == 0 {
		return none
	}
	d, acc := 0, 0
	for v := 0; v <= int(t); v++ {
		if acc += hist[v]; acc*10 >= n {
			d = v
			break
		}
	}
	if int(t)-d < 20 {
		return none
	}
	w, h := g.W, g.H
	// Smaller marks (specks, dust, a blurred dot) keep the global threshold
	// and so stay as small as before: the speck filter still removes them.
	minMark := max(g.W/40, 24)
	// thr[i]: 0 unvisited, 1 visited without a raised threshold (v <= 1 is
	// ink anyway), else the mark's threshold.
	thr := make([]uint8, len(g.Pix))
	var stack, members []int32
	for s, v := range g.Pix {
		if v >= lenient || thr[s] != 0 {
			continue
		}
		thr[s] = 1
		stack = append(stack[:0], int32(s))
		members = members[:0]
		m := v
		for len(stack) > 0 {
			i := int(stack[len(stack)-1])
			stack = stack[:len(stack)-1]
			members = append(members, int32(i))
			if g.Pix[i] < m {
				m = g.Pix[i]
			}
			x, y := i%w, i/w
			for dy := -1; dy <= 1; dy++ {
				yy := y + dy
				if yy < 0 || yy >= h {
					continue
				}
				for dx := -1; dx <= 1; dx++ {
					xx := x + dx
					if xx < 0 || xx >= w {
						continue
					}
					j := yy*w + xx
					if thr[j] == 0 && g.Pix[j] < lenient {
						thr[j] = 1
						stack = append(stack, int32(j))
					}
				}
			}
		}
		if m <= t && int(m) > d && len(members) >= minMark {
			c := uint8(min(int(m)+(int(t)-d)*(255-int(m))/(255-d), int(lenient)))
			for _, i := range members {
				thr[i] = c
			}
		}
	}
	return func(i int) uint8 { return thr[i] }
}
