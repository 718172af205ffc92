package legacy

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// sampleText is a realistic official letter; it has capital lines, title-case
// words starting with toned capitals, quotes, dashes, numbers and a sentence
// ending in a vowel.
const sampleText = `ỦY BAN NHÂN DÂN TỈNH HÀ LAM
SỞ GIÁO DỤC VÀ ĐÀO TẠO
Số: 123/UBND-VX
V/v triển khai công tác chuyển đổi số năm 2025
Kính gửi: Sở Giáo dục và Đào tạo; Ủy ban nhân dân các huyện, thị xã.
Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học, công nghệ – đổi mới sáng tạo, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các đơn vị khẩn trương triển khai thực hiện, báo cáo kết quả trước ngày 30/6/2025.
Đảng bộ tỉnh quyết định thành lập Ban Chỉ đạo “Chuyển đổi số”; đồng chí Phó Bí thư Thường trực làm Trưởng ban, các thành viên gồm lãnh đạo các sở, ngành và địa phương.
Nơi nhận: như trên; lưu VT, VX. Thời hạn gửi báo cáo là ngày mai.
Huyện ủy, Thành ủy ghi nhận ý kiến của cử tri về giữ gìn trật tự, khuyến khích người dân tham gia.`

func cp1252Text(b []byte) []byte { return []byte(decode1252(b)) }

func TestRoundTrips(t *testing.T) {
	want := norm.NFC.String(sampleText)
	tests := []struct {
		name, enc string
		in        []byte
	}{
		{"VNI bytes", VNI, EncodeVNI(sampleText)},
		{"VNI as UTF-8", VNI, cp1252Text(EncodeVNI(sampleText))},
		{"VIQR", VIQR, []byte(EncodeVIQR(sampleText))},
		{"VIQR from NFD", VIQR, []byte(EncodeVIQR(norm.NFD.String(sampleText)))},
	}
	for _, tt := range tests {
		got, enc := Decode(tt.in)
		if enc != tt.enc || got != want {
			t.Errorf("%s: encoding %q, want %q\n%s", tt.name, enc, tt.enc, diff(got, want))
		}
	}
}

func TestTCVN3RoundTrip(t *testing.T) {
	want := norm.NFC.String(sampleText)
	for name, in := range map[string][]byte{
		"bytes":      EncodeTCVN3(sampleText),
		"as UTF-8":   cp1252Text(EncodeTCVN3(sampleText)),
		"NFD source": EncodeTCVN3(norm.NFD.String(sampleText)),
	} {
		got, enc := Decode(in)
		if enc != TCVN3 {
			t.Fatalf("%s: encoding %q, want TCVN3", name, enc)
		}
		// Title-case words that start with a toned capital ("Ủy ban") are
		// typed with lower-case codes and cannot be restored; all else is.
		if strings.ToLower(got) != strings.ToLower(want) {
			t.Errorf("%s:\n%s", name, diff(got, want))
		}
		lines := strings.Split(got, "\n")
		if lines[0] != "ỦY BAN NHÂN DÂN TỈNH HÀ LAM" || lines[1] != "SỞ GIÁO DỤC VÀ ĐÀO TẠO" {
			t.Errorf("%s: capital lines = %q, %q", name, lines[0], lines[1])
		}
		for _, s := range []string{"Số: 123/UBND-VX", "Kính gửi: Sở Giáo dục và Đào tạo;", "Đảng bộ tỉnh", "“Chuyển đổi số”", "công nghệ – đổi mới"} {
			if !strings.Contains(got, s) {
				t.Errorf("%s: missing %q in\n%s", name, s, got)
			}
		}
	}
}

