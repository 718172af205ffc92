package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// header holds what the top of a document says.
type header struct {
	number      string
	numberLine  int
	date        string // ISO
	dateLine    int
	place       string
	issuer      string
	parent      string
	subject     string
	title       string // doc type from the title line, e.g. "chi_thi"
	titleLine   int
	titleIssuer string // "CỦA BAN THƯỜNG VỤ HUYỆN ỦY" under the title
	end         int    // first line after the header (body start)
	official    bool   // has a motto or a number line: an official layout
	classif     string
	urgency     string
}

var (
	// numberRe matches "Số: 123/UBND-VX", "Số 1006 -CV/HU", "SỐ: 12/2025/QĐ-UBND".
	numberRe = regexp.MustCompile(`^(?i:số|so)\s*[:.]?\s*(\d+[\p{L}]?(?:\s*[-–/]\s*[\p{L}\d][\p{L}\d.&]*(?:\s*&\s*[\p{L}\d]+)*)+)`)
	// vvOCRRe matches "V/v" as OCR garbles it ("V⁄%", "V/V:", "Vív").
	vvOCRRe = regexp.MustCompile(`^v\s?[/⁄\\|l1ix%]{1,2}\s?[v%xw]?[:.]?\s`)
	// bareNumberRe matches a number alone on a line: "1204/UBND-KT".
	bareNumberRe = regexp.MustCompile(`^(\d+[\p{L}]?(?:\s*[-/]\s*[\p{L}\d][\p{L}\d.&]*)+)$`)
	// parenNumberRe matches "(3585/VP-KTN, ngày 23/10/2017)".
	parenNumberRe = regexp.MustCompile(`\((\d+(?:\s*[-/]\s*[\p{L}\d][\p{L}\d.&]*)+)\s*,\s*ngày\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*\)`)
	// placeDateRe matches "Hà Nội, ngày 05 tháng 02 năm 2008".
	placeDateRe = regexp.MustCompile(`(?i:ngày|ngay)\s*(\d{1,2})\s*(?:(?i:th\p{L}ng)\s*(\d{1,2})\s*(?i:n\p{L}m)|/\s*(\d{1,2})\s*/)\s*(\d{4})`)
	// numericDateRe matches 05/02/2021 or 5-2-2021.
	numericDateRe = regexp.MustCompile(`\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\b`)
	// dateTimeRe matches a web page's "10/04/2024 03:16 CH".
	partyTypeRe = regexp.MustCompile(`^\d+[\p{L}]?-([\p{L}]+)/`)
	dateTimeRe  = regexp.MustCompile(`\b(\d{1,2})/(\d{1,2})/(\d{4})\b.{0,6}\d{1,2}:\d{2}`)
)

// motto lines: the national motto and the Party's name on the right column.
var mottoFolds = []string{
	"cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc",
	"doc lap – tu do – hanh phuc", "dang cong san viet nam", "doc lap-tu do-hanh phuc",
}

// stripMotto removes motto text from a header line ("ỦY BAN NHÂN DÂN CỘNG
// HÒA XÃ HỘI ..." -> "ỦY BAN NHÂN DÂN") and reports whether any was found.
func stripMotto(l line) (string, bool) {
	for _, m := range mottoFolds {
		if i := strings.Index(l.fold, m); i >= 0 {
			rs := []rune(l.text)
			fr := []rune(l.fold)
			if len(rs) != len(fr) {
				return "", true
			}
			// rune offsets align because folding maps rune to rune
			ri := len([]rune(l.fold[:i]))
			rj := ri + len([]rune(m))
			rest := strings.TrimSpace(string(rs[:ri]) + " " + string(rs[rj:]))
			return strings.Trim(rest, " -–,"), true
		}
	}
	// a motto garbled by OCR: compare letters only ("ĐÁNG CỘNG SẢ*N VIỆT NAM")
	if letters := lettersOnly(l.fold); len(letters) >= 12 && len(letters) <= 40 {
		for _, m := range mottoLetters {
			if letters == m || editDistanceAtMost(letters, m, 2) {
				return "", true
			}
		}
	}
	// a motto cut across lines: "CỘNG" / "HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	f := strings.TrimSpace(l.fold)
	if f != "" && (strings.HasPrefix(mottoFolds[0], f) && len(f) >= 4 || strings.HasSuffix(mottoFolds[0], f) && len(f) >= 12 ||
		strings.HasPrefix(f, "hoa xa hoi chu nghia") || strings.HasPrefix(f, "cong hoa xa hoi") || strings.HasPrefix(f, "doc lap - tu do")) {
		return "", true
	}
	return l.text, false
}

