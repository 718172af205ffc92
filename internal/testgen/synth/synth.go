// Package synth composes synthetic official documents in the Party and State
// layouts, together with the gold annotation a careful clerk would write for
// them. Documents are built from invented bodies, places, people and topics;
// the variety (types, task styles, deadline phrasings, signature forms,
// markings, broken renderings) comes from a seeded random source, so the
// corpus is reproducible.
package synth

import (
	"fmt"
	"math/rand"
	"strings"
	"time"

	"vanthu/internal/eval"
)

// Gold, GoldSigner and GoldTask are the corpus gold format.
type (
	Gold       = eval.Gold
	GoldSigner = eval.GoldSigner
	GoldTask   = eval.GoldTask
)

// Doc is a composed document: its layout sections and its gold.
type Doc struct {
	Left, Right, Title, Body, FooterLeft, FooterRight []string
	Gold                                              Gold
	party                                             bool
}

// Layout renders the document in the layout source format read by
// testgen.ParseLayout.
func (d *Doc) Layout() string {
	var b strings.Builder
	sec := func(name string, lines []string) {
		if len(lines) == 0 {
			return
		}
		b.WriteString("#" + name + "\n")
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
	}
	sec("left", d.Left)
	sec("right", d.Right)
	sec("title", d.Title)
	sec("body", d.Body)
	sec("footer-left", d.FooterLeft)
	sec("footer-right", d.FooterRight)
	return b.String()
}

