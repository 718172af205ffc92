package ocr

import (
	"image"
	"strings"
	"testing"
)

func TestMergeDetachedMarks(t *testing.T) {
	box := func(text string, x0, y0, x1, y1 int) Word {
		return Word{Text: text, Box: image.Rect(x0, y0, x1, y1), Conf: 0.9}
	}
	ws := []Word{
		box("T/M", 1400, 940, 1510, 995), box("BAN", 1530, 940, 1660, 995),
		box("Í", 1674, 1015, 1687, 1025), // the acute of "BÍ", read apart
		box("THƯ", 1706, 1023, 1836, 1067),
		box("BI", 1629, 1027, 1689, 1067),
		box("Hà", 1556, 1416, 1630, 1457), box("Việt", 1645, 1416, 1749, 1468),
	}
	got := mergeDetachedMarks(ws)
	var texts []string
	for _, w := range got {
		texts = append(texts, w.Text)
	}
	if s := strings.Join(texts, " "); s != "T/M BAN THƯ BÍ Hà Việt" {
		t.Errorf("merged: %q", s)
	}
	// The mark goes to the letter under it: "ANA" with the acute over the
	// last A.
	got = mergeDetachedMarks([]Word{box("Á", 195, 80, 205, 90), box("ANA", 100, 95, 220, 140), box("x", 400, 95, 450, 140), box("y", 500, 95, 550, 140)})
	if got[0].Text != "ANÁ" || len(got) != 3 {
		t.Errorf("mark over the last letter: %+v", got)
	}
	// Left alone: a small word that is no letter with marks, a mark with no
	// word under it, a mark above a word without that letter.
	for _, ws := range [][]Word{
		{box(",", 130, 80, 140, 90), box("ANA", 100, 95, 220, 140), box("x", 400, 95, 450, 140)},
		{box("Á", 700, 80, 710, 90), box("ANA", 100, 95, 220, 140), box("x", 400, 95, 450, 140)},
		{box("Ó", 195, 80, 205, 90), box("ANA", 100, 95, 220, 140), box("x", 400, 95, 450, 140)},
	} {
		if got := mergeDetachedMarks(append([]Word(nil), ws...)); len(got) != len(ws) || got[1].Text != "ANA" {
			t.Errorf("changed: %+v", got)
		}
	}
}

func TestDropJunkSpecks(t *testing.T) {
	w := func(text string, x0, y0, x1, y1 int, conf float64, line int) Word {
		return Word{Text: text, Box: image.Rect(x0, y0, x1, y1), Conf: conf, Block: 5, Par: 1, Line: line}
	}
	ws := []Word{
		w("-", 358, 1546, 371, 1551, 0.93, 7), w("Các", 385, 1530, 450, 1570, 0.97, 7), w("huyện,", 460, 1530, 580, 1594, 0.96, 7),
		w("`", 1622, 1567, 1634, 1576, 0.85, 7),   // seal speck, alone
		w("XƯA", 1705, 1567, 1740, 1576, 0.26, 7), // a 9-px "word" among 45-px ones
		w("BÍ", 1642, 1480, 1701, 1525, 0.91, 6), w("THƯ", 1719, 1482, 1848, 1525, 0.91, 6),
		w("“Tăng", 400, 1600, 520, 1645, 0.95, 8), w("”", 530, 1600, 540, 1615, 0.80, 8), // a quote next to text stays
		w("cường", 560, 1600, 680, 1645, 0.95, 8),
		w("x", 700, 1620, 720, 1631, 0.95, 8), // flat but sure: kept
		w("Hà", 1556, 1700, 1630, 1745, 0.97, 9), w("Việt", 1645, 1700, 1749, 1752, 0.97, 9),
	}
	var got []string
	for _, w := range dropJunk(ws) {
		got = append(got, w.Text)
	}
	if s := strings.Join(got, " "); s != "- Các huyện, BÍ THƯ “Tăng ” cường x Hà Việt" {
		t.Errorf("kept: %q", s)
	}
}