// docTypeNames maps folded title words to doc_type codes; longest first.
var docTypeNames = []struct{ fold, code string }{
	{"thong bao ket luan", "thong_bao"}, {"cong van", "cong_van"}, {"chi thi", "chi_thi"},
	{"nghi quyet", "nghi_quyet"}, {"ke hoach", "ke_hoach"}, {"huong dan", "huong_dan"},
	{"quyet dinh", "quyet_dinh"}, {"quy dinh", "quy_dinh"}, {"quy che", "quy_che"},
	{"thong bao", "thong_bao"}, {"bao cao", "bao_cao"}, {"ket luan", "ket_luan"},
	{"chuong trinh", "chuong_trinh"}, {"to trinh", "to_trinh"}, {"thong tri", "thong_tri"},
	{"de an", "de_an"}, {"bien ban", "bien_ban"}, {"nghi dinh", "nghi_dinh"},
	{"thong tu", "thong_tu"}, {"luat", "luat"},
}

// titleType recognises a type title line ("CHỈ THỊ", "KẾ HOẠCH", "QUYẾT ĐỊNH").
func titleType(l line) string {
	if !isUpperLine(l.text) || len([]rune(l.text)) > 40 {
		return ""
	}
	f := strings.TrimRight(strings.TrimSpace(l.fold), " :.")
	for _, t := range docTypeNames {
		if f == t.fold {
			return t.code
		}
	}
	return ""
}

// typeCodes maps the type part of a document number to doc_type.
var typeCodes = map[string]string{
	"CV": "cong_van", "CT": "chi_thi", "NQ": "nghi_quyet", "KH": "ke_hoach", "HD": "huong_dan",
	"QĐ": "quyet_dinh", "QD": "quyet_dinh", "QyĐ": "quy_dinh", "QC": "quy_che", "TB": "thong_bao",
	"BC": "bao_cao", "KL": "ket_luan", "CTr": "chuong_trinh", "CTR": "chuong_trinh", "TTr": "to_trinh",
	"TTR": "to_trinh", "TT": "thong_tri", "ĐA": "de_an", "BB": "bien_ban", "NĐ": "nghi_dinh",
	"QH": "luat", "TTg": "quyet_dinh",
}

// typeFromNumber derives the doc type from a number's type code: Party
// "28-CT/TW" (code after the dash), State "12/2025/QĐ-UBND" (code before the
// dash); State numbers without a code ("123/UBND-VX") are công văn.
func typeFromNumber(num string) string {
	if num == "" {
		return ""
	}
	if m := partyTypeRe.FindStringSubmatch(num); m != nil {
		if c, ok := typeCodes[m[1]]; ok {
			return c
		}
		return ""
	}
	parts := strings.Split(num, "/")
	if len(parts) >= 2 {
		last := parts[len(parts)-1]
		code := strings.SplitN(last, "-", 2)[0]
		if len(parts) == 3 || strings.Contains(last, "-") {
			if c, ok := typeCodes[code]; ok {
				if c == "thong_tri" {
					return "thong_tu" // State "TT-BTC" is a thông tư
				}
				return c
			}
		}
		return "cong_van"
	}
	return ""
}

// normNumber removes spaces from a document number.
func normNumber(s string) string {
	s = strings.ReplaceAll(strings.Join(strings.Fields(s), ""), "–", "-")
	return strings.TrimRight(s, ".,;:-/")
}

