package ocr

import "testing"

func TestCER(t *testing.T) {
	for _, c := range []struct {
		ref, hyp string
		want     float64
	}{
		{"Đảng bộ", "Đảng bộ", 0},
		{"Đảng  bộ\n", "Đảng bộ", 0},    // whitespace collapsed
		{"Đảng bộ", "Dảng bộ", 1.0 / 7}, // one substitution
		{"hòa", "ho\u0300a", 0},         // NFD hypothesis
		{"abcd", "", 1},
	} {
		if got := CER(c.ref, c.hyp); got < c.want-1e-9 || got > c.want+1e-9 {
			t.Errorf("CER(%q, %q) = %v, want %v", c.ref, c.hyp, got, c.want)
		}
	}
}
