package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"vanthu/internal/document"
)

var (
	// partyNumRe: "28-CT/TW", "695-CV/BTCTU", "57-CTr/TU", "1127-CV/HU".
	partyNumRe = regexp.MustCompile(`(\d{1,5}[a-z]?)(\s*[-–]\s*|\s+)(\p{Lu}[\p{L}]{0,5})\s*/\s*(\p{Lu}[\p{L}\d]*(?:\s*[-&]\s*\p{Lu}[\p{L}\d]*)*)`)
	// stateNumRe: "27/TTr-SKHCN", "179/2007/NĐ-CP", "103/BKH-KTĐP &LT", "488/QĐ-TTg".
	stateNumRe = regexp.MustCompile(`(\d{1,6})\s*/\s*(?:(\d{4})\s*/\s*)?(\p{Lu}[\p{L}\d]*(?:\s*[-&]\s*\p{Lu}[\p{L}\d.]*)+)`)
	// soNumRe: "số 24/CCTTHC" (no dash, only trusted after "số").
	soNumRe = regexp.MustCompile(`(?i:số)\s*:?\s*(\d{1,6}/\p{Lu}[\p{L}\d]{1,12})\b`)
	// listPrefixRe: "614, 615, " or "12 và " before the last number of a list.
	listPrefixRe = regexp.MustCompile(`((?:\d{1,6}\s*,\s*)*\d{1,6}\s*(?:,|và|,\s*và)\s*)$`)
	digitsRe     = regexp.MustCompile(`\d+`)
	refDateRe    = regexp.MustCompile(`^\s*,?\s*(?:(?i:ngày)\s*)?(?:(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})|(\d{1,2})\s*(?i:tháng)\s*(\d{1,2})\s*(?i:năm)\s*(\d{4}))`)
	refIssuerRe  = regexp.MustCompile(`^\s*(?:của|cua)\s+([^,;:()“”"]{3,120}?)(?:\s+(?:về|ve|V/v|v/v|về việc|nhằm|tại|theo|đã|đề nghị|gửi)\b|[,;:()“”".]|$)`)
	refTitleRe   = regexp.MustCompile(`^[^“"]{0,40}?(?:về|về việc|V/v)\s*[:]?\s*[“"]([^”"]{3,300})[”"]`)
)

// refTypeWords maps folded words printed before a number to doc types.
var refTypeWords = []struct{ fold, code string }{
	{"nghi quyet", "nghi_quyet"}, {"chi thi", "chi_thi"}, {"ke hoach", "ke_hoach"},
	{"cong van", "cong_van"}, {"huong dan", "huong_dan"}, {"quyet dinh", "quyet_dinh"},
	{"quy dinh", "quy_dinh"}, {"quy che", "quy_che"}, {"thong bao", "thong_bao"},
	{"bao cao", "bao_cao"}, {"ket luan", "ket_luan"}, {"chuong trinh", "chuong_trinh"},
	{"to trinh", "to_trinh"}, {"thong tri", "thong_tri"}, {"de an", "de_an"},
	{"nghi dinh", "nghi_dinh"}, {"thong tu", "thong_tu"}, {"luat", "luat"}, {"van ban", ""},
}

type refSpan struct {
	number string
	start  int
	end    int
}

// findNumbers returns every document number cited in text with its span,
// expanding lists like "614, 615, 616-CV/VPTW".
func findNumbers(full string) []refSpan {
	var all []refSpan
	// Numbers always contain '/': match only in windows around slashes.
	for _, w := range slashWindows(full) {
		for _, sp := range findNumbersIn(full[w[0]:w[1]]) {
			sp.start += w[0]
			sp.end += w[0]
			all = append(all, sp)
		}
	}
	return all
}

// slashWindows returns merged byte ranges around each '/' of s.
func slashWindows(s string) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); i++ {
		if s[i] != '/' || i+1 >= len(s) {
			continue
		}
		// a number has a letter code right after one of its slashes
		// ("28-CT/TW", "30/2020/NĐ-CP"); dates ("30/6/2025") do not
		if c := s[i+1]; !(c >= 'A' && c <= 'Z' || c == 0xC4 && i+2 < len(s) && s[i+2] == 0x90) {
			continue
		}
		a, b := max(0, i-60), min(len(s), i+60)
		for a > 0 && !utf8.RuneStart(s[a]) {
			a--
		}
		for b < len(s) && !utf8.RuneStart(s[b]) {
			b++
		}
		// extend to word boundaries so a number is never cut
		for a > 0 && s[a-1] != ' ' && s[a-1] != '\n' {
			a--
		}
		for b < len(s) && s[b] != ' ' && s[b] != '\n' {
			b++
		}
		if n := len(out); n > 0 && a <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], b)
		} else {
			out = append(out, [2]int{a, b})
		}
	}
	return out
}