// isoDate validates and formats a date.
func isoDate(d, m, y string) string {
	di, _ := strconv.Atoi(d)
	mi, _ := strconv.Atoi(m)
	yi, _ := strconv.Atoi(y)
	if yi < 1945 || yi > 2100 || mi < 1 || mi > 12 || di < 1 {
		return ""
	}
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if t.Day() != di {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", yi, mi, di)
}

// markings maps folded marks to their normalised form.
var classifications = []struct{ fold, val string }{
	{"tuyet mat", "Tuyệt mật"}, {"toi mat", "Tối mật"}, {"mat", "Mật"},
}
var urgencies = []struct{ fold, val string }{
	{"thuong khan", "Thượng khẩn"}, {"hoa toc", "Hỏa tốc"}, {"khan", "Khẩn"},
}

// marking recognises a confidentiality or urgency mark line ("MẬT", "KHẨN",
// "HỎA TỐC", "Độ khẩn: Khẩn").
func marking(l line) (classif, urgency string) {
	if !isUpperLine(l.text) && !strings.HasPrefix(l.fold, "do ") {
		return "", ""
	}
	f := strings.Trim(l.fold, " .:*")
	f = strings.TrimPrefix(f, "do mat:")
	f = strings.TrimPrefix(f, "do khan:")
	for _, part := range strings.FieldsFunc(f, func(r rune) bool { return r == ',' || r == '-' || r == '/' }) {
		p := strings.TrimSpace(part)
		for _, c := range classifications {
			if p == c.fold {
				classif = c.val
			}
		}
		for _, u := range urgencies {
			if p == u.fold {
				urgency = u.val
			}
		}
	}
	return classif, urgency
}

// subjectStart reports whether a line starts a trích yếu ("V/v ...", "Về ...").
func subjectStart(l line) bool {
	f := l.fold
	return strings.HasPrefix(f, "v/v") || vvOCRRe.MatchString(f) || strings.HasPrefix(f, "v.v") || strings.HasPrefix(f, "ve viec") ||
		(strings.HasPrefix(f, "ve ") && len(f) < 250)
}

// isKinhGui reports a "Kính gửi" line.
func isKinhGui(l line) bool { return strings.HasPrefix(l.fold, "kinh gui") }

// isNoiNhan reports a "Nơi nhận" line.
func isNoiNhan(l line) bool {
	return strings.HasPrefix(l.fold, "noi nhan") && len(l.fold) < 60
}

// bodyLike reports a line that reads as running text rather than a header line.
func bodyLike(l line) bool {
	n := len(strings.Fields(l.text))
	if n >= 14 && !isUpperLine(l.text) {
		return true
	}
	t := l.text
	return n >= 5 && !isUpperLine(t) && (strings.HasSuffix(t, ".") || strings.HasSuffix(t, ":") || strings.HasSuffix(t, ";"))
}

// parseHeader reads the header zone at the top of the document.
func parseHeader(ls []line) header {
	h := header{numberLine: -1, dateLine: -1, titleLine: -1}
	var issuerLines []string
	limit := len(ls)
	if limit > 60 {
		limit = 60
	}
	i := 0
	inSubject := false
	afterBlank := false // a blank line inside the trích yếu (continuation still possible)
	for ; i < limit; i++ {
		l := ls[i]
		if l.text == "" {
			if inSubject {
				afterBlank = true
			}
			continue
		}
		if c, u := marking(l); c != "" || u != "" {
			if c != "" {
				h.classif = c
			}
			if u != "" {
				h.urgency = u
			}
			continue
		}
		if isKinhGui(l) || isNoiNhan(l) {
			break
		}
		if t := titleType(l); t != "" {
			h.title, h.titleLine = t, i
			break
		}
		rest, motto := stripMotto(l)
		if motto {
			h.official = true
			inSubject = false
			if rest == "" {
				continue
			}
			l = line{text: rest, fold: foldLower(rest)}
		}
		text := l.text
		if h.number == "" && (l.fold == "so:" || l.fold == "so") && i+1 < len(ls) {
			// "Số:" printed on its own line, the number on the next
			if m := bareNumberRe.FindStringSubmatch(ls[i+1].text); m != nil {
				h.number, h.numberLine, h.official = normNumber(m[1]), i+1, true
				i++
				continue
			}
		}
		if m := numberRe.FindStringSubmatchIndex(text); m != nil && h.number == "" {
			h.number = normNumber(text[m[2]:m[3]])
			h.numberLine = i
			h.official = true
			inSubject = false
			text = strings.TrimSpace(text[m[1]:])
			if text == "" {
				continue
			}
			l = line{text: text, fold: foldLower(text)}
		}
		if m := placeDateRe.FindStringSubmatchIndex(text); m != nil && h.date == "" && (m[4] >= 0 || numericPlaceDate(text, m[0])) {
			month := ""
			if m[4] >= 0 {
				month = text[m[4]:m[5]]
			} else {
				month = text[m[6]:m[7]] // "Hà Nội, ngày 5/3/2025"
			}
			if d := isoDate(text[m[2]:m[3]], month, text[m[8]:m[9]]); d != "" {
				h.date, h.dateLine = d, i
				before := text[:m[0]]
				// "MẬT Nam Trà, ngày ...": a mark printed before the place
				for {
					w, rest, _ := strings.Cut(strings.TrimSpace(before), " ")
					c, u := marking(line{text: w, fold: foldLower(w)})
					if c == "" && u == "" || rest == "" {
						break
					}
					if c != "" {
						h.classif = c
					}
					if u != "" {
						h.urgency = u
					}
					before = rest
				}
				if pre, rest := splitCapsPrefix(before); pre != "" {
					// "HUYỆN ỦY PHONG THẠNH Phong Thạnh, ngày ...": the left column's
					// line printed before the place
					issuerLines = append(issuerLines, pre)
					before = rest
				}
				h.place = placeBefore(before)
				inSubject = false
				after := strings.TrimSpace(text[m[1]:])
				if after == "" || len(after) < 3 {
					continue
				}
				text = after
				l = line{text: text, fold: foldLower(text)}
			}
		}
		if subjectStart(l) && h.subject == "" && (h.number != "" || h.official || i < 3) {
			text = strings.TrimRight(text, " .")
			h.subject = text
			inSubject = true
			if m := parenNumberRe.FindStringSubmatch(text); m != nil && h.number == "" {
				h.number = normNumber(m[1])
				h.date = isoDate(m[2], m[3], m[4])
				h.subject = strings.TrimSpace(text[:strings.Index(text, "(")])
				inSubject = false
			}
			continue
		}
		if inSubject && afterBlank && (len(strings.Fields(text)) >= 15 || endsSentence(text) || isKinhGui(l)) {
			inSubject = false
		}
		afterBlank = false
		if inSubject && !isUpperLine(text) && len(text) < 160 && strings.Count(h.subject, " ") < 60 {
			h.subject += " " + text
			inSubject = !strings.HasSuffix(text, ".")
			continue
		}
		inSubject = false
		if text == "*" {
			continue
		}
		if isUpperLine(text) && !bodyLike(l) {
			if h.dateLine >= 0 && i > h.dateLine && issuedByAuthority(l.fold) {
				// "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X" above a Quyết định's grounds
				continue
			}
			if strings.HasPrefix(l.fold, "cua ") && h.titleLine >= 0 {
				h.titleIssuer = text
				continue
			}
			issuerLines = append(issuerLines, text)
			continue
		}
		if bodyLike(l) {
			break
		}
		// a short unrecognised line (an OCR-garbled ornament, a stray mark, a
		// broken subject line): skip it while the header is still open
		if i > 0 && (len(strings.Fields(text)) > 12 || h.date != "" && (h.number != "" || h.subject != "")) {
			break
		}
	}
	h.end = i
	if h.titleLine >= 0 {
		h.end = parseTitle(ls, &h)
	}
	h.issuer, h.parent = issuerFromLines(issuerLines)
	if h.issuer != "" || h.number != "" {
		h.official = h.official || h.number != ""
	}
	h.subject = strings.TrimSpace(strings.TrimRight(h.subject, " "))
	return h
}

// placeBefore extracts the place name printed before ", ngày".
func placeBefore(s string) string {
	s = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ","))
	if s == "" {
		return ""
	}
	words := strings.Fields(s)
	// take the trailing run of capitalised words (allowing "phố", "xã" inside
	// "Thành phố Hồ Chí Minh" and "TP." prefixes)
	start := len(words)
	for j := len(words) - 1; j >= 0; j-- {
		w := words[j]
		r := []rune(w)
		lowerOK := w == "phố" || w == "xã" || w == "trấn"
		if len(r) > 0 && (isUpperRune(r[0]) || lowerOK || w == "-") && !strings.ContainsAny(w, "/0123456789:") {
			start = j
			continue
		}
		break
	}
	if start == len(words) || len(words)-start > 6 {
		return ""
	}
	p := strings.Join(words[start:], " ")
	p = strings.Trim(p, " ,.-")
	if isUpperLine(p) {
		p = titleCase(p)
	}
	return p
}

