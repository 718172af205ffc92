package textnorm

import "testing"

func TestIsSyllable(t *testing.T) {
	valid := []string{"Đảng", "huyện", "uỷ", "ủy", "người", "nghiêng", "quyết", "định", "gì", "già", "giữa", "khuya", "Việt", "NAM", "tỉnh", "kết", "nạp", "chỉ", "thị", "hoà", "hòa", "xã", "ấp", "yêu", "oanh", "bộ"}
	invalid := []string{"Ñaûng", "boä", "tænh", "qwerty", "abc", "nghong", "kà", "cê", "tàp", "bắtt", "Quy¨t", "", "dangg"}
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
	if r := SyllableRatio("Ban Thường vụ Huyện ủy yêu cầu các cấp ủy thực hiện"); r != 1 {
		t.Errorf("Vietnamese ratio = %v, want 1", r)
	}
	if r := SyllableRatio("Ñaûng boä tænh Laâm Ñoàng"); r > 0.3 {
		t.Errorf("VNI bytes ratio = %v, want low", r)
	}
	if r := SyllableRatio("123 456 --"); r != 0 {
		t.Errorf("no-token ratio = %v", r)
	}
}

func TestStripMarkdown(t *testing.T) {
	for in, want := range map[string]string{
		"**ĐẢNG BỘ TỈNH**":            "ĐẢNG BỘ TỈNH",
		"*Về tăng cường*":             "Về tăng cường",
		"*":                           "*",
		"Số **1006** -CV/HU":          "Số 1006 -CV/HU",
		"(*qua Ban tổ chức Huyện ủy*)": "(qua Ban tổ chức Huyện ủy)",
		"***trước ngày 30/6/2023***":  "trước ngày 30/6/2023",
		"* mục một":                   "* mục một",
		"## Tiêu đề":                  "Tiêu đề",
		"a * b":                       "a * b",
	} {
		if got := StripMarkdown(in); got != want {
			t.Errorf("StripMarkdown(%q) = %q, want %q", in, got, want)
		}
	}
}
