package extract

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"vanthu/internal/document"
)

// This file repairs the issuer lines of recognised (OCR) documents, where
// faint header capitals lose a letter or a mark ("ĐẢNG BỘ ÏNH LÂM ĐÔNG",
// "HUYỆN ỦY AC DƯƠNG"). Only one-letter damage is repaired, and only from
// what the document itself or the closed list of provinces says:
//   - the issuer's place is where the document is issued (the date line's
//     place names the administrative unit where the issuer sits), so a
//     trailing name one letter away from the issued place is that place;
//   - a word one letter away from an administrative unit (tỉnh, huyện,
//     phường), after "Đảng bộ" or "nhân dân" and before a name, is that
//     unit;
//   - a name after "tỉnh" that matches a province without its marks is that
//     province.

// provinces are Vietnam's provinces and centrally governed cities, before
// and after the 2025 merger.
var provinces = strings.Split("An Giang,Bà Rịa - Vũng Tàu,Bạc Liêu,Bắc Giang,Bắc Kạn,Bắc Ninh,Bến Tre,Bình Dương,"+
	"Bình Định,Bình Phước,Bình Thuận,Cà Mau,Cao Bằng,Cần Thơ,Đà Nẵng,Đắk Lắk,Đắk Nông,Điện Biên,Đồng Nai,"+
	"Đồng Tháp,Gia Lai,Hà Giang,Hà Nam,Hà Nội,Hà Tĩnh,Hải Dương,Hải Phòng,Hậu Giang,Hòa Bình,Hưng Yên,"+
	"Khánh Hòa,Kiên Giang,Kon Tum,Lai Châu,Lâm Đồng,Lạng Sơn,Lào Cai,Long An,Nam Định,Nghệ An,Ninh Bình,"+
	"Ninh Thuận,Phú Thọ,Phú Yên,Quảng Bình,Quảng Nam,Quảng Ngãi,Quảng Ninh,Quảng Trị,Sóc Trăng,Sơn La,"+
	"Tây Ninh,Thái Bình,Thái Nguyên,Thanh Hóa,Thừa Thiên Huế,Huế,Tiền Giang,Trà Vinh,Tuyên Quang,Vĩnh Long,"+
	"Vĩnh Phúc,Yên Bái,Hồ Chí Minh", ",")

// provinceByFold maps folded province names to their spelling.
var provinceByFold = map[string]string{}

func init() {
	for _, p := range provinces {
		provinceByFold[foldLower(p)] = p
	}
}

// unitWords are administrative units long enough to be recognised one
// letter off.
var unitWords = []string{"tinh", "huyen", "phuong"}

// repairOCRIssuer repairs d's issuer and parent (see above) when d was
// recognised by OCR.
func repairOCRIssuer(d *document.Document) {
	if !d.Source.OCR {
		return
	}
	place := document.Val(d.IssuedPlace)
	for _, p := range []**string{&d.Issuer.Name, &d.Issuer.Parent} {
		if *p == nil {
			continue
		}
		if fixed := repairOrgName(**p, place); fixed != **p {
			*p = document.Str(fixed)
		}
	}
}

// repairOrgName returns the organisation name with its damaged unit word,
// place or province restored (or name itself).
func repairOrgName(name, place string) string {
	words := strings.Fields(name)
	changed := false
	for i := 1; i+1 < len(words); i++ { // a unit word has a name after it
		// after "Đảng bộ", "Ủy ban/Hội đồng nhân dân"
		if prev := foldLower(words[i-1]); prev != "bo" && prev != "dan" {
			continue
		}
		f := lettersOnly(foldAny(words[i]))
		for _, u := range unitWords {
			if editDistanceAtMost(f, u, 1) && len(f) >= len(u)-1 {
				if sp := unitSpelling(u); strings.ToLower(words[i]) != sp {
					words[i] = sp
					changed = true
				}
				break
			}
		}
	}
	// the issued place, one letter off, at the end
	if pw := strings.Fields(place); len(pw) > 0 && len(pw) < len(words) {
		tail := words[len(words)-len(pw):]
		tf, pf := lettersOnly(foldLower(strings.Join(tail, " "))), lettersOnly(foldLower(place))
		if tf != pf && len(pf) >= 6 && editDistanceAtMost(tf, pf, 1) {
			copy(tail, pw)
			changed = true
		}
	}
	// a province after "tỉnh", its marks lost
	for i := 0; i+1 < len(words); i++ {
		if foldLower(words[i]) != "tinh" {
			continue
		}
		rest := strings.Join(words[i+1:], " ")
		if p, ok := provinceByFold[foldLower(rest)]; ok && p != rest {
			words = append(words[:i+1], strings.Fields(p)...)
			changed = true
		}
		break
	}
	if !changed {
		return name
	}
	return orgCase(strings.ToUpper(strings.Join(words, " ")))
}

// foldAny lower-cases s and drops every mark, Vietnamese or not (OCR reads
// "Ï" for a faint "TỈ").
func foldAny(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteByte('d')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func unitSpelling(u string) string {
	return map[string]string{"tinh": "tỉnh", "huyen": "huyện", "phuong": "phường"}[u]
}

// garbledLabelRe is a paragraph opening with a one-character label that is
// not a number ("ù. Đẩy mạnh…": OCR of "6.").
var garbledLabelRe = regexp.MustCompile(`^\S\s*[.)]\s+\p{Lu}`)

// repairNumberLabels gives a recognised document's paragraph with a
// garbled one-character label the number missing between its numbered
// neighbours (items 5 and 7 around it: it is item 6).
func repairNumberLabels(ps []para) {
	for i := range ps {
		if ps[i].kind != kindNone || garbledLabelRe.FindStringIndex(ps[i].text) == nil {
			continue
		}
		prev, next := 0, 0
		for j := i - 1; j >= 0 && prev == 0; j-- {
			if ps[j].kind == kindNumber {
				prev, _ = strconv.Atoi(ps[j].label)
			}
		}
		for j := i + 1; j < len(ps) && next == 0; j++ {
			if ps[j].kind == kindNumber {
				next, _ = strconv.Atoi(ps[j].label)
			}
		}
		if prev > 0 && next == prev+2 {
			rest := ps[i].text[strings.IndexAny(ps[i].text, ".)")+1:]
			ps[i].kind, ps[i].label, ps[i].text = kindNumber, strconv.Itoa(prev+1), strings.TrimSpace(rest)
		}
	}
}
