package ocr

import (
	"image"
	"strings"
	"testing"
)

// A tall box beside two lines (a seal remnant read with the position, a
// word spanning two lines) must not pull the two lines into one row: the
// stacked fragments were merged into one line ("- A, - B").
func TestReadingOrderTallBoxBesideTwoLines(t *testing.T) {
	w := func(text string, x0, y0, x1, y1, line int) Word {
		return Word{Text: text, Box: image.Rect(x0, y0, x1, y1), Conf: 0.9, Block: 6, Par: 1, Line: line}
	}
	words := []Word{
		w("Nơi", 342, 942, 427, 982, 1), w("nhận:", 440, 941, 572, 994, 1),
		w("-", 344, 1022, 357, 1027, 2), w("Thường", 370, 1003, 516, 1047, 2), w("trực", 528, 1009, 601, 1045, 2), w("ủy,", 713, 1003, 767, 1047, 2),
		w("-", 344, 1076, 357, 1081, 3), w("Các", 371, 1059, 440, 1091, 3), w("Ban", 455, 1059, 526, 1091, 3), w("ủy,", 934, 1057, 979, 1101, 3),
		w("BÍ", 1627, 1006, 1687, 1101, 3), w("THƯ", 1704, 1014, 1861, 1064, 3),
		w("-", 343, 1130, 357, 1136, 4), w("Lưu.", 374, 1111, 469, 1145, 4),
	}
	got := strings.Join(readingOrder(words), "\n")
	want := "Nơi nhận:\n- Thường trực ủy,\n- Các Ban ủy,\n- Lưu.\nBÍ THƯ"
	if got != want {
		t.Errorf("reading order:\n%s\nwant:\n%s", got, want)
	}
}
