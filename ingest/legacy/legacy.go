// Package legacy detects and converts pre-Unicode Vietnamese encodings
// (TCVN3/ABC, VNI-Windows, VIQR) to Unicode NFC.
//
// Text in the 8-bit encodings arrives in two forms: as raw bytes from an old
// file, and as UTF-8 text whose characters are those bytes read as
// Windows-1252 ("§¶ng bé tØnh", "Ñaûng boä tænh"), as produced by copying from
// a document set in a legacy font. Both forms are handled.
//
// Detection decodes a sample of the input with every candidate encoding and
// keeps the one whose words are most often valid Vietnamese syllables
// (textnorm.SyllableRatio); Unicode text stays as it is.
package legacy

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"vanthu/internal/textnorm"
)

// Encoding names reported in source.encoding.
const (
	TCVN3 = "TCVN3"
	VNI   = "VNI"
	VIQR  = "VIQR"
)

const (
	// sampleBytes bounds the text scored during detection.
	sampleBytes = 20000
	// minScore is the syllable ratio a legacy reading must reach.
	minScore = 0.5
	// margin is how much better than the current best a reading must score.
	margin = 0.05
)

// Decode converts text that may be in a legacy Vietnamese encoding to
// Unicode NFC and reports the encoding detected (TCVN3, VNI, VIQR).
//
// When no legacy reading is clearly better, the encoding is "" and the text
// is returned unchanged if b is valid UTF-8 (decomposed or English text
// included), or else decoded as Windows-1252, byte for byte (the five bytes
// Windows-1252 leaves undefined become the C1 controls of the same value).
func Decode(b []byte) (text string, encoding string) {
	utf := utf8.Valid(b)
	var s string
	if utf {
		s = string(b)
	} else {
		s = decode1252(b)
	}
	smp := sample(s)
	base := textnorm.SyllableRatio(smp)
	bestEnc, bestScore := "", base
	var bestDec func(string) string
	bestSrc := s
	consider := func(enc string, dec func(string) string, src, smp string) {
		score := textnorm.SyllableRatio(dec(smp))
		if score >= minScore && score > bestScore+margin {
			bestEnc, bestScore, bestDec, bestSrc = enc, score, dec, src
		}
	}
	if base+margin >= 1 {
		return s, "" // no reading can do clearly better
	}
	if hasLatin1Letters(smp) {
		consider(TCVN3, DecodeTCVN3, s, smp)
		consider(VNI, DecodeVNI, s, smp)
	}
	if looksVIQR(smp) {
		consider(VIQR, DecodeVIQR, s, smp)
	}
	if utf && bestEnc == "" && base < minScore && !isASCII(smp) {
		// legacy bytes that happen to form valid UTF-8
		r := decode1252(b)
		rs := sample(r)
		consider(TCVN3, DecodeTCVN3, r, rs)
		consider(VNI, DecodeVNI, r, rs)
	}
	if bestEnc == "" {
		return s, ""
	}
	return norm.NFC.String(bestDec(bestSrc)), bestEnc
}

// cp1252 maps each byte to its Windows-1252 character; undefined bytes map to
// the C1 control of the same value.
var cp1252 [256]rune

// cp1252Rev is the inverse of cp1252.
var cp1252Rev = map[rune]byte{}

func init() {
	for i := range cp1252 {
		r := charmap.Windows1252.DecodeByte(byte(i))
		if r == utf8.RuneError {
			r = rune(i)
		}
		cp1252[i] = r
		cp1252Rev[r] = byte(i)
	}
}

// decode1252 reads b as Windows-1252.
func decode1252(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/2)
	for _, c := range b {
		if c < 0x80 {
			sb.WriteByte(c)
		} else {
			sb.WriteRune(cp1252[c])
		}
	}
	return sb.String()
}

// sample returns a prefix of s of at most sampleBytes, cut at a line or
// rune boundary.
func sample(s string) string {
	if len(s) <= sampleBytes {
		return s
	}
	i := strings.LastIndexByte(s[:sampleBytes], '\n')
	if i < sampleBytes/2 {
		i = sampleBytes
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
	}
	return s[:i]
}

// hasLatin1Letters reports characters of the Latin-1 upper half, where the
// TCVN3 and VNI codes lie.
func hasLatin1Letters(s string) bool {
	for _, r := range s {
		if r >= 0xA0 && r <= 0xFF {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
