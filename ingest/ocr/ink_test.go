package ocr

import (
	"image"
	"image/color"
	"math"
	"math/rand"
	"testing"
)

// inkPage draws grey, grainy paper (like a poor office scan) with black text
// bars on the left, a dense blue signature scribble on the right and a red
// seal ring over it whose strokes have a pale pink rim.
func inkPage() (img *image.RGBA, sig image.Rectangle) {
	const w, h = 600, 400
	img = image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewSource(7))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := uint8(222 + rng.Intn(17) - 8)
			if x >= 20 && x < 290 && y%20 >= 6 && y%20 < 14 && x%30 < 24 {
				v = 40 // text
			}
			img.SetRGBA(x, y, color.RGBA{v, v, v, 255})
		}
	}
	sig = image.Rect(340, 100, 540, 300)
	for y := sig.Min.Y; y < sig.Max.Y; y++ {
		for x := sig.Min.X; x < sig.Max.X; x++ {
			// diagonal strokes, 2 px of every 16
			if (x+y)%16 < 2 {
				img.SetRGBA(x, y, color.RGBA{40, 60, 190, 255})
			}
			d := math.Hypot(float64(x-440), float64(y-200))
			switch {
			case math.Abs(d-80) < 6:
				img.SetRGBA(x, y, color.RGBA{215, 40, 50, 255})
			case math.Abs(d-80) < 9: // rim: only reddish
				img.SetRGBA(x, y, color.RGBA{200, 165, 168, 255})
			}
		}
	}
	// an isolated reddish dot far from the seal is not seal ink
	for y := 350; y < 354; y++ {
		for x := 400; x < 404; x++ {
			img.SetRGBA(x, y, color.RGBA{200, 165, 168, 255})
		}
	}
	return img, sig
}

func TestDroppedInkBecomesPaper(t *testing.T) {
	img, sig := inkPage()
	g, dropped := toGray(img)
	if dropped < 8000 {
		t.Fatalf("only %d pixels dropped", dropped)
	}
	// the pink rim connected to the seal is dropped, the lone dot is not
	if v := g.at(440+80+7, 200); v < 200 || v > 235 {
		t.Errorf("seal rim: %d, want the paper level (about 222)", v)
	}
	if v := g.at(401, 351); v > 190 {
		t.Errorf("isolated reddish dot dropped: %d", v)
	}
	// Dropped pixels take the paper level, not white: after background
	// flattening the paper inside the signature looks like the paper
	// elsewhere, so its grain is not darker than elsewhere.
	normalizeBackground(g, 60)
	mean := func(r image.Rectangle) float64 {
		s, n := 0.0, 0
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				s += float64(g.at(x, y))
				n++
			}
		}
		return s / float64(n)
	}
	in, out := mean(sig.Inset(20)), mean(image.Rect(320, 0, 600, 80))
	if math.Abs(in-out) > 6 {
		t.Errorf("paper inside the signature %.1f, elsewhere %.1f", in, out)
	}
	binarize(g)
	black := 0
	for y := sig.Min.Y; y < sig.Max.Y; y++ {
		for x := sig.Min.X; x < sig.Max.X; x++ {
			if g.at(x, y) == 0 {
				black++
			}
		}
	}
	if black > 0 {
		t.Errorf("%d black pixels left of the seal and signature", black)
	}
	if g.at(22, 10) != 0 {
		t.Errorf("text lost")
	}
}
