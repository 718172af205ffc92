package extract

import (
	"strings"
	"testing"
	"unicode/utf8"

	"vanthu/internal/document"
)

// background is narrative text of the kind that precedes a directive part.
const background = "Thời gian qua, công tác kiểm tra, giám sát của các cấp ủy, tổ chức đảng trên địa bàn huyện đã có nhiều chuyển biến tích cực; các chi bộ, đảng bộ cơ sở đã xây dựng và thực hiện chương trình kiểm tra, giám sát hằng năm, tập trung vào những lĩnh vực nhạy cảm, dễ phát sinh sai phạm. Tuy nhiên, một số nơi việc triển khai còn hình thức, chất lượng báo cáo chưa cao, việc xử lý sau kiểm tra có lúc chưa kịp thời.\n\n"

// tenKB builds a ~10 KB letter shaped like a real directive: the sample
// letter's header, background paragraphs, four rounds of its three numbered
// items (12 tasks) and its footer.
func tenKB() string {
	head, rest, _ := strings.Cut(partyLetter, "1. ")
	items, tail, _ := strings.Cut("1. "+rest, "Nhận được")
	var b strings.Builder
	b.WriteString(head[:strings.Index(head, "Thực hiện")])
	for b.Len() < 6200 {
		b.WriteString(background)
	}
	b.WriteString(head[strings.Index(head, "Thực hiện"):])
	for i := 0; i < 4; i++ {
		b.WriteString(items)
	}
	b.WriteString("Nhận được" + tail)
	return b.String()
}

// manyTasks builds a ~10 KB worst case made only of numbered items (36 tasks).
func manyTasks() string {
	var b strings.Builder
	head, rest, _ := strings.Cut(partyLetter, "1. ")
	b.WriteString(head)
	items, tail, _ := strings.Cut("1. "+rest, "Nhận được")
	for b.Len() < 9500 {
		b.WriteString(items)
	}
	b.WriteString("Nhận được" + tail)
	return b.String()
}

func BenchmarkExtract10KB(b *testing.B) {
	text := tenKB()
	if len(text) < 9500 || len(text) > 11500 {
		b.Fatalf("document is %d bytes, want about 10 KB", len(text))
	}
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

func BenchmarkExtract10KBManyTasks(b *testing.B) {
	text := manyTasks()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		ExtractText(text)
	}
}

func TestTenKBDocumentExtracts(t *testing.T) {
	d := ExtractText(tenKB())
	if len(d.Tasks) != 12 || document.Val(d.Number) != "412-CV/HU" {
		t.Fatalf("benchmark document: %d tasks, number %v", len(d.Tasks), d.Number)
	}
}
