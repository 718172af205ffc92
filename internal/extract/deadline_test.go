package extract

import (
	"testing"

	"vanthu/internal/document"
)

func TestFindDeadline(t *testing.T) {
	const issued = "2023-06-26"
	cases := []struct {
		text, date, phrase string
	}{
		{"báo cáo Thường trực Huyện ủy trước ngày 30/6/2023, kiên quyết", "2023-06-30", "trước ngày 30/6/2023"},
		{"gửi về trước ngày 01 tháng 3 năm 2009để tổng hợp", "2009-03-01", "trước ngày 01 tháng 3 năm 2009"},
		{"hoàn thành chậm nhất ngày 15/7", "2023-07-15", "chậm nhất ngày 15/7"},
		{"xong trước 30-9", "2023-09-30", "trước 30-9"},
		{"báo cáo trước 15/01", "2024-01-15", "trước 15/01"}, // no year, would precede the issue date
		{"gửi trước 17 giờ ngày 20/10/2023", "2023-10-20", "trước 17 giờ ngày 20/10/2023"},
		{"trong vòng 10 ngày kể từ ngày ký", "2023-07-06", "trong vòng 10 ngày kể từ ngày ký"},
		{"bắt đầu từ ngày 07/6/2022", "", ""},
		{"Ngày 13/6/2023, Ban Thường vụ đã tổ chức", "", ""},
		{"trước ngày 15 hằng tháng", "", ""},
	}
	for _, c := range cases {
		d := findDeadline(c.text, issued)
		if c.date == "" {
			if d != nil && d.Date != nil {
				t.Errorf("%q: got deadline %v, want none", c.text, *d.Date)
			}
			continue
		}
		if d == nil || document.Val(d.Date) != c.date || d.Text != c.phrase {
			t.Errorf("%q: got %+v, want %s %q", c.text, d, c.date, c.phrase)
		}
	}
	if d := findDeadline("triển khai, hoàn thành trong quý III/2023", issued); d == nil || d.Date != nil || d.Text != "hoàn thành trong quý iii/2023" && d.Text != "hoàn thành trong quý III/2023" {
		t.Errorf("vague deadline = %+v, want phrase without date", d)
	}
}

func TestFindRecurrence(t *testing.T) {
	for in, want := range map[string]string{
		"định kỳ hằng năm báo cáo":            "hằng năm",
		"Định kỳ sáu tháng, một năm đối khớp": "định kỳ 6 tháng, một năm",
		"hàng quý tổng hợp":                   "hàng quý",
		"mặt hàng hóa thiết yếu":              "",
		"báo cáo hằng tháng":                  "hằng tháng",
	} {
		if got := findRecurrence(in); got != want {
			t.Errorf("findRecurrence(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNumericHeaderDate(t *testing.T) {
	d := ExtractText("UBND TỈNH HÀ LAM\nSỞ Y TẾ\nSố: 12/SYT-NV\nHà Lam, ngày 5/3/2025\nV/v tiêm chủng mở rộng\nKính gửi: Các bệnh viện.\nĐề nghị các bệnh viện báo cáo trước ngày 30/3/2025.\n")
	if document.Val(d.IssuedDate) != "2025-03-05" || document.Val(d.IssuedPlace) != "Hà Lam" {
		t.Errorf("date %v place %v", document.Val(d.IssuedDate), document.Val(d.IssuedPlace))
	}
	// a number and date in parentheses after the subject is not a place-date line
	d = ExtractText("Về việc báo cáo tình hình môi trường (3585/VP-KTN, ngày 23/10/2017).\nGiao Sở Tài nguyên và Môi trường chủ trì, phối hợp với các cơ quan liên quan thực hiện.\n")
	if document.Val(d.Number) != "3585/VP-KTN" || document.Val(d.IssuedPlace) != "" {
		t.Errorf("number %v place %v", document.Val(d.Number), document.Val(d.IssuedPlace))
	}
}
