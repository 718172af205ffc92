package textnorm

import "testing"

func TestFold(t *testing.T) {
	cases := map[string]string{"Đảng viên": "Dang vien", "Huyện ủy": "Huyen uy", "abc": "abc", "ÐỒNG": "DONG", "Vie\u0302\u0323t": "Viet"}
	for in, want := range cases {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
