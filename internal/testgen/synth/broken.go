package synth

import (
	"math/rand"
	"regexp"
	"strings"
)

// Broken returns text as converters and copy-paste deliver it: a random mix
// of flattened header lines, glued words, markdown emphasis, table pipes,
// old-style tone placement, a stray file path before the signature and 'Ð'
// (U+00D0) for 'Đ'. The words themselves are unchanged, so the gold still holds.
func Broken(text string, r *rand.Rand) string {
	lines := strings.Split(text, "\n")
	fs := []func([]string) []string{
		flattenHeader, glueMarkers, emphasis, pipes, strayPath, glueNameToPosition,
	}
	r.Shuffle(len(fs), func(i, j int) { fs[i], fs[j] = fs[j], fs[i] })
	for _, f := range fs[:2+r.Intn(3)] {
		lines = f(lines)
	}
	out := strings.Join(lines, "\n")
	if r.Intn(2) == 0 {
		out = oldTones.Replace(out)
	}
	if r.Intn(3) == 0 {
		out = strings.ReplaceAll(out, "Đ", "\u00D0")
	}
	return out
}

var oldTones = strings.NewReplacer("ủy", "uỷ", "Ủy", "Uỷ", "ỦY", "UỶ", "hòa", "hoà", "Hòa", "Hoà", "thủy", "thuỷ", "hóa", "hoá", "khỏe", "khoẻ", "lũy", "luỹ")

var numberLine = regexp.MustCompile(`^Số:? `)
var dateLine = regexp.MustCompile(`, ngày \d`)

// flattenHeader puts the number and the place/date on one line and pairs
// the left and right header lines ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI ...").
func flattenHeader(ls []string) []string {
	num, date := -1, -1
	for i, l := range ls {
		if i > 15 {
			break
		}
		if num < 0 && numberLine.MatchString(l) {
			num = i
		}
		if date < 0 && dateLine.MatchString(l) {
			date = i
		}
	}
	if num < 0 || date < 0 || date <= num {
		return ls
	}
	out := append([]string{}, ls...)
	out[num] = out[num] + " " + out[date]
	out = append(out[:date], out[date+1:]...)
	// pair the first two left lines with the motto lines
	var motto []int
	for i, l := range out {
		if i > 12 {
			break
		}
		if strings.HasPrefix(l, "CỘNG HÒA") || strings.HasPrefix(l, "Độc lập") || strings.HasPrefix(l, "ĐẢNG CỘNG SẢN") {
			motto = append(motto, i)
		}
	}
	for k, mi := range motto {
		if k < 2 && mi > k && !strings.HasPrefix(out[k], "Số") {
			out[k] = out[k] + " " + out[mi]
			out[mi] = ""
		}
	}
	var res []string
	for _, l := range out {
		if l != "" || len(res) > 0 && res[len(res)-1] != "" {
			res = append(res, l)
		}
	}
	return res
}

// glueMarkers glues "Kính gửi:" and "Nơi nhận:" to what follows.
func glueMarkers(ls []string) []string {
	var out []string
	for i := 0; i < len(ls); i++ {
		l := ls[i]
		if (l == "Nơi nhận:" || l == "Kính gửi:") && i+1 < len(ls) {
			out = append(out, l+ls[i+1])
			i++
			continue
		}
		if strings.HasPrefix(l, "Kính gửi: ") {
			l = strings.Replace(l, "Kính gửi: ", "Kính gửi:", 1)
		}
		out = append(out, l)
	}
	return out
}

// emphasis wraps upper-case header lines and the subject in markdown.
func emphasis(ls []string) []string {
	out := append([]string{}, ls...)
	for i, l := range out {
		if i > 14 {
			break
		}
		switch {
		case strings.HasPrefix(l, "V/v ") || strings.HasPrefix(l, "về "):
			out[i] = "*" + l + "*"
		case l != "" && l == strings.ToUpper(l) && len(l) > 6 && !strings.HasPrefix(l, "SỐ"):
			out[i] = "**" + l + "**"
		}
	}
	return out
}

// pipes renders the first header lines as a table row.
func pipes(ls []string) []string {
	if len(ls) < 3 {
		return ls
	}
	out := append([]string{}, ls...)
	out[0] = out[0] + " |"
	out[1] = out[1] + " |"
	return out
}

// strayPath inserts a file path line before the signature block.
func strayPath(ls []string) []string {
	for i, l := range ls {
		if strings.HasPrefix(l, "T/M ") || strings.HasPrefix(l, "K/T ") || strings.HasPrefix(l, "T/L ") ||
			strings.HasPrefix(l, "TM. ") || strings.HasPrefix(l, "KT. ") || strings.HasPrefix(l, "TL. ") {
			out := append([]string{}, ls[:i]...)
			out = append(out, `D:\VanBan\2025\du thao cong van.doc`)
			return append(out, ls[i:]...)
		}
	}
	return ls
}

// glueNameToPosition glues the signer's name to the position line above it
// ("PHÓ CHỦ TỊCHTrần Văn Nam").
func glueNameToPosition(ls []string) []string {
	for i := 0; i+2 < len(ls); i++ {
		l := ls[i]
		if l != "" && l == strings.ToUpper(l) && len(l) < 40 && ls[i+1] == "" && ls[i+2] != "" && ls[i+2] != strings.ToUpper(ls[i+2]) && i > len(ls)/2 {
			if strings.HasPrefix(ls[i+2], "Nơi nhận") || strings.HasPrefix(ls[i+2], "-") {
				continue
			}
			out := append([]string{}, ls[:i]...)
			out = append(out, l+ls[i+2])
			return append(out, ls[i+3:]...)
		}
	}
	return ls
}
