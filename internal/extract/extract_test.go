package extract

import (
	"reflect"
	"strings"
	"testing"

	"vanthu/internal/document"
)

const partyLetter = `ĐẢNG BỘ TỈNH TÂY NGUYÊN
HUYỆN ỦY ĐĂK SƠN
*
Số 412 - CV/HU
V/v đẩy mạnh công tác kiểm tra,
giám sát năm 2025

ĐẢNG CỘNG SẢN VIỆT NAM
Đăk Sơn, ngày 14 tháng 3 năm 2025

Kính gửi: Các chi bộ, đảng bộ cơ sở trực thuộc Huyện ủy.

Thực hiện Chỉ thị số 28-CT/TW ngày 21/9/2013 của Ban Bí thư về "nâng cao chất lượng kết nạp đảng viên" và các Công văn số 614, 615, 616-CV/VPTW, Ban Thường vụ Huyện ủy yêu cầu các chi bộ, đảng bộ cơ sở thực hiện tốt một số nội dung sau:

1. Tiếp tục quán triệt các quy định của Trung ương về công tác kiểm tra, giám sát; báo cáo kết quả về Ban Thường vụ Huyện ủy (qua Ủy ban Kiểm tra) trước ngày 30/6/2025.

2. Các đảng bộ xã, thị trấn chủ động xây dựng kế hoạch giám sát chuyên đề, định kỳ 6 tháng sơ kết, đánh giá.

3. Giao Ủy ban Kiểm tra Huyện ủy chủ trì, phối hợp với Ban Tổ chức Huyện ủy, Văn phòng Huyện ủy hướng dẫn, đôn đốc thực hiện, hoàn thành chậm nhất ngày 15 tháng 12 năm 2025.

Nhận được Công văn này, đề nghị các chi bộ, đảng bộ cơ sở nghiêm túc triển khai thực hiện./.

Nơi nhận:
- Thường trực Huyện ủy,
- Như kính gửi,
- Lưu Văn phòng Huyện ủy.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ

Nguyễn Văn Bình
`

func TestPartyLetter(t *testing.T) {
	d := ExtractText(partyLetter)
	check(t, "doc_type", d.DocType, "cong_van")
	check(t, "number", document.Val(d.Number), "412-CV/HU")
	check(t, "date", document.Val(d.IssuedDate), "2025-03-14")
	check(t, "place", document.Val(d.IssuedPlace), "Đăk Sơn")
	check(t, "issuer", document.Val(d.Issuer.Name), "Huyện ủy Đăk Sơn")
	check(t, "parent", document.Val(d.Issuer.Parent), "Đảng bộ tỉnh Tây Nguyên")
	check(t, "subject", document.Val(d.Subject), "V/v đẩy mạnh công tác kiểm tra, giám sát năm 2025")
	checkList(t, "recipients", d.Recipients, []string{"Các chi bộ, đảng bộ cơ sở trực thuộc Huyện ủy"})
	checkList(t, "distribution", d.Distribution, []string{"Thường trực Huyện ủy", "Như kính gửi", "Lưu Văn phòng Huyện ủy"})
	check(t, "signer", document.Val(d.Signer.Name), "Nguyễn Văn Bình")
	check(t, "position", document.Val(d.Signer.Position), "Phó Bí thư")
	check(t, "authority", document.Val(d.Signer.Authority), "T/M Ban Thường vụ")
	var refs []string
	for _, r := range d.References {
		refs = append(refs, r.Number)
	}
	checkList(t, "references", refs, []string{"28-CT/TW", "616-CV/VPTW", "614-CV/VPTW", "615-CV/VPTW"})
	if r := d.References[0]; document.Val(r.Date) != "2013-09-21" || document.Val(r.DocType) != "chi_thi" || !strings.HasPrefix(document.Val(r.Issuer), "Ban Bí thư") {
		t.Errorf("reference details = %+v", r)
	}
	if len(d.Tasks) != 3 {
		t.Fatalf("tasks = %d, want 3: %+v", len(d.Tasks), d.Tasks)
	}
	checkList(t, "task1 lead", d.Tasks[0].Lead, []string{"các chi bộ, đảng bộ cơ sở"})
	check(t, "task1 deadline", document.Val(d.Tasks[0].Deadline.Date), "2025-06-30")
	checkList(t, "task2 lead", d.Tasks[1].Lead, []string{"Các đảng bộ xã, thị trấn"})
	check(t, "task2 recurrence", document.Val(d.Tasks[1].Recurrence), "định kỳ 6 tháng")
	checkList(t, "task3 lead", d.Tasks[2].Lead, []string{"Ủy ban Kiểm tra Huyện ủy"})
	checkList(t, "task3 support", d.Tasks[2].Support, []string{"Ban Tổ chức Huyện ủy", "Văn phòng Huyện ủy"})
	check(t, "task3 deadline", document.Val(d.Tasks[2].Deadline.Date), "2025-12-15")
	if len(d.Warnings) != 0 {
		t.Errorf("unexpected warnings %+v", d.Warnings)
	}
	b, _ := d.MarshalLine()
	if err := document.Validate(b); err != nil {
		t.Fatal(err)
	}
}

