package ocr

import (
	"context"
	"testing"
)

func TestSplitRowCutsBlankBandBelowHeader(t *testing.T) {
	g, _ := toGray(drawPage(t, 0))
	binarize(g)
	cut, ok := splitRow(g)
	if !ok {
		t.Fatal("no cut found on the synthetic page")
	}
	if cut < g.H/4 {
		t.Errorf("cut at row %d lies in the header region (< %d)", cut, g.H/4)
	}
	for y := cut - 3; y <= cut+3; y++ {
		dark := 0
		for x := 0; x < g.W; x++ {
			if g.Pix[y*g.W+x] == 0 {
				dark++
			}
		}
		if dark > 2 {
			t.Errorf("row %d near the cut has %d dark pixels", y, dark)
		}
	}
	// A page without a blank band is not cut.
	full := newGray(400, 800)
	for i := range full.Pix {
		if (i/full.W)%6 < 3 {
			full.Pix[i] = 0
		} else {
			full.Pix[i] = 255
		}
	}
	if c, ok := splitRow(full); ok {
		t.Errorf("page without blank band cut at %d", c)
	}
}

// With two workers a one-page image is read as two parts by two Tesseract
// processes; the merged words must give the same document.
func TestSplitPageKeepsText(t *testing.T) {
	needOCR(t)
	data := encodePNG(t, drawPage(t, 1.5))
	one, err := RecognizeImage(context.Background(), data, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	two, err := RecognizeImage(context.Background(), data, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(two) != 1 || two[0].Err != nil {
		t.Fatalf("pages: %+v", two)
	}
	lower := 0
	for _, w := range two[0].Words {
		if w.Block >= partBlockOffset {
			lower++
		}
	}
	if lower == 0 || lower == len(two[0].Words) {
		t.Fatalf("page not split: %d of %d words in the lower part", lower, len(two[0].Words))
	}
	for _, w := range one[0].Words {
		if w.Block >= partBlockOffset {
			t.Fatal("one worker split the page")
		}
	}
	c1, c2 := CER(expectedText(), one[0].Text), CER(expectedText(), two[0].Text)
	t.Logf("CER whole %.4f, split %.4f\n%s", c1, c2, two[0].Text)
	if c2 > maxSyntheticCER {
		t.Errorf("split page CER %.3f > %.3f", c2, maxSyntheticCER)
	}
}