func isUpperRune(r rune) bool {
	return strings.ToUpper(string(r)) == string(r) && strings.ToLower(string(r)) != string(r)
}

// parseTitle reads the title block (type name, "CỦA ..." line, subject lines)
// starting at h.titleLine and returns the first body line.
func parseTitle(ls []line, h *header) int {
	i := h.titleLine + 1
	var subj []string
	for ; i < len(ls) && i < h.titleLine+8; i++ {
		l := ls[i]
		if l.text == "" {
			if len(subj) > 0 {
				i++
				break
			}
			continue
		}
		if strings.HasPrefix(l.fold, "cua ") && isUpperLine(l.text) && len(subj) == 0 {
			h.titleIssuer = l.text
			continue
		}
		if len(subj) > 0 && (isUpperLine(l.text) && !isUpperLine(subj[0]) || bodyLike(l) && len(l.text) > 160) {
			break
		}
		if bodyLike(l) && len(subj) > 0 && strings.HasSuffix(subj[len(subj)-1], ".") {
			break
		}
		if len(subj) > 0 && startsLower(subj[0]) && !startsLower(l.text) && len(strings.Fields(l.text)) >= 12 {
			// "về nâng cao ..." / "phát triển ..." then "Trong những năm qua, ...":
			// a capitalised long line after a lower-case title starts the body
			break
		}
		if strings.HasPrefix(l.fold, "can cu") || strings.HasPrefix(l.fold, "kinh gui") {
			break
		}
		if len(subj) > 0 && bodyOpening(l.fold) {
			break // "Thời gian qua, ..." after the title: the body has begun
		}
		if len(subj) == 0 && isUpperLine(l.text) && strings.HasPrefix(l.fold, "chu tich") {
			break
		}
		subj = append(subj, l.text)
		if len(subj) >= 4 {
			i++
			break
		}
	}
	if len(subj) > 0 && h.subject == "" {
		h.subject = strings.Join(subj, " ")
		// "của Ban Chấp hành Đảng bộ huyện về ...": the issuing body is not
		// part of the subject
		if strings.HasPrefix(h.subject, "của ") {
			if k := strings.Index(h.subject, " về "); k > 0 {
				if h.titleIssuer == "" {
					h.titleIssuer = h.subject[:k]
				}
				h.subject = h.subject[k+1:]
			}
		}
	}
	return i
}

