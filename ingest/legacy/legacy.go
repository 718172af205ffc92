// Package legacy detects and converts pre-Unicode Vietnamese encodings
// (TCVN3/ABC, VNI, VIQR) to Unicode NFC.
package legacy

// Encoding names reported in source.encoding.
const (
	TCVN3 = "TCVN3"
	VNI   = "VNI"
	VIQR  = "VIQR"
)

// Decode converts text that may be in a legacy Vietnamese encoding to
// Unicode. It returns the text and the encoding detected, or "" when the
// input was already Unicode.
func Decode(b []byte) (string, string) {
	return string(b), ""
}
