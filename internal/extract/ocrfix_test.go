package extract

import (
	"testing"

	"vanthu/ingest"
	"vanthu/internal/document"
)

func TestRepairOrgName(t *testing.T) {
	for _, c := range []struct{ name, place, want string }{
		{"Huyện ủy Ac Dương", "Lạc Dương", "Huyện ủy Lạc Dương"},
		{"Đảng Bộ Ïnh lâm đông", "Lạc Dương", "Đảng bộ tỉnh Lâm Đồng"},
		{"Đảng bộ tinh Lâm Đồng", "Đà Lạt", "Đảng bộ tỉnh Lâm Đồng"},
		{"Ủy ban nhân dân huyen Bảo Lâm", "Bảo Lâm", "Ủy ban nhân dân huyện Bảo Lâm"},
		// left alone: right already, another place, too short to tell,
		// a name that is no unit
		{"Huyện ủy Lạc Dương", "Lạc Dương", "Huyện ủy Lạc Dương"},
		{"Huyện ủy Di Linh", "Bảo Lộc", "Huyện ủy Di Linh"},
		{"Ủy ban nhân dân xã Tân Hà", "Tân Hà", "Ủy ban nhân dân xã Tân Hà"},
		{"Đảng ủy xã Linh Sơn", "Linh Sơn", "Đảng ủy xã Linh Sơn"},
		{"Huyện ủy Đạ Tẻh", "Đạ Tẻ", "Huyện ủy Đạ Tẻh"},
		{"Tỉnh ủy Lâm Đồng", "Đà Lạt", "Tỉnh ủy Lâm Đồng"},
	} {
		if got := repairOrgName(c.name, c.place); got != c.want {
			t.Errorf("repairOrgName(%q, %q) = %q, want %q", c.name, c.place, got, c.want)
		}
	}
}

// TestRepairOCRIssuer checks the repair on a recognised document, and that
// text that was not recognised is taken as printed.
func TestRepairOCRIssuer(t *testing.T) {
	text := `ĐẢNG BỘ ÏNH GIA LAI
HUYỆN ỦY ƠN DƯƠNG
Số 45-CV/HU
V/v chuẩn bị đại hội chi bộ
ĐẢNG CỘNG SẢN VIỆT NAM
Đơn Dương, ngày 12 tháng 3 năm 2024
Kính gửi: Các chi bộ trực thuộc.
Ban Thường vụ Huyện ủy đề nghị các chi bộ chuẩn bị tốt đại hội.
T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ
Nguyễn Văn An
Nơi nhận:
- Như trên,
- Lưu VPHU.
`
	ocr := Extract(&ingest.Document{Text: text, MediaType: "application/pdf", Pages: 1, OCR: true})
	if got := document.Val(ocr.Issuer.Name); got != "Huyện ủy Đơn Dương" {
		t.Errorf("OCR issuer %q (place %q)", got, document.Val(ocr.IssuedPlace))
	}
	if got := document.Val(ocr.Issuer.Parent); got != "Đảng bộ tỉnh Gia Lai" {
		t.Errorf("OCR parent %q", got)
	}
	typed := Extract(&ingest.Document{Text: text, MediaType: "text/plain", Pages: 1})
	if got := document.Val(typed.Issuer.Name); got != "Huyện ủy Ơn Dương" {
		t.Errorf("typed issuer changed: %q", got)
	}
}

// TestRepairNumberLabels checks that a garbled item number between two
// numbered items takes the missing number, and nothing else changes.
func TestRepairNumberLabels(t *testing.T) {
	ps := []para{{kind: kindNumber, label: "5", text: "Nâng cao chất lượng sinh hoạt."},
		{kind: kindNone, text: "ù. Đẩy mạnh công tác kiểm tra, giám sát."},
		{kind: kindNone, text: "x. không phải mục."},
		{kind: kindNumber, label: "7", text: "Tổ chức thực hiện."},
		{kind: kindNone, text: "ù. Đẩy mạnh công tác khác."}}
	repairNumberLabels(ps)
	if ps[1].kind != kindNumber || ps[1].label != "6" || ps[1].text != "Đẩy mạnh công tác kiểm tra, giám sát." {
		t.Errorf("garbled item 6: %+v", ps[1])
	}
	if ps[2].kind != kindNone || ps[4].kind != kindNone {
		t.Errorf("changed: %+v %+v", ps[2], ps[4])
	}
}
