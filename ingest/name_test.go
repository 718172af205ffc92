package ingest

import (
	"strings"
	"testing"
)

func TestCleanName(t *testing.T) {
	for in, want := range map[string]string{
		"../../etc/passwd":                "passwd",
		`..\..\windows\win.ini`:           "win.ini",
		"/abs/path.txt":                   "path.txt",
		"van\x00ban.txt":                  "vanban.txt",
		"\x1b[31mdo\r\n.txt":              "[31mdo.txt",
		"..":                              "tep-tai-len",
		".hidden.pdf":                     "hidden.pdf",
		"t\xffe\xfen.txt":                 "ten.txt",
		"Công văn số 12.docx":             "Công văn số 12.docx",
		strings.Repeat("ả", 300) + ".pdf": strings.Repeat("ả", 83) + ".pdf",
	} {
		if got := CleanName(in); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
}
