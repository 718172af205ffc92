package index

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"vanthu/internal/textnorm"
)

// Parsed is what query understanding finds in a user's query.
type Parsed struct {
	Numbers       []string // full document numbers, normalised ("28-CT/TW")
	TypedNumbers  []TypedNumber
	Abbreviations []Abbreviation
	Text          string // the rest, free text
}

// TypedNumber is "<type> <number>" such as "chỉ thị 28" or "CV 381".
type TypedNumber struct {
	DocType string // doc_type code, e.g. "chi_thi"
	Number  string // the number part, normalised: "28", "45/2010"
}

// Abbreviation is an abbreviation found in the query and what it stands for.
type Abbreviation struct {
	Short     string // as typed
	Expansion string // e.g. "Ủy ban nhân dân"
}

// abbreviations maps the folded lower-case short form to its expansion.
// upperOnly forms are also ordinary words ("tu", "hu") and count as
// abbreviations only when typed in capitals.
var abbreviations = map[string]struct {
	expansion string
	upperOnly bool
}{
	"hu":     {"Huyện ủy", true},
	"tu":     {"Tỉnh ủy", true},
	"qu":     {"Quận ủy", true},
	"du":     {"Đảng ủy", true},
	"tw":     {"Trung ương", true},
	"cp":     {"Chính phủ", true},
	"btv":    {"Ban Thường vụ", false},
	"bch":    {"Ban Chấp hành", false},
	"ubnd":   {"Ủy ban nhân dân", false},
	"hdnd":   {"Hội đồng nhân dân", false},
	"mttq":   {"Mặt trận Tổ quốc", false},
	"ubmttq": {"Ủy ban Mặt trận Tổ quốc", false},
	"vpcp":   {"Văn phòng Chính phủ", false},
	"ttg":    {"Thủ tướng", false},
	"ubkt":   {"Ủy ban Kiểm tra", false},
	"btc":    {"Ban Tổ chức", true},
	"btg":    {"Ban Tuyên giáo", true},
	"bdv":    {"Ban Dân vận", true},
	"tctu":   {"Tổ chức Trung ương", false},
	"bhxh":   {"Bảo hiểm xã hội", false},
	"bhyt":   {"Bảo hiểm y tế", false},
	"cntt":   {"công nghệ thông tin", false},
	"cchc":   {"cải cách hành chính", false},
	"ntm":    {"nông thôn mới", false},
	"cnxh":   {"chủ nghĩa xã hội", false},
	"xhcn":   {"xã hội chủ nghĩa", false},
	"dtn":    {"Đoàn Thanh niên", false},
	"hlhpn":  {"Hội Liên hiệp Phụ nữ", false},
	"hnd":    {"Hội Nông dân", false},
	"ccb":    {"Cựu chiến binh", false},
	"lltt":   {"lực lượng vũ trang", false},
	"ktxh":   {"kinh tế - xã hội", false},
	"kt-xh":  {"kinh tế - xã hội", false},
}

// typeWords maps folded type names and their short forms to doc_type codes.
var typeWords = []struct{ re, code string }{
	{`chi thi|ct`, "chi_thi"},
	{`cong van|cv`, "cong_van"},
	{`nghi quyet|nq`, "nghi_quyet"},
	{`nghi dinh|nd`, "nghi_dinh"},
	{`quyet dinh|qd`, "quyet_dinh"},
	{`ke hoach|kh`, "ke_hoach"},
	{`thong bao|tb`, "thong_bao"},
	{`bao cao|bc`, "bao_cao"},
	{`huong dan|hd`, "huong_dan"},
	{`thong tu|tt`, "thong_tu"},
	{`ket luan|kl`, "ket_luan"},
	{`quy dinh`, "quy_dinh"},
	{`quy che`, "quy_che"},
	{`chuong trinh|ctr`, "chuong_trinh"},
	{`to trinh|ttr`, "to_trinh"},
	{`thong tri`, "thong_tri"},
	{`de an`, "de_an"},
	{`bien ban`, "bien_ban"},
	{`luat`, "luat"},
}

