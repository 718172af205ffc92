package extract

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// acronyms keep their upper case when an all-caps line is re-cased.
var acronyms = map[string]bool{
	"ubnd": true, "hđnd": true, "mttq": true, "tw": true, "bch": true, "btv": true,
	"tp": true, "tp.": true, "cp": true, "vp": true, "thpt": true, "thcs": true, "đbscl": true,
	"ct": true, "cv": true, "nq": true, "hu": true, "tu": true, "ubkt": true, "lđlđ": true,
	"ii": true, "iii": true, "iv": true, "vi": true, "vii": true, "viii": true, "ix": true,
	"xi": true, "xii": true, "xiii": true, "xiv": true, "xv": true,
}

// adminUnits precede a proper place name.
var adminUnits = []string{"thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "xã", "phường", "quận", "khu phố", "thôn", "ấp", "bản"}

// orgHeads are followed by a name whose first word is capitalised
// ("Sở Tài chính", "Ban Tổ chức").
var orgHeads = map[string]bool{
	"sở": true, "bộ": true, "ban": true, "cục": true, "vụ": true, "phòng": true,
	"viện": true, "tổng cục": true, "khối": true, "hội": true,
}

// fixedCasing maps lower-case phrases to their conventional casing.
var fixedCasing = [][2]string{
	{"ban thường vụ", "Ban Thường vụ"}, {"ban chấp hành", "Ban Chấp hành"},
	{"ban bí thư", "Ban Bí thư"}, {"bộ chính trị", "Bộ Chính trị"},
	{"ủy ban kiểm tra", "Ủy ban Kiểm tra"}, {"uỷ ban kiểm tra", "Uỷ ban Kiểm tra"},
	{"mặt trận tổ quốc", "Mặt trận Tổ quốc"}, {"chính phủ", "Chính phủ"},
	{"thủ tướng", "Thủ tướng"}, {"trung ương", "Trung ương"},
	{"quốc hội", "Quốc hội"}, {"nhà nước", "Nhà nước"}, {"việt nam", "Việt Nam"},
	{"hồ chí minh", "Hồ Chí Minh"}, {"công an", "Công an"}, {"quân sự", "Quân sự"},
	{"đảng bộ", "Đảng bộ"}, {"đảng ủy", "Đảng ủy"}, {"đảng uỷ", "Đảng uỷ"},
	{"ủy ban nhân dân", "Ủy ban nhân dân"}, {"uỷ ban nhân dân", "Uỷ ban nhân dân"},
	{"hội đồng nhân dân", "Hội đồng nhân dân"}, {"văn phòng", "Văn phòng"},
	{"chủ tịch", "Chủ tịch"}, {"bí thư", "Bí thư"},
}

// partyCommittees are followed by a proper place name ("Huyện ủy Lạc Dương").
var partyCommittees = []string{"huyện ủy", "huyện uỷ", "tỉnh ủy", "tỉnh uỷ", "thành ủy", "thành uỷ", "quận ủy", "quận uỷ", "thị ủy", "thị uỷ"}

// orgCase re-cases an all-caps organisation name in the conventional way:
// "HUYỆN ỦY LẠC DƯƠNG" -> "Huyện ủy Lạc Dương". Mixed-case input is kept.
func orgCase(s string) string {
	s = strings.TrimSpace(s)
	if !isUpperLine(s) {
		return s
	}
	words := strings.Fields(strings.ToLower(s))
	n := len(words)
	out := make([]string, n)
	copy(out, words)
	proper := false // inside a proper name
	for i := 0; i < n; i++ {
		w := words[i]
		if acronyms[strings.Trim(w, ",;:()")] {
			out[i] = strings.ToUpper(w)
			continue
		}
		if w == "và" || w == "của" || w == "-" || w == "thuộc" {
			proper = false
		}
		if proper {
			out[i] = upperFirst(w)
			continue
		}
		if k := matchAt(words, i, partyCommittees); k > 0 {
			out[i] = upperFirst(w)
			i += k - 1
			proper = true
			continue
		}
		if k := matchAt(words, i, adminUnits); k > 0 {
			i += k - 1
			proper = true
			continue
		}
		if orgHeads[w] && i+1 < n && !isAdminAt(words, i+1) && !(i > 0 && (words[i-1] == "ủy" || words[i-1] == "uỷ" || words[i-1] == "văn" || words[i-1] == "tổng")) {
			out[i] = upperFirst(w)
			out[i+1] = upperFirst(words[i+1])
			// the name continues after "và"/"-": "Kế hoạch và Đầu tư"
			for j := i + 2; j+1 < n; j++ {
				if (words[j] == "và" || words[j] == "-") && !isAdminAt(words, j+1) && !orgHeads[words[j+1]] {
					out[j+1] = upperFirst(words[j+1])
				}
				if isAdminAt(words, j) {
					break
				}
			}
			i++
			continue
		}
	}
	r := strings.Join(out, " ")
	for _, fc := range fixedCasing {
		r = replaceWord(r, fc[0], fc[1])
	}
	return upperFirst(r)
}

func isAdminAt(words []string, i int) bool { return matchAt(words, i, adminUnits) > 0 }

// matchAt returns the word count of the first phrase in list that starts at
// words[i], or 0.
func matchAt(words []string, i int, list []string) int {
	for _, pw := range splitList(list) {
		if i+len(pw) > len(words) {
			continue
		}
		ok := true
		for k, x := range pw {
			if strings.Trim(words[i+k], ",;:") != x {
				ok = false
				break
			}
		}
		if ok {
			return len(pw)
		}
	}
	return 0
}

// replaceWord replaces whole-word, case-sensitive occurrences of old (lower
// case) with new.
func replaceWord(s, old, repl string) string {
	idx := 0
	for {
		i := strings.Index(s[idx:], old)
		if i < 0 {
			return s
		}
		i += idx
		j := i + len(old)
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[j:])
		if (i == 0 || !unicode.IsLetter(before)) && (j == len(s) || !unicode.IsLetter(after)) {
			s = s[:i] + repl + s[j:]
			idx = i + len(repl)
		} else {
			idx = j
		}
	}
}

