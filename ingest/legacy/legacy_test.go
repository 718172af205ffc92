package legacy

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

const sampleText = `ỦY BAN NHÂN DÂN TỈNH HÀ LAM
Số: 123/UBND-VX
V/v triển khai công tác chuyển đổi số năm 2025
Kính gửi: Sở Giáo dục và Đào tạo; Ủy ban nhân dân các huyện, thị xã.
Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các đơn vị khẩn trương triển khai thực hiện, báo cáo kết quả trước ngày 30/6/2025.
Đảng bộ tỉnh quyết định thành lập Ban Chỉ đạo; đồng chí Phó Bí thư Thường trực làm Trưởng ban.`

func TestRoundTrips(t *testing.T) {
	want := norm.NFC.String(sampleText)
	if got, enc := Decode(EncodeVNI(sampleText)); got != want || enc != VNI {
		t.Errorf("VNI round trip (enc %q):\n%s", enc, diff(got, want))
	}
	if got, enc := Decode([]byte(EncodeVIQR(sampleText))); got != want || enc != VIQR {
		t.Errorf("VIQR round trip (enc %q):\n%s", enc, diff(got, want))
	}
	// TCVN3 has no capital toned vowels; words typed in capitals come back in
	// capitals, title-case words lose nothing else.
	got, enc := Decode(EncodeTCVN3(sampleText))
	if enc != TCVN3 {
		t.Fatalf("TCVN3 not detected: %q", enc)
	}
	// capitals of title-case words that start with a toned vowel ("Ủy ban")
	// cannot be restored; everything else must be
	if strings.ToLower(got) != strings.ToLower(want) {
		t.Errorf("TCVN3 round trip:\n%s", diff(got, want))
	}
	if first := strings.SplitN(got, "\n", 2)[0]; first != "ỦY BAN NHÂN DÂN TỈNH HÀ LAM" {
		t.Errorf("all-capitals line = %q", first)
	}
	if !strings.Contains(got, "Số: 123/UBND-VX") || !strings.Contains(got, "Sở Giáo dục") {
		t.Errorf("title-case words changed:\n%s", got)
	}
}

func TestTCVN3AsUTF8Text(t *testing.T) {
	// legacy bytes already converted to UTF-8 characters, as in copied text
	b := EncodeTCVN3("Đảng bộ tỉnh Lâm Đồng")
	s, _ := charmap.Windows1252.NewDecoder().String(string(b))
	got, enc := Decode([]byte(s))
	if enc != TCVN3 || got != "Đảng bộ tỉnh Lâm Đồng" {
		t.Errorf("got %q %q", got, enc)
	}
	if s != "§¶ng bé tØnh L©m §ång" {
		t.Errorf("TCVN3 codes = %q", s)
	}
}

func TestKnownVNI(t *testing.T) {
	got, enc := Decode([]byte("Ñaûng boä tænh Laâm Ñoàng quyeát ñònh"))
	if enc != VNI || got != "Đảng bộ tỉnh Lâm Đồng quyết định" {
		t.Errorf("got %q %q", got, enc)
	}
}

func TestUnicodeAndEnglishUntouched(t *testing.T) {
	for _, s := range []string{
		sampleText,
		"The quick brown fox jumps over the lazy dog. It's 5 o'clock.",
		norm.NFD.String("Huyện ủy Lạc Dương yêu cầu các chi bộ thực hiện."),
		"1006-CV/HU 30/6/2023",
	} {
		got, enc := Decode([]byte(s))
		if enc != "" || got != norm.NFC.String(s) {
			t.Errorf("Decode(%q) = %q, %q; want unchanged", s[:20], got, enc)
		}
	}
}

func TestVIQRPunctuation(t *testing.T) {
	got := DecodeVIQR("Ba('t dda^`u tu+` nga`y mai\\. Ho.c sinh dde^'n tru+o+`ng.\nBo^. Ch1nh")
	if got != "Bắt đầu từ ngày mai. Học sinh đến trường.\nBộ Ch1nh" {
		t.Errorf("got %q", got)
	}
	if got := DecodeVIQR(`Ghi chu\. ca'c mu.c`); got != "Ghi chu. các mục" {
		t.Errorf("escape: %q", got)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(sampleText))
	f.Add(EncodeTCVN3(sampleText))
	f.Add(EncodeVNI(sampleText))
	f.Add([]byte(EncodeVIQR(sampleText)))
	f.Add([]byte{0xff, 0xfe, 0x00, 0x41})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, _ := Decode(b)
		if !norm.NFC.IsNormalString(s) {
			t.Fatalf("output not NFC: %q", s)
		}
		if strings.ToValidUTF8(s, "") != s {
			t.Fatalf("invalid UTF-8 output")
		}
	})
}

func BenchmarkDecode10KB(b *testing.B) {
	data := EncodeTCVN3(strings.Repeat(sampleText+"\n", 20))
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		Decode(data)
	}
}

func diff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	var out []string
	for i := range w {
		if i >= len(g) || g[i] != w[i] {
			gl := ""
			if i < len(g) {
				gl = g[i]
			}
			out = append(out, "got:  "+gl+"\nwant: "+w[i])
		}
	}
	return strings.Join(out, "\n")
}
