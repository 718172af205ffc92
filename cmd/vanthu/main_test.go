package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vanthu/internal/document"
)

// run executes the CLI with args and returns stdout, stderr and the error.
func run(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	rootCmd.SetOut(&out)
	rootCmd.SetErr(&errOut)
	rootCmd.SetArgs(args)
	err := rootCmd.Execute()
	return out.String(), errOut.String(), err
}

const letter = `ỦY BAN NHÂN DÂN
TỈNH HÀ LAM
Số: 88/UBND-VX
Hà Lam, ngày 02 tháng 4 năm 2025
V/v tổ chức Ngày sách
Kính gửi: Sở Văn hóa, Thể thao và Du lịch.
Giao Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với Sở Giáo dục và Đào tạo tổ chức Ngày sách, báo cáo UBND tỉnh trước ngày 30/4/2025.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn Nam
`

func TestExtractJSONLinesAndFailures(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "cv.txt")
	os.WriteFile(good, []byte(letter), 0o644)
	empty := filepath.Join(dir, "rong.txt")
	os.WriteFile(empty, nil, 0o644)
	missing := filepath.Join(dir, "khong-co.pdf")

	out, errOut, err := run(t, "extract", good, empty, missing, good)
	var ee exitError
	if !errors.As(err, &ee) || ee.code != 1 {
		t.Fatalf("err = %v, want exit code 1", err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d JSON lines, want 2 (both good files processed):\n%s", len(lines), out)
	}
	for _, l := range lines {
		if err := document.Validate([]byte(l)); err != nil {
			t.Fatalf("output does not follow the schema: %v", err)
		}
		var d document.Document
		json.Unmarshal([]byte(l), &d)
		if document.Val(d.Number) != "88/UBND-VX" || len(d.Tasks) != 1 {
			t.Errorf("unexpected record: number %v, %d tasks", document.Val(d.Number), len(d.Tasks))
		}
	}
	if !strings.Contains(errOut, "rỗng") || !strings.Contains(errOut, "khong-co.pdf") {
		t.Errorf("stderr lacks Vietnamese reasons for both failures:\n%s", errOut)
	}
}

func TestExtractTextSummary(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "cv.txt")
	os.WriteFile(good, []byte(letter), 0o644)
	out, _, err := run(t, "extract", "--format", "text", good)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Số, ký hiệu: 88/UBND-VX", "Ngày ban hành: 2025-04-02", "Chủ trì: Sở Văn hóa, Thể thao và Du lịch", "Thời hạn: 2025-04-30", "Người ký: Trần Văn Nam"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if _, _, err := run(t, "extract", "--format", "xml", good); err == nil {
		t.Error("an unknown format was accepted")
	}
}
