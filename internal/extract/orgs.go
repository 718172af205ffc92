package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// actionWords end an organisation phrase: they are the predicate that
// follows the subject ("Sở Y tế chủ trì", "Các chi bộ tăng cường").
var actionWords = map[string]bool{}

func init() {
	for _, w := range strings.Split(`chủ trì|phối hợp|tiếp tục|quán triệt|thực hiện|tăng cường|khẩn trương|chủ động|quan tâm|tổ chức|triển khai|xây dựng|rà soát|chỉ đạo|đôn đốc|báo cáo|hoàn chỉnh|nghiên cứu|tập trung|thường xuyên|kịp thời|nghiêm túc|đẩy mạnh|bảo đảm|đảm bảo|kiểm tra|theo dõi|hướng dẫn|tham mưu|gửi|cung cấp|không|phải|cần|nắm|lãnh đạo|vận động|treo|phát huy|nâng cao|đề xuất|xác định|thẩm định|lập|ban hành|bố trí|tuyên truyền|làm|chuẩn bị|sớm|trình|tiến hành|tích cực|thống nhất|có|là|được|cử|giới thiệu|phân công|rà|duy trì|tạo|tham gia|hỗ trợ|giám sát|chịu|căn cứ|dựa|trên cơ sở|xem xét|cụ thể hóa|cụ thể hoá|phổ biến|tổng hợp|giải quyết|chấn chỉnh|khắc phục|thành lập|kiện toàn|củng cố|phát động|đăng ký|tập huấn|bồi dưỡng|đánh giá|sơ kết|tổng kết|chuyển|nhắc nhở|quản lý|sử dụng|bổ sung|điều chỉnh|thông báo|đề nghị|yêu cầu|giao|quyết định|cập nhật|ưu tiên|lồng ghép|gắn|tuyệt đối|nghiêm cấm|hạn chế|mời|dự|tự|cũng|đồng thời|vẫn|đã|đang|sẽ|cùng với|nhằm|để|qua|theo|khi|sau khi|trước|trong thời gian|trong năm|từ nay|ngay|rà soát lại|làm việc|bám sát|hoàn thành|thực thi|thi hành|đưa|tổng rà soát|vào|đối với|nếu|thì|mà|với vai trò|với|mở|đăng tải|đưa tin|phản ánh|biên tập|biên soạn|phát hành|chấp hành|phê duyệt|giải ngân|vận hành|nâng cấp|đầu tư|hoàn thiện|sửa đổi|tiếp nhận|xử lý|thanh tra|điều tra|huy động|giáo dục|đào tạo|khen thưởng|kỷ luật|chấm điểm|lựa chọn|kết nạp|chỉ định|bổ nhiệm|luân chuyển|điều động|trao đổi|lấy ý kiến|góp ý|thẩm tra|học tập|chăm lo|thăm hỏi|sắp xếp|sáp nhập|giải thể|chuyển đổi|số hóa|số hoá|xã hội hóa|xã hội hoá|lưu trữ|bảo quản|ngăn chặn|phòng, chống|phòng chống|đăng|in|phát|rà soát,|theo dõi,|hướng dẫn,|kiểm tra,|xét|thu|nộp|trả lời|tiếp thu|rút kinh nghiệm|nhân rộng|biểu dương|động viên|khuyến khích|tăng|giảm|nắm chắc|nắm bắt|kiến nghị|đề ra|ra|bàn|thảo luận|họp|dự thảo|soạn thảo|xin|công khai|trang trí|thăm|tặng|chuẩn hóa|chuẩn hoá|tham dự|tuần tra|kiểm soát|khảo sát|thống kê|lắp đặt|sửa chữa|cải tạo|mua sắm|cấp phép|thu hồi|giải phóng|vệ sinh|phun|tiêm|khám|điều trị|cứu|sơ tán|di dời|ứng phó|trực|rà soát lại|tiếp tục|định hướng|chuyển đổi|đào tạo|phát triển|cân đối|rút ngắn|rút|nhanh chóng|quyết liệt|khẩn cấp|tự kiểm tra|tự`, "|") {
		actionWords[w] = true
	}
}

// orgHeadWords start an organisation phrase.
var orgHeadWords = []string{
	"các", "ban", "bộ", "sở", "ủy ban", "uỷ ban", "ubnd", "hđnd", "đảng ủy", "đảng uỷ", "đảng bộ",
	"huyện ủy", "huyện uỷ", "tỉnh ủy", "tỉnh uỷ", "thành ủy", "thành uỷ", "chi bộ", "văn phòng", "phòng",
	"cục", "tổ", "hội", "đoàn", "huyện đoàn", "tỉnh đoàn", "mặt trận", "công an", "trung tâm",
	"trường", "báo", "đài", "cơ quan", "chủ tịch", "giám đốc", "thủ trưởng", "trưởng", "bí thư",
	"cấp ủy", "cấp uỷ", "hội đồng", "liên đoàn", "kho bạc", "ngân hàng", "thanh tra", "viện",
	"đồng chí", "người đứng đầu", "lãnh đạo", "chánh", "tòa án", "toà án", "quân", "đảng đoàn",
	"ban cán sự", "thường trực", "tổ chức cơ sở đảng", "mttq", "bch", "btv", "vp", "ubkt",
	"công ty", "tổng công ty", "bệnh viện", "đại học", "học viện", "tập đoàn", "chi cục", "bộ chỉ huy",
	"đội ngũ", "bộ phận", "tổ công tác", "ban chỉ đạo", "ban quản lý",
	"chi ủy", "chi uỷ", "tiểu ban", "hạt", "cán bộ", "đảng viên",
}