func TestKnownLegacyStrings(t *testing.T) {
	tests := []struct {
		in, want, enc string
	}{
		{"§¶ng bé tØnh L©m §ång", "Đảng bộ tỉnh Lâm Đồng", TCVN3},
		{"\xa7\xb6ng b\xe9 t\xd8nh L\xa9m \xa7\xe5ng", "Đảng bộ tỉnh Lâm Đồng", TCVN3},
		{"Quy\xd5t \xae\xdenh th\xb5nh l\xcbp Ban ch\xd8 \xae\xb9o", "Quyết định thành lập Ban chỉ đạo", TCVN3},
		{"§¶NG Bé TØNH L¢M §åNG", "ĐẢNG BỘ TỈNH LÂM ĐỒNG", TCVN3},
		{"ñY BAN NH¢N D¢N HUYÖN", "ỦY BAN NHÂN DÂN HUYỆN", TCVN3},
		{"Së GD§T tØnh L©m §ång", "Sở GDĐT tỉnh Lâm Đồng", TCVN3},
		{"Ñaûng boä tænh Laâm Ñoàng quyeát ñònh", "Đảng bộ tỉnh Lâm Đồng quyết định", VNI},
		{"\xd1a\xfbng bo\xe4 t\xe6nh La\xe2m \xd1o\xe0ng", "Đảng bộ tỉnh Lâm Đồng", VNI},
		{"ÑAÛNG COÄNG SAÛN VIEÄT NAM", "ĐẢNG CỘNG SẢN VIỆT NAM", VNI},
		{"UÛy ban nhaân daân tænh Uûy vieân", "Ủy ban nhân dân tỉnh Ủy viên", VNI},
		{"Ngöôøi laøm ñôn ñeà nghò", "Người làm đơn đề nghị", VNI},
		{"TRUNG ÖÔNG ÑOAØN Tröôøng", "TRUNG ƯƠNG ĐOÀN Trường", VNI},
		{"Vie^.t Nam DDa?ng bo^. ti?nh", "Việt Nam Đảng bộ tỉnh", VIQR},
		{"Co^.ng ho`a xa~ ho^.i chu? nghi~a Vie^.t Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam", VIQR},
	}
	for _, tt := range tests {
		got, enc := Decode([]byte(tt.in))
		if got != tt.want || enc != tt.enc {
			t.Errorf("Decode(%q) = %q, %q; want %q, %q", tt.in, got, enc, tt.want, tt.enc)
		}
	}
}

func TestUnicodeAndEnglishUntouched(t *testing.T) {
	for _, s := range []string{
		sampleText,
		norm.NFD.String(sampleText),
		norm.NFD.String("Huyện ủy Lạc Dương yêu cầu các chi bộ thực hiện."),
		"The quick brown fox jumps over the lazy dog. It's 5 o'clock, isn't it? You're late.",
		"Café crème brûlée, naïve façade – “quoted” text © 2024.",
		"Tiếng Việt có dấu: “Độc lập – Tự do – Hạnh phúc”, giá 10.000 đ, © 2025.",
		"1006-CV/HU 30/6/2023",
		"ĐẢNG BỘ TỈNH LÂM ĐỒNG\n*\nSố 12-NQ/TU",
		"Ủy ban",
		"",
	} {
		got, enc := Decode([]byte(s))
		if enc != "" || got != s {
			t.Errorf("Decode(%q) = %q, %q; want it unchanged", s, got, enc)
		}
	}
}

func TestInvalidUTF8Fallback(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve fa\xe7ade", "Café crème brûlée, naïve façade"},
		{"price \x80 5, odd \x81\x8d byte", "price € 5, odd \u0081\u008d byte"},
		{"\xff\xfe\x00A", "ÿþ\x00A"},
	}
	for _, tt := range tests {
		got, enc := Decode([]byte(tt.in))
		if enc != "" || got != tt.want {
			t.Errorf("Decode(%q) = %q, %q; want %q, \"\"", tt.in, got, enc, tt.want)
		}
	}
}

func TestLargeInput(t *testing.T) {
	// detection looks at a prefix; conversion must cover everything
	text := strings.Repeat(sampleText+"\n", 30) + "Cuối văn bản: Đảng bộ tỉnh."
	got, enc := Decode(EncodeVNI(text))
	if enc != VNI || got != norm.NFC.String(text) {
		t.Errorf("large VNI: encoding %q, equal %v", enc, got == norm.NFC.String(text))
	}
	if len(text) <= sampleBytes {
		t.Fatalf("test text too short: %d bytes", len(text))
	}
}

