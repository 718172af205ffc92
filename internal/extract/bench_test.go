package extract

import (
	"strings"
	"testing"
	"unicode/utf8"

	"vanthu/internal/document"
)

// tenKB builds a ~10 KB document by repeating numbered items of the sample letter.
func tenKB() string {
	var b strings.Builder
	head, rest, _ := strings.Cut(partyLetter, "1. ")
	b.WriteString(head)
	items, tail, _ := strings.Cut("1. "+rest, "Nhận được")
	for i := 0; b.Len() < 9500; i++ {
		b.WriteString(items)
	}
	b.WriteString("Nhận được" + tail)
	return b.String()
}

func BenchmarkExtract10KB(b *testing.B) {
	text := tenKB()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		ExtractText(text)
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{partyLetter, stateFlattened, decision, newsArticle, "", "Số: 1/\nNơi nhận:\n-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := ExtractText(s)
		b, err := d.MarshalLine()
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(b) {
			t.Fatal("invalid UTF-8 output")
		}
		if err := document.Validate(b); err != nil {
			t.Fatalf("output does not validate: %v", err)
		}
	})
}
