package textnorm

import "testing"

func TestStripMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"**ĐẢNG BỘ TỈNH**", "ĐẢNG BỘ TỈNH"},
		{"*Về tăng cường*", "Về tăng cường"},
		{"__Kính gửi__: Sở Nội vụ", "Kính gửi: Sở Nội vụ"},
		{"_nghiêng_", "nghiêng"},
		{"*", "*"},
		{"   *   ", "   *   "},
		{"* * *", "* * *"},
		{"ĐẢNG BỘ TỈNH\n*\nSố 12-NQ/TU", "ĐẢNG BỘ TỈNH\n*\nSố 12-NQ/TU"},
		{"Số **1006** -CV/HU", "Số 1006 -CV/HU"},
		{"Số**1006**-CV/HU", "Số1006-CV/HU"},
		{"**Điều 1.**Phạm vi", "Điều 1.Phạm vi"},
		{"(*qua Ban tổ chức Huyện ủy*)", "(qua Ban tổ chức Huyện ủy)"},
		{"***trước ngày 30/6/2023***", "trước ngày 30/6/2023"},
		{"**Nơi nhận:** *- Như trên;*", "Nơi nhận: - Như trên;"},
		{"* mục một", "* mục một"},
		{"* **mục một**", "* mục một"},
		{"- Như trên;", "- Như trên;"},
		{"+ Ý kiến *thứ hai*", "+ Ý kiến thứ hai"},
		{"## Tiêu đề", "Tiêu đề"},
		{"# **Điều 1** #", "Điều 1"},
		{"#1 trong danh sách", "#1 trong danh sách"},
		{"a * b", "a * b"},
		{"2*3*4", "2*3*4"},
		{"Ghi chú (*): số liệu tạm tính", "Ghi chú (*): số liệu tạm tính"},
		{"Nguyễn Văn A*, Trần Văn B*", "Nguyễn Văn A*, Trần Văn B*"},
		{"ten_tep_moi.docx", "ten_tep_moi.docx"},
		{"Ký tên: ____________", "Ký tên: ____________"},
		{"____________", "____________"},
		{`\* Ghi chú`, "* Ghi chú"},
		{`Số 5\_2024`, "Số 5_2024"},
		{`**đậm *và nghiêng* lồng**`, "đậm và nghiêng lồng"},
		{"**chưa đóng", "**chưa đóng"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := StripMarkdown(tt.in); got != tt.want {
			t.Errorf("StripMarkdown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
