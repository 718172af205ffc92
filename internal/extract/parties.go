package extract

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// authorityRe matches the signing-authority line: "T/M BAN THƯỜNG VỤ",
// "KT. CHỦ TỊCH", "TL. BỘ TRƯỞNG", "TUQ. GIÁM ĐỐC", "Q. CHÁNH VĂN PHÒNG".
var authorityRe = regexp.MustCompile(`^(T/M|TM\.?|T\.M\.?|K/T|KT\.?|K\.T\.?|T/L|TL\.?|T\.L\.?|TUQ\.?|Q\.)\s*(\p{Lu}.*)$`)

// bulletRe matches a list-item bullet at line start.
var bulletRe = regexp.MustCompile(`^[-–—~+•·]\s*`)

// cleanItem trims bullets and trailing punctuation from a list item.
func cleanItem(s string) string {
	s = bulletRe.ReplaceAllString(strings.TrimSpace(s), "")
	s = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ",;."))
	s = strings.TrimSuffix(s, "./")
	return strings.TrimSpace(s)
}

// afterColon returns the text after the first ':' of s.
func afterColon(s string) string {
	if i := strings.Index(s, ":"); i >= 0 {
		return strings.TrimSpace(s[i+1:])
	}
	return ""
}

// parseRecipients reads the "Kính gửi" block starting at line k and returns
// its items and the first line after it.
func parseRecipients(ls []line, k int) ([]string, int) {
	var items []string
	inline := afterColon(ls[k].text)
	if inline == "" && !strings.Contains(ls[k].text, ":") {
		inline = strings.TrimSpace(ls[k].text[len("Kính gửi"):])
	}
	if inline != "" {
		for _, p := range strings.Split(inline, ";") {
			if p = cleanItem(p); p != "" {
				items = append(items, p)
			}
		}
	}
	i := k + 1
	for ; i < len(ls); i++ {
		l := ls[i]
		if l.text == "" {
			if len(items) > 0 && !nextIsBullet(ls, i) {
				break
			}
			continue
		}
		if bulletRe.MatchString(l.text) {
			items = append(items, cleanItem(l.text))
			continue
		}
		if len(items) == 0 && len(l.text) < 400 {
			// a single recipient paragraph without a bullet
			items = append(items, cleanItem(l.text))
			i++
		}
		break
	}
	return nonEmpty(items), i
}

func nextIsBullet(ls []line, i int) bool {
	for j := i + 1; j < len(ls) && j < i+3; j++ {
		if ls[j].text != "" {
			return bulletRe.MatchString(ls[j].text)
		}
	}
	return false
}