// notOrgAfterCac are nouns after "Các" that are not organisations.
var notOrgAfterCac = map[string]bool{
	"nội": true, "hoạt": true, "giải": true, "chương": true, "chỉ": true, "văn": true, "quy": true,
	"trường": false, "biện": true, "nhiệm": true, "chính": true, "dự": true, "công": true,
	"thủ": true, "hồ": true, "khoản": true, "điều": true, "tiêu": true, "mục": true, "vấn": true,
	"kết": true, "ý": true, "nguồn": true, "phong": true, "lớp": true, "đối": true, "đợt": true,
}

// lowerOrgHeads may start an organisation phrase in lower case; other heads
// must be capitalised ("Báo An Giang" but not "báo cáo").
var lowerOrgHeads = map[string]bool{
	"các": true, "cấp": true, "ủy": true, "uỷ": true, "ubnd": true, "đảng": true, "chi": true,
	"cơ": true, "chủ": true, "giám": true, "thủ": true, "lãnh": true, "người": true, "đồng": true,
	"tổ": true, "thường": true, "huyện": true, "tỉnh": true, "thành": true, "bộ": true, "đội": true,
}

// startsWithOrg reports whether text begins with an organisation name.
func startsWithOrg(text string) bool {
	return startsWithOrgWords(strings.Fields(prefix(text, 120)))
}

// startsWithOrgWords is startsWithOrg over words already split.
func startsWithOrgWords(orig []string) bool {
	if len(orig) > 5 {
		orig = orig[:5]
	}
	words := make([]string, len(orig))
	for i, w := range orig {
		words[i] = strings.ToLower(w)
	}
	if len(words) < 2 {
		return false
	}
	if first := []rune(orig[0]); !unicode.IsUpper(first[0]) && !lowerOrgHeads[words[0]] {
		return false
	}
	if k := matchAt(words, 0, orgHeadWords); k > 0 {
		if words[0] == "các" {
			next := strings.Trim(words[1], ",")
			if notOrgAfterCac[next] {
				return false
			}
			if next == "công" && len(words) > 2 && strings.HasPrefix(words[2], "tác") {
				return false
			}
		}
		if words[0] == "tổ" && len(words) > 1 && words[1] == "chức" && !(len(words) > 2 && (words[2] == "cơ" || words[2] == "đảng")) {
			return false
		}
		if words[0] == "lãnh" && len(words) > 2 && words[2] != "các" && !unicode.IsUpper([]rune(orig[min(2, len(orig)-1)])[0]) {
			return false // "Lãnh đạo chính quyền cơ sở rà soát": a verb
		}
		if words[0] == "báo" && strings.HasPrefix(words[1], "cáo") {
			return false // "Báo cáo ..." is a verb, not a newspaper
		}
		if words[0] == "bộ" && len(words) > 1 && words[1] == "phận" {
			return true
		}
		return true
	}
	return false
}

// isActionAt reports whether words[i:] starts with a predicate word.
// Nouns that look like verbs ("tổ chức đảng", "xây dựng Đảng",
// "có liên quan") are recognised and not treated as predicates.
func isActionAt(words []string, i int) bool {
	w := words[i]
	if w == "" || !unicode.IsLower([]rune(w)[0]) {
		return false
	}
	next := ""
	if i+1 < len(words) {
		next = strings.Trim(words[i+1], ",;.")
	}
	two := w + " " + next
	switch {
	case (w == "tổ" || two == "xây dựng") && (strings.HasPrefix(strings.ToLower(wordAfter(words, i, 2)), "đảng") || strings.HasPrefix(strings.ToLower(wordAfter(words, i, 2)), "cơ")):
		return false
	case two == "tổ chức" && i > 0 && (strings.EqualFold(words[i-1], "ban") || strings.EqualFold(words[i-1], "các") || strings.HasSuffix(words[i-1], ",")):
		return false
	case w == "có" && next == "liên":
		return false
	case two == "báo cáo" && strings.HasPrefix(wordAfter(words, i, 2), "viên"):
		return false // "báo cáo viên" is a person
	case two == "tham mưu" && i > 0 && (words[i-1] == "quan" || words[i-1] == "ban"):
		return false // "các cơ quan tham mưu, giúp việc"
	case two == "giúp việc" && i > 0 && strings.HasSuffix(words[i-1], ","):
		return false
	case w == "trong" || w == "trên" || w == "từ" || w == "đến" || w == "thuộc" || w == "trực":
		return false
	}
	if i > 0 && two != "chủ trì" && two != "phối hợp" && w != "chủ" && w != "phối" && w != "có" && w != "cần" && w != "phải" {
		// "Ủy ban kiểm tra", "Đoàn kiểm tra", "Trung tâm giáo dục", "Ban quản
		// lý dự án": a verb right after a body's head noun names the body
		switch strings.ToLower(strings.Trim(words[i-1], ",;")) {
		case "ban", "đoàn", "tâm", "phòng", "tổ", "hội", "viện", "cục", "án", "dục":
			return false
		}
	}
	if i > 0 {
		// "Đào tạo" in "Sở Giáo dục và Đào tạo": the second half of a
		// capitalised compound is part of a name
		prev := []rune(words[i-1])
		if len(prev) > 0 && unicode.IsUpper(prev[0]) && actionWords[strings.ToLower(words[i-1])+" "+strings.Trim(w, ",;.")] {
			return false
		}
	}
	if actionWords[two] {
		return true
	}
	return actionWords[strings.Trim(w, ",;.")]
}