func findNumbersIn(text string) []refSpan {
	var out []refSpan
	add := func(num string, s, e int) {
		out = append(out, refSpan{number: num, start: s, end: e})
		// expand a list printed before the number
		head := text[:s]
		if m := listPrefixRe.FindStringSubmatch(head); m != nil {
			nums := digitsRe.FindAllString(m[1], -1)
			suffix := num[strings.IndexAny(num, "-/"):]
			for _, n := range nums {
				out = append(out, refSpan{number: n + suffix, start: s - len(m[1]), end: e})
			}
		}
	}
	for _, m := range partyNumRe.FindAllStringSubmatchIndex(text, -1) {
		if m[0] > 0 && isDigitOrSlash(text[m[0]-1]) {
			continue
		}
		code := text[m[6]:m[7]]
		if !strings.ContainsAny(text[m[4]:m[5]], "-–") {
			// "97 QĐ/TW": a missing dash is accepted for known type codes only
			if _, ok := typeCodes[code]; !ok {
				continue
			}
		}
		num := normNumber(text[m[2]:m[3]] + "-" + code + "/" + text[m[8]:m[9]])
		add(num, m[0], m[1])
	}
	for _, m := range stateNumRe.FindAllStringSubmatchIndex(text, -1) {
		if m[0] > 0 && isDigitOrSlash(text[m[0]-1]) {
			continue
		}
		if overlaps(out, m[0], m[1]) {
			continue
		}
		num := text[m[2]:m[3]] + "/"
		if m[4] >= 0 {
			num += text[m[4]:m[5]] + "/"
		}
		num += text[m[6]:m[7]]
		num = normNumber(num)
		if !strings.Contains(num, "-") {
			continue
		}
		add(num, m[0], m[1])
	}
	for _, m := range soNumRe.FindAllStringSubmatchIndex(text, -1) {
		if overlaps(out, m[2], m[3]) {
			continue
		}
		add(normNumber(text[m[2]:m[3]]), m[2], m[3])
	}
	return out
}

func isDigitOrSlash(b byte) bool { return b >= '0' && b <= '9' || b == '/' }

func overlaps(spans []refSpan, s, e int) bool {
	for _, sp := range spans {
		if s < sp.end && e > sp.start {
			return true
		}
	}
	return false
}

// extractReferences finds cited documents in the text, excluding own.
func extractReferences(text, own string) []document.Reference {
	var refs []document.Reference
	seen := map[string]int{}
	ownKey := strings.ToUpper(own)
	for _, sp := range findNumbers(text) {
		key := strings.ToUpper(sp.number)
		if key == ownKey || len(sp.number) < 4 {
			continue
		}
		r := document.Reference{Number: sp.number}
		// type from the words before
		before := text[max(0, sp.start-40):sp.start]
		bf := foldLower(before)
		best := -1
		for _, w := range refTypeWords {
			if i := strings.LastIndex(bf, w.fold); i >= 0 && i > best && w.code != "" {
				if strings.TrimSpace(bf[i+len(w.fold):]) == "" || strings.HasPrefix(strings.TrimSpace(bf[i+len(w.fold):]), "so") {
					best = i
					c := w.code
					r.DocType = &c
				}
			}
		}
		if r.DocType == nil {
			if c := typeFromNumber(sp.number); c != "" {
				r.DocType = &c
			}
		}
		after := text[sp.end:min(len(text), sp.end+400)]
		if m := refDateRe.FindStringSubmatch(after); m != nil {
			var d string
			if m[1] != "" {
				d = isoDate(m[1], m[2], m[3])
			} else {
				d = isoDate(m[4], m[5], m[6])
			}
			if d != "" {
				r.Date = &d
			}
			after = after[len(m[0]):]
		}
		if m := refIssuerRe.FindStringSubmatch(after); m != nil {
			iss := strings.TrimSpace(m[1])
			if len(strings.Fields(iss)) <= 14 {
				r.Issuer = &iss
			}
		}
		if m := refTitleRe.FindStringSubmatch(after); m != nil {
			t := strings.TrimSpace(m[1])
			r.Title = &t
		}
		if j, ok := seen[key]; ok {
			// keep the richer mention
			if refs[j].Date == nil && r.Date != nil {
				refs[j].Date = r.Date
			}
			if refs[j].Issuer == nil && r.Issuer != nil {
				refs[j].Issuer = r.Issuer
			}
			if refs[j].Title == nil && r.Title != nil {
				refs[j].Title = r.Title
			}
			continue
		}
		seen[key] = len(refs)
		refs = append(refs, r)
	}
	return refs
}