func nonEmpty(xs []string) []string {
	out := xs[:0]
	for _, x := range xs {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

// parseDistribution reads the "Nơi nhận" list starting at line k and
// returns its items and the index of the line after the list.
func parseDistribution(ls []line, k int) ([]string, int) {
	var items []string
	if inline := afterColon(ls[k].text); inline != "" {
		items = append(items, cleanItem(inline))
	}
	i := k + 1
	prevOpen := false // the previous line did not end its item (no , ; .)
	for ; i < len(ls); i++ {
		t := ls[i].text
		if t == "" {
			continue
		}
		if bulletRe.MatchString(t) {
			items = append(items, cleanItem(t))
			prevOpen = !strings.ContainsAny(t[len(t)-1:], ",;.")
			continue
		}
		// A wrapped item may continue with a line that is only a document
		// number ("... Quyết định số" / "198-QĐ/TU,"), upper case as a heading.
		wrapped := startsLower(t) || prevOpen && (!isUpperLine(t) || numberLineRe.MatchString(t)) && !looksLikeName(t)
		if len(items) > 0 && wrapped && !authorityRe.MatchString(t) {
			items[len(items)-1] = strings.TrimSpace(items[len(items)-1] + " " + cleanItem(t))
			prevOpen = !strings.ContainsAny(t[len(t)-1:], ",;.")
			continue
		}
		if len(items) == 0 && !isUpperLine(t) && !looksLikeName(t) && len(t) < 120 {
			items = append(items, cleanItem(t))
			continue
		}
		break
	}
	// OCR may put two bullets on one line: "- A, - B"
	var out []string
	for _, it := range items {
		out = append(out, splitJoinedItems(it)...)
	}
	return nonEmpty(out), i
}

// numberLineRe matches a line holding just a document number.
var numberLineRe = regexp.MustCompile(`^\d+\s*[-–]\s*[\p{Lu}Đ][\p{L}]*(?:/[\p{Lu}Đ][\p{L}]*)*[,;.]?$`)

var joinedItemRe = regexp.MustCompile(`[,;.]\s*[-–]\s+`)

// splitJoinedItems splits "A, - B" into "A" and "B".
func splitJoinedItems(s string) []string {
	parts := joinedItemRe.Split(s, -1)
	for i := range parts {
		parts[i] = cleanItem(parts[i])
	}
	return parts
}

func startsLower(s string) bool {
	for _, r := range s {
		return unicode.IsLower(r)
	}
	return false
}

// nameParticles are allowed lower-case parts of Vietnamese names.
var nameRe = regexp.MustCompile(`^(\p{Lu}[\p{L}']*\.?)(\s+\p{Lu}[\p{L}']*\.?){1,4}$`)
var initialsRe = regexp.MustCompile(`^\p{Lu}\.(\p{Lu}\.?){1,4}$`)

// looksLikeName reports a person's name line ("Sử Thanh Hoài", "K' Linh",
// "B.B.T", "N.A").
func looksLikeName(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 60 || strings.ContainsAny(s, ":;,/\\0123456789()") {
		return false
	}
	if initialsRe.MatchString(s) {
		return true
	}
	if isUpperLine(s) {
		return false
	}
	return nameRe.MatchString(s)
}

// stripByline removes a unit suffix from a byline ("Trần Văn Thành-BTC").
func stripByline(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexAny(s, "-–"); i > 0 {
		suf := strings.TrimSpace(s[i+1:])
		if suf != "" && isUpperLine(suf) && !strings.Contains(suf, " ") {
			s = strings.TrimSpace(s[:i])
		}
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "("), ")")
	return s
}

// positions known by their folded form, to repair typos ("TRƯỜNG BAN").
var knownPositions = map[string]string{
	"truong ban": "Trưởng Ban", "pho truong ban": "Phó Trưởng Ban", "bi thu": "Bí thư",
	"pho bi thu": "Phó Bí thư", "chu tich": "Chủ tịch", "pho chu tich": "Phó Chủ tịch",
	"chanh van phong": "Chánh Văn phòng", "pho chanh van phong": "Phó Chánh Văn phòng",
	"giam doc": "Giám đốc", "pho giam doc": "Phó Giám đốc", "bo truong": "Bộ trưởng",
	"thu truong": "Thứ trưởng", "chu nhiem": "Chủ nhiệm", "pho chu nhiem": "Phó Chủ nhiệm",
	"thu tuong": "Thủ tướng", "pho thu tuong": "Phó Thủ tướng", "to truong": "Tổ trưởng",
	"pho bi thu thuong truc": "Phó Bí thư Thường trực", "truong phong": "Trưởng phòng",
	"pho truong phong": "Phó Trưởng phòng", "cuc truong": "Cục trưởng", "vu truong": "Vụ trưởng",
}

// positionFold returns the folded position without spaces variations.
func normalisePosition(s string) string {
	s = strings.Trim(strings.TrimSpace(s), ",.;")
	if v, ok := knownPositions[foldLower(s)]; ok {
		return v
	}
	return positionCase(s)
}

// signature is the parsed signature block.
type signature struct {
	name, position, authority string
}

// isSignatureLine reports a line that belongs to a signature block.
func isPositionLine(l line) bool {
	if !isUpperLine(l.text) || len([]rune(l.text)) > 60 {
		return false
	}
	f := l.fold
	for _, w := range []string{"bi thu", "chu tich", "truong", "giam doc", "chu nhiem", "van phong", "pho ", "to pho", "uy vien", "thu ky", "tong bi thu", "chanh "} {
		if strings.Contains(f, w) {
			return true
		}
	}
	_, ok := knownPositions[f]
	return ok
}

// filePathRe matches stray file paths printed above signatures.
var filePathRe = regexp.MustCompile(`^[A-Za-z]?:?\\|\\[^\s]*\\|\.docx?$`)

// parseSignature reads the signature block in ls[from:to).
func parseSignature(ls []line, from, to int) signature {
	var sig signature
	var auth []string
	var upper []string // upper-case lines after the authority line
	nameAt := -1
	for i := from; i < to; i++ {
		l := ls[i]
		t := l.text
		if isSignatureNote(l.fold) {
			continue
		}
		if t == "" || looksLikePath(t) || isNoiNhan(l) || bulletRe.MatchString(t) {
			if len(auth)+len(upper) > 0 && bulletRe.MatchString(t) {
				continue
			}
			continue
		}
		if m := authorityRe.FindStringSubmatch(t); m != nil && isUpperLine(m[2]) && len(auth) == 0 {
			auth = append(auth, t)
			continue
		}
		if len(upper) > 0 && isUpperLine(t) && !isPositionLine(l) && looksLikeName(titleCase(t)) && nextBlankOrEnd(ls, i, to) &&
			!authorityContinues(strings.Join(auth, " "), t) {
			// a name printed in capitals under the position
			sig.name = titleCase(t)
			break
		}
		if isUpperLine(t) && len([]rune(t)) <= 60 && (len(auth) > 0 || isPositionLine(l) || len(upper) > 0) {
			upper = append(upper, t)
			continue
		}
		if looksLikeName(t) && (len(auth)+len(upper) > 0) {
			sig.name = t
			nameAt = i
			break
		}
		if len(auth)+len(upper) > 0 && len(t) > 60 {
			break
		}
	}
	if nameAt >= 0 {
		// a name broken over two lines ("Lương Thị" / "Kim Chi")
		for j := nameAt + 1; j < to && j < len(ls); j++ {
			t := ls[j].text
			if t == "" || isSignatureNote(ls[j].fold) {
				continue
			}
			if joined := sig.name + " " + t; looksLikeName(joined) && len(strings.Fields(joined)) <= 5 && !isNoiNhan(ls[j]) {
				sig.name = joined
			}
			break
		}
	}
	// The position may be split over lines or run into the authority line
	// ("T/M BAN THƯỜNG VỤ PHÓ BÍ" / "THƯ"): match a known position at the end
	// of the whole block.
	if all := strings.Join(append(append([]string{}, auth...), upper...), " "); all != "" {
		pos, rest, ok := knownPositionSuffix(all)
		if len(upper) == 0 {
			// one line "T/M BAN THƯỜNG VỤ BÍ THƯ": split only when a whole
			// authority remains ("KT. CHỦ TỊCH" and "KT. BỘ TRƯỞNG, CHỦ NHIỆM" stay)
			ok = ok && len(strings.Fields(rest)) >= 3 && !strings.HasSuffix(rest, ",")
		}
		if ok && (len(auth) == 0 || len(strings.Fields(rest)) >= 2) {
			sig.position = pos
			if rest != "" {
				sig.authority = formatAuthority(rest)
			}
			return sig
		}
	}
	if len(upper) > 0 && sig.name == "" && len(auth) > 0 {
		// no name: every upper line continues the authority unless it is a position
		last := upper[len(upper)-1]
		if isPositionLine(line{text: last, fold: foldLower(last)}) && len(upper) >= 1 && !authorityContinues(auth[0], last) {
			sig.position = normalisePosition(last)
			upper = upper[:len(upper)-1]
		}
		auth = append(auth, upper...)
	} else if len(upper) > 0 {
		sig.position = normalisePosition(upper[len(upper)-1])
		auth = append(auth, upper[:len(upper)-1]...)
	}
	if len(auth) > 0 {
		sig.authority = formatAuthority(strings.Join(auth, " "))
	}
	return sig
}

// authorityContinues reports whether s continues an authority line split
// over two lines ("TL. CHỦ TỊCH ỦY" + "BAN NHÂN DÂN TỈNH").
func authorityContinues(auth, s string) bool {
	f := foldLower(s)
	return strings.HasPrefix(f, "ban ") || strings.HasPrefix(f, "nhan dan") || strings.HasSuffix(foldLower(auth), " uy")
}

// formatAuthority re-cases "TL. CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" as
// "TL. Chủ tịch Ủy ban nhân dân tỉnh", keeping the prefix as printed.
func formatAuthority(s string) string {
	m := authorityRe.FindStringSubmatch(s)
	if m == nil {
		return positionCase(s)
	}
	prefix := m[1]
	rest := strings.TrimSpace(m[2])
	return prefix + " " + positionCase(rest)
}

// isSignatureNote reports notes printed in the signature block: "(Đã ký)",
// "(Ký tên, đóng dấu)", "Đã ký".
func isSignatureNote(f string) bool {
	f = strings.Trim(f, " ()[].")
	return f == "da ky" || strings.HasPrefix(f, "ky ten") || strings.HasPrefix(f, "ky, ") || f == "ky va dong dau" ||
		strings.HasPrefix(f, "da ky") && len(f) < 12 || f == "dau" || f == "chu ky"
}

// nextBlankOrEnd reports whether no non-empty line follows line i before to
// other than signature notes (a name is the block's last line).
func nextBlankOrEnd(ls []line, i, to int) bool {
	for j := i + 1; j < to && j < len(ls); j++ {
		if ls[j].text != "" && !isSignatureNote(ls[j].fold) {
			return isNoiNhan(ls[j]) || bulletRe.MatchString(ls[j].text)
		}
	}
	return true
}

var positionsByLength []string

func init() {
	for k := range knownPositions {
		positionsByLength = append(positionsByLength, k)
	}
	sort.Slice(positionsByLength, func(i, j int) bool {
		if len(positionsByLength[i]) != len(positionsByLength[j]) {
			return len(positionsByLength[i]) > len(positionsByLength[j])
		}
		return positionsByLength[i] < positionsByLength[j]
	})
}

// knownPositionSuffix finds the longest known position at the end of an
// upper-case signature block and returns it with the text before it.
func knownPositionSuffix(s string) (pos, rest string, ok bool) {
	words := strings.Fields(s)
	fw := strings.Fields(foldLower(s))
	if len(words) != len(fw) {
		return "", "", false
	}
	for _, p := range positionsByLength {
		pw := strings.Fields(p)
		if len(pw) > len(fw) {
			continue
		}
		k := len(fw) - len(pw)
		if strings.Join(fw[k:], " ") == p {
			if k > 0 && (fw[k-1] == "pho" || fw[k-1] == "uy") {
				continue // a longer position ("phó ...") not in the table
			}
			return knownPositions[p], strings.Join(words[:k], " "), true
		}
	}
	// a position glued to the authority ("KT. BỘ TRƯỞNGTHỨ TRƯỞNG")
	last := fw[len(fw)-1]
	for _, p := range positionsByLength {
		pw := strings.Fields(p)
		if len(pw) > len(fw) || len(pw[0]) >= len(fw[len(fw)-len(pw)]) {
			continue
		}
		k := len(fw) - len(pw)
		if strings.Join(fw[k+1:], " ") == strings.Join(pw[1:], " ") && strings.HasSuffix(fw[k], pw[0]) && len(pw) > 1 || len(pw) == 1 && strings.HasSuffix(last, pw[0]) && len(last) > len(pw[0]) {
			cut := len([]rune(words[k])) - len([]rune(pw[0]))
			head := string([]rune(words[k])[:cut])
			return knownPositions[p], strings.Join(append(append([]string{}, words[:k]...), head), " "), true
		}
	}
	return "", "", false
}
