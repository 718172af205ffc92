package textnorm

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ðảng bộ", "Đảng bộ"},
		{"ðồng chí", "đồng chí"},
		{"dòng 1\r\ndòng 2\rdòng 3", "dòng 1\ndòng 2\ndòng 3"},
		{"Số\u00A012", "Số 12"},
		{"\uFEFFKính\u200B gửi", "Kính gửi"},
		{"Vie\u0302\u0323t", "Việt"},
		{"a\u200B\u0301", "á"}, // NFC after removing the zero-width space
		{"a\xffb", "a\uFFFDb"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCollapseSpaces(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Kính   gửi:\t\tSở  Nội vụ  ", "Kính gửi: Sở Nội vụ"},
		{"a \n  b\t\n\nc", "a\nb\n\nc"},
		{"a\u00A0\u2003b", "a b"},
		{"trang 1 \f trang 2", "trang 1\ftrang 2"},
		{"x \r\ny", "x\r\ny"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := CollapseSpaces(tt.in); got != tt.want {
			t.Errorf("CollapseSpaces(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUpperFirst(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ủy ban nhân dân", "Ủy ban nhân dân"},
		{"đảng bộ", "Đảng bộ"},
		{"(a) điểm", "(A) điểm"},
		{"Việt Nam", "Việt Nam"},
		{"123", "123"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := UpperFirst(tt.in); got != tt.want {
			t.Errorf("UpperFirst(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"Ðảng\u00A0bộ\r\n", "a\u200B\u0301", "**ĐẢNG**\n*\n", "  x\t y ", "\xff\xfe", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Clean(s)
		if c != cleanSlow(s) {
			t.Fatalf("Clean's shortcut changes the result for %q: %q, want %q", s, c, cleanSlow(s))
		}
		if !utf8.ValidString(c) {
			t.Fatalf("invalid UTF-8 output for %q: %q", s, c)
		}
		if !norm.NFC.IsNormalString(c) {
			t.Fatalf("Clean output not NFC: %q -> %q", s, c)
		}
		if c2 := Clean(c); c2 != c {
			t.Fatalf("Clean not idempotent: %q -> %q -> %q", s, c, c2)
		}
		cs := CollapseSpaces(c)
		if cs2 := CollapseSpaces(cs); cs2 != cs {
			t.Fatalf("CollapseSpaces not idempotent: %q -> %q -> %q", c, cs, cs2)
		}
		m := StripMarkdown(c)
		if utf8.ValidString(c) && !utf8.ValidString(m) {
			t.Fatalf("StripMarkdown produced invalid UTF-8: %q -> %q", c, m)
		}
	})
}

// TestIsCleanRanges checks the premise of IsClean's fast path against the
// Unicode tables: every character fastNFC accepts is in NFC on its own, is
// a starter (canonical combining class 0) and composes with no other one.
func TestIsCleanRanges(t *testing.T) {
	var fast []rune
	for r := rune(0); r < 0x3000; r++ {
		if fastNFC(r) && utf8.ValidRune(r) {
			fast = append(fast, r)
		}
	}
	for _, r := range fast {
		s := string(r)
		if p := norm.NFC.PropertiesString(s); p.CCC() != 0 || !norm.NFC.IsNormalString(s) {
			t.Fatalf("U+%04X: ccc %d, NFC %v", r, p.CCC(), norm.NFC.IsNormalString(s))
		}
	}
	// composition needs a second character that can combine: none of them
	for _, b := range fast {
		if p := norm.NFC.PropertiesString(string(b)); !p.BoundaryBefore() {
			t.Fatalf("U+%04X may combine with the character before it", b)
		}
	}
}

// TestIsClean checks IsClean against Clean on clean and unclean text.
func TestIsClean(t *testing.T) {
	for _, s := range []string{"", "Huyện ủy Lạc Dương – “Đảng viên” … 50.000 ₫", "plain ascii\n",
		"ĐẢNG CỘNG SẢN VIỆT NAM\n\tSố 28-CT/TW", "Hoà\u0300", "a\r\nb", "\u00D0ảng", "x\u00A0y", "bad\xffbyte",
		"e\u0301", "Ω \u2126", "한국", "zero\u200Bwidth", "soft\u00ADhyphen", "Anh\u0303"} {
		if got, want := IsClean(s), cleanSlow(s) == s && utf8.ValidString(s); got != want {
			t.Errorf("IsClean(%q) = %v, Clean changes it: %v", s, got, !want)
		}
	}
}
