package textnorm

import "testing"

func TestCanonicalTones(t *testing.T) {
	for in, want := range map[string]string{
		"uỷ":            "ủy",
		"Huyện uỷ":      "Huyện ủy",
		"HUYỆN UỶ":      "HUYỆN ỦY",
		"hoà":           "hòa",
		"thuý":          "thúy",
		"qúy":           "quý",
		"gìa":           "già",
		"khoẻ":          "khỏe",
		"hoàn":          "hoàn",
		"người":         "người",
		"thuở":          "thuở",
		"quốc":          "quốc",
		"giữa":          "giữa",
		"Hòa Bình":      "Hòa Bình",
		"ngoài":         "ngoài",
		"Thanh Hoá":     "Thanh Hóa",
		"1006-CV/HU":    "1006-CV/HU",
		"tiếng Việt":    "tiếng Việt",
		"hoa\u0300":     "hòa", // NFD input
	} {
		if got := CanonicalTones(in); got != want {
			t.Errorf("CanonicalTones(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKey(t *testing.T) {
	if Key("  Huyện  Uỷ\tLạc Dương ") != Key("huyện ủy lạc dương") {
		t.Errorf("keys differ: %q %q", Key("  Huyện  Uỷ\tLạc Dương "), Key("huyện ủy lạc dương"))
	}
	if FoldKey("Đảng viên") != "dang vien" {
		t.Errorf("FoldKey = %q", FoldKey("Đảng viên"))
	}
}

func FuzzCanonicalTones(f *testing.F) {
	for _, s := range []string{"Huyện uỷ", "hoà thuận", "qúy", "gìa", "ĐẢNG BỘ", "a\u0301b", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := CanonicalTones(s)
		if b := CanonicalTones(a); a != b {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, a, b)
		}
		k := Key(s)
		if k != Key(k) {
			t.Fatalf("Key not idempotent: %q", s)
		}
	})
}

func BenchmarkKey(b *testing.B) {
	s := "Ban Thường vụ Huyện uỷ yêu cầu các cấp uỷ, tổ chức cơ sở đảng thực hiện tốt các nội dung sau"
	for i := 0; i < b.N; i++ {
		Key(s)
	}
}
