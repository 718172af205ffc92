package synth

import (
	"fmt"
	"html"
	"math/rand"
	"strings"
	"time"
)

// News composes a provincial portal's news page reporting a directive:
// site chrome (menus, font-size links, view counter, related news, visit
// statistics) around a headline, a date-time line, the article and a byline.
// It returns the HTML page and its gold.
func News(id string, r *rand.Rand) (string, Gold) {
	p := pick(r, provinces)
	d := pick(r, districts)
	tp := topics[r.Intn(len(topics))]
	pub := time.Date(2024+r.Intn(2), time.Month(1+r.Intn(12)), 1+r.Intn(27), 7+r.Intn(10), r.Intn(60), 0, 0, time.UTC)
	signed := pub.AddDate(0, 0, -1-r.Intn(5))
	num := fmt.Sprintf("%d-CV/HU", 100+r.Intn(1500))
	headline := fmt.Sprintf("Huyện ủy %s chỉ đạo %s", d, tp.subject)
	actor := "Ban Thường vụ Huyện ủy"
	addr := "các chi bộ, đảng bộ cơ sở"
	act1 := tp.actions[0]
	act2 := tp.actions[1]
	deadline := signed.AddDate(0, 1, 0)
	dl := fmt.Sprintf("%d/%d/%d", deadline.Day(), int(deadline.Month()), deadline.Year())
	byline := pick(r, []string{"Minh Khang", "Thanh Hà", "B.T.V", "Quốc Bảo"})
	unit := pick(r, []string{"", "-TTVH", "-BTG"})
	ampm := "SA"
	hour := pub.Hour()
	if hour >= 12 {
		ampm = "CH"
		if hour > 12 {
			hour -= 12
		}
	}
	dateLine := fmt.Sprintf("%02d/%02d/%d %02d:%02d %s", pub.Day(), int(pub.Month()), pub.Year(), hour, pub.Minute(), ampm)
	paras := []string{
		fmt.Sprintf("Ngày %d/%d/%d, Ban Thường vụ Huyện ủy %s ban hành Công văn số %s về %s.", signed.Day(), int(signed.Month()), signed.Year(), d, num, tp.subject),
		fmt.Sprintf("Theo đó, %s yêu cầu %s %s, %s.", actor, addr, act1, act2),
		fmt.Sprintf("Giao Ban Tổ chức Huyện ủy chủ trì, phối hợp với Văn phòng Huyện ủy theo dõi, đôn đốc việc thực hiện, báo cáo kết quả trước ngày %s.", dl),
	}
	var b strings.Builder
	w := func(s string, a ...any) { fmt.Fprintf(&b, s, a...) }
	w("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\n")
	w("<meta property=\"og:type\" content=\"article\"><meta property=\"og:title\" content=\"%s\">\n", html.EscapeString(headline))
	w("<title>%s - Cổng thông tin điện tử tỉnh %s</title></head><body>\n", html.EscapeString(headline), p)
	w("<a class=\"skip\" href=\"#main\">Skip to main content</a>\n")
	w("<nav class=\"menu\"><ul><li>Trang chủ</li><li>Tin tức</li><li>Văn bản</li><li>Liên hệ</li></ul></nav>\n")
	w("<div class=\"breadcrumb\">Trang chủ / Tin tức / Xây dựng Đảng</div>\n")
	w("<div class=\"tools\">Xem với cỡ chữ <a>A-</a> <a>A+</a></div>\n")
	w("<article id=\"main\"><h1>%s</h1>\n<div class=\"date\">%s</div>\n", html.EscapeString(headline), dateLine)
	for _, pa := range paras {
		w("<p>%s</p>\n", html.EscapeString(pa))
	}
	w("<p class=\"author\"><b>%s%s</b></p>\n</article>\n", byline, unit)
	w("<div class=\"print\">In trang</div><div class=\"views\">Lượt xem: %d</div>\n", 100+r.Intn(5000))
	w("<div class=\"related\"><h3>Các tin tức khác</h3><ul><li>Hội nghị sơ kết công tác tuyên giáo</li><li>Đại hội chi bộ điểm nhiệm kỳ mới</li></ul></div>\n")
	w("<footer><p>Thống kê truy cập</p><p>Đang online: %d</p><p>Bản quyền thuộc Cổng thông tin điện tử tỉnh %s</p></footer>\n</body></html>\n", 10+r.Intn(90), p)

	dlISO := iso(deadline)
	t1 := GoldTask{StartsWith: firstWords(paras[1], 8), Lead: []string{addr}, Support: []string{}}
	t2 := GoldTask{StartsWith: firstWords(paras[2], 8), Lead: []string{"Ban Tổ chức Huyện ủy"}, Support: []string{"Văn phòng Huyện ủy"}, Deadline: &dlISO}
	g := Gold{
		ID: id, SourceNote: "synthetic news page (internal/testgen/synth)", DocType: "tin_bai",
		IssuedDate: str(iso(pub)), Subject: str(headline),
		Recipients: []string{}, Distribution: []string{},
		Signer:     GoldSigner{Name: str(byline)},
		References: []string{num},
		Tasks:      []GoldTask{t1, t2},
		Notes:      "Composed by internal/testgen/synth: site chrome around the article; byline kept without its unit suffix.",
	}
	return b.String(), g
}
