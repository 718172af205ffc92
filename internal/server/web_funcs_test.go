package server

import "testing"

func TestWebHighlight(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"phát triển <mark>đảng viên</mark> ở thôn", "phát triển <mark>đảng viên</mark> ở thôn"},
		// Bleve escapes text around marks; nothing is escaped twice.
		{"a &lt;b&gt; &amp; <mark>c</mark>", "a &lt;b&gt; &amp; <mark>c</mark>"},
		// Raw markup is escaped whatever its origin; unbalanced marks are fixed.
		{"<script>x</script><mark>y", "&lt;script&gt;x&lt;/script&gt;<mark>y</mark>"},
		{"</mark>z<mark><mark>w</mark></mark>", "z<mark>w</mark>"},
		{"dòng\n  hai", "dòng hai"},
	} {
		if got := string(highlight(c.in)); got != c.want {
			t.Errorf("highlight(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestWebFormatting(t *testing.T) {
	if got := viDate("2025-03-12"); got != "12/03/2025" {
		t.Errorf("viDate = %q", got)
	}
	for in, want := range map[string]string{"12/3/2025": "2025-03-12", "2025-03-12": "2025-03-12", "": "", "1.2.2024": "2024-02-01"} {
		if got, ok := parseDateInput(in); !ok || got != want {
			t.Errorf("parseDateInput(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := parseDateInput("30/02/2025"); ok {
		t.Error("30/02/2025 accepted")
	}
	if got := fieldLabel("tasks.1.lead"); got != "Nhiệm vụ 2 — chủ trì" {
		t.Errorf("fieldLabel = %q", got)
	}
	if got := rawValue([]byte(`["Ban A","Ban B"]`)); got != "Ban A; Ban B" {
		t.Errorf("rawValue = %q", got)
	}
	for _, p := range []string{"//evil.example", "https://evil.example/", "/\\evil", "javascript:alert(1)"} {
		if got := localPath(p); got != "/" {
			t.Errorf("localPath(%q) = %q", p, got)
		}
	}
}