// A State letter flattened by a converter: the two header columns share
// lines, words are glued and the authority is split over two lines.
const stateFlattened = `</xml
ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH BÌNH SƠN Độc lập - Tự do - Hạnh phúc
Số: 1204/UBND-KT Bình Sơn, ngày 9 tháng 8 năm 2024
V/v triển khai thực hiện
chương trình chuyển đổi số năm 2024
Kính gửi:
- Sở Thông tin và Truyền thông;
- UBND các huyện, thị xã, thành phố.
Xét đề nghị của Sở Thông tin và Truyền thông tại Tờ trình số 77/TTr-STTTT ngày 02/8/2024, Chủ tịch UBND tỉnh có ý kiến như sau:
1. Giao Giám đốc Sở Thông tin và Truyền thông chủ trì, phối hợp với Sở Tài chính, Sở Kế hoạch và Đầu tư cùng các ngành liên quan rà soát danh mục dự án, báo cáo UBND tỉnh trước 15/9.
2. UBND các huyện, thị xã, thành phố chủ động bố trí kinh phí; hằng quý báo cáo kết quả.
Nơi nhận:- Như trên;
- Lưu: VT, KT.
D:\2024\CVUB\chuyen doi so.doc
KT. CHỦ TỊCH ỦY
BAN NHÂN DÂN TỈNH
PHÓ CHỦ TỊCHTrần Thị Hoa`

func TestStateFlattened(t *testing.T) {
	d := ExtractText(stateFlattened)
	check(t, "doc_type", d.DocType, "cong_van")
	check(t, "number", document.Val(d.Number), "1204/UBND-KT")
	check(t, "date", document.Val(d.IssuedDate), "2024-08-09")
	check(t, "place", document.Val(d.IssuedPlace), "Bình Sơn")
	check(t, "issuer", document.Val(d.Issuer.Name), "Ủy ban nhân dân tỉnh Bình Sơn")
	check(t, "subject", document.Val(d.Subject), "V/v triển khai thực hiện chương trình chuyển đổi số năm 2024")
	checkList(t, "recipients", d.Recipients, []string{"Sở Thông tin và Truyền thông", "UBND các huyện, thị xã, thành phố"})
	checkList(t, "distribution", d.Distribution, []string{"Như trên", "Lưu: VT, KT"})
	check(t, "signer", document.Val(d.Signer.Name), "Trần Thị Hoa")
	check(t, "position", document.Val(d.Signer.Position), "Phó Chủ tịch")
	check(t, "authority", document.Val(d.Signer.Authority), "KT. Chủ tịch Ủy ban nhân dân tỉnh")
	if len(d.Tasks) != 2 {
		t.Fatalf("tasks = %d, want 2", len(d.Tasks))
	}
	checkList(t, "task1 lead", d.Tasks[0].Lead, []string{"Sở Thông tin và Truyền thông"})
	checkList(t, "task1 support", d.Tasks[0].Support, []string{"Sở Tài chính", "Sở Kế hoạch và Đầu tư", "các ngành liên quan"})
	check(t, "task1 deadline", document.Val(d.Tasks[0].Deadline.Date), "2024-09-15")
	checkList(t, "task2 lead", d.Tasks[1].Lead, []string{"UBND các huyện, thị xã, thành phố"})
	check(t, "task2 recurrence", document.Val(d.Tasks[1].Recurrence), "hằng quý")
}