// issuerFromLines turns the header's upper-case lines into issuer and parent.
func issuerFromLines(lines []string) (issuer, parent string) {
	var groups []string
	for _, s := range lines {
		s = strings.Trim(s, " -–*")
		if s == "" {
			continue
		}
		f := foldLower(s)
		if len(groups) > 0 {
			prev := groups[len(groups)-1]
			pf := foldLower(prev)
			cont := strings.HasPrefix(f, "va ") || strings.HasPrefix(f, "cua ") || strings.HasSuffix(pf, " va") ||
				strings.HasSuffix(pf, ",") || strings.HasSuffix(pf, "-")
			organOnly := pf == "uy ban nhan dan" || pf == "hoi dong nhan dan" || pf == "ubnd" || pf == "hdnd" ||
				pf == "ban chi huy quan su" || pf == "cong an"
			admin := false
			for _, a := range []string{"tinh ", "huyen ", "xa ", "thanh pho ", "thi xa ", "quan ", "phuong ", "thi tran "} {
				if strings.HasPrefix(f, a) && !strings.HasPrefix(f, a+"uy") {
					admin = true
				}
			}
			if cont || organOnly && admin {
				groups[len(groups)-1] = prev + " " + s
				continue
			}
		}
		groups = append(groups, s)
	}
	if len(groups) == 1 {
		// "ĐẢNG BỘ TỈNH X THỊ ỦY Y", "TỈNH ỦY X VĂN PHÒNG": two header lines run together
		if a, b := splitTwoBodies(groups[0]); a != "" {
			groups = []string{a, b}
		}
	}
	if len(groups) == 0 {
		return "", ""
	}
	issuer = orgCase(groups[len(groups)-1])
	if len(groups) >= 2 {
		parent = orgCase(groups[len(groups)-2])
	}
	return issuer, parent
}

