package ingest

import (
	"strings"
	"unicode/utf8"
)

// MaxNameLen bounds a stored file name, in bytes.
const MaxNameLen = 255

// CleanName reduces an uploaded file's name to a safe base name for the
// record, the staging area and the worker's command line: valid UTF-8, no directories (either slash),
// no control characters (NUL cannot be passed as an argument), no leading
// dots, at most MaxNameLen bytes; "tep-tai-len" when nothing is left.
func CleanName(name string) string {
	name = strings.ToValidUTF8(name, "")
	name = strings.ReplaceAll(name, "\\", "/")
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return -1
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ".")
	if len(name) > MaxNameLen {
		// keep a short extension: it is a format hint
		ext := ""
		if i := strings.LastIndex(name, "."); i > 0 && len(name)-i <= 16 {
			name, ext = name[:i], name[i:]
		}
		for len(name)+len(ext) > MaxNameLen {
			_, size := utf8.DecodeLastRuneInString(name)
			name = name[:len(name)-size]
		}
		name += ext
	}
	if name == "" {
		return "tep-tai-len"
	}
	return name
}