const decision = `ỦY BAN NHÂN DÂN
TỈNH HÀ LAM
Số: 25/2025/QĐ-UBND
KHẨN
Hà Lam, ngày 03 tháng 02 năm 2025
QUYẾT ĐỊNH
Về việc ban hành Quy chế quản lý văn bản điện tử
ỦY BAN NHÂN DÂN TỈNH HÀ LAM
Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý văn bản điện tử.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Điều 3. Chánh Văn phòng UBND tỉnh; Giám đốc các sở, ban, ngành; Chủ tịch UBND các huyện và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.
Nơi nhận:
- Như Điều 3;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lê Minh Quân`

func TestDecision(t *testing.T) {
	d := ExtractText(decision)
	check(t, "doc_type", d.DocType, "quyet_dinh")
	check(t, "number", document.Val(d.Number), "25/2025/QĐ-UBND")
	check(t, "urgency", document.Val(d.Urgency), "Khẩn")
	check(t, "issuer", document.Val(d.Issuer.Name), "Ủy ban nhân dân tỉnh Hà Lam")
	check(t, "subject", document.Val(d.Subject), "Về việc ban hành Quy chế quản lý văn bản điện tử")
	check(t, "authority", document.Val(d.Signer.Authority), "TM. Ủy ban nhân dân")
	check(t, "position", document.Val(d.Signer.Position), "Chủ tịch")
	if len(d.Tasks) != 1 || document.Val(d.Tasks[0].Label) != "Điều 3" {
		t.Fatalf("tasks = %+v, want Điều 3 only", d.Tasks)
	}
	checkList(t, "leads", d.Tasks[0].Lead, []string{"Chánh Văn phòng UBND tỉnh", "Giám đốc các sở, ban, ngành", "Chủ tịch UBND các huyện", "các tổ chức, cá nhân có liên quan"})
	if len(d.References) != 1 || d.References[0].Number != "30/2020/NĐ-CP" {
		t.Errorf("references = %+v", d.References)
	}
}

const newsArticle = `Tin hoạt động
Xem với cỡ chữ
Huyện Mỹ Lâm triển khai nhiệm vụ phát triển đảng viên năm 2025
Th 3, 11/03/2025 | 08:15 SA
Ngày 10/3/2025, Ban Thường vụ Huyện ủy Mỹ Lâm ban hành Kế hoạch số 45-KH/HU về phát triển đảng viên.
Theo đó, Ban Thường vụ Huyện ủy yêu cầu các chi bộ, đảng bộ cơ sở rà soát nguồn quần chúng ưu tú, xây dựng kế hoạch kết nạp cụ thể. Kết quả gửi về Ban Tổ chức Huyện ủy trước ngày 30/4/2025.
Thanh Hà-TTVH
Lượt xem: 321
Các tin tức khác`

func TestNewsArticle(t *testing.T) {
	d := ExtractText(newsArticle)
	check(t, "doc_type", d.DocType, "tin_bai")
	check(t, "subject", document.Val(d.Subject), "Huyện Mỹ Lâm triển khai nhiệm vụ phát triển đảng viên năm 2025")
	check(t, "date", document.Val(d.IssuedDate), "2025-03-11")
	check(t, "signer", document.Val(d.Signer.Name), "Thanh Hà")
	if d.Number != nil || d.Issuer.Name != nil {
		t.Errorf("news article got number %v issuer %v", d.Number, d.Issuer.Name)
	}
	if len(d.Tasks) != 1 {
		t.Fatalf("tasks = %+v", d.Tasks)
	}
	checkList(t, "lead", d.Tasks[0].Lead, []string{"các chi bộ, đảng bộ cơ sở"})
	check(t, "deadline", document.Val(d.Tasks[0].Deadline.Date), "2025-04-30")
	if len(d.References) != 1 || d.References[0].Number != "45-KH/HU" {
		t.Errorf("references = %+v", d.References)
	}
}

