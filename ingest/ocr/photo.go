package ocr

import (
	"math"
	"sort"
)

// Perspective correction for phone photos whose page edge is visible: the
// page is the largest bright region not connected to a darker background
// touching the image border; its convex hull gives four extreme corners, and
// a homography maps that quadrilateral onto an upright rectangle.

// pt is a point in image coordinates.
type pt struct{ X, Y float64 }

// quad is a page outline: top-left, top-right, bottom-right, bottom-left.
type quad [4]pt

// pageQuad finds the page quadrilateral of a photo. ok is false when no
// darker background surrounds the page (scans) or when the bright region is
// not a plausible quadrilateral; the caller then falls back to cropToPage.
func pageQuad(g *gray) (quad, bool) {
	step := max(min(g.W, g.H)/600, 2)
	w, h := g.W/step, g.H/step
	if w < 40 || h < 40 {
		return quad{}, false
	}
	small := make([]uint8, w*h)
	var hist [256]int
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			// mean of a 2x2 sample inside the cell: less sensitive to text
			p := (y*step)*g.W + x*step
			v := (int(g.Pix[p]) + int(g.Pix[p+1]) + int(g.Pix[p+g.W]) + int(g.Pix[p+g.W+1])) / 4
			small[y*w+x] = uint8(v)
			hist[v]++
		}
	}
	// paper brightness: 85th percentile (most of a photo is paper)
	want, acc, paper := w*h*85/100, 0, 255
	for v := 0; v < 256; v++ {
		if acc += hist[v]; acc >= want {
			paper = v
			break
		}
	}
	thr := uint8(paper * 3 / 5)
	bg := borderRegion(small, w, h, thr)
	nbg := 0
	for _, b := range bg {
		if b {
			nbg++
		}
	}
	if nbg < w*h/50 {
		return quad{}, false // no background visible: a scan
	}
	comp, size := largestComponent(bg, w, h)
	if size < w*h/5 {
		return quad{}, false
	}
	// Row extremes of the component are enough for its convex hull.
	var pts []pt
	for y := 0; y < h; y++ {
		l, r := -1, -1
		for x := 0; x < w; x++ {
			if comp[y*w+x] {
				if l < 0 {
					l = x
				}
				r = x
			}
		}
		if l >= 0 {
			pts = append(pts, pt{float64(l), float64(y)}, pt{float64(r) + 1, float64(y)}, pt{float64(l), float64(y) + 1}, pt{float64(r) + 1, float64(y) + 1})
		}
	}
	hull := convexHull(pts)
	if len(hull) < 4 {
		return quad{}, false
	}
	var q quad
	score := [4]func(p pt) float64{
		func(p pt) float64 { return -p.X - p.Y }, // top-left
		func(p pt) float64 { return p.X - p.Y },  // top-right
		func(p pt) float64 { return p.X + p.Y },  // bottom-right
		func(p pt) float64 { return p.Y - p.X },  // bottom-left
	}
	for k := range q {
		best := math.Inf(-1)
		for _, p := range hull {
			if s := score[k](p); s > best {
				best, q[k] = s, p
			}
		}
	}
	// Plausibility: the four corners carry (nearly) the whole hull, and the
	// component fills the quadrilateral.
	qa, ha := polyArea(q[:]), polyArea(hull)
	if qa < 0.9*ha || float64(size) < 0.85*qa || !convexQuad(q) {
		return quad{}, false
	}
	for k := range q {
		a := q[(k+3)%4]
		b := q[k]
		c := q[(k+1)%4]
		if ang := angleAt(a, b, c); ang < 60 || ang > 120 {
			return quad{}, false
		}
	}
	// Back to full resolution, pulled inwards by one cell so the dark
	// background and the blurred page edge stay outside.
	cx, cy := 0.0, 0.0
	for _, p := range q {
		cx += p.X / 4
		cy += p.Y / 4
	}
	for k, p := range q {
		dx, dy := cx-p.X, cy-p.Y
		d := math.Hypot(dx, dy)
		inset := 1.5
		q[k] = pt{(p.X + dx/d*inset) * float64(step), (p.Y + dy/d*inset) * float64(step)}
	}
	return q, true
}