// issuedByAuthority reports a line naming the signing authority of a
// Quyết định ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X", "BỘ TRƯỞNG BỘ Y TẾ").
func issuedByAuthority(f string) bool {
	for _, p := range []string{"chu tich ", "bo truong ", "thu tuong ", "giam doc ", "truong ban ", "chanh van phong ", "cuc truong ", "tong cuc truong "} {
		if strings.HasPrefix(f, p) {
			return true
		}
	}
	return false
}

var mottoLetters = []string{"conghoaxahoichunghiavietnam", "doclaptudohanhphuc", "dangcongsanvietnam"}

// lettersOnly keeps the ASCII letters of a folded string.
func lettersOnly(f string) string {
	b := make([]byte, 0, len(f))
	for i := 0; i < len(f); i++ {
		if c := f[i]; c >= 'a' && c <= 'z' {
			b = append(b, c)
		}
	}
	return string(b)
}

// editDistanceAtMost reports whether the Levenshtein distance of a and b
// is at most k (ASCII strings).
func editDistanceAtMost(a, b string, k int) bool {
	if d := len(a) - len(b); d > k || -d > k {
		return false
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			cur[j] = c
			best = min(best, c)
		}
		if best > k {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[len(b)] <= k
}

// bodyOpening reports a line that opens the body of a document.
func bodyOpening(f string) bool {
	for _, p := range []string{"thuc hien ", "can cu ", "thoi gian qua", "de ", "nham ", "ngay ", "xet ", "theo ", "qua ", "trong nhung nam", "trong thoi gian", "tiep theo"} {
		if strings.HasPrefix(f, p) {
			return true
		}
	}
	return false
}

// splitCapsPrefix splits "HUYỆN ỦY X Phong Thạnh" into its all-capitals
// words and the rest.
func splitCapsPrefix(s string) (string, string) {
	words := strings.Fields(s)
	k := 0
	for k < len(words) && isUpperLine(words[k]) && len([]rune(words[k])) > 1 && !strings.HasSuffix(words[k], ".") {
		k++
	}
	if k < 2 || k == len(words) {
		return "", s
	}
	return strings.Join(words[:k], " "), strings.Join(words[k:], " ")
}

// innerBodies start the second of two header lines run together.
var innerBodies = []string{"huyen uy ", "thi uy ", "thanh uy ", "quan uy ", "tinh uy ", "dang uy ", "ban ", "uy ban kiem tra", "van phong", "so ", "phong ", "chi cuc ", "cuc "}

// splitTwoBodies splits an upper-case line naming a parent body and the
// issuer ("ĐẢNG BỘ TỈNH NAM TRUNG THỊ ỦY PHƯỚC HẢI"); it returns "" when
// the line names one body.
func splitTwoBodies(s string) (string, string) {
	f := foldLower(s)
	if !strings.HasPrefix(f, "dang bo ") && !strings.HasPrefix(f, "tinh uy ") && !strings.HasPrefix(f, "huyen uy ") &&
		!strings.HasPrefix(f, "thanh uy ") && !strings.HasPrefix(f, "ubnd ") && !strings.HasPrefix(f, "uy ban nhan dan ") {
		return "", ""
	}
	words := strings.Fields(s)
	fw := strings.Fields(f)
	for k := 2; k < len(fw)-1; k++ {
		rest := strings.Join(fw[k:], " ") + " "
		for _, b := range innerBodies {
			if strings.HasPrefix(rest, b) {
				if b == "ban " && k+1 < len(fw) && (fw[k+1] == "nhan" || fw[k-1] == "uy") {
					continue // "ỦY BAN NHÂN DÂN"
				}
				return strings.Join(words[:k], " "), strings.Join(words[k:], " ")
			}
		}
	}
	return "", ""
}

// numericPlaceDate accepts "Hà Nội, ngày 5/3/2025" only as a place-date line:
// a place and a comma right before "ngày", outside parentheses.
func numericPlaceDate(text string, at int) bool {
	before := strings.TrimRight(text[:at], " ")
	return strings.HasSuffix(before, ",") && !strings.Contains(before, "(") && len(strings.Fields(before)) <= 8
}