var (
	// A document number: digits (optionally "/year"), then letter groups
	// joined by "-" or "/". Spaces are allowed around "/" and after the
	// leading digits, as people type "28 - CT/TW".
	reNumber = regexp.MustCompile(`(?:^|[^\p{L}\d/])(\d+[a-z]?(?:\s*/\s*\d{2,4})?\s*[-/]\s*\p{L}[\p{L}\d]*(?:(?:-|\s*/\s*)\p{L}[\p{L}\d]*)*)`)
	reTyped  *regexp.Regexp
	codeOf   = map[string]string{}
)

func init() {
	var alts []string
	for _, t := range typeWords {
		for _, a := range strings.Split(t.re, "|") {
			codeOf[a] = t.code
			alts = append(alts, strings.ReplaceAll(a, " ", `\s+`))
		}
	}
	reTyped = regexp.MustCompile(`(?:^|[^\p{L}\d])((` + strings.Join(alts, "|") + `)\s+(?:so\s+)?(\d+(?:/\d{4})?))(?:$|[^\p{L}\d/-])`)
}

// foldRunes returns s lower-cased and folded rune by rune, so that rune i of
// the result corresponds to rune i of s.
func foldRunes(rs []rune) string {
	var b strings.Builder
	for _, r := range rs {
		f := []rune(textnorm.Fold(string(unicode.ToLower(r))))
		if len(f) == 1 {
			b.WriteRune(f[0])
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// runeSpan converts a byte span of s to a rune span.
func runeSpan(s string, start, end int) (int, int) {
	a := utf8.RuneCountInString(s[:start])
	return a, a + utf8.RuneCountInString(s[start:end])
}

// Parse splits a query into document numbers, "<type> <number>" pairs,
// abbreviations and free text.
func Parse(q string) Parsed {
	var p Parsed
	rs := []rune(textnorm.Clean(q))
	blank := func(a, b int) {
		for i := a; i < b; i++ {
			rs[i] = ' '
		}
	}
	folded := foldRunes(rs)
	for _, m := range reNumber.FindAllStringSubmatchIndex(folded, -1) {
		a, b := runeSpan(folded, m[2], m[3])
		p.Numbers = appendUniq(p.Numbers, NormalizeNumber(string(rs[a:b])))
		blank(a, b)
	}
	folded = foldRunes(rs)
	for _, m := range reTyped.FindAllStringSubmatchIndex(folded, -1) {
		a, b := runeSpan(folded, m[2], m[3])
		typ := strings.Join(strings.Fields(folded[m[4]:m[5]]), " ")
		p.TypedNumbers = append(p.TypedNumbers, TypedNumber{DocType: codeOf[typ], Number: strings.ToUpper(folded[m[6]:m[7]])})
		blank(a, b)
	}
	var words []string
	for _, w := range strings.Fields(string(rs)) {
		core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		key := textnorm.FoldKey(core)
		if ab, ok := abbreviations[key]; ok && core != "" {
			if !ab.upperOnly || core == strings.ToUpper(core) {
				p.Abbreviations = append(p.Abbreviations, Abbreviation{Short: core, Expansion: ab.expansion})
				continue
			}
		}
		words = append(words, w)
	}
	p.Text = strings.Join(words, " ")
	return p
}

func appendUniq(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// ExpandAbbreviations replaces known abbreviations in s by their expansion
// ("UBND tỉnh" -> "Ủy ban nhân dân tỉnh"); used for issuer filters.
func ExpandAbbreviations(s string) string {
	var out []string
	for _, w := range strings.Fields(s) {
		if ab, ok := abbreviations[textnorm.FoldKey(w)]; ok && (!ab.upperOnly || w == strings.ToUpper(w)) {
			out = append(out, ab.expansion)
			continue
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}