func wordAfter(words []string, i, k int) string {
	if i+k < len(words) {
		return words[i+k]
	}
	return ""
}

// orgPhrase returns the organisation phrase at the start of text, up to
// the predicate, a colon or a sentence end; parenthetical remarks are dropped.
func orgPhrase(text string) string {
	text = dropParens(prefix(text, 320))
	words := strings.Fields(text)
	var out []string
	for i := 0; i < len(words); i++ {
		if i > 0 && isActionAt(words, i) {
			break
		}
		w := words[i]
		if strings.HasSuffix(w, ":") || strings.HasSuffix(w, ";") || strings.HasSuffix(w, ".") && !strings.HasSuffix(w, "TP.") && len(w) > 2 {
			out = append(out, strings.TrimRight(w, ":;."))
			break
		}
		out = append(out, w)
		if len(out) > 30 {
			break
		}
	}
	return strings.Trim(strings.Join(out, " "), " ,;-")
}

// dropParens removes "(...)" remarks.
func dropParens(s string) string {
	if !strings.Contains(s, "(") {
		return s
	}
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// splitOrgs splits "A, B và các C" into organisations: a split happens at
// ", " or " và " / " cùng " only when an organisation name follows, so
// "Sở Kế hoạch và Đầu tư" and "các cấp ủy, tổ chức đảng" stay whole.
func splitOrgs(s string) []string {
	words := strings.Fields(s)
	var out []string
	cur := []string{}
	flush := func() {
		if t := strings.Trim(strings.Join(cur, " "), " ,;"); t != "" {
			out = append(out, t)
		}
		cur = cur[:0]
	}
	for i := 0; i < len(words); i++ {
		w := words[i]
		if (w == "và" || w == "cùng" || w == "với") && len(cur) > 0 && startsWithOrgWords(words[i+1:]) && !isProperContinuation(words, i) {
			flush()
			continue
		}
		if strings.HasSuffix(w, ",") || strings.HasSuffix(w, ";") {
			cur = append(cur, strings.TrimRight(w, ",;"))
			restWords := words[i+1:]
			capital := len(restWords) > 0 && unicode.IsUpper([]rune(restWords[0])[0])
			if len(restWords) > 1 && restWords[0] == "các" {
				// ", các Đảng bộ trực thuộc": a new, capitalised organisation
				capital = unicode.IsUpper([]rune(restWords[1])[0])
			}
			if strings.HasSuffix(w, ";") || capital && startsWithOrgWords(restWords) {
				flush()
			} else {
				cur[len(cur)-1] = w
			}
			continue
		}
		cur = append(cur, w)
	}
	flush()
	return out
}

// isProperContinuation reports "và" inside a proper name: "Sở Kế hoạch và
// Đầu tư", "Bộ Lao động - Thương binh và Xã hội" (a capitalised word that is
// not an organisation head follows).
func isProperContinuation(words []string, i int) bool {
	if i+1 >= len(words) {
		return false
	}
	n := words[i+1]
	r := []rune(n)
	if len(r) == 0 || !unicode.IsUpper(r[0]) {
		return false
	}
	return !startsWithOrgWords(words[i+1:])
}

// cleanOrg tidies an organisation mention used as a lead or support.
func cleanOrg(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"Đồng chí ", "đồng chí ", "Đ/c ", "đ/c "} {
		s = strings.TrimPrefix(s, p)
	}
	if strings.HasPrefix(s, "Giám đốc Sở") || strings.HasPrefix(s, "Giám đốc sở") {
		s = s[len("Giám đốc "):]
	}
	s = strings.Trim(s, " ,;:.-")
	return s
}

// recipientLead shortens a recipient item to an organisation usable as a
// lead ("Đồng chí Chủ tịch UBND các tỉnh: Yên Bái, ..." -> "Chủ tịch UBND các tỉnh").
func recipientLead(s string) string {
	if i := strings.Index(s, ":"); i > 0 {
		s = s[:i]
	}
	s = dropParens(s)
	for _, p := range []string{"Đồng chí ", "đồng chí ", "Đ/c ", "Các đồng chí ", "các đồng chí "} {
		s = strings.TrimPrefix(s, p)
	}
	return strings.Trim(s, " ,;.")
}

// prefix returns at most n bytes of s, cut at a rune boundary.
func prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
