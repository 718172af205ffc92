package textnorm

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestCanonicalTones(t *testing.T) {
	tests := []struct{ in, want string }{
		{"uỷ", "ủy"},
		{"Huyện uỷ", "Huyện ủy"},
		{"HUYỆN UỶ", "HUYỆN ỦY"},
		{"Uỷ ban", "Ủy ban"},
		{"hoà", "hòa"},
		{"thuý", "thúy"},
		{"qúy", "quý"},
		{"Qúy", "Quý"},
		{"gìa", "già"},
		{"GÌA", "GIÀ"},
		{"khoẻ", "khỏe"},
		{"Thanh Hoá", "Thanh Hóa"},
		{"khuỷu", "khuỷu"},
		{"khủyu", "khuỷu"},
		{"ngoaì", "ngoài"},
		{"hoàn", "hoàn"},
		{"hòan", "hoàn"},
		{"người", "người"},
		{"ngừơi", "người"},
		{"thuở", "thuở"},
		{"quốc", "quốc"},
		{"giữa", "giữa"},
		{"gìn", "gìn"},
		{"mùa", "mùa"},
		{"Hòa Bình", "Hòa Bình"},
		{"1006-CV/HU", "1006-CV/HU"},
		{"tiếng Việt", "tiếng Việt"},
		{"hoa\u0300", "hòa"},              // NFD input
		{"u\u0309y ban", "ủy ban"},        // NFD input
		{"caféà", "caféà"},                // not a syllable
		{"xoà́", norm.NFC.String("xoà́")}, // two tones: left alone
		{"(uỷ)", "(ủy)"},                  // punctuation around
		{"", ""},
	}
	for _, tt := range tests {
		if got := CanonicalTones(tt.in); got != tt.want {
			t.Errorf("CanonicalTones(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Huyện  Uỷ\tLạc Dương ", "huyện ủy lạc dương"},
		{"HUYỆN ỦY\nLẠC DƯƠNG", "huyện ủy lạc dương"},
		{"Ðảng\u00A0bộ", "đảng bộ"},
		{"Thanh Hoa\u0301", "thanh hóa"},
		{"Chỉ thị 28-CT/TW", "chỉ thị 28-ct/tw"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Key(tt.in); got != tt.want {
			t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	foldTests := []struct{ in, want string }{
		{"Đảng viên", "dang vien"},
		{"Huyện uỷ  Lạc Dương", "huyen uy lac duong"},
		{"ĐẢNG BỘ TỈNH", "dang bo tinh"},
	}
	for _, tt := range foldTests {
		if got := FoldKey(tt.in); got != tt.want {
			t.Errorf("FoldKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzCanonicalTones(f *testing.F) {
	for _, s := range []string{"Huyện uỷ", "hoà thuận", "qúy", "gìa", "ĐẢNG BỘ", "a\u0301b", "", "ngừơi khoẻ", "ả\u0323o"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := CanonicalTones(s)
		if k := Key(s); !utf8.ValidString(k) {
			t.Fatalf("Key(%q) = %q: invalid UTF-8", s, k)
		}
		if !utf8.ValidString(s) {
			return // the invariants below are for text
		}
		if !utf8.ValidString(a) {
			t.Fatalf("invalid UTF-8 output for %q: %q", s, a)
		}
		if !norm.NFC.IsNormalString(a) {
			t.Fatalf("output not NFC: %q -> %q", s, a)
		}
		if b := CanonicalTones(a); a != b {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, a, b)
		}
		k := Key(s)
		if k2 := Key(k); k != k2 {
			t.Fatalf("Key not idempotent: %q -> %q -> %q", s, k, k2)
		}
		if fk := FoldKey(s); FoldKey(fk) != fk {
			t.Fatalf("FoldKey not idempotent: %q -> %q", s, fk)
		}
	})
}

func BenchmarkKey(b *testing.B) {
	s := "Ban Thường vụ Huyện uỷ yêu cầu các cấp uỷ, tổ chức cơ sở đảng thực hiện tốt các nội dung sau"
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Key(s)
	}
}
