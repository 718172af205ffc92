package textnorm

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestIsSyllable(t *testing.T) {
	valid := []string{
		"Đảng", "huyện", "uỷ", "ủy", "người", "nghiêng", "quyết", "định", "gì", "già", "gìa",
		"giữa", "giếng", "khuya", "khuỷu", "Việt", "NAM", "tỉnh", "kết", "nạp", "chỉ", "thị",
		"hoà", "hòa", "xã", "ấp", "yêu", "oanh", "bộ", "thuở", "quý", "qúy", "xoong", "kẻng",
		"nghìn", "gi", "a", "ĐỒNG", norm.NFD.String("huyện"), "đường", "uống", "khoắc",
	}
	invalid := []string{
		"Ñaûng", "boä", "tænh", "qwerty", "abc", "nghong", "kà", "cê", "tàp", "bắtt", "Quy¨t",
		"", "dangg", "ghà", "ngha", "quu", "xoà́", "mạn̉", "bàc", "tìch", "hỏp", "vn", "strong",
		"café", "1", "ab1", "đđ",
	}
	for _, s := range valid {
		if !IsSyllable(s) {
			t.Errorf("IsSyllable(%q) = false, want true", s)
		}
	}
	for _, s := range invalid {
		if IsSyllable(s) {
			t.Errorf("IsSyllable(%q) = true, want false", s)
		}
	}
}

func TestSyllableRatio(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		min, max float64
	}{
		{"vietnamese", "Ban Thường vụ Huyện ủy yêu cầu các cấp ủy thực hiện", 1, 1},
		{"nfd", norm.NFD.String("Ban Thường vụ Huyện ủy yêu cầu"), 1, 1},
		{"numbers skipped", "Số 123/UBND-VX ngày 30/6/2025 của Ủy ban", 0.6, 0.9},
		{"vni bytes", "Ñaûng boä tænh Laâm Ñoàng", 0, 0.3},
		{"tcvn3 chars", "§¶ng bé tØnh L©m §ång", 0, 0.5},
		{"english", "The quick brown fox jumps over the lazy dog", 0, 0.4},
		{"no tokens", "123 456 --", 0, 0},
		{"empty", "", 0, 0},
	}
	for _, tt := range tests {
		r := SyllableRatio(tt.in)
		if r < tt.min || r > tt.max {
			t.Errorf("%s: SyllableRatio(%q) = %v, want in [%v, %v]", tt.name, tt.in, r, tt.min, tt.max)
		}
	}
}

func BenchmarkSyllableRatio(b *testing.B) {
	s := "Ban Thường vụ Huyện uỷ yêu cầu các cấp uỷ, tổ chức cơ sở đảng thực hiện tốt các nội dung sau"
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		SyllableRatio(s)
	}
}
