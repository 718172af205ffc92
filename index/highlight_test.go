package index

import (
	"reflect"
	"strings"
	"testing"

	"vanthu/internal/textnorm"
)

// TestMarkedWords checks the one-pass word marking against the analyzer's
// own tokens folded one by one (what highlights used before).
func TestMarkedWords(t *testing.T) {
	marks := markWords("dang vien UBND 28-CT/TW Huyện uỷ")
	for _, s := range []string{
		"ĐẢNG VIÊN mới; đảng viên, Đảng viên (Ủy ban nhân dân) — đang viết",
		"Chỉ thị 28-CT/TW ngày 1/1/2024 của Huyện ủy Đông Giang, HUYỆN UỶ",
		"Đa\u0301ng vie\u0302\u0300n: dấu tổ hợp; ubnd UBND Ubnd",
		"",
	} {
		var want []span
		for _, tok := range (syllableTokenizer{}).Tokenize([]byte(s)) {
			if marks[strings.ToLower(textnorm.Fold(string(tok.Term)))] {
				want = append(want, span{tok.Start, tok.End})
			}
		}
		if got := markedWords(s, marks); !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\n got %v\nwant %v", s, got, want)
		}
	}
	if got := markedWords("Các đảng viên", marks); len(got) != 2 {
		t.Errorf("marked %v, want 2 words", got)
	}
}
