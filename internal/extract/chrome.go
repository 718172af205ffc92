package extract

import "strings"

// chromeLines are web-site navigation lines dropped wherever they appear.
var chromeLines = []string{
	"skip to main content", "in trang", "xem voi co chu", "chia se", "dau trang", "trang chu",
	"ban in", "gui email", "gui cho ban be", "quay lai", "tro ve", "facebook", "twitter", "zalo",
	"tuong phan", "luu bai viet", "nghe doc bai", "font size",
}

// chromeFooters start the site footer: everything from them on is dropped.
var chromeFooters = []string{
	"thong ke truy cap", "cac tin tuc khac", "cac tin khac", "tin lien quan", "y kien ban doc",
	"lien ket website", "luot xem", "tin cung chuyen muc", "binh luan", "ban quyen thuoc",
	"tin moi nhat", "tin da dua", "xem them", "dang online",
}

// dropChrome removes site chrome lines and truncates at the site footer.
// It reports whether any chrome was seen (a sign of a web page).
func dropChrome(ls []line) ([]line, bool) {
	seen := false
	out := ls[:0:0]
	for i, l := range ls {
		f := strings.Trim(l.fold, " .:•|")
		if f != "" && i > 0 && len(out) > 2 {
			footer := false
			for _, c := range chromeFooters {
				if strings.HasPrefix(f, c) && len(f) < len(c)+40 {
					footer = true
				}
			}
			if footer {
				seen = true
				break
			}
		}
		drop := false
		for _, c := range chromeLines {
			if f == c || strings.HasPrefix(f, c+" ") && len(f) < len(c)+25 {
				drop = true
			}
		}
		if drop {
			seen = true
			continue
		}
		// "Lâm Hà đẩy mạnh ... In trang": a trailing chrome word on a headline
		if strings.HasSuffix(f, " in trang") {
			t := strings.TrimSpace(l.text[:len(l.text)-len(" In trang")])
			l = line{text: t, fold: foldLower(t)}
			seen = true
		}
		out = append(out, l)
	}
	return out, seen
}