func str(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

var (
	provinces = []string{"Hà Lam", "Tây Nguyên", "Bình Sơn", "Kim Thành", "Phú Mỹ", "Long Hải", "Đông Giang", "Quảng Hà", "Sơn Trà", "Bắc Lâm"}
	districts = []string{"Đăk Sơn", "Mỹ Lâm", "Tân Phước", "Hòa Vang", "Lạc Sơn", "Bảo Yên", "Thạch An", "Ea Sup", "Phước Long", "Hàm Thuận"}
	communes  = []string{"Tân Hòa", "Phú Lộc", "An Khánh", "Hưng Đạo", "Quang Trung"}
	surnames  = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Huỳnh"}
	middles   = []string{"Văn", "Thị", "Minh", "Thanh", "Quốc", "Hữu", "Ngọc", "Đức"}
	givens    = []string{"Hùng", "Lan", "Bình", "Mai", "Tuấn", "Hoa", "Phong", "Yến", "Khải", "Thắng", "Nga", "Sơn"}
)

// topic is a subject with task material of its own.
type topic struct {
	subject string   // after "V/v " / "về "
	actions []string // verb phrases for tasks, in lower case
}

var topics = []topic{
	{"tăng cường công tác tạo nguồn, phát triển đảng viên", []string{
		"rà soát, lập danh sách quần chúng ưu tú để bồi dưỡng, giới thiệu kết nạp vào Đảng",
		"tổ chức lớp bồi dưỡng nhận thức về Đảng cho quần chúng ưu tú",
		"chú trọng phát triển đảng viên trong đoàn viên thanh niên và người lao động",
		"thực hiện nghiêm quy trình, thủ tục xem xét kết nạp đảng viên",
		"kiểm tra, giám sát việc thực hiện chỉ tiêu phát triển đảng viên",
	}},
	{"triển khai thực hiện chuyển đổi số năm 2025", []string{
		"xây dựng kế hoạch chuyển đổi số của cơ quan, đơn vị",
		"số hóa hồ sơ, tài liệu lưu trữ và cập nhật lên hệ thống quản lý văn bản",
		"bảo đảm an toàn thông tin mạng cho các hệ thống dùng chung",
		"tuyên truyền, hướng dẫn người dân sử dụng dịch vụ công trực tuyến",
		"bố trí kinh phí thực hiện các nhiệm vụ chuyển đổi số",
	}},
	{"chủ động phòng, chống thiên tai mùa mưa bão", []string{
		"rà soát phương án sơ tán dân ở vùng có nguy cơ sạt lở",
		"chuẩn bị đầy đủ vật tư, phương tiện cứu hộ, cứu nạn",
		"kiểm tra an toàn hồ đập, đê điều trước mùa mưa lũ",
		"tổ chức trực ban nghiêm túc, thông tin kịp thời tình hình thiên tai",
		"huy động lực lượng hỗ trợ nhân dân khắc phục hậu quả",
	}},
	{"đẩy mạnh cải cách thủ tục hành chính", []string{
		"công khai đầy đủ thủ tục hành chính tại bộ phận một cửa",
		"rà soát, đề xuất cắt giảm thủ tục hành chính không cần thiết",
		"nâng cao tỷ lệ hồ sơ giải quyết đúng hạn",
		"xử lý nghiêm cán bộ gây phiền hà cho người dân, doanh nghiệp",
		"tổng hợp kết quả thực hiện cải cách hành chính",
	}},
	{"nâng cao chất lượng sinh hoạt chi bộ", []string{
		"xây dựng nội dung sinh hoạt chuyên đề phù hợp với tình hình thực tế",
		"duy trì nghiêm chế độ sinh hoạt định kỳ của chi bộ",
		"phát huy tinh thần tự phê bình và phê bình trong sinh hoạt",
		"theo dõi, đánh giá chất lượng sinh hoạt chi bộ",
		"biểu dương chi bộ có cách làm hay, hiệu quả",
	}},
	{"bảo đảm trật tự, an toàn giao thông dịp cuối năm", []string{
		"tăng cường tuần tra, kiểm soát, xử lý vi phạm về nồng độ cồn",
		"tuyên truyền quy định về an toàn giao thông đến từng khu dân cư",
		"rà soát, khắc phục các điểm đen về tai nạn giao thông",
		"bảo đảm an toàn cho các phương tiện vận tải hành khách",
		"báo cáo tình hình trật tự, an toàn giao thông",
	}},
	{"tổ chức các hoạt động kỷ niệm 95 năm Ngày thành lập Đảng", []string{
		"tổ chức tuyên truyền sâu rộng về truyền thống vẻ vang của Đảng",
		"trang trí khánh tiết, treo cờ tại trụ sở cơ quan, đơn vị",
		"tổ chức thăm hỏi, tặng quà đảng viên lão thành",
		"phát động phong trào thi đua lập thành tích chào mừng",
		"tổng hợp kết quả tổ chức các hoạt động kỷ niệm",
	}},
	{"xây dựng nông thôn mới giai đoạn 2025 - 2030", []string{
		"rà soát các tiêu chí nông thôn mới chưa đạt",
		"huy động nguồn lực xã hội hóa để đầu tư hạ tầng nông thôn",
		"phát triển sản phẩm OCOP gắn với lợi thế địa phương",
		"nâng cao thu nhập cho người dân vùng khó khăn",
		"đánh giá kết quả thực hiện các tiêu chí",
	}},
}

// party bodies: parent line, issuer line (caps), gold issuer, gold parent,
// number suffix, addressees.
type body struct {
	parentCaps, issuerCaps string
	issuer, parent         string
	suffix                 string // after the type code: "HU", "BTGTU", "UBND"
	place                  string
	leadIn                 string // who gives the instruction in the body
	addressee              string // whom the lead-in addresses (lower case start)
	recipients             []string
	orgs                   []string // organisations that can lead or support tasks
}

func partyBody(r *rand.Rand) body {
	p := pick(r, provinces)
	d := pick(r, districts)
	switch r.Intn(4) {
	case 0:
		return body{"ĐẢNG BỘ TỈNH " + strings.ToUpper(p), "HUYỆN ỦY " + strings.ToUpper(d),
			"Huyện ủy " + d, "Đảng bộ tỉnh " + p, "HU", d, "Ban Thường vụ Huyện ủy",
			"các chi bộ, đảng bộ cơ sở", []string{"Các chi bộ, đảng bộ cơ sở trực thuộc Huyện ủy"},
			[]string{"Ban Tổ chức Huyện ủy", "Ủy ban Kiểm tra Huyện ủy", "Ban Tuyên giáo Huyện ủy", "Văn phòng Huyện ủy", "Ủy ban Mặt trận Tổ quốc huyện", "Huyện đoàn"}}
	case 1:
		return body{"TỈNH ỦY " + strings.ToUpper(p), "BAN TUYÊN GIÁO",
			"Ban Tuyên giáo", "Tỉnh ủy " + p, "BTGTU", p, "Ban Tuyên giáo Tỉnh ủy",
			"các ban tuyên giáo huyện ủy, thành ủy", []string{"Ban tuyên giáo các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy"},
			[]string{"Báo " + p, "Đài Phát thanh và Truyền hình tỉnh", "Sở Văn hóa, Thể thao và Du lịch", "Sở Thông tin và Truyền thông", "Tỉnh đoàn"}}
	case 2:
		c := pick(r, communes)
		return body{"ĐẢNG BỘ HUYỆN " + strings.ToUpper(d), "ĐẢNG ỦY XÃ " + strings.ToUpper(c),
			"Đảng ủy xã " + c, "Đảng bộ huyện " + d, "ĐU", c, "Ban Thường vụ Đảng ủy",
			"các chi bộ trực thuộc", []string{"Các chi bộ trực thuộc Đảng ủy"},
			[]string{"Ủy ban nhân dân xã", "Ủy ban Mặt trận Tổ quốc xã", "Đoàn Thanh niên xã", "Hội Cựu chiến binh xã", "Công an xã"}}
	default:
		return body{"TỈNH ỦY " + strings.ToUpper(p), "ỦY BAN KIỂM TRA",
			"Ủy ban Kiểm tra", "Tỉnh ủy " + p, "UBKTTU", p, "Ủy ban Kiểm tra Tỉnh ủy",
			"ủy ban kiểm tra các huyện ủy, thành ủy", []string{"Ủy ban kiểm tra các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy"},
			[]string{"Ban Tổ chức Tỉnh ủy", "Văn phòng Tỉnh ủy", "Ban Nội chính Tỉnh ủy", "Thanh tra tỉnh"}}
	}
}

func stateBody(r *rand.Rand) body {
	p := pick(r, provinces)
	d := pick(r, districts)
	switch r.Intn(3) {
	case 0:
		return body{"ỦY BAN NHÂN DÂN", "TỈNH " + strings.ToUpper(p),
			"Ủy ban nhân dân tỉnh " + p, "", "UBND", p, "Chủ tịch Ủy ban nhân dân tỉnh",
			"", []string{"Các sở, ban, ngành tỉnh", "Ủy ban nhân dân các huyện, thị xã, thành phố"},
			[]string{"Sở Nội vụ", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Thông tin và Truyền thông", "Công an tỉnh", "Sở Nông nghiệp và Phát triển nông thôn", "Ủy ban nhân dân các huyện, thị xã, thành phố"}}
	case 1:
		return body{"UBND TỈNH " + strings.ToUpper(p), "SỞ Y TẾ",
			"Sở Y tế", "UBND tỉnh " + p, "SYT", p, "Sở Y tế",
			"", []string{"Trung tâm Y tế các huyện, thị xã, thành phố", "Bệnh viện đa khoa tỉnh"},
			[]string{"Trung tâm Kiểm soát bệnh tật tỉnh", "Phòng Nghiệp vụ Y", "Bệnh viện đa khoa tỉnh", "Trung tâm Y tế các huyện, thị xã, thành phố", "Phòng Kế hoạch - Tài chính"}}
	default:
		return body{"ỦY BAN NHÂN DÂN", "HUYỆN " + strings.ToUpper(d),
			"Ủy ban nhân dân huyện " + d, "", "UBND", d, "Chủ tịch Ủy ban nhân dân huyện",
			"", []string{"Các cơ quan, đơn vị thuộc huyện", "Ủy ban nhân dân các xã, thị trấn"},
			[]string{"Phòng Nội vụ", "Phòng Tài chính - Kế hoạch", "Phòng Giáo dục và Đào tạo", "Phòng Văn hóa và Thông tin", "Công an huyện", "Ủy ban nhân dân các xã, thị trấn"}}
	}
}

func pick(r *rand.Rand, xs []string) string { return xs[r.Intn(len(xs))] }

func personName(r *rand.Rand) string {
	return pick(r, surnames) + " " + pick(r, middles) + " " + pick(r, givens)
}

// vnDate formats a date as printed in a header.
func vnDate(t time.Time, pad bool) string {
	if pad {
		return fmt.Sprintf("ngày %02d tháng %02d năm %d", t.Day(), int(t.Month()), t.Year())
	}
	return fmt.Sprintf("ngày %d tháng %d năm %d", t.Day(), int(t.Month()), t.Year())
}

func iso(t time.Time) string { return t.Format("2006-01-02") }

// firstWords returns the first n words of s.
func firstWords(s string, n int) string {
	w := strings.Fields(s)
	if len(w) > n {
		w = w[:n]
	}
	return strings.Join(w, " ")
}

func upperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
