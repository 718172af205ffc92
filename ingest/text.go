package ingest

import (
	"unicode/utf16"
	"unicode/utf8"

	"vanthu/ingest/legacy"
	"vanthu/internal/textnorm"
)

// readText reads plain text or Markdown: UTF-8, UTF-16 with a BOM, or a
// legacy Vietnamese encoding detected from the content.
func readText(data []byte) (*Document, error) {
	d := &Document{MediaType: "text/plain", Pages: 1}
	var s string
	switch {
	case len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF:
		s = string(data[3:])
	case len(data) >= 2 && data[0] == 0xFF && data[1] == 0xFE:
		s, d.Encoding = decodeUTF16(data[2:], false), "UTF-16LE"
	case len(data) >= 2 && data[0] == 0xFE && data[1] == 0xFF:
		s, d.Encoding = decodeUTF16(data[2:], true), "UTF-16BE"
	default:
		s, d.Encoding = legacy.Decode(data)
	}
	if !utf8.ValidString(s) {
		s = string([]rune(s)) // replaces invalid bytes with U+FFFD
		d.warn(WarnSuspicious, "Tệp có byte không hợp lệ; một số ký tự có thể bị mất.")
	}
	d.Text = textnorm.Clean(s)
	return d, nil
}

func decodeUTF16(b []byte, bigEndian bool) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		if bigEndian {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		} else {
			u = append(u, uint16(b[i+1])<<8|uint16(b[i]))
		}
	}
	return string(utf16.Decode(u))
}
