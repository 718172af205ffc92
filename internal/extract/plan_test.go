package extract

import (
	"testing"

	"vanthu/internal/document"
)

const plan = `TỈNH ỦY HÀ LAM
BAN TUYÊN GIÁO
*
Số 27-KH/BTGTU
ĐẢNG CỘNG SẢN VIỆT NAM
Hà Lam, ngày 10 tháng 01 năm 2025

KẾ HOẠCH
tuyên truyền kỷ niệm 95 năm Ngày thành lập Đảng

I. MỤC ĐÍCH, YÊU CẦU
1. Tuyên truyền sâu rộng truyền thống vẻ vang của Đảng.
2. Công tác tuyên truyền bảo đảm thiết thực, tiết kiệm.

II. NỘI DUNG TUYÊN TRUYỀN
1. Các cấp ủy đảng tổ chức tuyên truyền về lịch sử Đảng bộ tỉnh, hoàn thành trước ngày 03/02/2025.
a) Tuyên truyền trên báo chí.
b) Tuyên truyền trực quan.
2. Báo Hà Lam mở chuyên mục về thành tựu của tỉnh.

III. TỔ CHỨC THỰC HIỆN
1. Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Sở Văn hóa, Thể thao và Du lịch hướng dẫn, kiểm tra việc thực hiện.
2. Các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy xây dựng kế hoạch cụ thể; báo cáo kết quả về Ban Tuyên giáo Tỉnh ủy trước ngày 20/02/2025.

Nơi nhận:
- Thường trực Tỉnh ủy (để b/c),
- Lưu Văn phòng.

K/T TRƯỞNG BAN
PHÓ TRƯỞNG BAN

Lê Thị Mai
`

func TestPlanWithRomanSections(t *testing.T) {
	d := ExtractText(plan)
	check(t, "doc_type", d.DocType, "ke_hoach")
	check(t, "number", document.Val(d.Number), "27-KH/BTGTU")
	check(t, "issuer", document.Val(d.Issuer.Name), "Ban Tuyên giáo")
	check(t, "parent", document.Val(d.Issuer.Parent), "Tỉnh ủy Hà Lam")
	check(t, "subject", document.Val(d.Subject), "tuyên truyền kỷ niệm 95 năm Ngày thành lập Đảng")
	check(t, "authority", document.Val(d.Signer.Authority), "K/T Trưởng Ban")
	check(t, "position", document.Val(d.Signer.Position), "Phó Trưởng Ban")
	// the purposes section is not a task; items of the content and
	// implementation sections are
	if len(d.Tasks) != 4 {
		for _, tk := range d.Tasks {
			t.Logf("task %s: %.60s", document.Val(tk.Label), tk.Text)
		}
		t.Fatalf("tasks = %d, want 4", len(d.Tasks))
	}
	checkList(t, "task1 lead", d.Tasks[0].Lead, []string{"Các cấp ủy đảng"})
	check(t, "task1 deadline", document.Val(d.Tasks[0].Deadline.Date), "2025-02-03")
	if len(d.Tasks[0].Subtasks) != 2 {
		t.Errorf("task1 subtasks = %d, want 2", len(d.Tasks[0].Subtasks))
	}
	checkList(t, "task2 lead", d.Tasks[1].Lead, []string{"Báo Hà Lam"})
	checkList(t, "task3 lead", d.Tasks[2].Lead, []string{"Ban Tuyên giáo Tỉnh ủy"})
	checkList(t, "task3 support", d.Tasks[2].Support, []string{"Sở Văn hóa, Thể thao và Du lịch"})
	checkList(t, "task4 lead", d.Tasks[3].Lead, []string{"Các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy"})
	check(t, "task4 deadline", document.Val(d.Tasks[3].Deadline.Date), "2025-02-20")
}
