package ingest

import (
	"errors"
	"strings"
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
	case utf16Order(data) != 0:
		s, d.Encoding = decodeUTF16(data, utf16Order(data) == 'B'), "UTF-16"+string(utf16Order(data))+"E"
	case isBinary(data):
		return nil, errBinary
	default:
		if !utf8.Valid(data) && mostlyUTF8(data) {
			// a UTF-8 file with some damaged bytes, not a legacy 8-bit one
			data = []byte(strings.ToValidUTF8(string(data), "\uFFFD"))
			d.warn(WarnSuspicious, "Tệp có byte không hợp lệ; một số ký tự có thể bị mất.")
		}
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

// errBinary is returned for content that is not text: the caller adds the
// file name (see ReadContext).
var errBinary = errors.New("binary content")

// sniffLen is how much of a file the text heuristics look at.
const sniffLen = 64 << 10

// utf16Order recognises UTF-16 text without a byte order mark: most code
// units of Vietnamese or English text have a zero high byte (ASCII) or a
// high byte of 0x00/0x01/0x1E (Latin and Vietnamese letters), so one byte
// parity is dominated by those values and the other is not. It returns 'L'
// or 'B', or 0 when data does not look like UTF-16.
func utf16Order(data []byte) byte {
	b := data[:min(len(data), sniffLen)&^1]
	if len(b) < 8 {
		return 0
	}
	var zeroEven, zeroOdd, nonZeroEven, nonZeroOdd int
	for i := 0; i+1 < len(b); i += 2 {
		if b[i] == 0 {
			zeroEven++
		} else {
			nonZeroEven++
		}
		if b[i+1] == 0 {
			zeroOdd++
		} else {
			nonZeroOdd++
		}
	}
	units := len(b) / 2
	switch {
	case zeroOdd*10 >= units*6 && nonZeroEven*10 >= units*9:
		return 'L' // "a\x00"
	case zeroEven*10 >= units*6 && nonZeroOdd*10 >= units*9:
		return 'B' // "\x00a"
	}
	return 0
}

// isBinary reports whether data holds control bytes that text never does
// (NUL, and more than a few other C0 controls): executables, archives,
// random data, a file of zero bytes.
func isBinary(data []byte) bool {
	b := data[:min(len(data), sniffLen)]
	ctl := 0
	for _, c := range b {
		switch {
		case c == 0:
			return true
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1a && c != 0x1b:
			ctl++
		}
	}
	return ctl > 4 && ctl*100 > len(b) // more than 1%
}

// mostlyUTF8 reports whether the multi-byte UTF-8 sequences of data clearly
// outnumber its invalid bytes: text written in UTF-8 and damaged, which a
// legacy 8-bit reading would turn into mojibake.
func mostlyUTF8(data []byte) bool {
	b := data[:min(len(data), sniffLen)]
	valid, invalid := 0, 0
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && n == 1:
			invalid++
		case n > 1:
			valid++
		}
		b = b[n:]
	}
	return valid >= 4 && valid > 2*invalid
}