// upperFirst capitalises the first letter of s.
func upperFirst(s string) string {
	for i, r := range s {
		if unicode.IsLetter(r) {
			return s[:i] + string(unicode.ToUpper(r)) + s[i+utf8.RuneLen(r):]
		}
	}
	return s
}

// titleCase capitalises each word (for names of people printed in caps).
func titleCase(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		words[i] = upperFirst(w)
	}
	return strings.Join(words, " ")
}

// positionCase re-cases an all-caps position or authority
// ("PHÓ CHỦ TỊCH" -> "Phó Chủ tịch", "CHÁNH VĂN PHÒNG" -> "Chánh Văn phòng").
func positionCase(s string) string {
	if !isUpperLine(s) {
		return s
	}
	low := strings.ToLower(s)
	words := strings.Fields(low)
	for i, w := range words {
		if acronyms[strings.Trim(w, ",.;")] {
			words[i] = strings.ToUpper(w)
		}
	}
	r := strings.Join(words, " ")
	for _, p := range [][2]string{
		{"chủ tịch", "Chủ tịch"}, {"văn phòng", "Văn phòng"}, {"chủ nhiệm", "Chủ nhiệm"},
		{"bộ trưởng", "Bộ trưởng"}, {"thủ tướng", "Thủ tướng"}, {"ban thường vụ", "Ban Thường vụ"},
		{"ban chấp hành", "Ban Chấp hành"}, {"giám đốc", "Giám đốc"}, {"trưởng ban", "Trưởng Ban"},
		{"tổ trưởng", "Tổ trưởng"}, {"đảng ủy", "Đảng ủy"}, {"đảng uỷ", "Đảng uỷ"},
		{"huyện ủy", "Huyện ủy"}, {"tỉnh ủy", "Tỉnh ủy"}, {"ủy ban nhân dân", "Ủy ban nhân dân"},
		{"uỷ ban nhân dân", "Uỷ ban nhân dân"}, {"ủy ban", "Ủy ban"}, {"chi bộ", "Chi bộ"},
		{"hội đồng", "Hội đồng"}, {"ban tổ chức", "Ban Tổ chức"}, {"ban tuyên giáo", "Ban Tuyên giáo"},
		{"ủy ban kiểm tra", "Ủy ban Kiểm tra"}, {"cục trưởng", "Cục trưởng"}, {"viện trưởng", "Viện trưởng"},
	} {
		r = replaceWord(r, p[0], p[1])
	}
	return upperFirst(r)
}

var splitCache sync.Map // *[]string (list identity) -> [][]string

// splitList returns the phrases of list split into words, cached per list.
func splitList(list []string) [][]string {
	key := &list[0]
	if v, ok := splitCache.Load(key); ok {
		return v.([][]string)
	}
	out := make([][]string, len(list))
	for i, p := range list {
		out[i] = strings.Fields(p)
	}
	splitCache.Store(key, out)
	return out
}