func TestDecodeVIQR(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ba('t dda^`u tu+` nga`y mai\\. Ho.c sinh dde^'n tru+o+`ng.\nBo^. Ch1nh", "Bắt đầu từ ngày mai. Học sinh đến trường.\nBộ Ch1nh"},
		{`Ghi chu\. ca'c mu.c`, "Ghi chu. các mục"},
		{"ca'c tri.,", "các trị,"},
		{"dde^'n nga`y mai.\nHo^m nay", "đến ngày mai.\nHôm nay"},
		{"DDA?NG BO^.\nTI?NH", "ĐẢNG BỘ\nTỈNH"},
		{"Ba'o ca'o ta^.p hua^'n\\. Ho^.i nghi.\nXong", "Báo cáo tập huấn. Hội nghị\nXong"}, // escapes: strict
		{"Ddi. a`", "Đị à"},
		{"Add odd", "Add odd"},
		{"ti\\'nh o\\^", "ti'nh o^"},
	}
	for _, tt := range tests {
		if got := DecodeVIQR(tt.in); got != tt.want {
			t.Errorf("DecodeVIQR(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEncodeVIQR(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Việt Nam", "Vie^.t Nam"},
		{"Đảng ủy", "DDa?ng u?y"},
		{"ngày mai. Hỏi?", "nga`y mai\\. Ho?i\\?"},
		{"Bô.", "Bo^\\."},
		{"a+b o^", "a\\+b o\\^"},
		{"người ưu tú", "ngu+o+`i u+u tu'"},
	}
	for _, tt := range tests {
		got := EncodeVIQR(tt.in)
		if got != tt.want {
			t.Errorf("EncodeVIQR(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if back := DecodeVIQR(got); back != tt.in {
			t.Errorf("DecodeVIQR(EncodeVIQR(%q)) = %q", tt.in, back)
		}
	}
}

func TestEncodeFallbacks(t *testing.T) {
	if got := EncodeTCVN3("Độc lập – “Tự do” © ★"); !bytes.Equal(got, []byte("\xa7\xe9c l\xcbp \x96 \x93T\xf9 do\x94 ? ?")) {
		t.Errorf("EncodeTCVN3 = %q", got)
	}
	if got := EncodeVNI("Đà Lạt – € ★"); !bytes.Equal(got, []byte("\xd1a\xf8 La\xeft \x96 \x80 ?")) {
		t.Errorf("EncodeVNI = %q", got)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(sampleText))
	f.Add(EncodeTCVN3(sampleText))
	f.Add(EncodeVNI(sampleText))
	f.Add(cp1252Text(EncodeVNI(sampleText)))
	f.Add([]byte(EncodeVIQR(sampleText)))
	f.Add([]byte{0xff, 0xfe, 0x00, 0x41})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, enc := Decode(b)
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 output %q", s)
		}
		switch {
		case enc != "" && !norm.NFC.IsNormalString(s):
			t.Fatalf("%s output not NFC: %q", enc, s)
		case enc == "" && utf8.Valid(b) && s != string(b):
			t.Fatalf("Unicode input changed: %q -> %q", b, s)
		case enc != "" && enc != TCVN3 && enc != VNI && enc != VIQR:
			t.Fatalf("unknown encoding %q", enc)
		}
		if s2, enc2 := Decode(b); s2 != s || enc2 != enc {
			t.Fatalf("not deterministic")
		}
	})
}

func benchData() string {
	var sb strings.Builder
	for sb.Len() < 10<<10 {
		sb.WriteString(sampleText)
		sb.WriteByte('\n')
	}
	return sb.String()
}

func BenchmarkDecode10KB(b *testing.B) {
	text := benchData()
	for _, bc := range []struct {
		name string
		data []byte
	}{
		{"TCVN3", EncodeTCVN3(text)},
		{"VNI", EncodeVNI(text)},
		{"VIQR", []byte(EncodeVIQR(text))},
		{"Unicode", []byte(text)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.data)))
			for b.Loop() {
				Decode(bc.data)
			}
		})
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