// borderRegion marks the pixels darker than thr that are connected to the
// border of the w x h image (4-connectivity).
func borderRegion(small []uint8, w, h int, thr uint8) []bool {
	bg := make([]bool, w*h)
	var stack []int
	push := func(i int) {
		if !bg[i] && small[i] < thr {
			bg[i] = true
			stack = append(stack, i)
		}
	}
	for x := 0; x < w; x++ {
		push(x)
		push((h-1)*w + x)
	}
	for y := 0; y < h; y++ {
		push(y * w)
		push(y*w + w - 1)
	}
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		x, y := i%w, i/w
		if x > 0 {
			push(i - 1)
		}
		if x < w-1 {
			push(i + 1)
		}
		if y > 0 {
			push(i - w)
		}
		if y < h-1 {
			push(i + w)
		}
	}
	return bg
}

// largestComponent returns the largest 4-connected region of cells that are
// not background, and its size.
func largestComponent(bg []bool, w, h int) ([]bool, int) {
	label := make([]int32, w*h)
	best, bestSize := int32(0), 0
	next := int32(0)
	var stack []int
	for s := range bg {
		if bg[s] || label[s] != 0 {
			continue
		}
		next++
		label[s] = next
		stack = append(stack[:0], s)
		size := 0
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			size++
			x, y := i%w, i/w
			for _, j := range [4]int{i - 1, i + 1, i - w, i + w} {
				if (j == i-1 && x == 0) || (j == i+1 && x == w-1) || (j == i-w && y == 0) || (j == i+w && y == h-1) {
					continue
				}
				if !bg[j] && label[j] == 0 {
					label[j] = next
					stack = append(stack, j)
				}
			}
		}
		if size > bestSize {
			best, bestSize = next, size
		}
	}
	comp := make([]bool, w*h)
	for i, l := range label {
		comp[i] = l == best && best != 0
	}
	return comp, bestSize
}

// convexHull returns the hull of pts counter-clockwise in image
// coordinates (monotone chain).
func convexHull(pts []pt) []pt {
	if len(pts) < 3 {
		return pts
	}
	p := append([]pt(nil), pts...)
	sort.Slice(p, func(i, j int) bool {
		if p[i].X != p[j].X {
			return p[i].X < p[j].X
		}
		return p[i].Y < p[j].Y
	})
	cross := func(o, a, b pt) float64 { return (a.X-o.X)*(b.Y-o.Y) - (a.Y-o.Y)*(b.X-o.X) }
	var hull []pt
	for _, q := range p {
		for len(hull) >= 2 && cross(hull[len(hull)-2], hull[len(hull)-1], q) <= 0 {
			hull = hull[:len(hull)-1]
		}
		hull = append(hull, q)
	}
	lower := len(hull) + 1
	for i := len(p) - 2; i >= 0; i-- {
		q := p[i]
		for len(hull) >= lower && cross(hull[len(hull)-2], hull[len(hull)-1], q) <= 0 {
			hull = hull[:len(hull)-1]
		}
		hull = append(hull, q)
	}
	return hull[:len(hull)-1]
}

// polyArea is the absolute shoelace area of a polygon.
func polyArea(p []pt) float64 {
	s := 0.0
	for i := range p {
		j := (i + 1) % len(p)
		s += p[i].X*p[j].Y - p[j].X*p[i].Y
	}
	return math.Abs(s) / 2
}

// convexQuad reports whether q's corners turn consistently.
func convexQuad(q quad) bool {
	sign := 0.0
	for k := range q {
		a, b, c := q[k], q[(k+1)%4], q[(k+2)%4]
		cr := (b.X-a.X)*(c.Y-b.Y) - (b.Y-a.Y)*(c.X-b.X)
		if cr == 0 || sign*cr < 0 {
			return false
		}
		sign = cr
	}
	return true
}

// angleAt is the angle abc in degrees.
func angleAt(a, b, c pt) float64 {
	ux, uy := a.X-b.X, a.Y-b.Y
	vx, vy := c.X-b.X, c.Y-b.Y
	d := math.Hypot(ux, uy) * math.Hypot(vx, vy)
	if d == 0 {
		return 0
	}
	return math.Acos(max(-1, min(1, (ux*vx+uy*vy)/d))) * 180 / math.Pi
}