func TestDeadlineBeforeIssueWarns(t *testing.T) {
	text := strings.Replace(partyLetter, "trước ngày 30/6/2025", "trước ngày 30/6/2024", 1)
	d := ExtractText(text)
	found := false
	for _, w := range d.Warnings {
		if w.Code == document.WarnDeadlineBeforeIssue {
			found = true
		}
	}
	if !found {
		t.Fatalf("no %s warning: %+v", document.WarnDeadlineBeforeIssue, d.Warnings)
	}
}

func TestMissingElementsWarn(t *testing.T) {
	d := ExtractText("CÔNG VĂN\nV/v làm việc\nKính gửi: Sở Nội vụ\nĐề nghị Sở Nội vụ cử cán bộ dự họp.\n")
	codes := map[string]bool{}
	for _, w := range d.Warnings {
		codes[w.Code] = true
	}
	for _, c := range []string{document.WarnMissingNumber, document.WarnMissingDate, document.WarnMissingSigner} {
		if !codes[c] {
			t.Errorf("missing warning %s: %+v", c, d.Warnings)
		}
	}
}

func TestToneAndEmphasisVariants(t *testing.T) {
	text := strings.NewReplacer("HUYỆN ỦY", "HUYỆN UỶ", "Số 412 - CV/HU", "**Số 412-CV/HU**", "Đ", "\u00D0").Replace(partyLetter)
	d := ExtractText(text)
	check(t, "number", document.Val(d.Number), "412-CV/HU")
	check(t, "issuer", document.Val(d.Issuer.Name), "Huyện uỷ Đăk Sơn")
	if len(d.Tasks) != 3 {
		t.Errorf("tasks = %d, want 3", len(d.Tasks))
	}
}

func TestEmptyAndGarbage(t *testing.T) {
	for _, in := range []string{"", "   \n\n", "\x00\x01\x02", strings.Repeat("a", 5000), "Số:\nngày tháng năm\n1.\n-\nNơi nhận:"} {
		d := ExtractText(in)
		b, err := d.MarshalLine()
		if err != nil {
			t.Fatal(err)
		}
		if err := document.Validate(b); err != nil {
			t.Errorf("input %q: %v", in[:min(len(in), 20)], err)
		}
	}
}

func TestOrgCase(t *testing.T) {
	for in, want := range map[string]string{
		"HUYỆN ỦY LẠC DƯƠNG":             "Huyện ủy Lạc Dương",
		"ĐẢNG BỘ TỈNH LÂM ĐỒNG":          "Đảng bộ tỉnh Lâm Đồng",
		"ỦY BAN NHÂN DÂN TỈNH HẬU GIANG": "Ủy ban nhân dân tỉnh Hậu Giang",
		"VĂN PHÒNG CHÍNH PHỦ":            "Văn phòng Chính phủ",
		"SỞ KẾ HOẠCH VÀ ĐẦU TƯ":          "Sở Kế hoạch và Đầu tư",
		"BAN TỔ CHỨC":                    "Ban Tổ chức",
		"Sở Y tế":                        "Sở Y tế",
	} {
		if got := orgCase(in); got != want {
			t.Errorf("orgCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func check(t *testing.T, field, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", field, got, want)
	}
}

func checkList(t *testing.T, field string, got, want []string) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %q, want %q", field, got, want)
	}
}

// TestDistributionWrappedNumber: an item wrapped before a document number
// continues on a line holding only that number (upper case, like a heading).
func TestDistributionWrappedNumber(t *testing.T) {
	ls := prepareLines(`Nơi nhận:
- Ban Tổ chức Tỉnh ủy (báo cáo),
- Các chi, đảng bộ cơ sở thực hiện Quyết định số
198-QĐ/TU,
- Lưu Văn phòng Huyện ủy.
T/M BAN THƯỜNG VỤ`)
	items, _ := parseDistribution(ls, 0)
	checkList(t, "distribution", items, []string{"Ban Tổ chức Tỉnh ủy (báo cáo)",
		"Các chi, đảng bộ cơ sở thực hiện Quyết định số 198-QĐ/TU", "Lưu Văn phòng Huyện ủy"})
}