// a4Ratio is height / width of an A4 sheet.
const a4Ratio = 297.0 / 210.0

// quadSize is the upright rectangle the page is mapped to: the mean lengths
// of opposite sides, snapped to A4 proportions when close to them
// (foreshortening shortens the side tilted away from the camera).
func quadSize(q quad) (int, int) {
	d := func(a, b pt) float64 { return math.Hypot(a.X-b.X, a.Y-b.Y) }
	w := (d(q[0], q[1]) + d(q[3], q[2])) / 2
	h := (d(q[0], q[3]) + d(q[1], q[2])) / 2
	if r := h / w; r > 1.2 && r < 1.65 {
		h = w * a4Ratio
	} else if r := w / h; r > 1.2 && r < 1.65 { // landscape page
		w = h * a4Ratio
	}
	return int(math.Round(w)), int(math.Round(h))
}

// homography maps the unit-less rectangle corners src[k] to dst[k]:
// returns H (row-major, H[8] = 1) with dst ~ H * src.
func homography(src, dst [4]pt) ([9]float64, bool) {
	// 8 equations in h0..h7:
	// x' = (h0 x + h1 y + h2) / (h6 x + h7 y + 1)
	// y' = (h3 x + h4 y + h5) / (h6 x + h7 y + 1)
	var a [8][9]float64
	for k := 0; k < 4; k++ {
		x, y, u, v := src[k].X, src[k].Y, dst[k].X, dst[k].Y
		a[2*k] = [9]float64{x, y, 1, 0, 0, 0, -u * x, -u * y, u}
		a[2*k+1] = [9]float64{0, 0, 0, x, y, 1, -v * x, -v * y, v}
	}
	// Gaussian elimination with partial pivoting.
	for c := 0; c < 8; c++ {
		p := c
		for r := c + 1; r < 8; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		if math.Abs(a[p][c]) < 1e-12 {
			return [9]float64{}, false
		}
		a[c], a[p] = a[p], a[c]
		for r := 0; r < 8; r++ {
			if r == c {
				continue
			}
			f := a[r][c] / a[c][c]
			for k := c; k < 9; k++ {
				a[r][k] -= f * a[c][k]
			}
		}
	}
	var hm [9]float64
	for c := 0; c < 8; c++ {
		hm[c] = a[c][8] / a[c][c]
	}
	hm[8] = 1
	return hm, true
}

// apply maps p through the homography.
func apply(hm [9]float64, p pt) pt {
	w := hm[6]*p.X + hm[7]*p.Y + hm[8]
	return pt{(hm[0]*p.X + hm[1]*p.Y + hm[2]) / w, (hm[3]*p.X + hm[4]*p.Y + hm[5]) / w}
}

// warpQuad maps the quadrilateral q of g onto an upright w x h rectangle
// (bilinear sampling; outside g is white).
func warpQuad(g *gray, q quad, w, h int) (*gray, bool) {
	rect := [4]pt{{0, 0}, {float64(w), 0}, {float64(w), float64(h)}, {0, float64(h)}}
	hm, ok := homography(rect, q)
	if !ok {
		return nil, false
	}
	out := newGray(w, h)
	for y := 0; y < h; y++ {
		row := out.Pix[y*w : (y+1)*w]
		fy := float64(y) + 0.5
		// numerators and denominator are affine in x: step them
		nx := hm[1]*fy + hm[2] + hm[0]*0.5
		ny := hm[4]*fy + hm[5] + hm[3]*0.5
		dn := hm[7]*fy + hm[8] + hm[6]*0.5
		for x := range row {
			row[x] = g.sample(nx/dn-0.5, ny/dn-0.5)
			nx += hm[0]
			ny += hm[3]
			dn += hm[6]
		}
	}
	return out, true
}

// straightenQuad maps the page outline q onto an upright rectangle.
func straightenQuad(g *gray, q quad) (*gray, bool) {
	w, h := quadSize(q)
	if w < 200 || h < 200 || w > 4*g.W || h > 4*g.H {
		return nil, false
	}
	return warpQuad(g, q, w, h)
}
